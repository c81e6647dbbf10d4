// What a storage backend gives AuditStore's writer (audit_store.cc): the writer owns the queue,
// the writer role, group commit and the callbacks; a backend writes one batch in one
// transaction, extending the hash chain. Internal to src/audit (the SQLite backend is in
// sqlite/sqlite_store.cc, the PostgreSQL one in postgres/pg_store.cc).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "audit/audit_store.h"

namespace frontseat::audit {

struct Pending {
  Event event;
  std::function<void(Result<uint64_t>)> done;
  Status invalid;  // set by Append when the event fails ValidateEvent; never written
};

class StoreBackend {
 public:
  virtual ~StoreBackend() = default;

  // Called once, before the first batch (starts background threads).
  virtual void Start() {}

  // Writes the valid events of `batch` (those with `invalid` ok) in one transaction that
  // continues the chain; returns one result per event, in order: the event's seq, its
  // `invalid` status, or the transaction's error (then nothing of the batch was stored).
  // Called only by the holder of the writer role. Must not throw except std::bad_alloc, after
  // which the backend is left with no transaction open.
  virtual std::vector<Result<uint64_t>> WriteBatch(std::vector<Pending>& batch) = 0;

  // Undoes an open transaction after WriteBatch threw (allocation failure).
  virtual void AbortAfterThrow() {}

  // Waits until what WriteBatch has acknowledged so far is visible to readers (Verify, Query).
  // SQLite acknowledges a batch once it is in the journal and moves it into audit.db on its own
  // thread; PostgreSQL has nothing to wait for.
  virtual void WaitStored() {}

  // The newest seq this backend knows it committed (for StoreStats::last_seq); 0: none.
  virtual uint64_t LastSeq() const = 0;

  // Stops background threads; called after the writer has drained and stopped.
  virtual void Stop() {}

  // Adds the backend's own counters (checkpoints) to `stats`. Thread-safe.
  virtual void AddStats(StoreStats& stats) const { (void)stats; }
};

// Results for a batch none of whose events was written because of `failure` (or that were
// invalid): each event's own `invalid` status if it has one, else `failure`.
std::vector<Result<uint64_t>> FailedBatch(const std::vector<Pending>& batch, const Status& failure);

// Results for a committed batch: invalid events get their status, the others seq first_seq,
// first_seq + 1, ... in order.
std::vector<Result<uint64_t>> CommittedBatch(const std::vector<Pending>& batch, uint64_t first_seq);

}  // namespace frontseat::audit
