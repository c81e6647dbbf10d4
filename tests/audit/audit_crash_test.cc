// Does the audit store keep the gateway's promise under kill -9: every event whose `done` has
// fired (the moment the gateway may answer the request) is in the store after the process is
// killed mid-write, and the chain still verifies and continues?
//
// A forked child appends from 4 threads as fast as it can (at most 256 events in flight) and,
// from each `done`, writes the event's seq to a pipe, exactly where the gateway would send its
// response. The parent kills the child with SIGKILL once it has read 2000 acknowledgements (the
// writer is mid-batch then: appenders never stop), drains the pipe, reopens the store and checks.
// Three rounds on the same store, so the chain also has to continue across crashes. A second
// test does the same with two of the four threads using AppendHere (the gateway's path: an idle
// store commits on the appending thread and acknowledges there), and a third with the PostgreSQL
// store (a private server; the killed client's open transaction is rolled back by the server).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <semaphore>
#include <thread>
#include <vector>

#include "audit/audit_store.h"
#include "audit/verify.h"
#include "audit_testing.h"
#include "testing/postgres_process.h"

namespace frontseat::audit {
namespace {

using testing::AuditTest;
using testing::MakeEvent;

constexpr size_t kAcksBeforeKill = 2000;

Result<std::unique_ptr<AuditStore>> Open(const StoreRef& ref) {
  if (!ref.postgres_conninfo.empty()) return AuditStore::OpenPostgres(ref.postgres_conninfo);
  return AuditStore::OpenSqlite(ref.data_dir);
}

[[noreturn]] void RunChild(const StoreRef& ref, int ack_fd, bool use_here) {
  auto store = Open(ref);
  if (!store.ok()) _exit(3);
  AuditStore* s = store->get();
  std::counting_semaphore<> in_flight(256);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([s, ack_fd, t, use_here, &in_flight] {
      for (int i = 0; i < 10000000; ++i) {
        in_flight.acquire();
        Event e = MakeEvent(t * 10000000 + i, "tenant" + std::to_string(t));
        auto done = [ack_fd, &in_flight](Result<uint64_t> r) {
          if (!r.ok()) _exit(4);
          uint64_t seq = *r;
          // 8 bytes <= PIPE_BUF: each write is atomic, never interleaved.
          if (::write(ack_fd, &seq, sizeof seq) != sizeof seq) _exit(5);
          in_flight.release();
        };
        if (use_here && t % 2 == 0) {
          s->AppendHere(std::move(e), done);
        } else {
          s->Append(std::move(e), done);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  _exit(0);  // not reached in practice: the parent kills us long before
}

struct Round {
  std::vector<uint64_t> acked;
  int wait_status = 0;
};

Round CrashRound(const StoreRef& ref, bool use_here) {
  Round round;
  int fds[2];
  if (::pipe(fds) != 0) {
    ADD_FAILURE() << "pipe: " << errno;
    return round;
  }
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    RunChild(ref, fds[1], use_here);
  }
  ::close(fds[1]);
  std::vector<char> pending;
  char buf[4096];
  bool killed = false;
  for (;;) {
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF: the child is gone and everything it wrote has been read
    pending.insert(pending.end(), buf, buf + n);
    size_t whole = pending.size() / 8 * 8;
    for (size_t i = 0; i < whole; i += 8) {
      uint64_t seq;
      std::memcpy(&seq, pending.data() + i, 8);
      round.acked.push_back(seq);
    }
    pending.erase(pending.begin(), pending.begin() + static_cast<ptrdiff_t>(whole));
    if (!killed && round.acked.size() >= kAcksBeforeKill) {
      ::kill(pid, SIGKILL);
      killed = true;
    }
  }
  ::close(fds[0]);
  ::waitpid(pid, &round.wait_status, 0);
  return round;
}

class AuditCrashTest : public AuditTest {
 protected:
  // `count_rows(a, b)`: how many events with seq in [a, b] the store holds.
  void CheckThreeCrashes(const StoreRef& ref, bool use_here,
                         const std::function<int64_t(uint64_t, uint64_t)>& count_rows);
  // With SQLite the newest acknowledged events may still be in the journal after the kill: they
  // are counted first as readers see them (Query reads the journal too), then in audit.db itself
  // after an open has moved them there.
  void CheckThreeCrashes(bool use_here) {
    CheckThreeCrashes(StoreRef{dir_, "", ""}, use_here, [this](uint64_t a, uint64_t b) {
      int64_t listed = 0;
      for (uint64_t seq : testing::QueriedSeqs(dir_)) listed += seq >= a && seq <= b;
      {
        auto reopened = AuditStore::OpenSqlite(dir_);
        EXPECT_TRUE(reopened.ok()) << reopened.status().message();
      }
      int64_t in_db = SqlInt("SELECT count(*) FROM events WHERE seq BETWEEN " +
                             std::to_string(a) + " AND " + std::to_string(b));
      EXPECT_EQ(listed, in_db) << "Query before the reopen and audit.db after it differ";
      return std::min(listed, in_db);
    });
  }
};

void AuditCrashTest::CheckThreeCrashes(
    const StoreRef& ref, bool use_here,
    const std::function<int64_t(uint64_t, uint64_t)>& count_rows) {
  uint64_t previous_max = 0;
  for (int r = 0; r < 3; ++r) {
    SCOPED_TRACE("round " + std::to_string(r));
    Round round = CrashRound(ref, use_here);
    ASSERT_TRUE(WIFSIGNALED(round.wait_status) && WTERMSIG(round.wait_status) == SIGKILL)
        << "the child ended on its own (exit status "
        << (WIFEXITED(round.wait_status) ? WEXITSTATUS(round.wait_status) : -1)
        << ": 3 open failed, 4 an append failed, 5 pipe write failed)";
    ASSERT_GE(round.acked.size(), kAcksBeforeKill);

    auto report = Verify(ref);
    ASSERT_TRUE(report.ok()) << report.status().message();
    ASSERT_TRUE(report->intact()) << "seq " << report->broken->seq << ": "
                                  << report->broken->detail;
    std::sort(round.acked.begin(), round.acked.end());
    EXPECT_TRUE(std::adjacent_find(round.acked.begin(), round.acked.end()) == round.acked.end())
        << "a seq was acknowledged twice";
    // Seqs are contiguous from 1 in an intact chain, so "present" means <= last_seq; check the
    // rows themselves too.
    EXPECT_GT(round.acked.front(), previous_max) << "the chain restarted instead of continuing";
    EXPECT_LE(round.acked.back(), report->last_seq) << "an acknowledged event was lost";
    int64_t present = count_rows(round.acked.front(), round.acked.back());
    EXPECT_EQ(present, static_cast<int64_t>(round.acked.back() - round.acked.front() + 1));
    previous_max = report->last_seq;
  }
  // After three crashes the store still opens and appends right after the last event.
  auto store = Open(ref);
  ASSERT_TRUE(store.ok()) << store.status().message();
  auto seq = (*store)->AppendSync(MakeEvent(1));
  ASSERT_TRUE(seq.ok());
  EXPECT_EQ(*seq, previous_max + 1);
}

TEST_F(AuditCrashTest, EveryAcknowledgedEventSurvivesKillNine) { CheckThreeCrashes(false); }

TEST_F(AuditCrashTest, EveryAcknowledgedEventSurvivesKillNineWithAppendHere) {
  CheckThreeCrashes(true);
}

TEST_F(AuditCrashTest, EveryAcknowledgedEventSurvivesKillNineWithPostgres) {
  frontseat::testing::PostgresProcess pg;
  if (!pg.available()) GTEST_SKIP() << pg.error();
  ASSERT_TRUE(pg.ok()) << pg.error();
  std::string url = pg.CreateDatabase("crash");
  ASSERT_FALSE(url.empty()) << pg.error();
  CheckThreeCrashes(StoreRef{"", url, ""}, true, [&pg](uint64_t a, uint64_t b) {
    std::string n = pg.Exec("crash", "SELECT count(*) FROM frontseat_audit_events WHERE seq "
                                     "BETWEEN " + std::to_string(a) + " AND " + std::to_string(b));
    return static_cast<int64_t>(std::strtoll(n.c_str(), nullptr, 10));
  });
}

}  // namespace
}  // namespace frontseat::audit
