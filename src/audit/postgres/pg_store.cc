// The PostgreSQL backend of AuditStore, for several gateways sharing one audit store (see
// ../README.md). The chain's tail lives in the database, in the one-row table
// frontseat_audit_head, and every batch is one transaction that locks that row first:
//
//   BEGIN; SELECT seq, hash FROM frontseat_audit_head WHERE id = 1 FOR UPDATE
//   WITH ins AS (INSERT INTO frontseat_audit_events ... VALUES (...), (...))
//     UPDATE frontseat_audit_head SET seq = $s, hash = $h WHERE id = 1
//   COMMIT
//
// Three round trips per batch. The row lock makes writers in other processes wait for the
// commit, so seq rises by one across all of them and each prev_hash is the previous event's
// hash whichever gateway wrote it. A failed batch is rolled back; a broken connection is reset
// before the next batch (the batch that saw it fails, and its requests get the error).
#include <deque>
#include <string>
#include <vector>

#include "audit/audit_store.h"
#include "audit/canonical.h"
#include "audit/postgres/pg_db.h"
#include "audit/store_backend.h"

namespace frontseat::audit {

namespace {

constexpr int kColumns = 19;

class PgBackend final : public StoreBackend {
 public:
  PgBackend(pg::Conn conn, uint64_t last_seq) : conn_(std::move(conn)), last_seq_(last_seq) {}

  std::vector<Result<uint64_t>> WriteBatch(std::vector<Pending>& batch) override {
    bool any_valid = false;
    for (const Pending& p : batch) any_valid |= p.invalid.ok();
    if (!any_valid) return FailedBatch(batch, Status::Ok());
    if (!conn_.ok() && !conn_.Reset()) {
      return FailedBatch(batch, Status::Io("postgres " + conn_.where() +
                                           ": the connection is down and a reconnect failed: " +
                                           PQerrorMessage(conn_.get())));
    }
    uint64_t first = 0;
    Status s = Write(batch, &first);
    if (!s.ok()) {
      AbortAfterThrow();
      return FailedBatch(batch, s);
    }
    return CommittedBatch(batch, first);
  }

  void AbortAfterThrow() override {
    if (conn_.ok() && PQtransactionStatus(conn_.get()) != PQTRANS_IDLE) {
      (void)conn_.Exec("ROLLBACK", "roll back a failed batch");
    }
  }

  uint64_t LastSeq() const override { return last_seq_; }

 private:
  Status Write(std::vector<Pending>& batch, uint64_t* first) {
    auto begun = conn_.Exec("BEGIN", "begin a transaction");
    if (!begun.ok()) return begun.status();
    auto head = pg::ReadHead(conn_, /*for_update=*/true);
    if (!head.ok()) return head.status();
    auto prev = ParseHexHash(head->hash);
    if (!prev) {
      return Status::Invalid("postgres " + conn_.where() +
                             ": frontseat_audit_head holds a malformed hash; run `frontseat "
                             "audit verify`");
    }
    uint64_t seq = head->seq;
    Hash hash = *prev;

    // The text form of each number and hash lives in `texts` (a deque: growing it moves no
    // element, so the string_views in `params` stay valid); bytea fields point into the events.
    std::deque<std::string> texts;
    std::vector<pg::Param> params;
    std::string sql =
        "WITH ins AS (INSERT INTO frontseat_audit_events (seq, time_us, request_id, tenant, "
        "route, model, action, http_status, categories_json, findings_json, redacted_input, "
        "redacted_output, guard_us, upstream_us, total_us, prompt_tokens, completion_tokens, "
        "prev_hash, hash) VALUES ";
    auto text = [&](std::string v) {
      texts.push_back(std::move(v));
      params.push_back({texts.back(), false});
    };
    auto bytes = [&](const std::string& v) { params.push_back({v, true}); };
    size_t row = 0;
    for (const Pending& p : batch) {
      if (!p.invalid.ok()) continue;
      const Event& e = p.event;
      Hash prev_hash = hash;
      hash_buf_.assign(reinterpret_cast<const char*>(prev_hash.data()), prev_hash.size());
      AppendCanonical(seq + 1, e, hash_buf_);
      hash = Sha256(hash_buf_);
      ++seq;
      text(std::to_string(seq));
      text(std::to_string(e.time_us));
      bytes(e.request_id);
      bytes(e.tenant);
      bytes(e.route);
      bytes(e.model);
      bytes(e.action);
      text(std::to_string(e.http_status));
      bytes(e.categories_json);
      bytes(e.findings_json);
      bytes(e.redacted_input);
      bytes(e.redacted_output);
      text(std::to_string(e.guard_us));
      text(std::to_string(e.upstream_us));
      text(std::to_string(e.total_us));
      text(std::to_string(e.prompt_tokens));
      text(std::to_string(e.completion_tokens));
      text(HexHash(prev_hash));
      text(HexHash(hash));
      sql += row == 0 ? "(" : ", (";
      for (int c = 0; c < kColumns; ++c) {
        size_t n = row * kColumns + static_cast<size_t>(c) + 1;
        sql += (c == 0 ? "$" : ", $") + std::to_string(n);
        // Parameter types: bigint, bytea or text by column (see pg_db.cc's schema).
        sql += c == 0 || c == 1 || c == 7 || (c >= 12 && c <= 16) ? "::bigint"
               : c >= 17                                          ? "::text"
                                                                  : "::bytea";
      }
      sql += ")";
      ++row;
    }
    size_t n = row * kColumns;
    sql += ") UPDATE frontseat_audit_head SET seq = $" + std::to_string(n + 1) +
           "::bigint, hash = $" + std::to_string(n + 2) + "::text WHERE id = 1";
    text(std::to_string(seq));
    text(HexHash(hash));
    auto written = conn_.ExecParams(sql, params, "insert a batch of events");
    if (!written.ok()) return written.status();
    auto committed = conn_.Exec("COMMIT", "commit a batch of events");
    if (!committed.ok()) return committed.status();
    *first = head->seq + 1;
    last_seq_ = seq;
    return Status::Ok();
  }

  pg::Conn conn_;
  uint64_t last_seq_ = 0;
  std::string hash_buf_;  // prev || canonical, reused across events
};

}  // namespace

Result<std::unique_ptr<AuditStore>> AuditStore::OpenPostgres(const std::string& conninfo,
                                                             const std::string& password,
                                                             StoreOptions options) {
  if (conninfo.empty()) return Status::Invalid("audit store: the PostgreSQL conninfo is empty");
  if (options.max_batch == 0) return Status::Invalid("audit store: max_batch must be at least 1");
  // 19 parameters per event, and PostgreSQL takes at most 65535 in one statement.
  if (options.max_batch > 3000) {
    return Status::Invalid("audit store: max_batch must be at most 3000 with PostgreSQL");
  }
  auto conn = pg::Conn::Open(conninfo, password);
  if (!conn.ok()) return conn.status();
  if (Status s = pg::EnsureSchema(*conn); !s.ok()) return s;
  auto head = pg::ReadHead(*conn, /*for_update=*/false);
  if (!head.ok()) return head.status();
  auto backend = std::make_unique<PgBackend>(std::move(conn).value(), head->seq);
  return Start(std::move(backend), options);
}

}  // namespace frontseat::audit
