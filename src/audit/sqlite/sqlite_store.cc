// The SQLite backend of AuditStore: the writer role journals each batch (journal.h) and
// acknowledges it; a mover thread inserts the journaled events into audit.db on its one writing
// connection (WAL, background checkpoints). See ../README.md for the thread model and crash
// guarantees. The chain's tail (last seq and hash) is read from the last row at open, continued
// through the journal's records that audit.db lacks, and kept in memory: the lock on
// DIR/audit.lock makes this the only writer of both files.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include "audit/audit_store.h"
#include "audit/canonical.h"
#include "audit/sqlite/journal.h"
#include "audit/sqlite/sqlite_db.h"
#include "audit/store_backend.h"

namespace frontseat::audit {

namespace {

constexpr const char* kInsertSql =
    "INSERT INTO events (seq, time_us, request_id, tenant, route, model, action, http_status, "
    "categories_json, findings_json, redacted_input, redacted_output, guard_us, upstream_us, "
    "total_us, prompt_tokens, completion_tokens, prev_hash, hash) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)";

constexpr size_t kMaxEventBytesLimit = size_t{1} << 30;

class SqliteBackend final : public StoreBackend {
 public:
  StoreOptions options;
  std::string dir;
  int lock_fd = -1;
  sqlite::Db db;
  sqlite::Stmt begin, commit, rollback, insert;

  // Writer-role state: the chain's tail (last journaled seq and hash) and the record buffer.
  uint64_t last_seq = 0;
  Hash last_hash{};
  std::string journal_buf;

  // The journal and the mover. journal_mu guards everything below it; the writer role holds it
  // across its pwrite, the mover only to take records and to record its progress.
  int journal_fd = -1;
  std::string journal_path;
  mutable std::mutex journal_mu;
  std::condition_variable move_cv;   // the mover waits here for records or stop
  std::condition_variable moved_cv;  // WaitStored waits here for the mover's progress
  uint64_t journal_off = 0;          // where the next batch's records go
  std::deque<journal::Record> to_move;
  // When to_move last became non-empty: the mover starts a transaction once move_min_batch
  // events wait or the oldest has waited move_max_delay (StoreOptions), or a Flush waits.
  std::chrono::steady_clock::time_point oldest_waiting;
  size_t flush_waiters = 0;  // WaitStored calls in progress: the mover does not wait for more
  uint64_t journaled_seq = 0;  // newest seq in the journal (acknowledged)
  uint64_t moved_seq = 0;      // newest seq committed to audit.db
  uint64_t events_moved = 0, events_replayed = 0, move_errors = 0, journal_resets = 0;
  uint64_t move_transactions = 0;
  std::string last_move_error;  // the mover's last failure, for the backlog error
  bool mover_stop = false;
  bool mover_done = false;  // the mover has exited (drained, or gave up on a failing audit.db)
  std::thread mover;
  // The writing connection `db`: held by the mover for a transaction and by a catch-up
  // checkpoint pass, which must start no transaction meanwhile (see CheckpointLoop).
  std::mutex db_mu;

  // Background checkpoints (see StoreOptions::checkpoint_pages). The checkpointer has its own
  // connection; run_mu is held while any checkpoint runs, so the writer's inline fallback waits
  // for a running background one and then checkpoints everything itself.
  sqlite::Db checkpoint_db;
  std::thread checkpointer;
  mutable std::mutex checkpoint_mu;
  std::condition_variable checkpoint_cv;
  bool checkpoint_wanted = false;
  bool checkpoint_running = false;
  bool checkpoint_stop = false;
  size_t last_pass_frames = 0;  // the WAL's size in frames when the last pass ran
  std::mutex run_mu;
  // Checkpoint counters (StoreStats), under checkpoint_mu.
  uint64_t background_checkpoints = 0, inline_checkpoints = 0, catch_up_checkpoints = 0;

  ~SqliteBackend() override {
    Stop();
    if (journal_fd >= 0) ::close(journal_fd);
    checkpoint_db = {};
    insert = {};
    begin = {};
    commit = {};
    rollback = {};
    db = {};  // closes the connection before the lock is released
    if (lock_fd >= 0) ::close(lock_fd);
  }

  Status Step(sqlite::Stmt& stmt, std::string_view what) {
    int rc = sqlite3_step(stmt.get());
    sqlite3_reset(stmt.get());
    return rc == SQLITE_DONE ? Status::Ok() : db.Error(what, rc);
  }

  Status Insert(uint64_t seq, const Event& e, const Hash& prev, const Hash& hash) {
    sqlite3_stmt* s = insert.get();
    std::string prev_hex = HexHash(prev), hash_hex = HexHash(hash);
    auto text = [&](int i, const std::string& v) {
      sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    };
    sqlite3_bind_int64(s, 1, static_cast<sqlite3_int64>(seq));
    sqlite3_bind_int64(s, 2, e.time_us);
    text(3, e.request_id);
    text(4, e.tenant);
    text(5, e.route);
    text(6, e.model);
    text(7, e.action);
    sqlite3_bind_int64(s, 8, e.http_status);
    text(9, e.categories_json);
    text(10, e.findings_json);
    text(11, e.redacted_input);
    text(12, e.redacted_output);
    sqlite3_bind_int64(s, 13, e.guard_us);
    sqlite3_bind_int64(s, 14, e.upstream_us);
    sqlite3_bind_int64(s, 15, e.total_us);
    sqlite3_bind_int64(s, 16, e.prompt_tokens);
    sqlite3_bind_int64(s, 17, e.completion_tokens);
    text(18, prev_hex);
    text(19, hash_hex);
    Status st = Step(insert, "insert an event");
    sqlite3_clear_bindings(s);
    return st;
  }

  // Journals the batch and acknowledges it; the mover inserts it into audit.db later.
  std::vector<Result<uint64_t>> WriteBatch(std::vector<Pending>& batch) override {
    bool any_valid = false;
    for (const Pending& p : batch) any_valid |= p.invalid.ok();
    if (!any_valid) return FailedBatch(batch, Status::Ok());
    uint64_t seq = last_seq;
    Hash hash = last_hash;
    journal_buf.clear();
    std::vector<journal::Record> records;
    records.reserve(batch.size());
    for (Pending& p : batch) {
      if (!p.invalid.ok()) continue;
      Hash prev = hash;
      hash = journal::AppendRecord(seq + 1, prev, p.event, journal_buf);
      ++seq;
      // The event is not needed after this (the writer only runs the callbacks).
      records.push_back(journal::Record{seq, std::move(p.event), prev, hash});
    }
    bool wake = false;
    {
      std::lock_guard lock(journal_mu);
      // Every waiting event is held in memory for the mover too: past the limit, refuse more
      // (the gateway answers with an error) rather than grow without bound.
      uint64_t backlog = journaled_seq - moved_seq;
      if (backlog + records.size() > options.max_move_backlog) {
        return FailedBatch(
            batch, Status::Io(dir + ": " + std::to_string(backlog) +
                              " acknowledged events are still waiting to go into audit.db "
                              "(max_move_backlog " + std::to_string(options.max_move_backlog) +
                              "; the last failure: " +
                              (last_move_error.empty() ? "none" : last_move_error) +
                              "); no more are accepted until it takes them"));
      }
      if (Status s = WriteJournal(journal_buf, journal_off); !s.ok()) {
        return FailedBatch(batch, s);
      }
      journal_off += journal_buf.size();
      journaled_seq = seq;
      size_t before = to_move.size();
      if (before == 0) oldest_waiting = std::chrono::steady_clock::now();
      for (journal::Record& r : records) to_move.push_back(std::move(r));
      // Wake the mover when it has something to time (the first waiting event) or enough for a
      // transaction, not for every batch in between.
      wake = before == 0 || (before < options.move_min_batch &&
                             to_move.size() >= options.move_min_batch);
    }
    if (wake) move_cv.notify_one();
    uint64_t first = last_seq + 1;
    last_seq = seq;
    last_hash = hash;
    return CommittedBatch(batch, first);
  }

  // Writes `bytes` at `offset` (and fdatasyncs with kPowerLoss). Under journal_mu.
  Status WriteJournal(std::string_view bytes, uint64_t offset) {
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::pwrite(journal_fd, bytes.data() + done, bytes.size() - done,
                           static_cast<off_t>(offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        return Status::Io(journal_path + ": cannot write the journal: " +
                          (n < 0 ? std::strerror(errno) : "no progress"));
      }
      done += static_cast<size_t>(n);
    }
    if (options.durability == Durability::kPowerLoss && ::fdatasync(journal_fd) != 0) {
      return Status::Io(journal_path + ": cannot sync the journal: " + std::strerror(errno));
    }
    return Status::Ok();
  }

  // Starts the journal again from offset 0, once everything in it is in audit.db. The first
  // header is zeroed so that readers and the next open find an empty journal at once (if that
  // write fails, they find the old records, all in audit.db, and skip them). Under journal_mu.
  void ResetJournal() {
    static constexpr char kZeros[journal::kHeaderBytes] = {};
    if (::pwrite(journal_fd, kZeros, sizeof kZeros, 0) < 0) {
      // Harmless, see above.
    }
    journal_off = 0;
    ++journal_resets;
  }

  // One transaction inserting `records` (which continue audit.db's chain). On the mover, or at
  // open before any thread starts.
  Status InsertRecords(const std::vector<journal::Record>& records) {
    Status failure = Step(begin, "begin a transaction");
    for (size_t i = 0; failure.ok() && i < records.size(); ++i) {
      const journal::Record& r = records[i];
      failure = Insert(r.seq, r.event, r.prev, r.hash);
    }
    if (failure.ok()) failure = Step(commit, "commit a batch of events");
    if (!failure.ok() && !sqlite3_get_autocommit(db.get())) {
      (void)Step(rollback, "roll back a failed batch");
    }
    return failure;
  }

  // The mover: inserts journaled records into audit.db, as many per transaction as are waiting
  // (up to max_batch, which bounds a transaction's WAL frames as it did the writer's), in seq
  // order, once move_min_batch wait or the oldest has waited move_max_delay (at once for a
  // Flush or the stop). A failed transaction is retried with a growing pause (the records are
  // safe in the journal meanwhile); at stop, a failing audit.db is given up on and the rest
  // stays in the journal for the next open.
  void MoveLoop() {
    std::vector<journal::Record> records;
    std::chrono::milliseconds pause{0};
    for (;;) {
      {
        std::unique_lock lock(journal_mu);
        if (pause.count() > 0) move_cv.wait_for(lock, pause, [&] { return mover_stop; });
        move_cv.wait(lock, [&] { return mover_stop || !to_move.empty() || !records.empty(); });
        if (records.empty() && !mover_stop && flush_waiters == 0 &&
            to_move.size() < options.move_min_batch) {
          move_cv.wait_until(lock, oldest_waiting + options.move_max_delay, [&] {
            return mover_stop || flush_waiters > 0 || to_move.size() >= options.move_min_batch;
          });
        }
        if ((records.empty() && to_move.empty()) || (mover_stop && pause.count() > 0)) {
          mover_done = true;
          break;
        }
        while (records.size() < options.max_batch && !to_move.empty()) {
          records.push_back(std::move(to_move.front()));
          to_move.pop_front();
        }
      }
      Status s;
      {
        std::lock_guard db_lock(db_mu);
        s = InsertRecords(records);
      }
      {
        std::lock_guard lock(journal_mu);
        if (!s.ok()) {
          ++move_errors;
          last_move_error = s.message();
          pause = std::clamp(pause * 2, std::chrono::milliseconds(10),
                             std::chrono::milliseconds(1000));
        } else {
          pause = std::chrono::milliseconds(0);
          moved_seq = records.back().seq;
          events_moved += records.size();
          ++move_transactions;
          records.clear();
          if (to_move.empty() && journal_off >= options.journal_bytes) ResetJournal();
        }
      }
      moved_cv.notify_all();
    }
    moved_cv.notify_all();
  }

  // Moves the journal's records that audit.db lacks into it (after a crash), before any thread
  // starts. They must continue audit.db's chain exactly; anything else is refused, because the
  // chain would fork or have a hole.
  Status Replay() {
    std::vector<journal::Record> pending;
    uint64_t expect = last_seq + 1;
    Hash tail = last_hash;
    auto flush = [&]() -> Status {
      if (pending.empty()) return Status::Ok();
      if (Status s = InsertRecords(pending); !s.ok()) return s;
      events_replayed += pending.size();
      pending.clear();
      return Status::Ok();
    };
    Status s = journal::ReadRunFromFd(
        journal_fd, journal_path, [&](journal::Record&& r) -> Status {
          if (r.seq < expect) return Status::Ok();  // already in audit.db
          if (r.seq > expect || r.prev != tail) {
            return Status::Invalid(
                journal_path + ": seq " + std::to_string(r.seq) +
                " in the journal does not continue audit.db, which ends at seq " +
                std::to_string(expect - 1) +
                (r.seq > expect ? " (events " + std::to_string(expect) + ".." +
                                      std::to_string(r.seq - 1) + " are in neither)"
                                : " (its prev_hash is not the hash of seq " +
                                      std::to_string(expect - 1) + ")") +
                "; run `frontseat audit verify`, and move the journal aside to open the store "
                "without its events");
          }
          tail = r.hash;
          ++expect;
          pending.push_back(std::move(r));
          return pending.size() >= options.max_batch ? flush() : Status::Ok();
        });
    if (s.ok()) s = flush();
    if (!s.ok()) return s;
    last_seq = moved_seq = journaled_seq = expect - 1;
    last_hash = tail;
    ResetJournal();
    journal_resets = 0;
    return Status::Ok();
  }

  // Waits until audit.db holds everything journaled before the call, the mover fails a
  // transaction, or the mover has exited.
  void WaitStored() override {
    std::unique_lock lock(journal_mu);
    uint64_t target = journaled_seq, errors = move_errors;
    ++flush_waiters;  // the mover stops waiting for a fuller transaction
    move_cv.notify_one();
    moved_cv.wait(lock, [&] { return moved_seq >= target || move_errors > errors || mover_done; });
    --flush_waiters;
  }

  uint64_t LastSeq() const override { return last_seq; }

  void Start() override {
    sqlite3_wal_hook(db.get(), &SqliteBackend::WalHook, this);
    checkpointer = std::thread([this] { CheckpointLoop(); });
    mover = std::thread([this] { MoveLoop(); });
  }

  // Drains the mover (everything journaled goes into audit.db, unless audit.db is failing), then
  // empties the journal and stops the checkpointer.
  void Stop() override {
    {
      std::lock_guard lock(journal_mu);
      mover_stop = true;
    }
    move_cv.notify_all();
    if (mover.joinable()) {
      mover.join();
      std::lock_guard lock(journal_mu);
      if (to_move.empty() && moved_seq == journaled_seq) ResetJournal();
    }
    {
      std::lock_guard lock(checkpoint_mu);
      checkpoint_stop = true;
    }
    checkpoint_cv.notify_all();
    if (checkpointer.joinable()) checkpointer.join();
  }

  void AddStats(StoreStats& stats) const override {
    std::lock_guard lock(checkpoint_mu);
    stats.background_checkpoints = background_checkpoints;
    stats.inline_checkpoints = inline_checkpoints;
    stats.catch_up_checkpoints = catch_up_checkpoints;
    std::lock_guard journal_lock(journal_mu);
    stats.events_moved = events_moved;
    stats.move_transactions = move_transactions;
    stats.events_replayed = events_replayed;
    stats.move_errors = move_errors;
    stats.journal_resets = journal_resets;
    stats.move_backlog = journaled_seq - moved_seq;
  }

  // sqlite3_wal_hook: runs on the mover after each commit, with the WAL's size in pages.
  // Registering it turns off SQLite's own auto-checkpoint, which would run inside the commit.
  static int WalHook(void* arg, sqlite3* db, const char*, int pages) {
    auto* impl = static_cast<SqliteBackend*>(arg);
    size_t n = static_cast<size_t>(pages);
    size_t limit = impl->options.checkpoint_pages;
    if (n >= 8 * limit) {
      std::lock_guard run(impl->run_mu);
      sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      std::lock_guard lock(impl->checkpoint_mu);
      ++impl->inline_checkpoints;
    } else if (n >= limit) {
      // One pass per `limit` new frames (or once the WAL has restarted), not one per commit:
      // woken after every commit past the limit, the checkpointer chased the writer, a pass with
      // two fsyncs per commit, and never caught up (issue 4: that churn of wake-ups, fsyncs and
      // block-layer work beside the requests was most of the gateway's p99 at one connection).
      bool wake = false;
      {
        std::lock_guard lock(impl->checkpoint_mu);
        size_t last = impl->last_pass_frames;
        if (!impl->checkpoint_wanted && !impl->checkpoint_running &&
            (n < last || n >= last + limit)) {
          impl->checkpoint_wanted = true;
          wake = true;
        }
      }
      if (wake) impl->checkpoint_cv.notify_one();
    }
    return SQLITE_OK;
  }

  // Runs a PASSIVE checkpoint on the checkpointer's connection; the WAL's size in frames after
  // it, or -1 if the pass failed or found no WAL. A failure (busy, I/O) is not fatal: the WAL
  // keeps the data, and the next pass or the inline fallback checkpoints again.
  int CheckpointPass() {
    std::lock_guard run(run_mu);
    int log_frames = -1, checkpointed = -1;
    int rc = sqlite3_wal_checkpoint_v2(checkpoint_db.get(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                       &log_frames, &checkpointed);
    // log_frames < 0: the connection is not on the WAL, nothing was checkpointed.
    return rc == SQLITE_OK ? log_frames : -1;
  }

  // Two kinds of pass. A background pass copies what is committed without stopping commits;
  // the WAL is then reused from its start only if a transaction begins when everything is
  // copied, which under steady load never happens (a pass and its fsyncs take longer than the
  // gap between two commits). So once the WAL holds 4x checkpoint_pages frames, a background
  // pass is followed by a short catch-up pass holding the writing connection (db_mu): the mover
  // can start no transaction meanwhile, the pass copies only what was committed during the pass
  // before, and the mover's next commit restarts the WAL. Only the mover waits for it (requests
  // wait for the journal alone), once per 4x checkpoint_pages frames; the inline fallback stays
  // for a store whose catch-up passes fail (a reader holding an old snapshot, I/O errors).
  void CheckpointLoop() {
    for (;;) {
      {
        std::unique_lock lock(checkpoint_mu);
        checkpoint_cv.wait(lock, [&] { return checkpoint_stop || checkpoint_wanted; });
        if (checkpoint_stop) return;
        checkpoint_wanted = false;
        checkpoint_running = true;
      }
      int frames = CheckpointPass();
      if (frames >= 0) {
        std::lock_guard lock(checkpoint_mu);
        ++background_checkpoints;
      }
      if (frames >= 0 && static_cast<size_t>(frames) >= 4 * options.checkpoint_pages) {
        int after;
        {
          std::lock_guard db_lock(db_mu);
          after = CheckpointPass();
        }
        if (after >= 0) {
          std::lock_guard lock(checkpoint_mu);
          ++catch_up_checkpoints;
        }
      }
      std::lock_guard lock(checkpoint_mu);
      checkpoint_running = false;
      if (frames >= 0) last_pass_frames = static_cast<size_t>(frames);
    }
  }
};

Status LockDir(const std::string& dir, int* fd_out) {
  std::string path = (std::filesystem::path(dir) / "audit.lock").string();
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::Io(path + ": cannot open the lock file: " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) {
      return Status::Io(dir + ": the audit store is already open in another process or store "
                        "(" + path + " is locked); one writer per data dir");
    }
    return Status::Io(path + ": cannot lock: " + std::strerror(err));
  }
  *fd_out = fd;
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<AuditStore>> AuditStore::OpenSqlite(const std::string& dir,
                                                           StoreOptions options) {
  if (dir.empty()) return Status::Invalid("audit store: the data dir is empty");
  if (options.max_batch == 0) return Status::Invalid("audit store: max_batch must be at least 1");
  if (options.move_min_batch == 0) {
    return Status::Invalid("audit store: move_min_batch must be at least 1");
  }
  if (options.move_max_delay.count() < 0) {
    return Status::Invalid("audit store: move_max_delay must not be negative");
  }
  if (options.checkpoint_pages == 0) {
    return Status::Invalid("audit store: checkpoint_pages must be at least 1");
  }
  if (options.max_move_backlog == 0) {
    return Status::Invalid("audit store: max_move_backlog must be at least 1");
  }
  if (options.max_event_bytes > kMaxEventBytesLimit) {
    return Status::Invalid("audit store: max_event_bytes must be at most 1 GiB (a journal record "
                           "holds its length in 32 bits)");
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::error_code ec2;
  if (!std::filesystem::is_directory(dir, ec2)) {
    std::string why = std::filesystem::exists(dir, ec2) ? "it exists and is not a directory"
                      : ec                               ? ec.message()
                                                         : "it could not be created";
    return Status::Io(dir + ": cannot use as the audit data dir: " + why);
  }
  auto impl = std::make_unique<SqliteBackend>();
  impl->options = options;
  impl->dir = dir;
  if (Status s = LockDir(dir, &impl->lock_fd); !s.ok()) return s;

  std::string path = (std::filesystem::path(dir) / kDatabaseFileName).string();
  auto db = sqlite::Db::Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                       SQLITE_OPEN_NOMUTEX);
  if (!db.ok()) return db.status();
  impl->db = std::move(db).value();
  sqlite::Db& d = impl->db;

  // journal_mode=WAL answers with the mode it got; anything else (a filesystem without shared
  // memory, a read-only file) would silently lose the concurrency and crash behaviour we rely on.
  {
    auto mode = d.Prepare("PRAGMA journal_mode=WAL", "switch to WAL");
    if (!mode.ok()) return mode.status();
    int rc = sqlite3_step(mode->get());
    if (rc != SQLITE_ROW) return d.Error("switch to WAL", rc);
    std::string got = reinterpret_cast<const char*>(sqlite3_column_text(mode->get(), 0));
    if (got != "wal") return Status::Io(path + ": cannot switch to WAL mode (got " + got + ")");
  }
  // See Durability in audit_store.h: NORMAL is enough for process death because a WAL commit
  // has been written to the file (the kernel's page cache) before sqlite3_step returns.
  const char* sync = options.durability == Durability::kPowerLoss ? "PRAGMA synchronous=FULL"
                                                                  : "PRAGMA synchronous=NORMAL";
  if (Status s = d.Exec(sync, "set synchronous"); !s.ok()) return s;
  if (Status s = sqlite::MigrateSchema(d); !s.ok()) return s;

  {
    auto tail = d.Prepare("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1", "read tail");
    if (!tail.ok()) return tail.status();
    int rc = sqlite3_step(tail->get());
    if (rc == SQLITE_ROW) {
      int64_t seq = sqlite3_column_int64(tail->get(), 0);
      const auto* hex = reinterpret_cast<const char*>(sqlite3_column_text(tail->get(), 1));
      auto hash = ParseHexHash(hex ? hex : "");
      if (seq <= 0 || !hash) {
        return Status::Invalid(path + ": the last event (seq " + std::to_string(seq) +
                               ") has a malformed seq or hash, so the chain cannot continue; "
                               "run `frontseat audit verify`");
      }
      impl->last_seq = static_cast<uint64_t>(seq);
      impl->last_hash = *hash;
    } else if (rc != SQLITE_DONE) {
      return d.Error("read the last event", rc);
    }
  }

  for (auto [stmt, sql] : {std::pair{&impl->begin, "BEGIN IMMEDIATE"},
                           std::pair{&impl->commit, "COMMIT"},
                           std::pair{&impl->rollback, "ROLLBACK"},
                           std::pair{&impl->insert, kInsertSql}}) {
    auto s = d.Prepare(sql, "prepare the writer's statements");
    if (!s.ok()) return s.status();
    *stmt = std::move(s).value();
  }

  impl->journal_path = (std::filesystem::path(dir) / journal::kFileName).string();
  impl->journal_fd = ::open(impl->journal_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (impl->journal_fd < 0) {
    return Status::Io(impl->journal_path + ": cannot open the journal: " + std::strerror(errno));
  }
  if (Status s = impl->Replay(); !s.ok()) return s;

  auto checkpoint_db = sqlite::Db::Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX);
  if (!checkpoint_db.ok()) return checkpoint_db.status();
  impl->checkpoint_db = std::move(checkpoint_db).value();
  // A connection opens the WAL only when it first reads the database; until then
  // sqlite3_wal_checkpoint_v2 on it returns SQLITE_OK having done nothing (log and checkpointed
  // frames -1). Without this read every checkpoint ran inline on the commit path at 8x
  // checkpoint_pages: at one connection, a 60-130 ms stall every ~2000 requests (issue 4).
  if (Status s = impl->checkpoint_db.Exec("SELECT count(*) FROM sqlite_master",
                                          "open the WAL for the checkpointer");
      !s.ok()) {
    return s;
  }

  return Start(std::move(impl), options);
}

}  // namespace frontseat::audit
