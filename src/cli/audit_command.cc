// `frontseat audit ...` (see audit_command.h). Flags are taken as plain strings and checked by
// audit::ParseQueryFlags, so every bad value gets the same kind of message naming its flag.
#include "cli/audit_command.h"

#include "audit/audit_store.h"
#include "audit/verify.h"

namespace frontseat::cli {

namespace {

// How a store is named in the output: its data dir, or "postgres" (a conninfo may hold a
// password, so it is not printed).
std::string StoreName(const audit::StoreRef& store) {
  return store.postgres_conninfo.empty() ? store.data_dir : std::string("postgres");
}

}  // namespace

int RunAuditVerify(const audit::StoreRef& store, std::ostream& out, std::ostream& err) {
  const std::string data_dir = StoreName(store);
  auto report = audit::Verify(store);
  if (!report.ok()) {
    err << "frontseat audit verify: " << report.status().message() << "\n";
    return 2;
  }
  if (report->intact()) {
    out << data_dir << ": intact, " << report->events << " events";
    if (report->events > 0) {
      out << ", last seq " << report->last_seq << ", head hash " << report->head_hash;
    }
    if (report->journal_events > 0) {
      out << " (the last " << report->journal_events
          << " read from audit.journal: acknowledged, not yet in audit.db)";
    }
    out << "\n";
    return 0;
  }
  const audit::BrokenLink& b = *report->broken;
  out << data_dir << ": BROKEN at seq " << b.seq << ": " << audit::LinkErrorName(b.error) << ": "
      << b.detail << "\n";
  out << data_dir << ": " << report->events << " events verified before the break";
  if (report->events > 0) out << " (last good seq " << report->last_seq << ")";
  out << "\n";
  return 1;
}

int RunAuditQuery(const audit::StoreRef& store, const audit::QueryFlags& flags,
                  std::ostream& out, std::ostream& err) {
  auto filter = audit::ParseQueryFlags(flags);
  if (!filter.ok()) {
    err << "frontseat audit query: " << filter.status().message() << "\n";
    return 2;
  }
  Status s = audit::Query(store, *filter, [&](std::string_view line) { out << line << '\n'; });
  out.flush();
  if (!s.ok()) {
    err << "frontseat audit query: " << s.message() << "\n";
    return 2;
  }
  return 0;
}

std::unique_ptr<AuditCommand> AddAuditCommand(CLI::App& app) {
  auto cmd = std::make_unique<AuditCommand>();
  AuditCommand& c = *cmd;
  c.audit_ = app.add_subcommand("audit", "Check and query the audit store");
  c.audit_->require_subcommand(1);
  const std::string dir_help = "Audit data dir (holds audit.db)";
  const std::string pg_help =
      "Read the PostgreSQL audit store instead (libpq URI or key=value string, as in the "
      "gateway's audit.postgres_url; the password from PGPASSWORD or ~/.pgpass)";
  c.verify_ = c.audit_->add_subcommand(
      "verify", "Check the audit store's hash chain; exit 0 intact, 1 broken, 2 error");
  c.verify_dir_ = std::string(audit::kDefaultDataDir);
  c.verify_->add_option("--data-dir", c.verify_dir_, dir_help)->capture_default_str();
  c.verify_->add_option("--postgres", c.verify_pg_, pg_help);
  c.query_ = c.audit_->add_subcommand("query", "Print audit events as JSON lines, oldest first");
  c.query_dir_ = std::string(audit::kDefaultDataDir);
  c.query_->add_option("--data-dir", c.query_dir_, dir_help)->capture_default_str();
  c.query_->add_option("--postgres", c.query_pg_, pg_help);
  c.since_opt_ = c.query_->add_option(
      "--since", c.since_, "Events at or after T (RFC 3339 like 2026-11-22T10:00:00Z, or Unix s)");
  c.until_opt_ = c.query_->add_option("--until", c.until_, "Events before T (same forms)");
  c.tenant_opt_ = c.query_->add_option("--tenant", c.tenant_, "Only this tenant");
  c.action_opt_ = c.query_->add_option(
      "--action", c.action_, "Only this action: allow, flag, redact, block, error, review, defer");
  c.category_opt_ = c.query_->add_option(
      "--category", c.category_, "Only events with a score > 0 in this category (or C.sub)");
  c.limit_opt_ = c.query_->add_option("--limit", c.limit_, "At most N events");
  return cmd;
}

bool AuditCommand::Selected() const { return audit_ && audit_->parsed(); }

int AuditCommand::Run(std::ostream& out, std::ostream& err) const {
  if (verify_->parsed()) {
    return RunAuditVerify(audit::StoreRef{verify_dir_, verify_pg_, ""}, out, err);
  }
  audit::QueryFlags flags;
  auto take = [](CLI::Option* opt, const std::string& v) {
    return opt->count() > 0 ? std::optional<std::string>(v) : std::nullopt;
  };
  flags.since = take(since_opt_, since_);
  flags.until = take(until_opt_, until_);
  flags.tenant = take(tenant_opt_, tenant_);
  flags.action = take(action_opt_, action_);
  flags.category = take(category_opt_, category_);
  flags.limit = take(limit_opt_, limit_);
  return RunAuditQuery(audit::StoreRef{query_dir_, query_pg_, ""}, flags, out, err);
}

}  // namespace frontseat::cli
