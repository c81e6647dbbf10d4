// Prometheus text rendering of the gateway's metrics (see metrics.h).
#include "gateway/metrics.h"

#include <cstdio>
#include <vector>

namespace frontseat::gateway {

std::string_view DirectionName(Direction d) {
  switch (d) {
    case Direction::kInput: return "input";
    case Direction::kOutput: return "output";
    case Direction::kTool: return "tool";
  }
  return "input";
}

namespace {
std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}
}  // namespace

void Histogram::Observe(double seconds) {
  size_t i = 0;
  while (i < kBounds.size() && seconds > kBounds[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_ns_.fetch_add(static_cast<uint64_t>(seconds * 1e9), std::memory_order_relaxed);
}

void Histogram::Render(std::string& out, std::string_view name, std::string_view help) const {
  std::string n(name);
  out += "# HELP " + n + " " + std::string(help) + "\n# TYPE " + n + " histogram\n";
  uint64_t cumulative = 0;
  for (size_t i = 0; i < kBounds.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    out += n + "_bucket{le=\"" + Num(kBounds[i]) + "\"} " + std::to_string(cumulative) + "\n";
  }
  cumulative += buckets_[kBounds.size()].load(std::memory_order_relaxed);
  out += n + "_bucket{le=\"+Inf\"} " + std::to_string(cumulative) + "\n";
  out += n + "_sum " + Num(static_cast<double>(sum_ns_.load(std::memory_order_relaxed)) / 1e9) +
         "\n";
  out += n + "_count " + std::to_string(count_.load(std::memory_order_relaxed)) + "\n";
}

void Metrics::CountRequest(std::string_view route, int http_status) {
  std::lock_guard lock(mu_);
  ++requests_[{std::string(route), http_status}];
}

void Metrics::CountDecision(Direction direction, const Decision& decision) {
  auto dir = static_cast<size_t>(direction);
  actions_[dir][static_cast<size_t>(decision.action)].fetch_add(1, std::memory_order_relaxed);
  // One count per category present in the decision, with the decision's action.
  std::array<bool, kCategoryCount> seen{};
  for (const Finding& f : decision.findings) seen[static_cast<size_t>(f.category)] = true;
  for (int c = 0; c < kCategoryCount; ++c) {
    if (seen[static_cast<size_t>(c)]) {
      decisions_[dir][static_cast<size_t>(c)][static_cast<size_t>(decision.action)].fetch_add(
          1, std::memory_order_relaxed);
    }
  }
}

namespace {

// The audit store's counters (AuditStore::Stats). The journal's and the checkpoints' stay 0 with
// the PostgreSQL store, which has neither.
void RenderAuditStats(const audit::StoreStats& st, std::string& out) {
  struct Series {
    const char* labels;  // "" or {key="value"}
    uint64_t value;
  };
  struct Family {
    const char* name;
    const char* type;
    const char* help;
    std::vector<Series> series;
  };
  const Family families[] = {
      {"frontseat_audit_events_total", "counter",
       "Audit events the store acknowledged (committed) or failed, by result.",
       {{"{result=\"committed\"}", st.events_committed},
        {"{result=\"failed\"}", st.events_failed}}},
      {"frontseat_audit_move_backlog", "gauge",
       "SQLite: acknowledged audit events in audit.journal not yet moved into audit.db.",
       {{"", st.move_backlog}}},
      {"frontseat_audit_moved_events_total", "counter",
       "SQLite: journaled audit events the mover inserted into audit.db.",
       {{"", st.events_moved}}},
      {"frontseat_audit_move_transactions_total", "counter",
       "SQLite: the mover's committed transactions (moved events over this: events per "
       "transaction).",
       {{"", st.move_transactions}}},
      {"frontseat_audit_move_errors_total", "counter",
       "SQLite: transactions moving journaled events into audit.db that failed (retried).",
       {{"", st.move_errors}}},
      {"frontseat_audit_journal_resets_total", "counter",
       "SQLite: times audit.journal started again from its beginning.",
       {{"", st.journal_resets}}},
      {"frontseat_audit_checkpoints_total", "counter",
       "SQLite: WAL checkpoint passes, by who ran them.",
       {{"{kind=\"background\"}", st.background_checkpoints},
        {"{kind=\"inline\"}", st.inline_checkpoints},
        {"{kind=\"catch_up\"}", st.catch_up_checkpoints}}},
  };
  for (const Family& f : families) {
    out += std::string("# HELP ") + f.name + " " + f.help + "\n# TYPE " + f.name + " " + f.type +
           "\n";
    for (const Series& s : f.series) {
      out += std::string(f.name) + s.labels + " " + std::to_string(s.value) + "\n";
    }
  }
}
}  // namespace

std::string Metrics::Render(const std::function<uint64_t()>& audit_queue_depth,
                            uint64_t rate_limit_store_errors,
                            const audit::StoreStats* audit_stats) const {
  std::string out;
  out += "# HELP frontseat_requests_total Requests answered, by route and HTTP status.\n"
         "# TYPE frontseat_requests_total counter\n";
  {
    std::lock_guard lock(mu_);
    for (const auto& [k, v] : requests_) {
      out += "frontseat_requests_total{route=\"" + k.first + "\",code=\"" +
             std::to_string(k.second) + "\"} " + std::to_string(v) + "\n";
    }
  }
  out += "# HELP frontseat_actions_total Guard decisions by direction and action.\n"
         "# TYPE frontseat_actions_total counter\n";
  for (int d = 0; d < kDirectionCount; ++d) {
    for (int a = 0; a < 4; ++a) {
      out += "frontseat_actions_total{direction=\"" +
             std::string(DirectionName(static_cast<Direction>(d))) + "\",action=\"" +
             std::string(ActionName(static_cast<Action>(a))) + "\"} " +
             std::to_string(actions_[static_cast<size_t>(d)][static_cast<size_t>(a)].load()) +
             "\n";
    }
  }
  out += "# HELP frontseat_decisions_total Guard decisions with a finding of the category, by "
         "direction, category and the decision's action.\n"
         "# TYPE frontseat_decisions_total counter\n";
  for (int d = 0; d < kDirectionCount; ++d) {
    for (int c = 0; c < kCategoryCount; ++c) {
      for (int a = 0; a < 4; ++a) {
        uint64_t v = decisions_[static_cast<size_t>(d)][static_cast<size_t>(c)]
                               [static_cast<size_t>(a)].load();
        if (v == 0) continue;
        out += "frontseat_decisions_total{direction=\"" +
               std::string(DirectionName(static_cast<Direction>(d))) + "\",category=\"" +
               std::string(CategoryName(static_cast<Category>(c))) + "\",action=\"" +
               std::string(ActionName(static_cast<Action>(a))) + "\"} " + std::to_string(v) +
               "\n";
      }
    }
  }
  guard_.Render(out, "frontseat_guard_seconds", "Time spent guarding one request (all texts).");
  upstream_.Render(out, "frontseat_upstream_seconds",
                   "Time from sending a request upstream to its last byte.");
  request_.Render(out, "frontseat_request_seconds", "Time from request to response end.");
  audit_.Render(out, "frontseat_audit_commit_seconds",
                "Time from handing an event to the audit store to its commit callback.");
  out += "# HELP frontseat_audit_queue_depth Audit events waiting to be committed.\n"
         "# TYPE frontseat_audit_queue_depth gauge\n"
         "frontseat_audit_queue_depth " + std::to_string(audit_queue_depth()) + "\n";
  if (audit_stats) RenderAuditStats(*audit_stats, out);
  out += "# HELP frontseat_rate_limit_store_errors_total Times the shared rate-limit store "
         "(Redis) could not be asked.\n"
         "# TYPE frontseat_rate_limit_store_errors_total counter\n"
         "frontseat_rate_limit_store_errors_total " + std::to_string(rate_limit_store_errors) +
         "\n";
  if (tls_handshake_failures_) {
    out += "# HELP frontseat_tls_handshake_failures_total Connections closed because their TLS "
           "handshake failed.\n"
           "# TYPE frontseat_tls_handshake_failures_total counter\n"
           "frontseat_tls_handshake_failures_total " +
           std::to_string(tls_handshake_failures_()) + "\n";
  }
  out += "# HELP frontseat_inflight_requests Requests being handled.\n"
         "# TYPE frontseat_inflight_requests gauge\n"
         "frontseat_inflight_requests " + std::to_string(inflight_.load()) + "\n";
  return out;
}

}  // namespace frontseat::gateway
