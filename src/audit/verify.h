// Checking the hash chain of an audit store (`frontseat audit verify`). Walks every event in seq
// order through its own read-only connection (safe beside a live gateway: it checks the snapshot
// as of its start) and reports the first broken link.
//
// What it catches: any edited field or hash (the recomputed hash differs), a deleted, inserted,
// duplicated or reordered row (a gap in seq, or a prev_hash that is not the previous row's
// hash), a row of the wrong shape. What a chain alone cannot catch: removal of the newest events
// (the shorter chain is still valid) or a rewrite of the whole chain from some point on. To
// catch those, record `last_seq` and `head_hash` from a report somewhere the gateway cannot write
// (a ticket, a log shipper, another machine) and compare later: a later chain must still contain
// that seq with that hash.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "audit/store_ref.h"
#include "frontseat/status.h"

namespace frontseat::audit {

enum class LinkError {
  kSeqGap,        // seq is not the previous seq + 1 (a row was deleted or inserted)
  kPrevMismatch,  // prev_hash is not the previous row's hash (rows reordered or replaced)
  kHashMismatch,  // hash is not SHA-256(prev_hash || canonical(row)) (a field or hash edited)
  kMalformed,     // a column of the wrong type, or a hash that is not 64 hex digits
};

// "seq gap", "prev_hash mismatch", "hash mismatch", "malformed row".
std::string_view LinkErrorName(LinkError error);

struct BrokenLink {
  uint64_t seq = 0;  // the first row that does not check out (for a gap: the seq found)
  LinkError error = LinkError::kHashMismatch;
  std::string detail;  // what was expected and what was found
};

struct VerifyReport {
  bool intact() const { return !broken.has_value(); }
  uint64_t events = 0;    // rows that checked out (all rows when intact)
  uint64_t last_seq = 0;  // seq of the last row that checked out; 0 if none
  // Of `events`, those read from the SQLite store's journal: acknowledged, not yet in audit.db
  // (the mover puts them there within milliseconds; after a crash, the next open does).
  uint64_t journal_events = 0;
  std::string head_hash;  // its hash, 64 hex digits; "" if none
  std::optional<BrokenLink> broken;
};

// Errors (as opposed to a broken chain): kNotFound when `dir` holds no store, kInvalidArgument
// when the file is not an audit store or has an unknown schema version, kIoError.
Result<VerifyReport> Verify(const std::string& dir);

// The same for any store. With PostgreSQL it reads one snapshot (REPEATABLE READ) and also
// checks the chain head row against the newest event, which catches deletion of the newest
// events unless the head was rewritten too.
Result<VerifyReport> Verify(const StoreRef& store);

}  // namespace frontseat::audit
