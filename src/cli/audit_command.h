// `frontseat audit verify` and `frontseat audit query`: check the audit store's hash chain, and
// print its events as JSONL with filters (see src/audit/README.md).
//
//   frontseat audit verify [--data-dir DIR | --postgres CONNINFO]
//     exit 0: the chain is intact (stdout: event count, last seq and head hash);
//     exit 1: broken (stdout: the first broken link, its seq and what is wrong);
//     exit 2: error (no store in DIR, not an audit store, unreadable).
//   frontseat audit query [--data-dir DIR | --postgres CONNINFO] [--since T] [--until T]
//                         [--tenant X] [--action A] [--category C] [--limit N]
//     one JSON line per matching event, oldest first; exit 0, or 2 on a bad flag (the message
//     names it) or a store error. T is RFC 3339 (2026-11-22T10:00:00Z) or Unix seconds.
// DIR defaults to ./frontseat-data, the gateway's default. `--postgres CONNINFO` (either command)
// reads a PostgreSQL audit store instead (`audit: {store: postgres}` in the gateway's config).
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include <CLI/CLI.hpp>

#include "audit/query.h"

namespace frontseat::cli {

int RunAuditVerify(const audit::StoreRef& store, std::ostream& out, std::ostream& err);
int RunAuditQuery(const audit::StoreRef& store, const audit::QueryFlags& flags, std::ostream& out,
                  std::ostream& err);

// The `audit` subcommand tree, registered on `app` by AddAuditCommand; after app.parse(),
// main asks Selected() and, if so, returns Run()'s exit status.
class AuditCommand {
 public:
  bool Selected() const;
  int Run(std::ostream& out, std::ostream& err) const;

 private:
  friend std::unique_ptr<AuditCommand> AddAuditCommand(CLI::App& app);
  CLI::App* audit_ = nullptr;
  CLI::App* verify_ = nullptr;
  CLI::App* query_ = nullptr;
  std::string verify_dir_, query_dir_, verify_pg_, query_pg_;
  std::string since_, until_, tenant_, action_, category_, limit_;
  CLI::Option *since_opt_ = nullptr, *until_opt_ = nullptr, *tenant_opt_ = nullptr,
              *action_opt_ = nullptr, *category_opt_ = nullptr, *limit_opt_ = nullptr;
};

std::unique_ptr<AuditCommand> AddAuditCommand(CLI::App& app);

}  // namespace frontseat::cli
