// The audit store: every decision the gateway makes becomes one Event, appended to a
// tamper-evident hash chain (see canonical.h for the exact bytes that are hashed) and committed
// before the response that it records is sent. This header is the contract the gateway builds
// on; the writer is audit_store.cc, the backends live in sqlite/ and postgres/, verification in
// verify.h, queries in query.h.
//
// Usage (the gateway's path for one request):
//
//   auto store = frontseat::audit::AuditStore::OpenSqlite("./frontseat-data");
//   if (!store.ok()) { /* refuse to start: store.status().message() says why */ }
//   Event e;  e.time_us = NowUs();  e.request_id = id;  e.action = "allow";  ...
//   (*store)->Append(std::move(e), [respond](Result<uint64_t> seq) {
//     // Runs on the store's writer thread once the event is durable (or with an error).
//     // Keep it short: post the response to the connection's executor, do not do I/O here.
//     if (seq.ok()) respond(); else respond_500(seq.status());
//   });
//
// Depends only on status.h (STYLE.md: the audit code depends only on result types).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "frontseat/status.h"

namespace frontseat::audit {

class StoreBackend;

// One request, as recorded. Every string is stored byte for byte and is part of the hash chain.
// Append checks the event first (see ValidateEvent) and fails it with kInvalidArgument, naming
// the field, if it breaks one of the rules in the comments below.
struct Event {
  int64_t time_us = 0;             // Unix epoch, microseconds; 0 .. 9999-12-31T23:59:59.999999Z
  std::string request_id;          // unique per request (not enforced: a duplicate is still kept)
  std::string tenant;              // from the API key ("" when no keys are configured)
  std::string route;               // "/v1/chat/completions", "/v1/guard", ...
  std::string model;
  std::string action;              // allow | flag | redact | block | error | review | defer
  int http_status = 0;
  std::string categories_json;     // JSON object: category -> score (a number); "" means {}
  std::string findings_json;       // JSON array of findings (masked previews only, never raw); "" means []
  std::string redacted_input;      // request text after redaction
  std::string redacted_output;     // answer text after redaction
  int64_t guard_us = 0, upstream_us = 0, total_us = 0;
  int64_t prompt_tokens = 0, completion_tokens = 0;
};

// How much a committed event survives. Both settings keep the gateway's promise for a killed
// process (kill -9, a crash, OOM kill); they differ on power loss and kernel crashes.
enum class Durability {
  // SQLite: a batch's records have been written into the journal (DIR/audit.journal) with
  // pwrite(2) before `done` runs, so the kernel holds them even if the process dies the next
  // instant; the next open moves any the process had not moved into audit.db yet (PRAGMA
  // synchronous=NORMAL under WAL there). No fsync per batch; an OS crash or power loss can lose
  // the last events (never corrupts, never breaks the chain: a journal record is checked
  // against its hash and must continue the chain, a torn WAL tail is dropped).
  kProcessCrash,
  // Additionally fdatasyncs the journal before `done` (and PRAGMA synchronous=FULL for
  // audit.db), so an acknowledged event survives power loss too, at the price of one fsync per
  // batch.
  kPowerLoss,
};

struct StoreOptions {
  size_t max_batch = 256;  // group commit: at most this many events per transaction (>= 1)
  Durability durability = Durability::kProcessCrash;
  // An event whose strings add up to more than this fails with kInvalidArgument (the gateway
  // bounds request bodies well below it; this keeps one bad caller from filling the disk).
  size_t max_event_bytes = size_t{16} << 20;
  // WAL checkpoints (copying committed pages into audit.db so the WAL can be reused) run on a
  // background thread, once per this many pages (4 KiB each) appended to the WAL, so that a
  // request never waits behind a checkpoint's writes and fsyncs. Once the WAL holds 4x this,
  // a short catch-up pass holds off commits (about 1 ms) so that the WAL restarts from its
  // beginning; if that fails and the WAL reaches 8x this, the writer checkpoints inline once,
  // which bounds the WAL's size. Must be >= 1. 500 rather than 1000: with the mover's batched
  // transactions, passes of half the size took the gateway's one-connection added p99 from
  // 0.72-1.19 ms to 0.50-0.84 ms on a 2-vCPU VM (issue 4; src/gateway/README.md, "Smaller
  // checkpoint passes"): each pass's writeback is a shorter burst on the same vCPUs.
  size_t checkpoint_pages = 500;
  // SQLite: the journal is written from its start again once everything in it is in audit.db
  // and it has reached this many bytes (>= 1). It grows past it only while audit.db cannot
  // keep up or is failing.
  size_t journal_bytes = size_t{4} << 20;
  // SQLite: at most this many acknowledged events may wait for the mover (they are held in
  // memory until audit.db takes them); past it, batches fail with kIoError naming audit.db's
  // last failure, as they did before the journal when audit.db failed. Must be >= 1.
  size_t max_move_backlog = 65536;
  // SQLite: the mover waits until this many events are waiting (>= 1), or the oldest of them
  // has waited move_max_delay, before it starts a transaction; Flush, AppendSync and closing
  // do not wait for either. A transaction per event wrote about 4 pages of WAL (the table leaf
  // and the two index leaves) for 1.3 KB of event, all of it written again to disk by the
  // checkpoints; 32 at a time write about a quarter of that (issue 4: on a 2-core VM that disk
  // traffic was most of the gateway's one-connection p99). Readers see the waiting events
  // through the journal, so only audit.db's own copy is late.
  size_t move_min_batch = 32;
  std::chrono::milliseconds move_max_delay{200};
};

// What the writer has done so far (for metrics, tests and benchmarks).
struct StoreStats {
  uint64_t events_committed = 0;
  uint64_t events_failed = 0;         // done called with an error (invalid event or failed commit)
  uint64_t transactions = 0;          // committed transactions (one per batch)
  uint64_t largest_batch = 0;         // most events in one committed transaction
  uint64_t last_seq = 0;              // sequence number of the newest committed event (0: none)
  uint64_t background_checkpoints = 0;  // WAL checkpoint passes run by the checkpoint thread
  uint64_t inline_checkpoints = 0;      // checkpoints the writer ran itself (WAL at 8x limit)
  uint64_t catch_up_checkpoints = 0;    // passes the checkpoint thread ran holding the writer
                                        // role, so that the WAL restarts (WAL at 4x limit)
  uint64_t head_moved_batches = 0;      // PostgreSQL: batches that found another store had
                                        // written since (they then took the head row's lock)
  // SQLite's journal (see Durability): events moved from the journal into audit.db by the mover
  // thread, and by the open that found them there after a crash; mover transactions that failed
  // (retried; the events stay in the journal); events acknowledged but not yet in audit.db;
  // times the journal started again from its beginning.
  uint64_t events_moved = 0;
  uint64_t move_transactions = 0;  // the mover's committed transactions (events_moved over them)
  uint64_t events_replayed = 0;
  uint64_t move_errors = 0;
  uint64_t move_backlog = 0;
  uint64_t journal_resets = 0;
};

class AuditStore {
 public:
  // Creates DIR if needed, opens DIR/audit.db (SQLite, WAL) and DIR/audit.journal, moves into
  // audit.db any journaled events it lacks (a crash), and starts one writer thread, a mover
  // thread (journal to audit.db) and a WAL checkpoint thread (see StoreOptions). The chain
  // continues from the last event. Holds an exclusive lock on DIR/audit.lock for its
  // lifetime, so a second store (in this or another process) on the same DIR fails with a clear
  // error instead of forking the chain; readers (Verify, Query) need no lock.
  // Errors: kIoError (DIR cannot be created or is not a directory, database cannot be opened,
  // the lock is held, the journal cannot be read or written), kInvalidArgument (audit.db is not
  // a frontseat audit store, or its schema is newer than this build, or the journal does not
  // continue audit.db's chain, or bad options).
  static Result<std::unique_ptr<AuditStore>> OpenSqlite(const std::string& dir,
                                                        StoreOptions options = {});

  // Connects to PostgreSQL (`conninfo`: a libpq URI or key=value string; `password`, if not
  // empty, overrides any in it), creates the tables if needed (frontseat_audit_events and the
  // one-row chain head frontseat_audit_head; see README.md) and starts the writer. Several
  // stores, in several gateways, may write to one database: each batch locks the chain head
  // row (SELECT ... FOR UPDATE), so the chain stays linear across all of them. `done` runs
  // after PostgreSQL's COMMIT returned. checkpoint_pages and durability do not apply (the
  // server's synchronous_commit decides what a commit survives).
  // Errors: kIoError (cannot connect, the server refused a statement), kInvalidArgument (the
  // tables exist with a newer schema version, or bad options).
  static Result<std::unique_ptr<AuditStore>> OpenPostgres(const std::string& conninfo,
                                                          const std::string& password = "",
                                                          StoreOptions options = {});

  // Queues the event; `done` runs on the writer thread AFTER the transaction holding the event
  // has committed (group commit: one transaction per batch), with the event's sequence number,
  // or with an error Status (invalid event, or the transaction failed: nothing of that batch
  // was stored). Callbacks run in sequence order. Thread-safe. `done` may be empty.
  // A callback must not block for long (it holds up the next batch); it may call Append (or
  // AppendHere, which then queues), but not AppendSync or Flush (those would wait for the batch
  // they run inside of: AppendSync then fails with kInternal, Flush returns at once). Exceptions
  // thrown by `done` are swallowed.
  void Append(Event event, std::function<void(Result<uint64_t>)> done);

  // Append without the thread hand-off when the store is idle: if nothing is queued or being
  // written, the event is committed on the calling thread (one transaction of its own) and
  // `done` runs there, before AppendHere returns true. Otherwise it is exactly Append (`done`
  // later, on the writer thread) and returns false. The same guarantees either way: `done` runs
  // only after the commit, callbacks run in sequence order, one transaction at a time. The cost:
  // the caller is blocked for one commit (tens of microseconds with kProcessCrash; an fsync with
  // kPowerLoss), which is what a lone request would wait for anyway, minus two thread wake-ups.
  // One transaction per event, though: callers with company should prefer Append, whose group
  // commit amortizes it (the gateway uses AppendHere only for a request alone in flight).
  bool AppendHere(Event event, std::function<void(Result<uint64_t>)> done);

  // Convenience: Append and wait for the commit; returns the sequence number or the error.
  // Like Flush, returns once readers can see the event.
  Result<uint64_t> AppendSync(Event event);

  // Events queued, not yet committed (including the batch being written). Thread-safe.
  size_t QueueDepth() const;

  // Waits until everything queued before the call is committed and its callbacks have run, and
  // readers (Verify, Query) can see it: with SQLite, until the mover has put it into audit.db
  // (or failed to; the events are safe in the journal then, and readers see them there).
  void Flush();

  StoreStats Stats() const;

  // Flushes, stops the writer, closes. Append must not be called concurrently with destruction.
  ~AuditStore();

  AuditStore(const AuditStore&) = delete;
  AuditStore& operator=(const AuditStore&) = delete;

  struct Impl;  // the writer: queue, writer role, group commit, callbacks (audit_store.cc)

 private:
  explicit AuditStore(std::unique_ptr<Impl> impl);
  // Starts the writer over an opened backend (the Open* functions end with this).
  static std::unique_ptr<AuditStore> Start(std::unique_ptr<StoreBackend> backend,
                                           StoreOptions options);
  std::unique_ptr<Impl> impl_;
};

// The name of the database file inside a data dir, and the dir the CLI uses by default.
inline constexpr std::string_view kDatabaseFileName = "audit.db";
inline constexpr std::string_view kDefaultDataDir = "./frontseat-data";

// Checks an event against the rules in Event's comments; returns the first problem, naming the
// field ("categories_json: expected a JSON object of category -> number; ...").
Status ValidateEvent(const Event& event, size_t max_event_bytes);

// True for the action names the store accepts (the list in Event::action).
bool IsKnownAction(std::string_view action);

}  // namespace frontseat::audit
