// Chain verification (see verify.h). Recomputes every hash from the row's columns with the same
// canonical form the writer used (canonical.h), so the check depends only on the stored bytes.
#include "audit/verify.h"

#include "audit/canonical.h"
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

Result<VerifyReport> Verify(const std::string& dir) {
  auto db = sqlite::OpenForRead(dir);
  if (!db.ok()) return db.status();
  auto stmt = db->Prepare(std::string("SELECT ") + sqlite::kRowColumns +
                              " FROM events ORDER BY seq",
                          "read events");
  if (!stmt.ok()) return stmt.status();
  sqlite3_stmt* s = stmt->get();

  VerifyReport report;
  Hash prev{};  // prev_hash of seq 1: 32 zero bytes
  uint64_t expected = 1;
  std::string buf;
  auto broken = [&](uint64_t seq, LinkError error, std::string detail) {
    report.broken = BrokenLink{seq, error, std::move(detail)};
    return report;
  };
  for (;;) {
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return db->Error("read events", rc);
    int64_t raw_seq = sqlite3_column_int64(s, 0);
    auto row = sqlite::ReadRow(s);
    if (!row.ok()) return broken(static_cast<uint64_t>(raw_seq), LinkError::kMalformed,
                                 row.status().message());
    if (row->seq != static_cast<int64_t>(expected)) {
      std::string detail =
          row->seq > static_cast<int64_t>(expected)
              ? "expected seq " + std::to_string(expected) + ", found seq " +
                    std::to_string(row->seq) + " (" +
                    std::to_string(row->seq - static_cast<int64_t>(expected)) +
                    " event(s) missing)"
              : "expected seq " + std::to_string(expected) + ", found seq " +
                    std::to_string(row->seq);
      return broken(static_cast<uint64_t>(row->seq), LinkError::kSeqGap, detail);
    }
    auto stored_prev = ParseHexHash(row->prev_hash);
    auto stored_hash = ParseHexHash(row->hash);
    if (!stored_prev || !stored_hash) {
      return broken(expected, LinkError::kMalformed,
                    std::string(!stored_prev ? "prev_hash" : "hash") + " is not 64 hex digits");
    }
    if (*stored_prev != prev) {
      return broken(expected, LinkError::kPrevMismatch,
                    "prev_hash is " + row->prev_hash + " but " +
                        (expected == 1 ? std::string("the first event's must be all zeros (")
                                       : "the hash of seq " + std::to_string(expected - 1) +
                                             " is (") +
                        HexHash(prev) + ")");
    }
    buf.assign(reinterpret_cast<const char*>(prev.data()), prev.size());
    AppendCanonical(expected, row->event, buf);
    Hash computed = Sha256(buf);
    if (computed != *stored_hash) {
      return broken(expected, LinkError::kHashMismatch,
                    "stored hash " + row->hash + ", but the row's fields hash to " +
                        HexHash(computed) + " (the row was changed after it was written)");
    }
    prev = computed;
    report.events++;
    report.last_seq = expected;
    report.head_hash = row->hash;
    ++expected;
  }
  return report;
}

}  // namespace frontseat::audit
