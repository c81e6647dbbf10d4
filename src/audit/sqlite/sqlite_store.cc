// The SQLite backend of AuditStore: one connection owned by the writer role, WAL, background
// checkpoints (see ../README.md for the thread model and crash guarantees). The chain's tail
// (last seq and hash) is read from the last row at open and kept in memory: the lock on
// DIR/audit.lock makes this the only writer of the file.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include "audit/audit_store.h"
#include "audit/canonical.h"
#include "audit/sqlite/sqlite_db.h"
#include "audit/store_backend.h"

namespace frontseat::audit {

namespace {

constexpr const char* kInsertSql =
    "INSERT INTO events (seq, time_us, request_id, tenant, route, model, action, http_status, "
    "categories_json, findings_json, redacted_input, redacted_output, guard_us, upstream_us, "
    "total_us, prompt_tokens, completion_tokens, prev_hash, hash) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)";

class SqliteBackend final : public StoreBackend {
 public:
  StoreOptions options;
  std::string dir;
  int lock_fd = -1;
  sqlite::Db db;
  sqlite::Stmt begin, commit, rollback, insert;

  // Writer-role state: the chain's tail (last committed seq and hash).
  uint64_t last_seq = 0;
  Hash last_hash{};
  std::string hash_buf;  // prev || canonical, reused across events
  WriterRole* role = nullptr;

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

  std::vector<Result<uint64_t>> WriteBatch(std::vector<Pending>& batch) override {
    bool any_valid = false;
    for (const Pending& p : batch) any_valid |= p.invalid.ok();
    if (!any_valid) return FailedBatch(batch, Status::Ok());
    uint64_t seq = last_seq;
    Hash hash = last_hash;
    Status failure = Step(begin, "begin a transaction");
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
    if (!failure.ok()) {
      AbortAfterThrow();
      return FailedBatch(batch, failure);
    }
    uint64_t first = last_seq + 1;
    last_seq = seq;
    last_hash = hash;
    return CommittedBatch(batch, first);
  }

  void AbortAfterThrow() override {
    if (!sqlite3_get_autocommit(db.get())) Step(rollback, "roll back a failed batch");
  }

  uint64_t LastSeq() const override { return last_seq; }

  void Start(WriterRole& writer_role) override {
    role = &writer_role;
    sqlite3_wal_hook(db.get(), &SqliteBackend::WalHook, this);
    checkpointer = std::thread([this] { CheckpointLoop(); });
  }

  void Stop() override {
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
  }

  // sqlite3_wal_hook: runs on the writer thread after each commit, with the WAL's size in pages.
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
        std::lock_guard lock(checkpoint_mu);
        ++background_checkpoints;
      }
      if (frames >= 0 && static_cast<size_t>(frames) >= 4 * options.checkpoint_pages &&
          role->Take()) {
        int after = CheckpointPass();
        role->Release();
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
