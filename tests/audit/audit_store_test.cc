// Does the SQLite audit store keep its promises: `done` only after the commit is visible to
// other connections, group commit that really batches, a chain that continues across reopen,
// callbacks in seq order, bad events and bad data dirs refused with errors naming what is wrong?
#include "audit/audit_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <latch>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "audit/verify.h"
#include "audit_testing.h"

namespace frontseat::audit {
namespace {

using testing::AuditTest;
using testing::MakeEvent;
using testing::QueriedSeqs;

std::unique_ptr<AuditStore> Open(const std::string& dir, StoreOptions options = {}) {
  auto store = AuditStore::OpenSqlite(dir, options);
  EXPECT_TRUE(store.ok()) << store.status().message();
  return store.ok() ? std::move(store).value() : nullptr;
}

using AuditStoreTest = AuditTest;

TEST_F(AuditStoreTest, AppendSyncNumbersEventsFromOneAndStoresEveryField) {
  auto store = Open(dir_);
  ASSERT_TRUE(store);
  Event e = MakeEvent(1, "acme", "redact", R"({"pii":0.9})");
  e.findings_json = R"([{"detector":"pii.email","preview":"ja***"}])";
  e.http_status = 201;
  e.prompt_tokens = 77;
  auto seq = store->AppendSync(e);
  ASSERT_TRUE(seq.ok()) << seq.status().message();
  EXPECT_EQ(*seq, 1u);
  EXPECT_EQ(*store->AppendSync(MakeEvent(2)), 2u);
  store.reset();
  EXPECT_EQ(SqlInt("SELECT count(*) FROM events"), 2);
  EXPECT_EQ(SqlInt("SELECT http_status FROM events WHERE seq = 1"), 201);
  EXPECT_EQ(SqlInt("SELECT prompt_tokens FROM events WHERE seq = 1"), 77);
  EXPECT_EQ(SqlInt("SELECT count(*) FROM events WHERE seq = 1 AND action = 'redact' AND "
                   "categories_json = '{\"pii\":0.9}' AND tenant = 'acme'"),
            1);
  EXPECT_EQ(SqlInt("PRAGMA user_version"), 1);
}

TEST_F(AuditStoreTest, DatabaseIsInWalMode) {
  ASSERT_TRUE(Open(dir_));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db_path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)), "wal");
  sqlite3_finalize(s);
  sqlite3_close(db);
}

TEST_F(AuditStoreTest, BytesAreStoredExactlyIncludingNulAndInvalidUtf8) {
  auto store = Open(dir_);
  ASSERT_TRUE(store);
  Event e = MakeEvent(1);
  e.redacted_input = std::string("a\0b\xff\xfe z", 7);
  e.model = "\xc3\x28";
  ASSERT_TRUE(store->AppendSync(e).ok());
  store.reset();
  EXPECT_EQ(SqlInt("SELECT length(CAST(redacted_input AS BLOB)) FROM events"), 7);
  EXPECT_EQ(SqlInt("SELECT CAST(redacted_input AS BLOB) = X'610062FFFE207A' FROM events"), 1);
  auto report = Verify(dir_);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_TRUE(report->intact());
}

// The promise the gateway builds on: when `done` runs, the event is durable, and readers (Verify
// and Query, in another process too) already see it: in audit.db, or in the journal until the
// mover has put it there.
TEST_F(AuditStoreTest, DoneRunsOnlyAfterReadersSeeTheEvent) {
  auto store = Open(dir_);
  ASSERT_TRUE(store);
  std::mutex mu;
  std::vector<std::pair<uint64_t, bool>> seen;  // (seq, whether Query listed it inside its done)
  constexpr int kEvents = 300;
  for (int i = 0; i < kEvents; ++i) {
    store->Append(MakeEvent(i), [&](Result<uint64_t> seq) {
      ASSERT_TRUE(seq.ok()) << seq.status().message();
      std::vector<uint64_t> seqs = QueriedSeqs(dir_);
      bool listed = std::find(seqs.begin(), seqs.end(), *seq) != seqs.end();
      std::lock_guard lock(mu);
      seen.emplace_back(*seq, listed);
    });
  }
  store->Flush();
  ASSERT_EQ(seen.size(), size_t{kEvents});
  for (size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].first, i + 1) << "callbacks run in seq order";
    EXPECT_TRUE(seen[i].second) << "seq " << seen[i].first << " not visible inside its done";
  }
  // After Flush, audit.db itself holds every event (the mover has moved them all).
  EXPECT_EQ(SqlInt("SELECT count(*) FROM events"), kEvents);
  EXPECT_EQ(store->Stats().move_backlog, 0u);
}

// While the writer is held inside one callback, 4 threads queue 200 events; once released, the
// writer must take them as one transaction (max_batch 256), or as ceil(200 / max_batch) batches.
// Holding the writer makes the batch sizes exact, so the test cannot pass by luck or fail by
// scheduling.
void GroupCommitCase(const std::string& dir, size_t max_batch, uint64_t want_transactions,
                     uint64_t want_largest) {
  StoreOptions options;
  options.max_batch = max_batch;
  auto store = Open(dir, options);
  ASSERT_TRUE(store);
  constexpr int kThreads = 4, kPerThread = 50;
  std::latch queued(kThreads * kPerThread);
  std::promise<void> entered;
  store->Append(MakeEvent(0), [&](Result<uint64_t>) {
    entered.set_value();
    queued.wait();
  });
  entered.get_future().wait();
  std::mutex mu;
  std::vector<std::vector<uint64_t>> per_thread(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        store->Append(MakeEvent(t * 1000 + i), [&, t](Result<uint64_t> seq) {
          std::lock_guard lock(mu);
          per_thread[t].push_back(seq.ok() ? *seq : 0);
        });
        queued.count_down();
      }
    });
  }
  for (auto& th : threads) th.join();
  store->Flush();
  EXPECT_EQ(store->QueueDepth(), 0u);
  StoreStats stats = store->Stats();
  EXPECT_EQ(stats.events_committed, uint64_t{kThreads * kPerThread + 1});
  EXPECT_EQ(stats.transactions, want_transactions);
  EXPECT_EQ(stats.largest_batch, want_largest);
  EXPECT_EQ(stats.last_seq, uint64_t{kThreads * kPerThread + 1});
  for (const auto& seqs : per_thread) {
    ASSERT_EQ(seqs.size(), size_t{kPerThread});
    for (size_t i = 1; i < seqs.size(); ++i) EXPECT_LT(seqs[i - 1], seqs[i]) << "FIFO per thread";
  }
}

TEST_F(AuditStoreTest, GroupCommitPutsEverythingQueuedInOneTransaction) {
  GroupCommitCase(dir_, 256, 2, 200);
}

TEST_F(AuditStoreTest, GroupCommitRespectsMaxBatch) { GroupCommitCase(dir_, 64, 5, 64); }

TEST_F(AuditStoreTest, MaxBatchOneIsOneTransactionPerEvent) { GroupCommitCase(dir_, 1, 201, 1); }

TEST_F(AuditStoreTest, QueueDepthCountsEventsNotYetCommitted) {
  auto store = Open(dir_);
  ASSERT_TRUE(store);
  std::promise<void> entered, release;
  auto release_future = release.get_future().share();
  store->Append(MakeEvent(0), [&](Result<uint64_t>) {
    entered.set_value();
    release_future.wait();
  });
  entered.get_future().wait();
  for (int i = 1; i <= 10; ++i) store->Append(MakeEvent(i), nullptr);
  EXPECT_EQ(store->QueueDepth(), 10u);
  release.set_value();
  store->Flush();
  EXPECT_EQ(store->QueueDepth(), 0u);
  EXPECT_EQ(store->Stats().events_committed, 11u);
}

TEST_F(AuditStoreTest, ConcurrentAppendSyncGivesDistinctContiguousSeqsAndAnIntactChain) {
  auto store = Open(dir_);
  ASSERT_TRUE(store);
  constexpr int kThreads = 8, kPerThread = 40;
  std::vector<std::vector<uint64_t>> seqs(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto r = store->AppendSync(MakeEvent(t * 100 + i, "tenant" + std::to_string(t)));
        seqs[t].push_back(r.ok() ? *r : 0);
      }
    });
  }
  for (auto& th : threads) th.join();
  std::vector<uint64_t> all;
  for (auto& v : seqs) all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end());
  ASSERT_EQ(all.size(), size_t{kThreads * kPerThread});
  for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i], i + 1);
  store.reset();
  auto report = Verify(dir_);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_TRUE(report->intact()) << report->broken->detail;
  EXPECT_EQ(report->events, uint64_t{kThreads * kPerThread});
}

TEST_F(AuditStoreTest, ChainContinuesAcrossReopen) {
  std::string head;
  {
    auto store = Open(dir_);
    ASSERT_TRUE(store);
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(store->AppendSync(MakeEvent(i)).ok());
  }
  {
    auto report = Verify(dir_);
    ASSERT_TRUE(report.ok());
    head = report->head_hash;
  }
  {
    auto store = Open(dir_);
    ASSERT_TRUE(store);
    EXPECT_EQ(store->Stats().last_seq, 10u);
    auto seq = store->AppendSync(MakeEvent(10));
    ASSERT_TRUE(seq.ok());
    EXPECT_EQ(*seq, 11u);
    for (int i = 11; i < 20; ++i) ASSERT_TRUE(store->AppendSync(MakeEvent(i)).ok());
  }
  EXPECT_EQ(SqlInt("SELECT prev_hash = '" + head + "' FROM events WHERE seq = 11"), 1);
  auto report = Verify(dir_);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->intact());
  EXPECT_EQ(report->events, 20u);
  EXPECT_EQ(report->last_seq, 20u);
}

TEST_F(AuditStoreTest, DestructorCommitsEverythingQueuedAndRunsEveryCallback) {
  std::atomic<int> done{0};
  {
    auto store = Open(dir_);
    ASSERT_TRUE(store);
    for (int i = 0; i < 500; ++i) {
      store->Append(MakeEvent(i), [&](Result<uint64_t> r) { done += r.ok(); });
    }
  }
  EXPECT_EQ(done.load(), 500);
  EXPECT_EQ(SqlInt("SELECT count(*) FROM events"), 500);
}

TEST_F(AuditStoreTest, InvalidEventsFailWithTheFieldNamedAndDoNotTakeASeq) {
  auto store = Open(dir_);
  ASSERT_TRUE(store);
  struct Case {
    Event event;
    std::string want;
  };
  std::vector<Case> cases;
  cases.push_back({MakeEvent(1, "a", "deny"), "action: expected one of allow"});
  cases.push_back({MakeEvent(1, "a", "allow", "{not json"), "categories_json: expected"});
  cases.push_back({MakeEvent(1, "a", "allow", "[1]"), "categories_json: expected a JSON object"});
  cases.push_back({MakeEvent(1, "a", "allow", R"({"pii":"high"})"), "\"pii\" is not a number"});
  Event bad_findings = MakeEvent(1);
  bad_findings.findings_json = "{}";
  cases.push_back({bad_findings, "findings_json: expected a JSON array"});
  Event bad_time = MakeEvent(1);
  bad_time.time_us = -5;
  cases.push_back({bad_time, "time_us:"});
  for (auto& c : cases) {
    auto r = store->AppendSync(c.event);
    ASSERT_FALSE(r.ok()) << c.want;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find(c.want), std::string::npos) << r.status().message();
  }
  // A bad event in the middle of a batch leaves the good ones committed with contiguous seqs.
  std::vector<Result<uint64_t>> results;
  std::mutex mu;
  for (int i = 0; i < 5; ++i) {
    store->Append(i == 2 ? MakeEvent(i, "a", "nope") : MakeEvent(i), [&](Result<uint64_t> r) {
      std::lock_guard lock(mu);
      results.push_back(r);
    });
  }
  store->Flush();
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(*results[0], 1u);
  EXPECT_EQ(*results[1], 2u);
  EXPECT_FALSE(results[2].ok());
  EXPECT_EQ(*results[3], 3u);
  EXPECT_EQ(*results[4], 4u);
  EXPECT_EQ(store->Stats().events_failed, cases.size() + 1);
}

TEST_F(AuditStoreTest, EmptyJsonFieldsAreStoredAsEmptyObjectAndArray) {
  auto store = Open(dir_);
  ASSERT_TRUE(store);
  Event e = MakeEvent(1);
  e.categories_json.clear();
  e.findings_json.clear();
  ASSERT_TRUE(store->AppendSync(e).ok());
  store.reset();
  EXPECT_EQ(SqlInt("SELECT categories_json = '{}' AND findings_json = '[]' FROM events"), 1);
}

TEST_F(AuditStoreTest, OversizedEventIsRefused) {
  StoreOptions options;
  options.max_event_bytes = 1000;
  auto store = Open(dir_, options);
  ASSERT_TRUE(store);
  Event e = MakeEvent(1);
  e.redacted_input.assign(2000, 'x');
  auto r = store->AppendSync(e);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("max_event_bytes"), std::string::npos);
}

TEST_F(AuditStoreTest, CallbacksMayAppendButAppendSyncFromACallbackFailsInsteadOfDeadlocking) {
  auto store = Open(dir_);
  ASSERT_TRUE(store);
  std::promise<Result<uint64_t>> nested_sync, chained;
  store->Append(MakeEvent(1), [&](Result<uint64_t>) {
    nested_sync.set_value(store->AppendSync(MakeEvent(2)));
    store->Flush();  // returns at once on the writer thread
    store->Append(MakeEvent(3), [&](Result<uint64_t> r) { chained.set_value(r); });
  });
  auto sync = nested_sync.get_future().get();
  ASSERT_FALSE(sync.ok());
  EXPECT_EQ(sync.status().code(), StatusCode::kInternal);
  EXPECT_NE(sync.status().message().find("done callback"), std::string::npos);
  auto r = chained.get_future().get();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 2u);  // the failed AppendSync took no seq
}

TEST_F(AuditStoreTest, AnExceptionInACallbackDoesNotStopTheWriter) {
  auto store = Open(dir_);
  ASSERT_TRUE(store);
  store->Append(MakeEvent(1), [](Result<uint64_t>) { throw std::runtime_error("boom"); });
  auto r = store->AppendSync(MakeEvent(2));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 2u);
}

TEST_F(AuditStoreTest, PowerLossDurabilityWorksTheSame) {
  StoreOptions options;
  options.durability = Durability::kPowerLoss;
  auto store = Open(dir_, options);
  ASSERT_TRUE(store);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(store->AppendSync(MakeEvent(i)).ok());
  store.reset();
  EXPECT_EQ(SqlInt("SELECT count(*) FROM events"), 5);
}

TEST_F(AuditStoreTest, ASecondStoreOnTheSameDirIsRefusedUntilTheFirstCloses) {
  auto first = Open(dir_);
  ASSERT_TRUE(first);
  auto second = AuditStore::OpenSqlite(dir_);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("already open"), std::string::npos)
      << second.status().message();
  first.reset();
  EXPECT_TRUE(AuditStore::OpenSqlite(dir_).ok());
}

TEST_F(AuditStoreTest, BadDataDirsAreClearErrors) {
  auto empty = AuditStore::OpenSqlite("");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("data dir is empty"), std::string::npos);

  std::filesystem::create_directories(dir_);
  std::string file = dir_ + "/plain-file";
  std::ofstream(file) << "x";
  auto not_dir = AuditStore::OpenSqlite(file);
  ASSERT_FALSE(not_dir.ok());
  EXPECT_NE(not_dir.status().message().find(file), std::string::npos);
  EXPECT_NE(not_dir.status().message().find("not a directory"), std::string::npos)
      << not_dir.status().message();

  auto under_file = AuditStore::OpenSqlite(file + "/sub");
  ASSERT_FALSE(under_file.ok());
  EXPECT_NE(under_file.status().message().find(file + "/sub"), std::string::npos);

  StoreOptions zero;
  zero.max_batch = 0;
  auto bad_options = AuditStore::OpenSqlite(dir_ + "/x", zero);
  ASSERT_FALSE(bad_options.ok());
  EXPECT_NE(bad_options.status().message().find("max_batch"), std::string::npos);
}

TEST_F(AuditStoreTest, AFileThatIsNotADatabaseIsRefused) {
  std::filesystem::create_directories(dir_);
  std::ofstream(db_path()) << std::string(4096, 'g');
  auto r = AuditStore::OpenSqlite(dir_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(db_path()), std::string::npos) << r.status().message();
}

TEST_F(AuditStoreTest, ADatabaseOfSomethingElseIsRefused) {
  std::filesystem::create_directories(dir_);
  Sql("CREATE TABLE customers (id INTEGER)");
  auto r = AuditStore::OpenSqlite(dir_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("not a frontseat audit store"), std::string::npos)
      << r.status().message();
}

TEST_F(AuditStoreTest, ANewerSchemaIsRefused) {
  ASSERT_TRUE(Open(dir_));
  Sql("PRAGMA user_version = 7");
  auto r = AuditStore::OpenSqlite(dir_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("schema version 7 is newer"), std::string::npos)
      << r.status().message();
}

TEST_F(AuditStoreTest, AMalformedTailHashStopsTheChainFromContinuing) {
  {
    auto store = Open(dir_);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->AppendSync(MakeEvent(1)).ok());
  }
  Sql("UPDATE events SET hash = 'zz' WHERE seq = 1");
  auto r = AuditStore::OpenSqlite(dir_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("malformed"), std::string::npos) << r.status().message();
}

TEST_F(AuditStoreTest, VerifyWhileTheWriterRunsSeesAnIntactSnapshot) {
  auto store = Open(dir_);
  ASSERT_TRUE(store);
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; !stop; ++i) {
      store->Append(MakeEvent(i), nullptr);
      store->Flush();
    }
  });
  for (int round = 0; round < 5; ++round) {
    auto report = Verify(dir_);
    ASSERT_TRUE(report.ok()) << report.status().message();
    EXPECT_TRUE(report->intact()) << report->broken->detail;
  }
  stop = true;
  writer.join();
}

}  // namespace
}  // namespace frontseat::audit

namespace frontseat::audit {
namespace {

// Checkpoints run off the commit path, and the WAL stays bounded even when commits never pause
// (the inline fallback at 8x checkpoint_pages): 3000 events of ~1.2 KB would make a WAL of about
// 4 MB without checkpoints; with checkpoint_pages = 8 it must stay within 8 * 8 pages plus one
// batch (at most 256 events, ~80 pages), well under 1 MB.
TEST_F(AuditStoreTest, CheckpointsKeepTheWalBounded) {
  StoreOptions options;
  options.checkpoint_pages = 8;
  auto store = Open(dir_, options);
  ASSERT_TRUE(store);
  for (int i = 0; i < 3000; ++i) {
    Event e = MakeEvent(i);
    e.redacted_input.assign(1000, 'x');
    store->Append(std::move(e), nullptr);
  }
  store->Flush();
  StoreStats stats = store->Stats();
  EXPECT_EQ(stats.events_committed, 3000u);
  EXPECT_GT(stats.background_checkpoints + stats.inline_checkpoints, 0u);
  EXPECT_LT(std::filesystem::file_size(db_path() + "-wal"), uintmax_t{1} << 20);
  store.reset();
  auto report = Verify(dir_);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->intact());
  EXPECT_EQ(report->events, 3000u);
}

// Issue 4: the checkpoint thread's connection had never read the database, so SQLite had not
// opened the WAL on it, and every background checkpoint returned SQLITE_OK having copied nothing;
// all checkpointing ran inline on the commit path once the WAL reached 8x checkpoint_pages.
// Ten events of ~1.2 KB (~40 WAL pages) pass checkpoint_pages = 8 but not the inline limit of
// 64, so only the background thread can have copied them into audit.db.
TEST_F(AuditStoreTest, Issue4BackgroundCheckpointsCopyTheWalIntoTheDatabase) {
  StoreOptions options;
  options.checkpoint_pages = 8;
  auto store = Open(dir_, options);
  ASSERT_TRUE(store);
  uintmax_t db_size_before = std::filesystem::file_size(db_path());
  for (int i = 0; i < 10; ++i) {
    Event e = MakeEvent(i);
    e.redacted_input.assign(1000, 'x');
    ASSERT_TRUE(store->AppendSync(std::move(e)).ok());
    // A pass runs once per 8 new pages, and not while one is running: commits spaced out give
    // the thread its passes between them (back to back, all ten can land during the first).
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // The checkpoint thread runs after the commits that pass 8 and then 8 more pages; wait for
  // its copies to reach audit.db (bounded). Not just for the first pass: a pass copies the
  // frames committed when it starts, and the first may hold only pages audit.db already had.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::filesystem::file_size(db_path()) <= db_size_before &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  StoreStats stats = store->Stats();
  EXPECT_GT(stats.background_checkpoints, 0u);
  EXPECT_EQ(stats.inline_checkpoints, 0u);
  EXPECT_GT(std::filesystem::file_size(db_path()), db_size_before)
      << "no page was copied from the WAL into audit.db";
}

// Issue 4: once the WAL passed checkpoint_pages, every commit woke the checkpoint thread, which
// then chased the writer: a pass (two fsyncs) after nearly every commit, never catching up. A
// pass now runs once per checkpoint_pages frames appended: 1000 commits of about 3 pages each
// with checkpoint_pages = 200 make about 15 passes (the chase made 100-200 on a 2-core VM).
TEST_F(AuditStoreTest, Issue4CheckpointsRunOncePerCheckpointPagesNotOncePerCommit) {
  StoreOptions options;
  options.checkpoint_pages = 200;
  auto store = Open(dir_, options);
  ASSERT_TRUE(store);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(store->AppendSync(MakeEvent(i)).ok());
  StoreStats stats = store->Stats();
  EXPECT_GT(stats.background_checkpoints, 0u);
  EXPECT_LT(stats.background_checkpoints, 50u);
}

// Under steady load a background pass never finds the WAL fully copied when a transaction
// begins, so the WAL would only restart through the writer's inline fallback at 8x
// checkpoint_pages. The catch-up pass (the checkpoint thread holding the writer role once the
// WAL holds 4x checkpoint_pages) copies the rest, so that the next commit restarts the WAL.
TEST_F(AuditStoreTest, Issue4CatchUpPassesLetTheWalRestartUnderSteadyLoad) {
  StoreOptions options;
  options.checkpoint_pages = 8;
  auto store = Open(dir_, options);
  ASSERT_TRUE(store);
  for (int i = 0; i < 400; ++i) {
    Event e = MakeEvent(i);
    e.redacted_input.assign(1000, 'x');
    ASSERT_TRUE(store->AppendSync(std::move(e)).ok());
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (store->Stats().catch_up_checkpoints == 0 && std::chrono::steady_clock::now() < deadline) {
    ASSERT_TRUE(store->AppendSync(MakeEvent(1000)).ok());
  }
  EXPECT_GT(store->Stats().catch_up_checkpoints, 0u);
  store.reset();
  auto report = Verify(dir_);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->intact());
}

TEST_F(AuditStoreTest, ZeroCheckpointPagesIsRefused) {
  StoreOptions options;
  options.checkpoint_pages = 0;
  auto r = AuditStore::OpenSqlite(dir_, options);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("checkpoint_pages"), std::string::npos);
}

}  // namespace
}  // namespace frontseat::audit

namespace frontseat::audit {
namespace {

// AppendHere on an idle store: the event is committed on the calling thread and `done` has run
// there (with the event visible to readers) before AppendHere returns; the writer thread never
// saw it.
TEST_F(AuditStoreTest, AppendHereOnAnIdleStoreCommitsOnTheCallingThread) {
  auto store = Open(dir_);
  ASSERT_TRUE(store);
  for (uint64_t want = 1; want <= 3; ++want) {
    std::optional<Result<uint64_t>> got;
    std::thread::id ran_on;
    bool here = store->AppendHere(MakeEvent(static_cast<int>(want)), [&](Result<uint64_t> r) {
      ran_on = std::this_thread::get_id();
      got = std::move(r);
    });
    ASSERT_TRUE(here);
    ASSERT_TRUE(got.has_value()) << "done had not run when AppendHere returned";
    ASSERT_TRUE(got->ok()) << got->status().message();
    EXPECT_EQ(**got, want);
    EXPECT_EQ(ran_on, std::this_thread::get_id());
    std::vector<uint64_t> seqs = QueriedSeqs(dir_);
    EXPECT_EQ(std::count(seqs.begin(), seqs.end(), want), 1);
  }
  EXPECT_EQ(store->QueueDepth(), 0u);
  EXPECT_EQ(store->Stats().transactions, 3u);
}

// While the writer is inside a callback (busy), AppendHere must not overtake it: it queues, and
// its event gets the next seq, on the writer thread, after the earlier callbacks.
TEST_F(AuditStoreTest, AppendHereBehindABusyWriterQueuesInSeqOrder) {
  auto store = Open(dir_);
  ASSERT_TRUE(store);
  std::promise<void> entered, release;
  auto release_future = release.get_future().share();
  std::mutex mu;
  std::vector<uint64_t> order;
  store->Append(MakeEvent(0), [&](Result<uint64_t> r) {
    entered.set_value();
    release_future.wait();
    std::lock_guard lock(mu);
    order.push_back(r.ok() ? *r : 0);
  });
  entered.get_future().wait();
  std::thread::id ran_on;
  bool here = store->AppendHere(MakeEvent(1), [&](Result<uint64_t> r) {
    std::lock_guard lock(mu);
    ran_on = std::this_thread::get_id();
    order.push_back(r.ok() ? *r : 0);
  });
  EXPECT_FALSE(here);
  EXPECT_EQ(store->QueueDepth(), 1u);  // the batch being called back is committed already
  release.set_value();
  store->Flush();
  EXPECT_EQ(order, (std::vector<uint64_t>{1, 2}));
  EXPECT_NE(ran_on, std::this_thread::get_id());
}

// The documented misuse from inside a callback behaves the same when the callback runs on the
// appending thread: AppendSync fails instead of deadlocking, Flush returns, Append and
// AppendHere queue behind the running batch.
TEST_F(AuditStoreTest, AppendSyncFromAnAppendHereCallbackFailsInsteadOfDeadlocking) {
  auto store = Open(dir_);
  ASSERT_TRUE(store);
  std::optional<Result<uint64_t>> nested_sync;
  bool nested_here = true;
  std::promise<Result<uint64_t>> chained;
  ASSERT_TRUE(store->AppendHere(MakeEvent(1), [&](Result<uint64_t>) {
    nested_sync = store->AppendSync(MakeEvent(2));
    store->Flush();  // returns at once inside a callback
    nested_here =
        store->AppendHere(MakeEvent(3), [&](Result<uint64_t> r) { chained.set_value(r); });
  }));
  ASSERT_TRUE(nested_sync.has_value());
  ASSERT_FALSE(nested_sync->ok());
  EXPECT_EQ(nested_sync->status().code(), StatusCode::kInternal);
  EXPECT_FALSE(nested_here) << "a callback's AppendHere must queue, not commit inside the batch";
  auto r = chained.get_future().get();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 2u);  // the failed AppendSync took no seq
}

// Many threads mixing AppendHere and Append (some committing here, some queued): every seq is
// given once, contiguous from 1, callbacks run one at a time in seq order across threads, and
// the chain verifies.
TEST_F(AuditStoreTest, ConcurrentAppendHereAndAppendKeepSeqOrderAndAnIntactChain) {
  auto store = Open(dir_);
  ASSERT_TRUE(store);
  constexpr int kThreads = 6, kPerThread = 150;
  std::mutex mu;
  std::vector<uint64_t> order;
  std::atomic<int> inside{0}, overlaps{0};
  auto done = [&](Result<uint64_t> r) {
    if (inside.fetch_add(1) != 0) ++overlaps;
    {
      std::lock_guard lock(mu);
      order.push_back(r.ok() ? *r : 0);
    }
    inside.fetch_sub(1);
  };
  ASSERT_TRUE(store->AppendHere(MakeEvent(-1), done));  // idle: certainly committed here
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        Event e = MakeEvent(t * 1000 + i, "tenant" + std::to_string(t));
        if (t % 2 == 0) {
          store->AppendHere(std::move(e), done);
        } else {
          store->Append(std::move(e), done);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  store->Flush();
  ASSERT_EQ(order.size(), size_t{kThreads * kPerThread + 1});
  for (size_t i = 0; i < order.size(); ++i) ASSERT_EQ(order[i], i + 1) << "callback order";
  EXPECT_EQ(overlaps.load(), 0) << "two batches' callbacks ran at the same time";
  store.reset();
  auto report = Verify(dir_);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_TRUE(report->intact()) << report->broken->detail;
  EXPECT_EQ(report->events, uint64_t{kThreads * kPerThread + 1});
}

}  // namespace
}  // namespace frontseat::audit
