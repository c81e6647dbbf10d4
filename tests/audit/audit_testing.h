// Test support for the audit store suites: a per-test temporary data dir, a realistic event,
// and direct SQL on a store (a second connection, as a tamperer or another reader would have).
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "audit/audit_store.h"
#include "audit/query.h"

namespace frontseat::audit::testing {

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = (std::filesystem::temp_directory_path() /
            ("frontseat_audit_test_" + std::to_string(::getpid()) + "_" +
             info->test_suite_name() + "_" + info->name()))
               .string();
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string db_path() const { return dir_ + "/audit.db"; }

  // Runs SQL on the store through a separate connection; fails the test on error.
  void Sql(const std::string& sql) const {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_path().c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);  // the store's mover may hold the write lock for a moment
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    std::string msg = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << sql << ": " << msg;
  }

  // The first column of the first row of `sql` as an integer (-1 if there is no row).
  int64_t SqlInt(const std::string& sql) const {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(db_path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      sqlite3_close(db);
      return -2;
    }
    sqlite3_stmt* s = nullptr;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW) {
      v = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
  }

  std::string dir_;
};

// The seqs `frontseat audit query` lists for DIR, as readers see the store: audit.db, then the
// journal's events it does not have yet. Fails the test if the query fails.
inline std::vector<uint64_t> QueriedSeqs(const std::string& dir) {
  auto lines = QueryLines(dir, {});
  EXPECT_TRUE(lines.ok()) << lines.status().message();
  std::vector<uint64_t> seqs;
  if (!lines.ok()) return seqs;
  for (const std::string& line : *lines) {
    // Every line starts {"seq":N,
    seqs.push_back(std::strtoull(line.c_str() + std::strlen("{\"seq\":"), nullptr, 10));
  }
  return seqs;
}

// 2026-11-22T10:00:00Z plus `offset_s` seconds.
inline constexpr int64_t kBaseTimeUs = int64_t{1795341600} * 1000000;

inline Event MakeEvent(int n, std::string tenant = "acme", std::string action = "allow",
                       std::string categories = "{}") {
  Event e;
  e.time_us = kBaseTimeUs + int64_t{n} * 1000000;
  e.request_id = "req-" + std::to_string(n);
  e.tenant = std::move(tenant);
  e.route = "/v1/chat/completions";
  e.model = "gpt-test";
  e.action = std::move(action);
  e.http_status = 200;
  e.categories_json = std::move(categories);
  e.findings_json = "[]";
  e.redacted_input = "hello number " + std::to_string(n);
  e.redacted_output = "hi";
  e.guard_us = 40;
  e.upstream_us = 1000;
  e.total_us = 1100;
  e.prompt_tokens = 5;
  e.completion_tokens = 1;
  return e;
}

}  // namespace frontseat::audit::testing
