// Chain verification (see verify.h). Recomputes every hash from the row's columns with the same
// canonical form the writer used (canonical.h), so the check depends only on the stored bytes.
#include "audit/verify.h"

#include "audit/canonical.h"
#include "audit/postgres/pg_db.h"
#include "audit/sqlite/journal.h"
#include "audit/sqlite/sqlite_db.h"

namespace frontseat::audit {

std::string_view LinkErrorName(LinkError error) {
  switch (error) {
    case LinkError::kSeqGap: return "seq gap";
    case LinkError::kPrevMismatch: return "prev_hash mismatch";
    case LinkError::kHashMismatch: return "hash mismatch";
    case LinkError::kMalformed: return "malformed row";
  }
  return "unknown";
}

namespace {

// Checks rows one at a time, in seq order, against the chain (see verify.h).
class ChainWalker {
 public:
  // False once a broken link is found (report().broken is set then).
  bool Next(const StoredRow& row) {
    if (row.seq != static_cast<int64_t>(expected_)) {
      std::string detail =
          row.seq > static_cast<int64_t>(expected_)
              ? "expected seq " + std::to_string(expected_) + ", found seq " +
                    std::to_string(row.seq) + " (" +
                    std::to_string(row.seq - static_cast<int64_t>(expected_)) +
                    " event(s) missing)"
              : "expected seq " + std::to_string(expected_) + ", found seq " +
                    std::to_string(row.seq);
      return Break(static_cast<uint64_t>(row.seq), LinkError::kSeqGap, detail);
    }
    auto stored_prev = ParseHexHash(row.prev_hash);
    auto stored_hash = ParseHexHash(row.hash);
    if (!stored_prev || !stored_hash) {
      return Break(expected_, LinkError::kMalformed,
                   std::string(!stored_prev ? "prev_hash" : "hash") + " is not 64 hex digits");
    }
    if (*stored_prev != prev_) {
      return Break(expected_, LinkError::kPrevMismatch,
                   "prev_hash is " + row.prev_hash + " but " +
                       (expected_ == 1 ? std::string("the first event's must be all zeros (")
                                       : "the hash of seq " + std::to_string(expected_ - 1) +
                                             " is (") +
                       HexHash(prev_) + ")");
    }
    buf_.assign(reinterpret_cast<const char*>(prev_.data()), prev_.size());
    AppendCanonical(expected_, row.event, buf_);
    Hash computed = Sha256(buf_);
    if (computed != *stored_hash) {
      return Break(expected_, LinkError::kHashMismatch,
                   "stored hash " + row.hash + ", but the row's fields hash to " +
                       HexHash(computed) + " (the row was changed after it was written)");
    }
    prev_ = computed;
    report_.events++;
    report_.last_seq = expected_;
    report_.head_hash = row.hash;
    ++expected_;
    return true;
  }

  bool Break(uint64_t seq, LinkError error, std::string detail) {
    report_.broken = BrokenLink{seq, error, std::move(detail)};
    return false;
  }

  void CountJournaled() { ++report_.journal_events; }
  const VerifyReport& report() const { return report_; }

 private:
  VerifyReport report_;
  Hash prev_{};  // prev_hash of seq 1: 32 zero bytes
  uint64_t expected_ = 1;
  std::string buf_;
};

// audit.db's rows, then the journal's events audit.db does not have yet (see journal::ReadRows),
// as one chain.
Result<VerifyReport> VerifySqlite(const std::string& dir) {
  auto db = sqlite::OpenForRead(dir);
  if (!db.ok()) return db.status();
  auto journaled = journal::ReadRows(dir);  // before audit.db's snapshot
  if (!journaled.ok()) return journaled.status();
  auto stmt = db->Prepare(std::string("SELECT ") + sqlite::kRowColumns +
                              " FROM events ORDER BY seq",
                          "read events");
  if (!stmt.ok()) return stmt.status();
  sqlite3_stmt* s = stmt->get();
  ChainWalker walker;
  for (;;) {
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return db->Error("read events", rc);
    int64_t raw_seq = sqlite3_column_int64(s, 0);
    auto row = sqlite::ReadRow(s);
    if (!row.ok()) {
      walker.Break(static_cast<uint64_t>(raw_seq), LinkError::kMalformed, row.status().message());
      break;
    }
    if (!walker.Next(*row)) break;
  }
  if (!walker.report().intact()) return walker.report();
  uint64_t in_db = walker.report().last_seq;
  for (const StoredRow& row : *journaled) {
    if (row.seq > 0 && static_cast<uint64_t>(row.seq) <= in_db) continue;
    if (!walker.Next(row)) break;
    walker.CountJournaled();
  }
  return walker.report();
}

// Pages through the events by seq inside one REPEATABLE READ transaction (one snapshot, as of
// its start, beside live writers), then checks the chain head row against the last event: a
// head ahead of the events means the newest events were deleted.
Result<VerifyReport> VerifyPostgres(const StoreRef& store) {
  auto conn = pg::Conn::Open(store.postgres_conninfo, store.postgres_password);
  if (!conn.ok()) return conn.status();
  if (Status s = pg::CheckSchema(*conn); !s.ok()) return s;
  auto begun = conn->Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "begin a snapshot");
  if (!begun.ok()) return begun.status();
  ChainWalker walker;
  std::string after = "0";
  bool going = true;
  while (going) {
    auto page = conn->ExecParams(std::string("SELECT ") + pg::kRowColumns +
                                     " FROM frontseat_audit_events WHERE seq > $1::bigint "
                                     "ORDER BY seq LIMIT 1000",
                                 {{after}}, "read events", /*binary_result=*/true);
    if (!page.ok()) return page.status();
    auto rows = pg::ReadRows(page->get());
    if (!rows.ok()) return Status::Invalid("postgres " + conn->where() + ": " +
                                           rows.status().message());
    if (rows->empty()) break;
    for (const StoredRow& row : *rows) {
      if (!walker.Next(row)) {
        going = false;
        break;
      }
    }
    after = std::to_string(rows->back().seq);
  }
  if (walker.report().intact()) {
    auto head = pg::ReadHead(*conn, /*for_update=*/false);
    if (!head.ok()) return head.status();
    const VerifyReport& r = walker.report();
    if (head->seq != r.last_seq) {
      walker.Break(head->seq, LinkError::kSeqGap,
                   "the chain head (frontseat_audit_head) records seq " +
                       std::to_string(head->seq) + " but the last event is seq " +
                       std::to_string(r.last_seq) +
                       (head->seq > r.last_seq ? " (the newest events were deleted)"
                                               : " (events were added outside frontseat)"));
    } else if (r.last_seq > 0 && head->hash != r.head_hash) {
      walker.Break(head->seq, LinkError::kHashMismatch,
                   "the chain head (frontseat_audit_head) records hash " + head->hash +
                       " for seq " + std::to_string(head->seq) + ", but the event's hash is " +
                       r.head_hash);
    }
  }
  (void)conn->Exec("COMMIT", "end the snapshot");
  return walker.report();
}

}  // namespace

Result<VerifyReport> Verify(const StoreRef& store) {
  if (!store.postgres_conninfo.empty()) return VerifyPostgres(store);
  return VerifySqlite(store.data_dir);
}

Result<VerifyReport> Verify(const std::string& dir) { return VerifySqlite(dir); }

}  // namespace frontseat::audit
