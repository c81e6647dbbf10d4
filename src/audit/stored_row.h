// An event as a store holds it: its seq, the event, and the two hashes as stored (hex text).
// What every backend's reader hands to Verify and Query.
#pragma once

#include <cstdint>
#include <string>

#include "audit/audit_store.h"

namespace frontseat::audit {

struct StoredRow {
  int64_t seq = 0;
  Event event;
  std::string prev_hash, hash;  // as stored (64 hex digits when intact)
};

}  // namespace frontseat::audit
