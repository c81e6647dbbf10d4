// The SQLite store's journal (src/audit/sqlite/journal.h): the record format, what an open does
// with the events a crash left only in the journal, what readers see before that open, the ends
// of the intact run (torn, stale, corrupted records), a journal that does not continue audit.db
// (refused), the mover's retries while audit.db fails, and the journal starting again once its
// events are in audit.db. Journals are built by hand with journal::AppendRecord, the writer's own
// encoder, chained on the hash of the store's last event.
#include "audit/sqlite/journal.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "audit/audit_store.h"
#include "audit/canonical.h"
#include "audit/verify.h"
#include "audit_testing.h"

namespace frontseat::audit {
namespace {

using testing::AuditTest;
using testing::MakeEvent;
using testing::QueriedSeqs;

class AuditJournalTest : public AuditTest {
 protected:
  std::string journal_path() const { return dir_ + "/audit.journal"; }

  // A store with events 1..n, closed (so its journal is empty); returns the hash of event n.
  Hash StoreWith(int n) {
    {
      auto store = AuditStore::OpenSqlite(dir_);
      EXPECT_TRUE(store.ok()) << store.status().message();
      if (!store.ok()) return {};
      for (int i = 1; i <= n; ++i) EXPECT_TRUE((*store)->AppendSync(MakeEvent(i)).ok());
    }
    auto report = Verify(dir_);
    EXPECT_TRUE(report.ok() && report->intact());
    auto head = ParseHexHash(report.ok() ? report->head_hash : "");
    EXPECT_TRUE(head.has_value());
    return head.value_or(Hash{});
  }

  // Records for seqs first..last, chained from `prev`; `hashes` gets each record's hash.
  static std::string Records(uint64_t first, uint64_t last, Hash prev,
                             std::vector<Hash>* hashes = nullptr) {
    std::string out;
    for (uint64_t seq = first; seq <= last; ++seq) {
      prev = journal::AppendRecord(seq, prev, MakeEvent(static_cast<int>(seq)), out);
      if (hashes) hashes->push_back(prev);
    }
    return out;
  }

  void WriteJournal(const std::string& bytes) {
    std::ofstream(journal_path(), std::ios::binary | std::ios::trunc) << bytes;
  }

  // The journal's intact run, as the readers see it.
  std::vector<int64_t> JournalSeqs() const {
    std::vector<int64_t> seqs;
    auto rows = journal::ReadRows(dir_);
    EXPECT_TRUE(rows.ok()) << rows.status().message();
    if (rows.ok()) {
      for (const StoredRow& r : *rows) seqs.push_back(r.seq);
    }
    return seqs;
  }
};

std::vector<uint64_t> Range(uint64_t first, uint64_t last) {
  std::vector<uint64_t> out;
  for (uint64_t s = first; s <= last; ++s) out.push_back(s);
  return out;
}

TEST(AuditJournalFormat, RecordsAndCanonicalBytesRoundTrip) {
  Event e = MakeEvent(7, "t\xff\n", "block");
  e.http_status = -3;
  e.total_us = -1;
  Hash prev{};
  prev[0] = 9;
  std::string bytes;
  Hash hash = journal::AppendRecord(42, prev, e, bytes);
  EXPECT_EQ(hash, ChainHash(prev, CanonicalBytes(42, e)));
  auto r = journal::ParseRecord(bytes);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->seq, 42u);
  EXPECT_EQ(r->prev, prev);
  EXPECT_EQ(r->hash, hash);
  EXPECT_EQ(CanonicalBytes(r->seq, r->event), CanonicalBytes(42, e));

  // Every single-byte change is caught (magic, length, hashes, canonical bytes).
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string changed = bytes;
    changed[i] = static_cast<char>(changed[i] ^ 0x01);
    EXPECT_FALSE(journal::ParseRecord(changed).ok()) << "byte " << i;
  }
  // A record cut short or with bytes after it.
  EXPECT_NE(journal::ParseRecord(bytes.substr(0, bytes.size() - 1))
                .status()
                .message()
                .find("length field"),
            std::string::npos);
  EXPECT_FALSE(journal::ParseRecord(bytes + "x").ok());
  EXPECT_FALSE(journal::ParseRecord("").ok());

  std::string canonical = CanonicalBytes(5, e);
  auto parsed = ParseCanonical(canonical);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(CanonicalBytes(parsed->first, parsed->second), canonical);
  EXPECT_NE(ParseCanonical(canonical + "z").status().message().find("1 bytes after the last field"),
            std::string::npos);
  EXPECT_NE(ParseCanonical(canonical.substr(0, canonical.size() - 3))
                .status()
                .message()
                .find("completion_tokens runs past the end"),
            std::string::npos);
  EXPECT_NE(ParseCanonical("frontseat.audit.v0\n").status().message().find("does not start"),
            std::string::npos);
  Event big = e;
  std::string out_of_range = CanonicalBytes(5, big);
  // http_status is the 8 bytes after seq, time_us and five strings; set it to 2^40.
  size_t at = kCanonicalMagic.size() + 16;
  for (const std::string* s : {&e.request_id, &e.tenant, &e.route, &e.model, &e.action}) {
    at += 8 + s->size();
  }
  out_of_range.replace(at, 8, std::string("\0\0\x01\0\0\0\0\0", 8));
  EXPECT_NE(ParseCanonical(out_of_range).status().message().find("http_status is out of range"),
            std::string::npos);
}

// A crash after the journal write and before the mover: readers already see the events, and
// the next open moves them into audit.db, where the chain continues.
TEST_F(AuditJournalTest, AnOpenMovesWhatACrashLeftInTheJournal) {
  Hash head = StoreWith(5);
  WriteJournal(Records(6, 8, head));
  EXPECT_EQ(SqlInt("SELECT count(*) FROM events"), 5);

  auto report = Verify(dir_);
  ASSERT_TRUE(report.ok()) << report.status().message();
  ASSERT_TRUE(report->intact()) << report->broken->detail;
  EXPECT_EQ(report->events, 8u);
  EXPECT_EQ(report->journal_events, 3u);
  EXPECT_EQ(QueriedSeqs(dir_), Range(1, 8));

  {
    auto store = AuditStore::OpenSqlite(dir_);
    ASSERT_TRUE(store.ok()) << store.status().message();
    EXPECT_EQ((*store)->Stats().events_replayed, 3u);
    EXPECT_EQ(SqlInt("SELECT count(*) FROM events"), 8);
    EXPECT_TRUE(JournalSeqs().empty()) << "the journal starts again after the replay";
    auto seq = (*store)->AppendSync(MakeEvent(9));
    ASSERT_TRUE(seq.ok());
    EXPECT_EQ(*seq, 9u);
  }
  report = Verify(dir_);
  ASSERT_TRUE(report.ok() && report->intact());
  EXPECT_EQ(report->events, 9u);
  EXPECT_EQ(report->journal_events, 0u);
  EXPECT_TRUE(JournalSeqs().empty()) << "a clean close leaves an empty journal";
}

// The intact run ends at a torn record, at an older cycle's record, and at a changed byte; what
// follows is never moved.
TEST_F(AuditJournalTest, TheRunEndsAtATornStaleOrChangedRecord) {
  Hash head = StoreWith(5);
  std::vector<Hash> hashes;
  std::string good = Records(6, 7, head, &hashes);
  std::string next = Records(8, 8, hashes.back());
  std::string stale = Records(3, 3, Hash{});

  struct Case {
    const char* name;
    std::string bytes;
    std::vector<int64_t> run;
  };
  std::string changed = good;
  changed[changed.size() - 20] ^= 0x20;  // inside record 7's event
  const std::vector<Case> cases = {
      {"torn", good + next.substr(0, next.size() / 2), {6, 7}},
      {"stale", good + stale + next, {6, 7}},
      {"changed", changed + next, {6}},
      {"garbage length", good + std::string("FSJ1\xff\xff\xff\xff", 8), {6, 7}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::filesystem::remove_all(dir_);
    head = StoreWith(5);
    WriteJournal(c.bytes);
    EXPECT_EQ(JournalSeqs(), c.run);
    auto store = AuditStore::OpenSqlite(dir_);
    ASSERT_TRUE(store.ok()) << store.status().message();
    EXPECT_EQ((*store)->Stats().events_replayed, c.run.size());
    auto seq = (*store)->AppendSync(MakeEvent(100));
    ASSERT_TRUE(seq.ok());
    EXPECT_EQ(*seq, 5 + c.run.size() + 1);
    store->reset();
    auto report = Verify(dir_);
    ASSERT_TRUE(report.ok());
    EXPECT_TRUE(report->intact()) << report->broken->detail;
    EXPECT_EQ(report->events, 5 + c.run.size() + 1);
  }
}

// A journal whose first new event is not audit.db's next one (a hole, or another chain) is
// refused at open, naming the journal, and reported broken by Verify: moving it would fork the
// chain or hide the hole.
TEST_F(AuditJournalTest, AJournalThatDoesNotContinueAuditDbIsRefused) {
  Hash head = StoreWith(5);
  WriteJournal(Records(7, 8, head));  // seq 6 is in neither
  auto store = AuditStore::OpenSqlite(dir_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(store.status().message().find("audit.journal: seq 7"), std::string::npos)
      << store.status().message();
  EXPECT_NE(store.status().message().find("events 6..6 are in neither"), std::string::npos);
  auto report = Verify(dir_);
  ASSERT_TRUE(report.ok());
  ASSERT_FALSE(report->intact());
  EXPECT_EQ(report->broken->error, LinkError::kSeqGap);
  EXPECT_EQ(report->events, 5u);

  Hash other{};
  other[31] = 1;
  WriteJournal(Records(6, 6, other));  // right seq, another chain
  store = AuditStore::OpenSqlite(dir_);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("its prev_hash is not the hash of seq 5"),
            std::string::npos)
      << store.status().message();
  report = Verify(dir_);
  ASSERT_TRUE(report.ok());
  ASSERT_FALSE(report->intact());
  EXPECT_EQ(report->broken->error, LinkError::kPrevMismatch);
  EXPECT_EQ(SqlInt("SELECT count(*) FROM events"), 5);
}

// While audit.db refuses inserts, requests are still acknowledged (the journal holds them and
// readers see them), the mover counts its failures and retries, and moves everything once
// audit.db accepts again. A store closed while audit.db fails leaves the rest in the journal
// for the next open.
TEST_F(AuditJournalTest, TheMoverRetriesWhileAuditDbFails) {
  StoreWith(2);
  const std::string block =
      "CREATE TRIGGER block_inserts BEFORE INSERT ON events "
      "BEGIN SELECT RAISE(ABORT, 'blocked by the test'); END";
  {
    StoreOptions options;
    options.max_move_backlog = 3;
    auto store = AuditStore::OpenSqlite(dir_, options);
    ASSERT_TRUE(store.ok()) << store.status().message();
    Sql(block);
    for (int i = 3; i <= 5; ++i) {
      auto seq = (*store)->AppendSync(MakeEvent(i));
      ASSERT_TRUE(seq.ok()) << seq.status().message();
      EXPECT_EQ(*seq, static_cast<uint64_t>(i));
    }
    // The backlog is full: the next event is refused, naming audit.db's failure.
    auto refused = (*store)->AppendSync(MakeEvent(99));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().code(), StatusCode::kIoError);
    EXPECT_NE(refused.status().message().find("3 acknowledged events are still waiting"),
              std::string::npos)
        << refused.status().message();
    EXPECT_NE(refused.status().message().find("blocked by the test"), std::string::npos)
        << refused.status().message();
    StoreStats stats = (*store)->Stats();
    EXPECT_GE(stats.move_errors, 1u);
    EXPECT_EQ(stats.move_backlog, 3u);
    EXPECT_EQ(SqlInt("SELECT count(*) FROM events"), 2);
    EXPECT_EQ(QueriedSeqs(dir_), Range(1, 5));

    Sql("DROP TRIGGER block_inserts");
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while ((*store)->Stats().move_backlog > 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_EQ((*store)->Stats().move_backlog, 0u);
    EXPECT_EQ(SqlInt("SELECT count(*) FROM events"), 5);

    Sql(block);
    ASSERT_TRUE((*store)->AppendSync(MakeEvent(6)).ok());
    ASSERT_TRUE((*store)->AppendSync(MakeEvent(7)).ok());
  }  // closed while audit.db fails
  EXPECT_EQ(SqlInt("SELECT count(*) FROM events"), 5);
  EXPECT_EQ(JournalSeqs().back(), 7);
  auto report = Verify(dir_);
  ASSERT_TRUE(report.ok() && report->intact());
  EXPECT_EQ(report->events, 7u);
  EXPECT_EQ(report->journal_events, 2u);

  Sql("DROP TRIGGER block_inserts");
  auto store = AuditStore::OpenSqlite(dir_);
  ASSERT_TRUE(store.ok()) << store.status().message();
  EXPECT_EQ((*store)->Stats().events_replayed, 2u);
  EXPECT_EQ(SqlInt("SELECT count(*) FROM events"), 7);
}

// The journal is written from its start again once its events are all in audit.db and it has
// reached journal_bytes, so it stays the size of one batch; with the default it grows until the
// limit; either way the chain is whole, in power-loss mode too.
TEST_F(AuditJournalTest, TheJournalStartsAgainOnceItsEventsAreInAuditDb) {
  for (Durability durability : {Durability::kProcessCrash, Durability::kPowerLoss}) {
    for (size_t journal_bytes : {size_t{1}, StoreOptions{}.journal_bytes}) {
      SCOPED_TRACE("journal_bytes " + std::to_string(journal_bytes));
      std::filesystem::remove_all(dir_);
      StoreOptions options;
      options.durability = durability;
      options.journal_bytes = journal_bytes;
      auto store = AuditStore::OpenSqlite(dir_, options);
      ASSERT_TRUE(store.ok()) << store.status().message();
      for (int i = 1; i <= 50; ++i) ASSERT_TRUE((*store)->AppendSync(MakeEvent(i)).ok());
      StoreStats stats = (*store)->Stats();
      uintmax_t size = std::filesystem::file_size(journal_path());
      uintmax_t one = Records(1, 1, Hash{}).size();
      if (journal_bytes == 1) {
        EXPECT_GE(stats.journal_resets, 49u);
        EXPECT_LE(size, 2 * one);
      } else {
        EXPECT_EQ(stats.journal_resets, 0u);
        EXPECT_GE(size, 50 * (one - 16));
      }
      EXPECT_EQ(stats.events_moved, 50u);
      store->reset();
      auto report = Verify(dir_);
      ASSERT_TRUE(report.ok());
      EXPECT_TRUE(report->intact());
      EXPECT_EQ(report->events, 50u);
      EXPECT_EQ(report->journal_events, 0u);
    }
  }
}

TEST_F(AuditJournalTest, OptionsThatAJournalCannotHoldAreRefused) {
  StoreOptions options;
  options.max_event_bytes = (size_t{1} << 30) + 1;
  auto store = AuditStore::OpenSqlite(dir_, options);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("max_event_bytes"), std::string::npos);
  options = {};
  options.max_move_backlog = 0;
  store = AuditStore::OpenSqlite(dir_, options);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("max_move_backlog"), std::string::npos);
  options = {};
  options.move_min_batch = 0;
  store = AuditStore::OpenSqlite(dir_, options);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("move_min_batch"), std::string::npos);
  options = {};
  options.move_max_delay = std::chrono::milliseconds(-1);
  store = AuditStore::OpenSqlite(dir_, options);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("move_max_delay"), std::string::npos);
}

// Appends `n` events (seq first..) with Append and waits for their acknowledgements, which need
// the journal only.
void AppendAcknowledged(AuditStore& store, int first, int n) {
  std::mutex mu;
  std::condition_variable cv;
  int acknowledged = 0;
  for (int i = first; i < first + n; ++i) {
    store.Append(MakeEvent(i), [&](Result<uint64_t> seq) {
      EXPECT_TRUE(seq.ok()) << seq.status().message();
      std::lock_guard lock(mu);
      ++acknowledged;
      cv.notify_all();
    });
  }
  std::unique_lock lock(mu);
  cv.wait(lock, [&] { return acknowledged == n; });
}

// Waits (at most 30 s) until the mover has moved `n` events; returns the stats then.
StoreStats WaitMoved(AuditStore& store, uint64_t n) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (store.Stats().events_moved < n && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return store.Stats();
}

StoreOptions MoveOptions(size_t min_batch, std::chrono::milliseconds max_delay) {
  StoreOptions options;
  options.move_min_batch = min_batch;
  options.move_max_delay = max_delay;
  return options;
}

// Issue 4: a transaction per event wrote ~4 WAL pages for one event, and the checkpoints wrote
// them all to disk again: on a 2-core VM that disk traffic was most of the gateway's p99. The
// mover now waits for move_min_batch events (or move_max_delay) and moves them in one
// transaction. Readers see the waiting events through the journal meanwhile, and Flush (like
// AppendSync and closing) does not wait for a fuller transaction.
TEST_F(AuditJournalTest, TheMoverWaitsForMoveMinBatchEventsAndFlushDoesNot) {
  auto store = AuditStore::OpenSqlite(dir_, MoveOptions(8, std::chrono::hours(1)));
  ASSERT_TRUE(store.ok()) << store.status().message();
  AppendAcknowledged(**store, 1, 7);
  StoreStats stats = (*store)->Stats();
  EXPECT_EQ(stats.events_moved, 0u);
  EXPECT_EQ(stats.move_backlog, 7u);
  EXPECT_EQ(SqlInt("SELECT count(*) FROM events"), 0);
  EXPECT_EQ(QueriedSeqs(dir_), Range(1, 7));

  AppendAcknowledged(**store, 8, 1);  // the eighth fills a transaction
  stats = WaitMoved(**store, 8);
  EXPECT_EQ(stats.events_moved, 8u);
  EXPECT_EQ(stats.move_transactions, 1u);
  EXPECT_EQ(SqlInt("SELECT count(*) FROM events"), 8);

  AppendAcknowledged(**store, 9, 3);
  (*store)->Flush();  // returns without the other five or the hour
  stats = (*store)->Stats();
  EXPECT_EQ(stats.events_moved, 11u);
  EXPECT_EQ(stats.move_transactions, 2u);
  EXPECT_EQ(SqlInt("SELECT count(*) FROM events"), 11);

  AppendAcknowledged(**store, 12, 2);
  store->reset();  // closing moves the rest too
  EXPECT_EQ(SqlInt("SELECT count(*) FROM events"), 13);
  auto report = Verify(dir_);
  ASSERT_TRUE(report.ok() && report->intact());
  EXPECT_EQ(report->journal_events, 0u);
}

// A lone event is moved once it has waited move_max_delay.
TEST_F(AuditJournalTest, ALoneEventIsMovedAfterMoveMaxDelay) {
  auto store = AuditStore::OpenSqlite(dir_, MoveOptions(1000, std::chrono::milliseconds(20)));
  ASSERT_TRUE(store.ok()) << store.status().message();
  AppendAcknowledged(**store, 1, 1);
  EXPECT_EQ(WaitMoved(**store, 1).events_moved, 1u);
  EXPECT_EQ(SqlInt("SELECT count(*) FROM events"), 1);
}

}  // namespace
}  // namespace frontseat::audit
