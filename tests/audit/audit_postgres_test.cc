// The PostgreSQL audit store against a private PostgreSQL server: does it keep the same chain as
// the SQLite store (same hashes for the same events), keep one linear chain when several stores
// write to one database at once, continue the chain after a reopen, store any bytes exactly,
// and do Verify and Query read it back, catching edits and deletions (including of the newest
// events, through the chain head row)? Do two `frontseat serve` processes share it? And does it
// talk TLS to a server that requires it, checking the server's certificate?
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <mutex>
#include <tuple>
#include <utility>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "audit/audit_store.h"
#include "audit/postgres/pg_db.h"
#include "audit/query.h"
#include "audit/verify.h"
#include "testing/cli_testing.h"
#include "testing/gateway_process.h"
#include "testing/http_testing.h"
#include "testing/postgres_process.h"
#include "testing/test_certs.h"

namespace frontseat::audit {
namespace {

using frontseat::testing::PostgresProcess;

// Runs the frontseat binary with `args`; its exit status and standard output.
std::pair<int, std::string> RunFrontseat(const std::string& args) {
  std::string cmd = frontseat::testing::FrontseatBinary() + " " + args + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while (p && (n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int status = p ? ::pclose(p) : -1;
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

Event MakeEvent(int i, std::string tenant = "acme") {
  Event e;
  e.time_us = 1'795'341'600'000'000 + i * 1000;
  e.request_id = "req-" + std::to_string(i);
  e.tenant = std::move(tenant);
  e.route = "/v1/guard";
  e.model = "m";
  e.action = i % 3 == 0 ? "block" : "allow";
  e.http_status = i % 3 == 0 ? 400 : 200;
  e.categories_json = i % 3 == 0 ? R"({"secret":1})" : "{}";
  e.redacted_input = "input " + std::to_string(i);
  e.guard_us = i;
  return e;
}

// The store at `ref` verifies intact with `events` events.
void ExpectIntact(const StoreRef& ref, uint64_t events) {
  auto v = Verify(ref);
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_TRUE(v->intact()) << v->broken->detail;
  EXPECT_EQ(v->events, events);
}

class AuditPostgres : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { pg_ = new PostgresProcess(); }
  static void TearDownTestSuite() {
    delete pg_;
    pg_ = nullptr;
  }
  void SetUp() override {
    if (!pg_->available()) GTEST_SKIP() << pg_->error();
    ASSERT_TRUE(pg_->ok()) << pg_->error();
    db_ = "t" + std::to_string(++counter_);
    url_ = pg_->CreateDatabase(db_);
    ASSERT_FALSE(url_.empty()) << pg_->error();
  }
  StoreRef Ref() const { return StoreRef{"", url_, ""}; }

  static PostgresProcess* pg_;
  static int counter_;
  std::string db_, url_;
};

PostgresProcess* AuditPostgres::pg_ = nullptr;
int AuditPostgres::counter_ = 0;

TEST_F(AuditPostgres, SameChainAsSqliteAndQueriesAlike) {
  std::string dir = ::testing::TempDir() + "/pg_vs_sqlite_" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  {
    auto pg = AuditStore::OpenPostgres(url_);
    ASSERT_TRUE(pg.ok()) << pg.status().message();
    auto lite = AuditStore::OpenSqlite(dir);
    ASSERT_TRUE(lite.ok()) << lite.status().message();
    for (int i = 1; i <= 30; ++i) {
      Event e = MakeEvent(i, i % 2 ? "acme" : "globex");
      if (i == 7) e.redacted_output = std::string("nul\0byte \xff\xfe not utf-8", 22);
      auto a = (*pg)->AppendSync(e);
      auto b = (*lite)->AppendSync(e);
      ASSERT_TRUE(a.ok()) << a.status().message();
      ASSERT_TRUE(b.ok()) << b.status().message();
      EXPECT_EQ(*a, static_cast<uint64_t>(i));
    }
    Event bad = MakeEvent(31);
    bad.action = "explode";
    EXPECT_FALSE((*pg)->AppendSync(bad).ok());
    EXPECT_EQ((*pg)->Stats().events_committed, 30u);
  }
  auto pv = Verify(Ref());
  auto sv = Verify(dir);
  ASSERT_TRUE(pv.ok()) << pv.status().message();
  ASSERT_TRUE(sv.ok()) << sv.status().message();
  EXPECT_TRUE(pv->intact()) << pv->broken->detail;
  EXPECT_EQ(pv->events, 30u);
  // The same events give the same chain, whichever store holds them.
  EXPECT_EQ(pv->head_hash, sv->head_hash);

  QueryFilter all;
  auto pl = QueryLines(Ref(), all);
  auto sl = QueryLines(dir, all);
  ASSERT_TRUE(pl.ok()) << pl.status().message();
  ASSERT_TRUE(sl.ok());
  EXPECT_EQ(*pl, *sl);  // byte-for-byte the same JSON lines, the NUL and bad bytes included
  QueryFilter f;
  f.tenant = "globex";
  f.action = "block";
  f.since_us = 1'795'341'600'000'000 + 5 * 1000;
  f.limit = 3;
  auto pf = QueryLines(Ref(), f);
  auto sf = QueryLines(dir, f);
  ASSERT_TRUE(pf.ok()) << pf.status().message();
  ASSERT_TRUE(sf.ok());
  EXPECT_EQ(*pf, *sf);
  ASSERT_EQ(pf->size(), 3u);  // seq 6, 12, 18
  EXPECT_NE((*pf)[0].find("\"seq\":6,"), std::string::npos) << (*pf)[0];
  QueryFilter cat;
  cat.category = "secret";
  auto pc = QueryLines(Ref(), cat);
  ASSERT_TRUE(pc.ok());
  EXPECT_EQ(pc->size(), 10u);
  std::filesystem::remove_all(dir);
}

TEST_F(AuditPostgres, StoresWritingAtOnceKeepOneChain) {
  constexpr int kStores = 3, kThreads = 2, kEach = 60;
  std::vector<std::unique_ptr<AuditStore>> stores;
  for (int s = 0; s < kStores; ++s) {
    auto st = AuditStore::OpenPostgres(url_);
    ASSERT_TRUE(st.ok()) << st.status().message();
    stores.push_back(std::move(st).value());
  }
  std::mutex mu;
  std::set<uint64_t> seqs;
  std::vector<std::thread> threads;
  for (int s = 0; s < kStores; ++s) {
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, s, t] {
        for (int i = 0; i < kEach; ++i) {
          // Append (group commit) for most, AppendSync for some: batches of varied sizes.
          Event e = MakeEvent(i, "store" + std::to_string(s) + "-" + std::to_string(t));
          if (i % 10 == 0) {
            auto r = stores[s]->AppendSync(e);
            std::lock_guard lock(mu);
            if (r.ok()) seqs.insert(*r);
          } else {
            stores[s]->Append(e, [&](Result<uint64_t> r) {
              std::lock_guard lock(mu);
              if (r.ok()) seqs.insert(*r);
            });
          }
        }
      });
    }
  }
  for (auto& th : threads) th.join();
  uint64_t moved = 0;
  for (auto& st : stores) {
    st->Flush();
    moved += st->Stats().head_moved_batches;
  }
  EXPECT_GT(moved, 0u);  // the stores did contend
  const size_t total = kStores * kThreads * kEach;
  EXPECT_EQ(seqs.size(), total);
  EXPECT_EQ(*seqs.begin(), 1u);
  EXPECT_EQ(*seqs.rbegin(), total);
  stores.clear();
  ASSERT_NO_FATAL_FAILURE(ExpectIntact(Ref(), total));
}

TEST_F(AuditPostgres, ReopenContinuesTheChain) {
  {
    auto st = AuditStore::OpenPostgres(url_);
    ASSERT_TRUE(st.ok()) << st.status().message();
    for (int i = 1; i <= 5; ++i) ASSERT_TRUE((*st)->AppendSync(MakeEvent(i)).ok());
  }
  auto st = AuditStore::OpenPostgres(url_);
  ASSERT_TRUE(st.ok()) << st.status().message();
  EXPECT_EQ((*st)->Stats().last_seq, 5u);
  auto r = (*st)->AppendSync(MakeEvent(6));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r, 6u);
  ASSERT_NO_FATAL_FAILURE(ExpectIntact(Ref(), 6u));
}

TEST_F(AuditPostgres, AStoreThatWasNotLastToWriteReadsTheHeadFirst) {
  auto a = AuditStore::OpenPostgres(url_);
  auto b = AuditStore::OpenPostgres(url_);
  ASSERT_TRUE(a.ok() && b.ok());
  // Each store believes it knows the head (seq 0 at open); after the other writes, its one-round-
  // trip attempt must write nothing and it must continue from the real head instead.
  EXPECT_EQ(*(*a)->AppendSync(MakeEvent(1)), 1u);
  EXPECT_EQ(*(*b)->AppendSync(MakeEvent(2)), 2u);
  EXPECT_EQ(*(*b)->AppendSync(MakeEvent(3)), 3u);
  EXPECT_EQ(*(*a)->AppendSync(MakeEvent(4)), 4u);
  EXPECT_EQ((*a)->Stats().head_moved_batches, 1u);
  EXPECT_EQ((*b)->Stats().head_moved_batches, 1u);
  EXPECT_EQ(pg_->Exec(db_, "SELECT count(*) FROM frontseat_audit_events"), "4");
  ASSERT_NO_FATAL_FAILURE(ExpectIntact(Ref(), 4u));
}

// A server restart breaks the store's connection: the batch that meets it fails (its requests
// get the error, nothing is acknowledged), and the next batch reconnects and continues the
// chain from the head it reads again. This suite's server is shared, so it comes back at once.
TEST_F(AuditPostgres, AnOutageFailsTheBatchAndTheStoreReconnectsAfter) {
  auto st = AuditStore::OpenPostgres(url_);
  ASSERT_TRUE(st.ok()) << st.status().message();
  ASSERT_TRUE((*st)->AppendSync(MakeEvent(1)).ok());
  ASSERT_TRUE(pg_->Stop());
  auto down = (*st)->AppendSync(MakeEvent(2));
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.status().code(), StatusCode::kIoError);
  EXPECT_NE(down.status().message().find("postgres 127.0.0.1:"), std::string::npos)
      << down.status().message();
  ASSERT_TRUE(pg_->Start()) << pg_->error();
  auto back = (*st)->AppendSync(MakeEvent(3));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, 2u);  // the failed event took no seq
  EXPECT_EQ((*st)->Stats().events_failed, 1u);
  ASSERT_NO_FATAL_FAILURE(ExpectIntact(Ref(), 2u));
}

TEST_F(AuditPostgres, VerifyFindsEditsAndDeletions) {
  {
    auto st = AuditStore::OpenPostgres(url_);
    ASSERT_TRUE(st.ok()) << st.status().message();
    for (int i = 1; i <= 8; ++i) ASSERT_TRUE((*st)->AppendSync(MakeEvent(i)).ok());
  }
  // The newest event deleted: the rows alone still form a valid chain, the head row does not.
  ASSERT_EQ(pg_->Exec(db_, "DELETE FROM frontseat_audit_events WHERE seq = 8"), "");
  auto v = Verify(Ref());
  ASSERT_TRUE(v.ok()) << v.status().message();
  ASSERT_FALSE(v->intact());
  EXPECT_EQ(v->broken->error, LinkError::kSeqGap);
  EXPECT_NE(v->broken->detail.find("newest events were deleted"), std::string::npos)
      << v->broken->detail;
  EXPECT_EQ(v->events, 7u);

  // A field edited in the middle.
  ASSERT_EQ(pg_->Exec(db_,
                      "UPDATE frontseat_audit_events SET redacted_input = 'x'::bytea "
                      "WHERE seq = 4"),
            "");
  v = Verify(Ref());
  ASSERT_TRUE(v.ok());
  ASSERT_FALSE(v->intact());
  EXPECT_EQ(v->broken->seq, 4u);
  EXPECT_EQ(v->broken->error, LinkError::kHashMismatch);
  EXPECT_EQ(v->events, 3u);
}

TEST_F(AuditPostgres, ErrorsNameTheProblem) {
  auto down = AuditStore::OpenPostgres("postgresql://postgres@127.0.0.1:1/nothing");
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.status().code(), StatusCode::kIoError);
  EXPECT_NE(down.status().message().find("cannot connect"), std::string::npos)
      << down.status().message();

  // Every connection has a statement timeout, so a writer stuck behind a lock fails instead of
  // holding the gateway's requests forever; a conninfo can set its own.
  for (auto [conninfo, expected] :
       {std::pair{url_, "10s"}, std::pair{url_ + "?options=-c%20statement_timeout%3D3s", "3s"}}) {
    auto conn = pg::Conn::Open(conninfo, "");
    ASSERT_TRUE(conn.ok()) << conn.status().message();
    auto shown = conn->Exec("SHOW statement_timeout", "show");
    ASSERT_TRUE(shown.ok()) << shown.status().message();
    EXPECT_STREQ(PQgetvalue(shown->get(), 0, 0), expected);
  }

  auto none = Verify(Ref());  // a database without the tables
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), StatusCode::kNotFound);
  EXPECT_NE(none.status().message().find("no audit store"), std::string::npos);

  { ASSERT_TRUE(AuditStore::OpenPostgres(url_).ok()); }
  ASSERT_EQ(pg_->Exec(db_,
                      "UPDATE frontseat_audit_meta SET value = '9' "
                      "WHERE key = 'schema_version'"),
            "");
  auto newer = AuditStore::OpenPostgres(url_);
  ASSERT_FALSE(newer.ok());
  EXPECT_EQ(newer.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(newer.status().message().find("newer than this build"), std::string::npos)
      << newer.status().message();
}

TEST_F(AuditPostgres, TwoGatewaysShareTheStore) {
  using frontseat::testing::GatewayOptions;
  using frontseat::testing::GatewayProcess;
  using frontseat::testing::HttpCall;
  GatewayOptions o;
  o.config_yaml = "audit:\n  store: postgres\n  postgres_url: " + url_ + "\n";
  GatewayProcess a(o);
  GatewayProcess b(o);
  ASSERT_TRUE(a.ok()) << a.error();
  ASSERT_TRUE(b.ok()) << b.error();
  for (int i = 0; i < 10; ++i) {
    const GatewayProcess& gw = i % 2 ? a : b;
    auto r = HttpCall(gw.port(), "POST", "/v1/guard",
                      R"({"text":"key AKIAZ7QW3RTY5UIO2PLK number )" + std::to_string(i) + "\"}");
    ASSERT_EQ(r.status, 200) << r.body;
  }
  ASSERT_NO_FATAL_FAILURE(ExpectIntact(Ref(), 10u));
  auto lines = QueryLines(Ref(), QueryFilter{});
  ASSERT_TRUE(lines.ok());
  ASSERT_EQ(lines->size(), 10u);
  for (const std::string& l : *lines) {
    EXPECT_EQ(l.find("AKIAZ7QW3RTY5UIO2PLK"), std::string::npos) << "raw secret stored: " << l;
  }

  // The command line reads the same store.
  auto [status, out] = RunFrontseat("audit verify --postgres '" + url_ + "'");
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("postgres: intact, 10 events, last seq 10"), std::string::npos) << out;
  std::tie(status, out) = RunFrontseat("audit query --postgres '" + url_ + "' --limit 2");
  EXPECT_EQ(status, 0) << out;
  EXPECT_EQ(out, (*lines)[0] + "\n" + (*lines)[1] + "\n");
  ASSERT_EQ(pg_->Exec(db_, "UPDATE frontseat_audit_events SET tenant = 'x'::bytea WHERE seq = 3"),
            "");
  std::tie(status, out) = RunFrontseat("audit verify --postgres '" + url_ + "'");
  EXPECT_EQ(status, 1) << out;
  EXPECT_NE(out.find("BROKEN at seq 3: hash mismatch"), std::string::npos) << out;
  std::tie(status, out) = RunFrontseat("audit verify --postgres 'postgresql://postgres@127.0.0.1:" +
                                       std::to_string(pg_->port()) + "/no_such_db'");
  EXPECT_EQ(status, 2) << out;
  EXPECT_NE(out.find("cannot connect"), std::string::npos) << out;
}

// A shared audit database usually sits across a network, so the connection must be able to use
// TLS and check whose server it reached. libpq's own settings do it (sslmode, sslrootcert in the
// URL); this checks they reach libpq through every path: the store, Verify and the CLI.
TEST(AuditPostgresTls, WritesOverTlsAndChecksTheServerCertificate) {
  PostgresProcess pg;
  if (!pg.available()) GTEST_SKIP() << pg.error();
  ASSERT_TRUE(pg.ok()) << pg.error();
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("frontseat_pg_tls_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto cert = frontseat::testing::MakeSelfSignedCert(dir, "localhost", {"DNS:localhost"});
  auto other = frontseat::testing::MakeSelfSignedCert(dir, "other", {"DNS:localhost"});
  ASSERT_TRUE(cert.error.empty() && other.error.empty()) << cert.error << other.error;
  ASSERT_TRUE(pg.RequireTls(cert.cert_pem, cert.key_pem)) << pg.error();
  ASSERT_FALSE(pg.CreateDatabase("tls").empty()) << pg.error();
  // libpq 15 matches the host name against DNS names only, so the URL names localhost.
  const std::string base = "postgresql://postgres@localhost:" + std::to_string(pg.port()) + "/tls";
  const std::string verified = base + "?sslmode=verify-full&sslrootcert=" + cert.cert_pem;

  {
    auto st = AuditStore::OpenPostgres(verified);
    ASSERT_TRUE(st.ok()) << st.status().message();
    for (int i = 1; i <= 5; ++i) ASSERT_TRUE((*st)->AppendSync(MakeEvent(i)).ok());
  }
  auto conn = pg::Conn::Open(verified, "");
  ASSERT_TRUE(conn.ok()) << conn.status().message();
  auto ssl = conn->Exec("SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()", "ssl");
  ASSERT_TRUE(ssl.ok()) << ssl.status().message();
  EXPECT_STREQ(PQgetvalue(ssl->get(), 0, 0), "true");
  ASSERT_NO_FATAL_FAILURE(ExpectIntact(StoreRef{"", verified, ""}, 5u));
  auto [code, out] = RunFrontseat("audit verify --postgres '" + verified + "'");
  EXPECT_EQ(code, 0) << out;

  // A certificate the client does not trust: no connection, and the error says why.
  auto untrusted = AuditStore::OpenPostgres(base + "?sslmode=verify-full&sslrootcert=" +
                                            other.cert_pem);
  ASSERT_FALSE(untrusted.ok());
  EXPECT_EQ(untrusted.status().code(), StatusCode::kIoError);
  EXPECT_NE(untrusted.status().message().find("certificate verify failed"), std::string::npos)
      << untrusted.status().message();
  auto cli = RunFrontseat("audit verify --postgres '" + base + "?sslmode=verify-full&sslrootcert=" +
                          other.cert_pem + "'");
  EXPECT_EQ(cli.first, 2) << cli.second;
  EXPECT_NE(cli.second.find("certificate verify failed"), std::string::npos) << cli.second;
  // A client that will not use TLS is refused by a server that requires it.
  auto plain = AuditStore::OpenPostgres(base + "?sslmode=disable");
  ASSERT_FALSE(plain.ok());
  EXPECT_NE(plain.status().message().find("no encryption"), std::string::npos)
      << plain.status().message();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace frontseat::audit
