// The PostgreSQL backend of AuditStore, for several gateways sharing one audit store (see
// ../README.md). The chain's tail lives in the database, in the one-row table
// frontseat_audit_head. A batch is written one of two ways:
//
// - Optimistic, when this store wrote the newest event itself (the usual case; also right after
//   open): one statement in autocommit, one round trip,
//     WITH moved AS (UPDATE frontseat_audit_head SET seq = $new, hash = $new_hash
//                    WHERE id = 1 AND seq = $old AND hash = $old_hash RETURNING 1)
//     INSERT INTO frontseat_audit_events ... SELECT * FROM (VALUES (...), ...) AS v
//       WHERE EXISTS (SELECT 1 FROM moved)
//   If another store moved the head meanwhile (its UPDATE waited for that store's commit, then
//   found seq changed), nothing is written and the batch goes the locked way.
// - Locked: BEGIN; SELECT seq, hash FROM frontseat_audit_head WHERE id = 1 FOR UPDATE; one
//   statement inserting the rows and moving the head; COMMIT (three round trips).
//
// Either way the head row is the lock, so seq rises by one across all writers and each
// prev_hash is the previous event's hash, whichever gateway wrote it. A failed batch is rolled
// back; a broken connection is reset before the next batch (the batch that saw it fails, and
// its requests get the error).
#include <atomic>
#include <deque>
#include <optional>
#include <string_view>
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
  PgBackend(pg::Conn conn, uint64_t seq, const Hash& hash)
      : conn_(std::move(conn)), last_seq_(seq), tail_(Tail{seq, hash}) {}

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

  void AddStats(StoreStats& stats) const override { stats.head_moved_batches = head_misses_; }

 private:
  // The chain's tail as this store last saw it (after its own commit, or read at open).
  struct Tail {
    uint64_t seq = 0;
    Hash hash{};
  };

  // One statement that inserts the batch's valid events, chained from `from`, and moves the
  // head to the last of them. With `optimistic`, the head moves only if it still is `from`,
  // and the rows are inserted only if it moved (a data-modifying CTE: the INSERT reads the
  // UPDATE's RETURNING), so in autocommit it is one atomic round trip that writes nothing when
  // another store has written since. Otherwise the caller holds the head row's lock.
  struct Statement {
    std::string sql;
    std::deque<std::string> texts;  // a deque: growing it moves no element, so the
    std::vector<pg::Param> params;  // string_views in `params` stay valid
    Tail to;
    size_t rows = 0;
  };

  void Build(const std::vector<Pending>& batch, const Tail& from, bool optimistic, Statement& st) {
    auto text = [&](std::string v) {
      st.texts.push_back(std::move(v));
      st.params.push_back({st.texts.back(), false});
    };
    auto bytes = [&](const std::string& v) { st.params.push_back({v, true}); };
    std::string values;
    uint64_t seq = from.seq;
    Hash hash = from.hash;
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
      values += st.rows == 0 ? "(" : ", (";
      for (int c = 0; c < kColumns; ++c) {
        size_t n = st.rows * kColumns + static_cast<size_t>(c) + 1;
        values += c == 0 ? "$" : ", $";
        values += std::to_string(n);
        // Parameter types: bigint, bytea or text by column (see pg_db.cc's schema).
        values += c == 0 || c == 1 || c == 7 || (c >= 12 && c <= 16) ? "::bigint"
                  : c >= 17                                          ? "::text"
                                                                     : "::bytea";
      }
      values += ")";
      ++st.rows;
    }
    st.to = {seq, hash};
    auto param = [&](std::string v) {
      text(std::move(v));
      std::string placeholder = "$";  // appended, not `"$" + ...`: GCC 12 -Wrestrict misfires
      placeholder += std::to_string(st.params.size());
      return placeholder;
    };
    const std::string new_seq = param(std::to_string(seq)) + "::bigint";
    const std::string new_hash = param(HexHash(hash)) + "::text";
    const std::string columns =
        "INSERT INTO frontseat_audit_events (seq, time_us, request_id, tenant, route, model, "
        "action, http_status, categories_json, findings_json, redacted_input, redacted_output, "
        "guard_us, upstream_us, total_us, prompt_tokens, completion_tokens, prev_hash, hash) ";
    if (optimistic) {
      const std::string old_seq = param(std::to_string(from.seq)) + "::bigint";
      const std::string old_hash = param(HexHash(from.hash)) + "::text";
      st.sql = "WITH moved AS (UPDATE frontseat_audit_head SET seq = " + new_seq +
               ", hash = " + new_hash + " WHERE id = 1 AND seq = " + old_seq +
               " AND hash = " + old_hash + " RETURNING 1) " + columns + "SELECT * FROM (VALUES " +
               values + ") AS v WHERE EXISTS (SELECT 1 FROM moved)";
    } else {
      st.sql = "WITH ins AS (" + columns + "VALUES " + values +
               ") UPDATE frontseat_audit_head SET seq = " + new_seq + ", hash = " + new_hash +
               " WHERE id = 1";
    }
  }

  Status Write(std::vector<Pending>& batch, uint64_t* first) {
    // Usually this store wrote the newest event itself: then one round trip, in autocommit.
    if (tail_) {
      Statement st;
      Build(batch, *tail_, /*optimistic=*/true, st);
      auto r = conn_.ExecParams(st.sql, st.params, "insert a batch of events");
      if (!r.ok()) {
        tail_.reset();
        return r.status();
      }
      if (std::string_view(PQcmdTuples(r->get())) == std::to_string(st.rows)) {
        *first = tail_->seq + 1;
        tail_ = st.to;
        last_seq_ = st.to.seq;
        return Status::Ok();
      }
      // Another store moved the head since: nothing was written; take the lock and read it.
      ++head_misses_;
    }
    tail_.reset();
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
    Statement st;
    Build(batch, Tail{head->seq, *prev}, /*optimistic=*/false, st);
    auto written = conn_.ExecParams(st.sql, st.params, "insert a batch of events");
    if (!written.ok()) return written.status();
    auto committed = conn_.Exec("COMMIT", "commit a batch of events");
    if (!committed.ok()) return committed.status();
    *first = head->seq + 1;
    tail_ = st.to;
    last_seq_ = st.to.seq;
    return Status::Ok();
  }

  pg::Conn conn_;
  uint64_t last_seq_ = 0;
  std::optional<Tail> tail_;              // unknown after a failure: the next batch reads the head
  std::atomic<uint64_t> head_misses_{0};  // optimistic batches that found the head moved
  std::string hash_buf_;                  // prev || canonical, reused across events
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
  auto hash = ParseHexHash(head->hash);
  if (!hash) {
    return Status::Invalid(
        "postgres: frontseat_audit_head holds a malformed hash; run "
        "`frontseat audit verify`");
  }
  auto backend = std::make_unique<PgBackend>(std::move(conn).value(), head->seq, *hash);
  return Start(std::move(backend), options);
}

}  // namespace frontseat::audit
