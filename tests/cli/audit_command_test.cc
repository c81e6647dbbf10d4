// Do `frontseat audit verify` and `frontseat audit query`, run as a user runs them, report an
// intact and a tampered store with exit 0 / 1 and the first broken link, filter events into
// JSONL, default to ./frontseat-data, and turn bad flags and missing stores into exit 2 with a
// message naming the flag or the path?
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <boost/json.hpp>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "audit/audit_store.h"
#include "testing/cli_testing.h"

namespace {

using frontseat::testing::CliRun;

class AuditCommand : public frontseat::testing::CliTest {
 protected:
  std::string Store() { return (dir_ / "data").string(); }

  // Events 1..5: 2026-11-22T10:00:0N Z, tenants acme/globex alternating, event 3 blocked for
  // a secret, event 4 redacted for PII.
  void Fill(const std::string& dir) {
    auto store = frontseat::audit::AuditStore::OpenSqlite(dir);
    ASSERT_TRUE(store.ok()) << store.status().message();
    for (int i = 1; i <= 5; ++i) {
      frontseat::audit::Event e;
      e.time_us = (int64_t{1795341600} + i) * 1000000;
      e.request_id = "req-" + std::to_string(i);
      e.tenant = i % 2 ? "acme" : "globex";
      e.route = "/v1/chat/completions";
      e.action = i == 3 ? "block" : i == 4 ? "redact" : "allow";
      e.http_status = i == 3 ? 400 : 200;
      e.categories_json = i == 3 ? R"({"secret":1})" : i == 4 ? R"({"pii":0.9})" : "{}";
      e.redacted_input = "message " + std::to_string(i);
      ASSERT_TRUE((*store)->AppendSync(e).ok());
    }
  }

  void Sql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((Store() + "/audit.db").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }

  static std::vector<std::string> RequestIds(const std::string& out) {
    std::vector<std::string> ids;
    std::istringstream ss(out);
    std::string line;
    while (std::getline(ss, line)) {
      ids.emplace_back(boost::json::parse(line).at("request_id").as_string());
    }
    return ids;
  }

  CliRun Query(const std::string& args) {
    return RunCli("audit query", "--data-dir " + Store() + " " + args);
  }
};

using Ids = std::vector<std::string>;

TEST_F(AuditCommand, VerifyAnIntactStoreExitsZero) {
  Fill(Store());
  CliRun r = RunCli("audit verify", "--data-dir " + Store());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("intact, 5 events, last seq 5, head hash "), std::string::npos) << r.out;
}

TEST_F(AuditCommand, VerifyATamperedStoreExitsOneAndNamesTheFirstBrokenLink) {
  Fill(Store());
  Sql("UPDATE events SET action = 'allow' WHERE seq = 3");
  CliRun r = RunCli("audit verify", "--data-dir " + Store());
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.out.find("BROKEN at seq 3: hash mismatch"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 events verified before the break"), std::string::npos) << r.out;
}

TEST_F(AuditCommand, VerifyReportsADeletedRowAsAGap) {
  Fill(Store());
  Sql("DELETE FROM events WHERE seq = 2");
  CliRun r = RunCli("audit verify", "--data-dir " + Store());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("BROKEN at seq 3: seq gap: expected seq 2, found seq 3"), std::string::npos)
      << r.out;
}

TEST_F(AuditCommand, VerifyWithoutAStoreExitsTwo) {
  CliRun r = RunCli("audit verify", "--data-dir " + Store());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("no audit store at " + Store()), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(Store())) << "verify must not create a store";
}

TEST_F(AuditCommand, VerifyAndQueryDefaultToFrontseatDataInTheCurrentDirectory) {
  Fill((dir_ / "frontseat-data").string());
  std::string cd = "cd " + dir_.string() + " && ";
  // RunCli prefixes the binary; run through the shell from the test directory instead.
  std::string cmd = cd + FRONTSEAT_BINARY + " audit verify > out.txt 2> err.txt";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << frontseat::testing::ReadFile(dir_ / "err.txt");
  EXPECT_NE(frontseat::testing::ReadFile(dir_ / "out.txt").find("./frontseat-data: intact, 5"),
            std::string::npos);
  cmd = cd + FRONTSEAT_BINARY + " audit query --action block > out.txt 2> err.txt";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << frontseat::testing::ReadFile(dir_ / "err.txt");
  EXPECT_EQ(RequestIds(frontseat::testing::ReadFile(dir_ / "out.txt")), Ids{"req-3"});
}

TEST_F(AuditCommand, QueryPrintsOneJsonLinePerEventOldestFirst) {
  Fill(Store());
  CliRun r = Query("");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(RequestIds(r.out), (Ids{"req-1", "req-2", "req-3", "req-4", "req-5"}));
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST_F(AuditCommand, QueryFilters) {
  Fill(Store());
  EXPECT_EQ(RequestIds(Query("--tenant globex").out), (Ids{"req-2", "req-4"}));
  EXPECT_EQ(RequestIds(Query("--action redact").out), Ids{"req-4"});
  EXPECT_EQ(RequestIds(Query("--category secret").out), Ids{"req-3"});
  EXPECT_EQ(RequestIds(Query("--category pii --tenant acme").out), Ids{});
  EXPECT_EQ(RequestIds(Query("--since 2026-11-22T10:00:02Z --until 2026-11-22T10:00:04Z").out),
            (Ids{"req-2", "req-3"}));
  EXPECT_EQ(RequestIds(Query("--since 1795341604").out), (Ids{"req-4", "req-5"}));
  EXPECT_EQ(RequestIds(Query("--until 2026-11-22T11:00:02+01:00").out), Ids{"req-1"});
  EXPECT_EQ(RequestIds(Query("--limit 2").out), (Ids{"req-1", "req-2"}));
  EXPECT_EQ(RequestIds(Query("--tenant ''").out), Ids{});
}

TEST_F(AuditCommand, QueryBadFlagsExitTwoNamingTheFlag) {
  Fill(Store());
  struct Case {
    std::string args, want;
  } cases[] = {
      {"--since yesterday", "--since: expected an RFC 3339 time like 2026-11-22T10:00:00Z"},
      {"--until 2026-02-30", "--until:"},
      {"--since 2026-11-23 --until 2026-11-22", "--since must be earlier than --until"},
      {"--action deny", "--action: expected one of allow, flag, redact, block"},
      {"--limit 0", "--limit: expected a whole number"},
      {"--limit many", "--limit: expected a whole number"},
      {"--category ''", "--category:"},
  };
  for (const auto& c : cases) {
    CliRun r = Query(c.args);
    EXPECT_EQ(r.status, 2) << c.args;
    EXPECT_NE(r.err.find(c.want), std::string::npos) << c.args << " -> " << r.err;
    EXPECT_TRUE(r.out.empty()) << c.args;
  }
}

TEST_F(AuditCommand, QueryWithoutAStoreExitsTwo) {
  CliRun r = Query("");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("no audit store"), std::string::npos) << r.err;
}

TEST_F(AuditCommand, AuditWithoutASubcommandIsAUsageError) {
  CliRun r = RunCli("audit", "");
  EXPECT_EQ(r.status, 2);
  r = RunCli("audit query", "--bogus");
  EXPECT_EQ(r.status, 2);
}

}  // namespace
