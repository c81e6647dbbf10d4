// Reading the audit store back: filters (time range, tenant, action, category, limit) and one
// JSON line per matching event, oldest first. Used by `frontseat audit query`; the dashboard and
// the transparency report can use the same calls. Reads through its own read-only connection,
// so it runs beside a live gateway (WAL: readers never block the writer, and see a consistent
// snapshot as of the start of the query).
//
// What "has category C" means: the event's categories_json has a key equal to C, or a key that
// starts with "C." (a dotted subcategory, e.g. "harmful.S1" for --category harmful), whose value
// is a number greater than 0. A category present with score 0 (as a moderation-style "all
// categories with their scores" object would report it) does not count.
//
// One output line (keys always in this order; categories and findings are the stored JSON):
//   {"seq":12,"time":"2026-11-22T10:00:00.000000Z","time_us":1795341600000000,
//    "request_id":"…","tenant":"…","route":"/v1/guard","model":"…","action":"block",
//    "http_status":400,"categories":{"secret":1},"findings":[…],"redacted_input":"…",
//    "redacted_output":"…","guard_us":85,"upstream_us":0,"total_us":120,"prompt_tokens":0,
//    "completion_tokens":0,"prev_hash":"<64 hex>","hash":"<64 hex>"}
// Strings are escaped as JSON; bytes that are not valid UTF-8 print as U+FFFD (the stored bytes,
// which the hash covers, are untouched).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/store_ref.h"
#include "frontseat/status.h"

namespace frontseat::audit {

struct QueryFilter {
  std::optional<int64_t> since_us;  // time_us >= since_us
  std::optional<int64_t> until_us;  // time_us <  until_us
  std::optional<std::string> tenant;    // exact match ("" selects events without a tenant)
  std::optional<std::string> action;    // exact match
  std::optional<std::string> category;  // see "has category" above
  uint64_t limit = 0;                   // at most this many lines; 0: no limit
};

// The flags of `frontseat audit query` as typed (nullopt: flag not given).
struct QueryFlags {
  std::optional<std::string> since = {}, until = {}, tenant = {}, action = {}, category = {},
                             limit = {};
};

// Checks every flag and builds the filter. Errors name the flag and what it expects, e.g.
// `--since: expected an RFC 3339 time like 2026-11-22T10:00:00Z or Unix seconds; got "noon"
// (not a time)`. --action must be a known action, --category non-empty, --limit a whole number
// from 1 to 1e9, and --since earlier than --until.
Result<QueryFilter> ParseQueryFlags(const QueryFlags& flags);

// Calls `line` with one JSON line (no trailing newline) per matching event, oldest first.
// Errors: kNotFound (no store in `dir`), kInvalidArgument (not an audit store, or a stored row
// that cannot be read, named by seq), kIoError.
Status Query(const std::string& dir, const QueryFilter& filter,
             const std::function<void(std::string_view line)>& line);

// The same, collected (for tests and small result sets).
Result<std::vector<std::string>> QueryLines(const std::string& dir, const QueryFilter& filter);

// The same for any store; with PostgreSQL, one snapshot (REPEATABLE READ) read 1000 rows at a
// time. Errors add kNotFound when the database has no frontseat_audit_* tables.
Status Query(const StoreRef& store, const QueryFilter& filter,
             const std::function<void(std::string_view line)>& line);
Result<std::vector<std::string>> QueryLines(const StoreRef& store, const QueryFilter& filter);

}  // namespace frontseat::audit
