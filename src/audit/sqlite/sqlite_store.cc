// AuditStore over SQLite: one writer thread, group commit, hash chain (see ../README.md for the
// thread model and crash guarantees).
//
// Why one writer: SQLite allows one writer at a time anyway, and a single thread that owns the
// connection needs no locking around it; it also makes the chain trivially linear (seq and
// prev_hash come from the writer's in-memory tail, which only it touches). Why group commit:
// the cost of a commit is mostly fixed (WAL append, header, optional fsync), so one transaction
// for everything queued while the previous one committed gives throughput that grows with load
// while a lone request still commits at once (the writer never waits to fill a batch).
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <future>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include "audit/audit_store.h"
#include "audit/canonical.h"
#include "audit/sqlite/sqlite_db.h"

namespace frontseat::audit {

namespace {

struct Pending {
  Event event;
  std::function<void(Result<uint64_t>)> done;
  Status invalid;  // set by Append when the event fails ValidateEvent; never written
};

constexpr const char* kInsertSql =
    "INSERT INTO events (seq, time_us, request_id, tenant, route, model, action, http_status, "
    "categories_json, findings_json, redacted_input, redacted_output, guard_us, upstream_us, "
    "total_us, prompt_tokens, completion_tokens, prev_hash, hash) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)";

// The store whose callbacks this thread is running now (nullptr: none); see Impl::InCallback.
thread_local AuditStore::Impl* t_calling_back = nullptr;

void RunCallback(const std::function<void(Result<uint64_t>)>& done, Result<uint64_t> result) {
  if (!done) return;
  try {
    done(std::move(result));
  } catch (...) {
    // The header promises exceptions from `done` are swallowed: there is nobody on the writer
    // thread to report them to, and letting one escape would terminate the gateway.
  }
}

}  // namespace

struct AuditStore::Impl {
  StoreOptions options;
  std::string dir;
  int lock_fd = -1;
  sqlite::Db db;
  sqlite::Stmt begin, commit, rollback, insert;

  // Writer-role state (see `writing`): the chain's tail (last committed seq and hash).
  uint64_t last_seq = 0;
  Hash last_hash{};
  std::string hash_buf;  // prev || canonical, reused across events

  mutable std::mutex mu;
  std::condition_variable work_cv;  // the writer waits here for events or stop
  std::condition_variable done_cv;  // Flush waits here for `processed` to advance
  std::deque<Pending> queue;
  size_t in_flight = 0;     // taken by the writer, not yet committed
  // The writer role: set while a batch is written and called back, by the writer thread or by
  // an AppendHere caller that found the store idle. One holder at a time owns `db`, the
  // statements and the chain's tail (the mutex hands them over with a happens-before edge).
  bool writing = false;
  uint64_t enqueued = 0;    // events ever queued
  uint64_t processed = 0;   // events whose callbacks have run
  bool stop = false;
  StoreStats stats;
  std::thread writer;
  std::thread::id writer_id;

  // Background checkpoints (see StoreOptions::checkpoint_pages). The checkpointer has its own
  // connection; run_mu is held while any checkpoint runs, so the writer's inline fallback waits
  // for a running background one and then checkpoints everything itself.
  sqlite::Db checkpoint_db;
  std::thread checkpointer;
  std::mutex checkpoint_mu;
  std::condition_variable checkpoint_cv;
  bool checkpoint_wanted = false;
  bool checkpoint_running = false;
  bool checkpoint_stop = false;
  size_t last_pass_frames = 0;  // the WAL's size in frames when the last pass ran
  std::mutex run_mu;

  ~Impl() {
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

  // Writes the valid events of `batch` in one transaction; returns each event's result.
  std::vector<Result<uint64_t>> WriteBatch(std::vector<Pending>& batch) {
    std::vector<Result<uint64_t>> results;
    results.reserve(batch.size());
    bool any_valid = false;
    for (const Pending& p : batch) any_valid |= p.invalid.ok();
    Status failure;
    uint64_t seq = last_seq;
    Hash hash = last_hash;
    if (any_valid) {
      failure = Step(begin, "begin a transaction");
      for (size_t i = 0; failure.ok() && i < batch.size(); ++i) {
        if (!batch[i].invalid.ok()) continue;
        Hash prev = hash;
        hash_buf.assign(reinterpret_cast<const char*>(prev.data()), prev.size());
        AppendCanonical(seq + 1, batch[i].event, hash_buf);
        hash = Sha256(hash_buf);
        failure = Insert(seq + 1, batch[i].event, prev, hash);
        if (failure.ok()) ++seq;
      }
      if (failure.ok()) failure = Step(commit, "commit a batch of events");
      if (!failure.ok() && !sqlite3_get_autocommit(db.get())) {
        Step(rollback, "roll back a failed batch");
      }
    }
    uint64_t next = last_seq;
    for (const Pending& p : batch) {
      if (!p.invalid.ok()) {
        results.emplace_back(p.invalid);
      } else if (!failure.ok()) {
        results.emplace_back(failure);
      } else {
        results.emplace_back(++next);
      }
    }
    if (any_valid && failure.ok()) {
      last_seq = seq;
      last_hash = hash;
    }
    return results;
  }

  // sqlite3_wal_hook: runs on the writer thread after each commit, with the WAL's size in pages.
  // Registering it turns off SQLite's own auto-checkpoint, which would run inside the commit.
  static int WalHook(void* arg, sqlite3* db, const char*, int pages) {
    auto* impl = static_cast<Impl*>(arg);
    size_t n = static_cast<size_t>(pages);
    size_t limit = impl->options.checkpoint_pages;
    if (n >= 8 * limit) {
      std::lock_guard run(impl->run_mu);
      sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      std::lock_guard lock(impl->mu);
      ++impl->stats.inline_checkpoints;
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

  // The writer role for the checkpointer (see CheckpointLoop): waits for the batch being written,
  // if any; false if the store is stopping.
  bool TakeWriterRole() {
    std::unique_lock lock(mu);
    done_cv.wait(lock, [&] { return !writing || stop; });
    if (stop) return false;
    writing = true;
    return true;
  }

  void ReleaseWriterRole() {
    {
      std::lock_guard lock(mu);
      writing = false;
    }
    // Always: the writer waits for the role to come back both with events queued meanwhile and
    // when the store is stopping (it must see `stop` with the role free to exit).
    work_cv.notify_one();
    done_cv.notify_all();
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
  // pass is followed by a short catch-up pass holding the writer role: no commit can start
  // meanwhile, it copies only what was committed during the pass before, and the next commit
  // restarts the WAL. Commits that arrive during it wait for it (about 1 ms: two fsyncs of a
  // few pages), once per 4x checkpoint_pages frames; the inline fallback stays for a store
  // whose catch-up passes fail (a reader holding an old snapshot, I/O errors).
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
        std::lock_guard lock(mu);
        ++stats.background_checkpoints;
      }
      if (frames >= 0 && static_cast<size_t>(frames) >= 4 * options.checkpoint_pages &&
          TakeWriterRole()) {
        int after = CheckpointPass();
        ReleaseWriterRole();
        if (after >= 0) {
          std::lock_guard lock(mu);
          ++stats.catch_up_checkpoints;
        }
      }
      std::lock_guard lock(checkpoint_mu);
      checkpoint_running = false;
      if (frames >= 0) last_pass_frames = static_cast<size_t>(frames);
    }
  }

  // Writes `batch`, updates the stats and runs its callbacks, in seq order. The caller holds the
  // writer role (`writing`), so no other batch is written or called back meanwhile; that is what
  // keeps callbacks in seq order across batches written on different threads.
  void CommitBatch(std::vector<Pending>& batch) {
    std::vector<Result<uint64_t>> results;
    try {
      results = WriteBatch(batch);
    } catch (const std::exception& e) {
      // Only allocation failure can throw here; nothing of the batch is acknowledged.
      if (!sqlite3_get_autocommit(db.get())) Step(rollback, "roll back a failed batch");
      results.assign(batch.size(), Status::Internal(std::string("audit writer: ") + e.what()));
    }
    {
      std::lock_guard lock(mu);
      in_flight = 0;
      uint64_t ok = 0;
      for (const auto& r : results) ok += r.ok();
      stats.events_committed += ok;
      stats.events_failed += results.size() - ok;
      if (ok > 0) {
        ++stats.transactions;
        stats.largest_batch = std::max<uint64_t>(stats.largest_batch, ok);
        stats.last_seq = last_seq;
      }
    }
    Impl* outer = t_calling_back;
    t_calling_back = this;
    for (size_t i = 0; i < batch.size(); ++i) RunCallback(batch[i].done, std::move(results[i]));
    t_calling_back = outer;
  }

  // True on a thread that is running one of this store's callbacks (the writer thread, or an
  // AppendHere caller): AppendSync or Flush there would wait for the batch it is inside of.
  bool InCallback() const {
    return std::this_thread::get_id() == writer_id || t_calling_back == this;
  }

  void WriterLoop() {
    for (;;) {
      std::vector<Pending> batch;
      {
        std::unique_lock lock(mu);
        // An AppendHere caller may hold the writer role; it wakes us when it hands it back.
        work_cv.wait(lock, [&] { return !writing && (stop || !queue.empty()); });
        if (queue.empty()) return;  // stop requested and everything drained
        size_t n = std::min(queue.size(), options.max_batch);
        batch.reserve(n);
        for (size_t i = 0; i < n; ++i) {
          batch.push_back(std::move(queue.front()));
          queue.pop_front();
        }
        in_flight = n;
        writing = true;
      }
      CommitBatch(batch);
      {
        std::lock_guard lock(mu);
        writing = false;
        processed += batch.size();
      }
      done_cv.notify_all();
    }
  }
};

namespace {

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

AuditStore::AuditStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<AuditStore>> AuditStore::OpenSqlite(const std::string& dir,
                                                           StoreOptions options) {
  if (dir.empty()) return Status::Invalid("audit store: the data dir is empty");
  if (options.max_batch == 0) return Status::Invalid("audit store: max_batch must be at least 1");
  if (options.checkpoint_pages == 0) {
    return Status::Invalid("audit store: checkpoint_pages must be at least 1");
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
  auto impl = std::make_unique<Impl>();
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
  impl->stats.last_seq = impl->last_seq;

  for (auto [stmt, sql] : {std::pair{&impl->begin, "BEGIN IMMEDIATE"},
                           std::pair{&impl->commit, "COMMIT"},
                           std::pair{&impl->rollback, "ROLLBACK"},
                           std::pair{&impl->insert, kInsertSql}}) {
    auto s = d.Prepare(sql, "prepare the writer's statements");
    if (!s.ok()) return s.status();
    *stmt = std::move(s).value();
  }

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

  Impl* raw = impl.get();
  sqlite3_wal_hook(d.get(), &Impl::WalHook, raw);
  impl->checkpointer = std::thread([raw] { raw->CheckpointLoop(); });
  impl->writer = std::thread([raw] { raw->WriterLoop(); });
  impl->writer_id = impl->writer.get_id();
  return std::unique_ptr<AuditStore>(new AuditStore(std::move(impl)));
}

namespace {

Pending MakePending(Event event, std::function<void(Result<uint64_t>)> done,
                    size_t max_event_bytes) {
  Pending p{std::move(event), std::move(done), Status::Ok()};
  if (p.event.categories_json.empty()) p.event.categories_json = "{}";
  if (p.event.findings_json.empty()) p.event.findings_json = "[]";
  p.invalid = ValidateEvent(p.event, max_event_bytes);
  return p;
}

}  // namespace

void AuditStore::Append(Event event, std::function<void(Result<uint64_t>)> done) {
  Pending p = MakePending(std::move(event), std::move(done), impl_->options.max_event_bytes);
  {
    std::lock_guard lock(impl_->mu);
    impl_->queue.push_back(std::move(p));
    ++impl_->enqueued;
  }
  impl_->work_cv.notify_one();
}

bool AuditStore::AppendHere(Event event, std::function<void(Result<uint64_t>)> done) {
  Impl& s = *impl_;
  Pending p = MakePending(std::move(event), std::move(done), s.options.max_event_bytes);
  {
    std::unique_lock lock(s.mu);
    // Only when nothing is queued or being written: taking the role then cannot overtake an
    // earlier event, and a busy store keeps its group commit on the writer thread. Not from
    // inside a callback either (the role is held there; the event queues behind the batch).
    if (s.writing || !s.queue.empty() || s.stop || s.InCallback()) {
      s.queue.push_back(std::move(p));
      ++s.enqueued;
      lock.unlock();
      s.work_cv.notify_one();
      return false;
    }
    s.writing = true;
    s.in_flight = 1;
    ++s.enqueued;
  }
  std::vector<Pending> batch;
  batch.push_back(std::move(p));
  s.CommitBatch(batch);
  bool more;
  {
    std::lock_guard lock(s.mu);
    s.writing = false;
    ++s.processed;
    more = !s.queue.empty();
  }
  // Events queued meanwhile wait for the writer, which waits for the role to come back.
  if (more) s.work_cv.notify_one();
  s.done_cv.notify_all();
  return true;
}

Result<uint64_t> AuditStore::AppendSync(Event event) {
  if (impl_->InCallback()) {
    return Status::Internal("AuditStore::AppendSync called from a done callback (on the writer "
                            "thread, it would wait for itself); use Append");
  }
  std::promise<Result<uint64_t>> promise;
  auto future = promise.get_future();
  Append(std::move(event), [&promise](Result<uint64_t> r) { promise.set_value(std::move(r)); });
  return future.get();
}

size_t AuditStore::QueueDepth() const {
  std::lock_guard lock(impl_->mu);
  return impl_->queue.size() + impl_->in_flight;
}

void AuditStore::Flush() {
  if (impl_->InCallback()) return;  // see the header
  std::unique_lock lock(impl_->mu);
  uint64_t target = impl_->enqueued;
  impl_->done_cv.wait(lock, [&] { return impl_->processed >= target; });
}

StoreStats AuditStore::Stats() const {
  std::lock_guard lock(impl_->mu);
  return impl_->stats;
}

AuditStore::~AuditStore() {
  if (!impl_) return;
  {
    std::lock_guard lock(impl_->mu);
    impl_->stop = true;
  }
  impl_->work_cv.notify_all();
  if (impl_->writer.joinable()) impl_->writer.join();
  {
    std::lock_guard lock(impl_->checkpoint_mu);
    impl_->checkpoint_stop = true;
  }
  impl_->checkpoint_cv.notify_all();
  if (impl_->checkpointer.joinable()) impl_->checkpointer.join();
}

}  // namespace frontseat::audit
