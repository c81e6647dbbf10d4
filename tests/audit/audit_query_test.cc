// Do the query filters select exactly the documented events (time range since <= t < until,
// tenant, action, category with a score > 0 including dotted subcategories, limit), in seq order,
// as valid JSON lines; and do the flag and time parsers accept the documented forms and refuse
// everything else with an error naming the flag?
#include "audit/query.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "audit/time_text.h"
#include "audit_testing.h"

namespace frontseat::audit {
namespace {

using testing::AuditTest;
using testing::kBaseTimeUs;
using testing::MakeEvent;

class AuditQuery : public AuditTest {
 protected:
  void SetUp() override {
    AuditTest::SetUp();
    auto store = AuditStore::OpenSqlite(dir_);
    ASSERT_TRUE(store.ok()) << store.status().message();
    // seq: tenant, action, categories; event n is at base + n seconds.
    Append(**store, MakeEvent(1, "acme", "allow", R"({"pii":0,"secret":0})"));
    Append(**store, MakeEvent(2, "acme", "redact", R"({"pii":0.8})"));
    Append(**store, MakeEvent(3, "globex", "block", R"({"secret":1,"pii":0.2})"));
    Append(**store, MakeEvent(4, "", "flag", R"({"harmful.S1":0.7})"));
    Append(**store, MakeEvent(5, "globex", "block", R"({"harmfulness":0.9})"));
    Append(**store, MakeEvent(6, "acme", "error", "{}"));
  }

  static void Append(AuditStore& store, Event e) { ASSERT_TRUE(store.AppendSync(e).ok()); }

  // The seqs a filter selects.
  std::vector<int64_t> Seqs(const QueryFilter& filter) {
    auto lines = QueryLines(dir_, filter);
    EXPECT_TRUE(lines.ok()) << lines.status().message();
    std::vector<int64_t> seqs;
    if (!lines.ok()) return seqs;
    for (const auto& line : *lines) {
      boost::system::error_code ec;
      auto v = boost::json::parse(line, ec);
      EXPECT_FALSE(ec) << line;
      if (!ec) seqs.push_back(v.at("seq").as_int64());
    }
    return seqs;
  }

  static QueryFilter Flags(QueryFlags flags) {
    auto f = ParseQueryFlags(flags);
    EXPECT_TRUE(f.ok()) << f.status().message();
    return f.ok() ? *f : QueryFilter{};
  }
};

using V = std::vector<int64_t>;

TEST_F(AuditQuery, NoFilterReturnsEverythingInSeqOrder) {
  EXPECT_EQ(Seqs({}), (V{1, 2, 3, 4, 5, 6}));
}

TEST_F(AuditQuery, TimeRangeIsSinceInclusiveUntilExclusive) {
  QueryFilter f;
  f.since_us = kBaseTimeUs + 2 * 1000000;
  f.until_us = kBaseTimeUs + 5 * 1000000;
  EXPECT_EQ(Seqs(f), (V{2, 3, 4}));
  // The same range typed as the CLI would: RFC 3339 with an offset, and Unix seconds.
  EXPECT_EQ(Seqs(Flags({.since = "2026-11-22T11:00:02+01:00", .until = "1795341605"})),
            (V{2, 3, 4}));
}

TEST_F(AuditQuery, TenantAndActionMatchExactly) {
  EXPECT_EQ(Seqs(Flags({.tenant = "acme"})), (V{1, 2, 6}));
  EXPECT_EQ(Seqs(Flags({.tenant = ""})), (V{4}));
  EXPECT_EQ(Seqs(Flags({.tenant = "ACME"})), V{});
  EXPECT_EQ(Seqs(Flags({.action = "block"})), (V{3, 5}));
  EXPECT_EQ(Seqs(Flags({.tenant = "globex", .action = "block"})), (V{3, 5}));
}

TEST_F(AuditQuery, CategoryNeedsAScoreAboveZeroAndMatchesDottedSubcategories) {
  EXPECT_EQ(Seqs(Flags({.category = "pii"})), (V{2, 3}));  // seq 1 has pii at score 0
  EXPECT_EQ(Seqs(Flags({.category = "secret"})), (V{3}));
  EXPECT_EQ(Seqs(Flags({.category = "harmful"})), (V{4}));  // not "harmfulness"
  EXPECT_EQ(Seqs(Flags({.category = "harmful.S1"})), (V{4}));
  EXPECT_EQ(Seqs(Flags({.category = "harmful.S2"})), V{});
  EXPECT_EQ(Seqs(Flags({.category = "nothing"})), V{});
}

TEST_F(AuditQuery, LimitCountsMatchingEventsOnly) {
  EXPECT_EQ(Seqs(Flags({.limit = "2"})), (V{1, 2}));
  EXPECT_EQ(Seqs(Flags({.category = "pii", .limit = "1"})), (V{2}));
  EXPECT_EQ(Seqs(Flags({.action = "block", .limit = "10"})), (V{3, 5}));
}

TEST_F(AuditQuery, LinesCarryEveryFieldWithTheStoredJsonEmbedded) {
  auto lines = QueryLines(dir_, Flags({.action = "redact"}));
  ASSERT_TRUE(lines.ok());
  ASSERT_EQ(lines->size(), 1u);
  auto v = boost::json::parse(lines->front()).as_object();
  EXPECT_EQ(v.at("time").as_string(), "2026-11-22T10:00:02.000000Z");
  EXPECT_EQ(v.at("time_us").as_int64(), kBaseTimeUs + 2000000);
  EXPECT_EQ(v.at("request_id").as_string(), "req-2");
  EXPECT_EQ(v.at("tenant").as_string(), "acme");
  EXPECT_EQ(v.at("route").as_string(), "/v1/chat/completions");
  EXPECT_EQ(v.at("model").as_string(), "gpt-test");
  EXPECT_EQ(v.at("http_status").as_int64(), 200);
  EXPECT_DOUBLE_EQ(v.at("categories").at("pii").as_double(), 0.8);
  EXPECT_TRUE(v.at("findings").as_array().empty());
  EXPECT_EQ(v.at("redacted_input").as_string(), "hello number 2");
  EXPECT_EQ(v.at("upstream_us").as_int64(), 1000);
  EXPECT_EQ(v.at("completion_tokens").as_int64(), 1);
  EXPECT_EQ(v.at("prev_hash").as_string().size(), 64u);
  EXPECT_EQ(v.at("hash").as_string().size(), 64u);
  EXPECT_EQ(v.size(), 20u);
}

TEST_F(AuditQuery, HostileBytesStillMakeOneValidJsonLine) {
  {
    auto store = AuditStore::OpenSqlite(dir_);
    ASSERT_TRUE(store.ok());
    Event e = MakeEvent(7);
    e.redacted_input = "line1\nline2\t\"q\"\\ \x01\x7f\xff\xc3\x28 \xe2\x82\xac";
    e.categories_json = "{\n  \"pii\": 1\n}";  // valid JSON over several lines
    ASSERT_TRUE((*store)->AppendSync(e).ok());
  }
  auto lines = QueryLines(dir_, Flags({.since = "1795341607"}));
  ASSERT_TRUE(lines.ok());
  ASSERT_EQ(lines->size(), 1u);
  const std::string& line = lines->front();
  EXPECT_EQ(line.find('\n'), std::string::npos);
  auto v = boost::json::parse(line).as_object();
  EXPECT_EQ(v.at("redacted_input").as_string(),
            "line1\nline2\t\"q\"\\ \x01\x7f\xEF\xBF\xBD\xEF\xBF\xBD( \xe2\x82\xac");
  EXPECT_EQ(v.at("categories").at("pii").as_int64(), 1);
}

TEST_F(AuditQuery, ARowEditedToInvalidJsonStillPrintsAndIsSkippedByCategory) {
  Sql("UPDATE events SET categories_json = '{broken' WHERE seq = 2");
  auto lines = QueryLines(dir_, Flags({.since = "1795341602", .until = "1795341603"}));
  ASSERT_TRUE(lines.ok());
  ASSERT_EQ(lines->size(), 1u);
  auto v = boost::json::parse(lines->front()).as_object();
  EXPECT_EQ(v.at("categories").as_string(), "{broken");
  EXPECT_EQ(Seqs(Flags({.category = "pii"})), (V{3}));
}

TEST_F(AuditQuery, NoStoreIsAnError) {
  auto r = QueryLines(dir_ + "/missing", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

void ExpectFlagError(QueryFlags flags, const std::string& want) {
  auto f = ParseQueryFlags(flags);
  ASSERT_FALSE(f.ok()) << want;
  EXPECT_EQ(f.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(f.status().message().find(want), std::string::npos) << f.status().message();
}

TEST(AuditQueryFlags, BadValuesNameTheirFlag) {
  ExpectFlagError({.since = "noon"}, "--since: expected an RFC 3339 time");
  ExpectFlagError({.until = "2026-13-01T00:00:00Z"}, "--until:");
  ExpectFlagError({.until = "2026-13-01T00:00:00Z"}, "month must be 01-12");
  ExpectFlagError({.since = "5", .until = "5"}, "--since must be earlier than --until");
  ExpectFlagError({.since = "9", .until = "5"}, "--since must be earlier than --until");
  ExpectFlagError({.action = "deny"}, "--action: expected one of allow");
  ExpectFlagError({.category = ""}, "--category:");
  ExpectFlagError({.limit = "0"}, "--limit: expected a whole number");
  ExpectFlagError({.limit = "-3"}, "--limit:");
  ExpectFlagError({.limit = "ten"}, "--limit:");
  ExpectFlagError({.limit = "99999999999999999999999"}, "--limit:");
  ExpectFlagError({.limit = ""}, "--limit:");
  // What the user typed is echoed, shortened and with control bytes escaped.
  ExpectFlagError({.since = std::string("\x1b[31m", 5)}, "\"\\x1b[31m\"");
  ExpectFlagError({.since = std::string(200, '9')}, "...");
}

TEST(AuditQueryFlags, GoodValuesBuildTheFilter) {
  auto f = ParseQueryFlags({.since = "2026-11-22", .until = "2026-11-23T00:00:00Z",
                            .tenant = "acme", .action = "block", .category = "pii",
                            .limit = "25"});
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(*f->since_us, int64_t{1795305600} * 1000000);
  EXPECT_EQ(*f->until_us, int64_t{1795392000} * 1000000);
  EXPECT_EQ(*f->tenant, "acme");
  EXPECT_EQ(*f->action, "block");
  EXPECT_EQ(*f->category, "pii");
  EXPECT_EQ(f->limit, 25u);
  auto none = ParseQueryFlags({});
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->since_us || none->until_us || none->tenant || none->action || none->category);
  EXPECT_EQ(none->limit, 0u);
}

TEST(AuditTimeText, AcceptsTheDocumentedForms) {
  const int64_t t = int64_t{1795341600} * 1000000;  // 2026-11-22T10:00:00Z
  struct Case {
    const char* text;
    int64_t want;
  } cases[] = {
      {"2026-11-22T10:00:00Z", t},
      {"2026-11-22t10:00:00z", t},
      {"2026-11-22 10:00:00Z", t},
      {"2026-11-22T11:30:00+01:30", t},
      {"2026-11-22T05:00:00-05:00", t},
      {"2026-11-22T10:00:00.5Z", t + 500000},
      {"2026-11-22T10:00:00.123456789Z", t + 123456},
      {"2026-11-22", t - int64_t{36000} * 1000000},
      {"1795341600", t},
      {"1795341600.25", t + 250000},
      {"0", 0},
      {"1970-01-01T00:00:00Z", 0},
      {"2024-02-29T00:00:00Z", int64_t{1709164800} * 1000000},
      {"2000-02-29", int64_t{951782400} * 1000000},
      {"9999-12-31T23:59:59.999999Z", 253402300799999999},
  };
  for (const auto& c : cases) {
    auto r = ParseTimeUs(c.text);
    ASSERT_TRUE(r.ok()) << c.text << ": " << r.status().message();
    EXPECT_EQ(*r, c.want) << c.text;
  }
}

TEST(AuditTimeText, RefusesEverythingElse) {
  for (const char* bad :
       {"", " 2026-11-22", "2026-11-22T10:00:00", "2026-11-22T10:00Z", "2026-11-22T24:00:00Z",
        "2026-11-22T10:60:00Z", "2026-11-22T10:00:60Z", "2025-02-29", "1900-02-29", "2026-04-31",
        "2026-00-10", "2026-1-5", "2026-11-22T10:00:00.Z", "2026-11-22T10:00:00.1234567890Z",
        "2026-11-22T10:00:00+1:00", "2026-11-22T10:00:00+24:00", "2026-11-22T10:00:00Zjunk",
        "1969-12-31T23:59:59Z", "1970-01-01T00:30:00+01:00", "-5", "+5", "1e9", "12.", "12.x",
        "253402300800", "99999999999999999999999", "now", "2026-11-22X10:00:00Z"}) {
    auto r = ParseTimeUs(bad);
    EXPECT_FALSE(r.ok()) << "accepted \"" << bad << "\" as " << (r.ok() ? *r : 0);
  }
}

TEST(AuditTimeText, FormatsUtcWithMicrosecondsAndRoundTrips) {
  EXPECT_EQ(FormatTimeUs(0), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(FormatTimeUs(int64_t{1795341600} * 1000000 + 42), "2026-11-22T10:00:00.000042Z");
  EXPECT_EQ(FormatTimeUs(253402300799999999), "9999-12-31T23:59:59.999999Z");
  for (int64_t t : {int64_t{0}, int64_t{951782400123456}, int64_t{1709164799999999},
                    int64_t{4102444800000000}, int64_t{253402300799999999}}) {
    auto back = ParseTimeUs(FormatTimeUs(t));
    ASSERT_TRUE(back.ok()) << FormatTimeUs(t);
    EXPECT_EQ(*back, t);
  }
}

}  // namespace
}  // namespace frontseat::audit
