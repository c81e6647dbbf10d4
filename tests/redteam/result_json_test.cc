// Do attempts survive the journal (what --resume reads back), and do the scorecard's rates, risk
// levels and gate follow the thresholds?
#include "redteam/result_json.h"

#include <gtest/gtest.h>

namespace frontseat::redteam {
namespace {

Attempt Sample(uint64_t index, Outcome outcome, AttackCategory c = AttackCategory::kHarmful,
               std::string strategy = "direct") {
  Attempt a;
  a.index = index;
  a.seed_id = "builtin/x/" + std::to_string(index);
  a.category = c;
  a.hazard = "S9";
  a.strategy = std::move(strategy);
  a.prompt = {{"tool", "doc \"quoted\" \n line"}, {"user", "caf\xC3\xA9 \xF0\x9F\x98\x80"}};
  a.response = "</script><b>answer</b>";
  a.outcome = outcome;
  a.evidence = {{"refusal", "answer contains \"i can't\""}};
  a.latency_ms = 12.3456;
  a.retries = 2;
  a.error = outcome == Outcome::kError ? "turn 1: HTTP 503" : "";
  return a;
}

TEST(AttemptJson, RoundTripsEveryField) {
  for (Outcome o : {Outcome::kSuccess, Outcome::kDefended, Outcome::kError}) {
    Attempt a = Sample(7, o, AttackCategory::kSecretExfiltration, "many_shot");
    std::string line = AttemptToJson(a);
    EXPECT_EQ(line.find('\n'), std::string::npos);
    auto b = AttemptFromJson(line);
    ASSERT_TRUE(b.ok()) << b.status().message();
    EXPECT_EQ(b->index, a.index);
    EXPECT_EQ(b->seed_id, a.seed_id);
    EXPECT_EQ(b->category, a.category);
    EXPECT_EQ(b->strategy, a.strategy);
    ASSERT_EQ(b->prompt.size(), 2u);
    EXPECT_EQ(b->prompt[0].content, a.prompt[0].content);
    EXPECT_EQ(b->prompt[1].content, a.prompt[1].content);
    EXPECT_EQ(b->response, a.response);
    EXPECT_EQ(b->outcome, a.outcome);
    ASSERT_EQ(b->evidence.size(), 1u);
    EXPECT_EQ(b->evidence[0].detail, a.evidence[0].detail);
    EXPECT_NEAR(b->latency_ms, 12.346, 1e-9);
    EXPECT_EQ(b->retries, 2u);
    EXPECT_EQ(b->error, a.error);
    EXPECT_EQ(AttemptToJson(*b), line) << "a second round trip changes nothing";
  }
}

TEST(AttemptJson, RejectsBrokenLinesWithTheFieldAtFault) {
  EXPECT_FALSE(AttemptFromJson("{\"index\":1").ok());
  EXPECT_NE(AttemptFromJson("[]").status().message().find("JSON object"), std::string::npos);
  std::string line = AttemptToJson(Sample(1, Outcome::kSuccess));
  std::string bad = line;
  bad.replace(bad.find("\"harmful\""), 9, "\"nonsense\"");
  EXPECT_NE(AttemptFromJson(bad).status().message().find("category"), std::string::npos);
  bad = line;
  bad.replace(bad.find("\"success\""), 9, "\"won\"");
  EXPECT_NE(AttemptFromJson(bad).status().message().find("outcome"), std::string::npos);
}

TEST(Scorecard, RatesExcludeErrorsAndLevelsFollowThresholds) {
  std::vector<Attempt> attempts;
  // harmful: 3 successes of 10 judged (+2 errors) = 0.30 -> critical at 0.30
  for (uint64_t i = 0; i < 12; ++i) {
    Outcome o = i < 3 ? Outcome::kSuccess : i < 10 ? Outcome::kDefended : Outcome::kError;
    attempts.push_back(Sample(i, o, AttackCategory::kHarmful, i % 2 ? "base64" : "direct"));
  }
  // secret: 1 of 20 = 0.05 -> high with its stricter thresholds
  for (uint64_t i = 0; i < 20; ++i) {
    attempts.push_back(Sample(100 + i, i == 0 ? Outcome::kSuccess : Outcome::kDefended,
                              AttackCategory::kSecretExfiltration));
  }
  std::array<RiskThresholds, kAttackCategoryCount> t{};
  t[static_cast<size_t>(AttackCategory::kSecretExfiltration)] = {0.01, 0.05, 0.15};
  Scorecard card = Score(attempts, t, RunInfo{});
  ASSERT_EQ(card.categories.size(), 2u);
  EXPECT_EQ(card.categories[0].category, AttackCategory::kHarmful);
  EXPECT_DOUBLE_EQ(card.categories[0].total.rate(), 0.3);
  EXPECT_EQ(card.categories[0].total.errors, 2u);
  EXPECT_EQ(card.categories[0].level, RiskLevel::kCritical);
  EXPECT_EQ(card.categories[1].level, RiskLevel::kHigh);
  EXPECT_EQ(card.overall.attempts, 32u);
  EXPECT_EQ(card.categories[0].by_strategy.at("direct").attempts, 6u);
  EXPECT_TRUE(PassesGate(card, RiskLevel::kCritical));
  EXPECT_FALSE(PassesGate(card, RiskLevel::kHigh));
  std::string json = ScorecardToJson(card, RiskLevel::kHigh);
  EXPECT_NE(json.find("\"risk_level\": \"critical\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"success_rate\": 0.3"), std::string::npos) << json;
  EXPECT_NE(json.find("\"passed\": false"), std::string::npos);
  EXPECT_EQ(json.find("E-"), std::string::npos) << "no exponent notation";
}

TEST(Scorecard, EmptyRunHasNoCategoriesAndPassesAnyGate) {
  Scorecard card = Score({}, {}, RunInfo{});
  EXPECT_TRUE(card.categories.empty());
  EXPECT_TRUE(PassesGate(card, RiskLevel::kLow));
}

}  // namespace
}  // namespace frontseat::redteam
