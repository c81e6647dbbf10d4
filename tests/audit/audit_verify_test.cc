// Does Verify catch every kind of tampering with a store (an edited field, an edited hash, a
// deleted, duplicated or reordered row, a forged row with a recomputed hash), point at the first
// broken link with the right seq and kind, and is the canonical form exactly the documented one
// (a hash computed independently, in Python, from src/audit/canonical.h's description)?
#include "audit/verify.h"

#include <gtest/gtest.h>

#include <fstream>

#include "audit/canonical.h"
#include "audit_testing.h"

namespace frontseat::audit {
namespace {

using testing::AuditTest;
using testing::MakeEvent;

class AuditVerify : public AuditTest {
 protected:
  // A store with events 1..n.
  void Fill(int n) {
    auto store = AuditStore::OpenSqlite(dir_);
    ASSERT_TRUE(store.ok()) << store.status().message();
    for (int i = 1; i <= n; ++i) {
      ASSERT_TRUE((*store)->AppendSync(MakeEvent(i, i % 2 ? "acme" : "globex")).ok());
    }
  }

  BrokenLink ExpectBroken(uint64_t seq, LinkError error) {
    auto report = Verify(dir_);
    EXPECT_TRUE(report.ok()) << report.status().message();
    if (!report.ok() || report->intact()) {
      ADD_FAILURE() << "the chain was reported intact";
      return {};
    }
    EXPECT_EQ(report->broken->seq, seq) << report->broken->detail;
    EXPECT_EQ(report->broken->error, error)
        << LinkErrorName(report->broken->error) << ": " << report->broken->detail;
    EXPECT_EQ(report->events, report->last_seq) << "events before the break";
    return *report->broken;
  }
};

// The hash below was computed by a 10-line Python script from the format in canonical.h (the
// same script as in src/audit/README.md), not by this code: if it changes, every stored chain in
// the field stops verifying.
TEST(AuditCanonical, MatchesTheDocumentedFormatByteForByte) {
  Event e;
  e.time_us = 1795428000000000;
  e.request_id = "req-1";
  e.tenant = "acme";
  e.route = "/v1/guard";
  e.model = "gpt-test";
  e.action = "block";
  e.http_status = 400;
  e.categories_json = R"({"secret":1})";
  e.findings_json = "[]";
  e.redacted_input = "key=AKIA****";
  e.guard_us = 85;
  e.total_us = 120;
  e.prompt_tokens = 7;
  std::string bytes = CanonicalBytes(1, e);
  EXPECT_EQ(bytes.substr(0, 19), "frontseat.audit.v1\n");
  EXPECT_EQ(bytes.size(), 19 + 8 * 17 + 5 + 4 + 9 + 8 + 5 + 12 + 2 + 12 + 0);
  EXPECT_EQ(HexHash(ChainHash(Hash{}, bytes)),
            "a5ade12f39bae59a2d4e16a0565455ff01965ae1f366fe809587738735790a65");
}

TEST(AuditCanonical, HexRoundTripsAndRejectsAnythingButSixtyFourHexDigits) {
  Hash h{};
  for (size_t i = 0; i < h.size(); ++i) h[i] = static_cast<uint8_t>(i * 7 + 3);
  auto back = ParseHexHash(HexHash(h));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, h);
  EXPECT_FALSE(ParseHexHash(""));
  EXPECT_FALSE(ParseHexHash(std::string(63, 'a')));
  EXPECT_FALSE(ParseHexHash(std::string(65, 'a')));
  EXPECT_FALSE(ParseHexHash(std::string(63, 'a') + "g"));
}

TEST_F(AuditVerify, AnUntouchedStoreIsIntact) {
  Fill(10);
  auto report = Verify(dir_);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_TRUE(report->intact());
  EXPECT_EQ(report->events, 10u);
  EXPECT_EQ(report->last_seq, 10u);
  EXPECT_EQ(report->head_hash.size(), 64u);
  EXPECT_EQ(SqlInt("SELECT hash = '" + report->head_hash + "' FROM events WHERE seq = 10"), 1);
}

TEST_F(AuditVerify, AnEmptyStoreIsIntact) {
  ASSERT_TRUE(AuditStore::OpenSqlite(dir_).ok());
  auto report = Verify(dir_);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_TRUE(report->intact());
  EXPECT_EQ(report->events, 0u);
  EXPECT_EQ(report->head_hash, "");
}

TEST_F(AuditVerify, AnEditedFieldIsAHashMismatchAtThatSeq) {
  Fill(10);
  Sql("UPDATE events SET action = 'allow', redacted_input = 'nothing to see' WHERE seq = 6");
  BrokenLink b = ExpectBroken(6, LinkError::kHashMismatch);
  EXPECT_NE(b.detail.find("changed after it was written"), std::string::npos);
}

TEST_F(AuditVerify, EveryFieldIsCovered) {
  Fill(3);
  const char* edits[] = {
      "time_us = time_us + 1",        "request_id = 'x'",          "tenant = 'x'",
      "route = 'x'",                  "model = 'x'",               "action = 'block'",
      "http_status = 500",            "categories_json = '{\"pii\":1}'", "findings_json = '[1]'",
      "redacted_input = 'x'",         "redacted_output = 'x'",     "guard_us = 1",
      "upstream_us = 1",              "total_us = 1",              "prompt_tokens = 1",
      "completion_tokens = 9"};
  for (const char* edit : edits) {
    Sql("UPDATE events SET " + std::string(edit) + " WHERE seq = 2");
    auto report = Verify(dir_);
    ASSERT_TRUE(report.ok());
    ASSERT_FALSE(report->intact()) << edit;
    EXPECT_EQ(report->broken->seq, 2u) << edit;
    EXPECT_EQ(report->broken->error, LinkError::kHashMismatch) << edit;
    // Restore by rebuilding the store for the next edit.
    std::filesystem::remove_all(dir_);
    Fill(3);
  }
}

TEST_F(AuditVerify, AnEditedHashIsAHashMismatch) {
  Fill(10);
  Sql("UPDATE events SET hash = '" + std::string(64, 'a') + "' WHERE seq = 7");
  ExpectBroken(7, LinkError::kHashMismatch);
}

TEST_F(AuditVerify, AnEditWithItsHashRecomputedBreaksTheNextLink) {
  Fill(10);
  Event forged = MakeEvent(4, "mallory");  // seq 4 as Fill wrote it, with another tenant
  // prev_hash of 4 is the hash of 3; compute the forged hash the documented way.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path().c_str(), &db), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT prev_hash FROM events WHERE seq = 4", -1, &s, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  auto prev = ParseHexHash(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
  sqlite3_finalize(s);
  sqlite3_close(db);
  ASSERT_TRUE(prev);
  std::string hash = HexHash(ChainHash(*prev, CanonicalBytes(4, forged)));
  Sql("UPDATE events SET tenant = 'mallory', hash = '" + hash + "' WHERE seq = 4");
  BrokenLink b = ExpectBroken(5, LinkError::kPrevMismatch);
  EXPECT_NE(b.detail.find("the hash of seq 4"), std::string::npos) << b.detail;
}

TEST_F(AuditVerify, ADeletedRowIsASeqGap) {
  Fill(10);
  Sql("DELETE FROM events WHERE seq = 5");
  BrokenLink b = ExpectBroken(6, LinkError::kSeqGap);
  EXPECT_NE(b.detail.find("expected seq 5, found seq 6"), std::string::npos) << b.detail;
  EXPECT_EQ(Verify(dir_)->events, 4u);
}

TEST_F(AuditVerify, ADeletedFirstRowIsASeqGap) {
  Fill(3);
  Sql("DELETE FROM events WHERE seq = 1");
  ExpectBroken(2, LinkError::kSeqGap);
}

TEST_F(AuditVerify, SwappedRowsAreAPrevMismatch) {
  Fill(10);
  // Swap the contents (everything but seq) of rows 4 and 5.
  Sql("UPDATE events SET seq = 1000 WHERE seq = 4;"
      "UPDATE events SET seq = 4 WHERE seq = 5;"
      "UPDATE events SET seq = 5 WHERE seq = 1000;");
  ExpectBroken(4, LinkError::kPrevMismatch);
}

TEST_F(AuditVerify, ADuplicatedRowIsAPrevMismatch) {
  Fill(10);
  Sql("DELETE FROM events WHERE seq = 4;"
      "INSERT INTO events SELECT 4, time_us, request_id, tenant, route, model, action, "
      "http_status, categories_json, findings_json, redacted_input, redacted_output, guard_us, "
      "upstream_us, total_us, prompt_tokens, completion_tokens, prev_hash, hash FROM events "
      "WHERE seq = 3");
  ExpectBroken(4, LinkError::kPrevMismatch);
}

TEST_F(AuditVerify, ARowReplayedAtTheEndIsAPrevMismatch) {
  Fill(10);
  Sql("INSERT INTO events SELECT 11, time_us, request_id, tenant, route, model, action, "
      "http_status, categories_json, findings_json, redacted_input, redacted_output, guard_us, "
      "upstream_us, total_us, prompt_tokens, completion_tokens, prev_hash, hash FROM events "
      "WHERE seq = 3");
  ExpectBroken(11, LinkError::kPrevMismatch);
}

TEST_F(AuditVerify, AMalformedHashIsReportedAsSuch) {
  Fill(5);
  Sql("UPDATE events SET prev_hash = 'not hex' WHERE seq = 3");
  BrokenLink b = ExpectBroken(3, LinkError::kMalformed);
  EXPECT_NE(b.detail.find("prev_hash"), std::string::npos);
}

TEST_F(AuditVerify, ReportsOnlyTheFirstBrokenLink) {
  Fill(10);
  Sql("UPDATE events SET model = 'x' WHERE seq = 8");
  Sql("UPDATE events SET model = 'x' WHERE seq = 3");
  ExpectBroken(3, LinkError::kHashMismatch);
}

TEST_F(AuditVerify, NoStoreIsNotFound) {
  auto missing = Verify(dir_ + "/nowhere");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find(dir_ + "/nowhere"), std::string::npos);
  std::filesystem::create_directories(dir_);
  auto empty_dir = Verify(dir_);
  ASSERT_FALSE(empty_dir.ok());
  EXPECT_EQ(empty_dir.status().code(), StatusCode::kNotFound);
  EXPECT_NE(empty_dir.status().message().find("audit.db does not exist"), std::string::npos)
      << empty_dir.status().message();
}

TEST_F(AuditVerify, GarbageIsAnErrorNotACrash) {
  std::filesystem::create_directories(dir_);
  std::ofstream(db_path()) << std::string(8192, '\x01');
  auto r = Verify(dir_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(db_path()), std::string::npos) << r.status().message();
}

TEST_F(AuditVerify, VerifyDoesNotCreateAStore) {
  std::filesystem::create_directories(dir_);
  ASSERT_FALSE(Verify(dir_).ok());
  EXPECT_FALSE(std::filesystem::exists(db_path()));
}

}  // namespace
}  // namespace frontseat::audit
