// Questions: does the pii config accept what it documents (entities, min_score), reject every
// mistake naming the key that holds it (unknown key, unknown or duplicate entity, empty list,
// wrong types), and does the entity list really choose which entities are reported?
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>

#include "detectors/pii/config.h"
#include "testing/scan_testing.h"

namespace frontseat::detectors {
namespace {

std::optional<PiiConfig> Parse(const std::string& yaml, ConfigErrors& errors) {
  return ParsePiiConfig(YAML::Load(yaml), "detectors.pii", errors);
}

std::string AllErrors(const ConfigErrors& errors) {
  std::string s;
  for (const ConfigError& e : errors.errors()) {
    s += std::to_string(e.line) + ": " + e.key + ": " + e.message + "\n";
  }
  return s;
}

TEST(PiiConfig, DefaultsEnableEveryEntity) {
  ConfigErrors errors;
  std::optional<PiiConfig> config = ParsePiiConfig(YAML::Node(), "detectors.pii", errors);
  ASSERT_TRUE(config.has_value());
  for (int i = 0; i < kPiiEntityCount; ++i) {
    EXPECT_TRUE(config->Enabled(static_cast<PiiEntity>(i)));
  }
  EXPECT_EQ(config->min_score, 0.0);
}

TEST(PiiConfig, AcceptsEntitiesAndMinScore) {
  ConfigErrors errors;
  auto config = Parse("entities: [email, credit_card]\nmin_score: 0.5\n", errors);
  ASSERT_TRUE(config.has_value()) << AllErrors(errors);
  EXPECT_TRUE(config->Enabled(PiiEntity::kEmail));
  EXPECT_TRUE(config->Enabled(PiiEntity::kCreditCard));
  EXPECT_FALSE(config->Enabled(PiiEntity::kPhone));
  EXPECT_EQ(config->min_score, 0.5);
}

TEST(PiiConfig, EntityNamesRoundTrip) {
  for (int i = 0; i < kPiiEntityCount; ++i) {
    auto e = static_cast<PiiEntity>(i);
    EXPECT_EQ(PiiEntityFromName(PiiEntityName(e)), e);
    EXPECT_EQ(PiiRuleId(e), "pii." + std::string(PiiEntityName(e)));
  }
  EXPECT_FALSE(PiiEntityFromName("ssn").has_value());
}

TEST(PiiConfig, RejectsUnknownKeyNamingIt) {
  ConfigErrors errors;
  EXPECT_FALSE(Parse("entites: [email]\n", errors).has_value());
  ASSERT_EQ(errors.size(), 1u) << AllErrors(errors);
  EXPECT_EQ(errors.errors()[0].key, "detectors.pii.entites");
  EXPECT_NE(errors.errors()[0].message.find("unknown key"), std::string::npos);
  EXPECT_EQ(errors.errors()[0].line, 1);
}

TEST(PiiConfig, RejectsUnknownEntityNamingTheListItem) {
  ConfigErrors errors;
  EXPECT_FALSE(Parse("entities:\n  - email\n  - passport\n", errors).has_value());
  ASSERT_EQ(errors.size(), 1u) << AllErrors(errors);
  EXPECT_EQ(errors.errors()[0].key, "detectors.pii.entities[1]");
  EXPECT_NE(errors.errors()[0].message.find("unknown entity \"passport\""), std::string::npos);
  EXPECT_NE(errors.errors()[0].message.find("credit_card"), std::string::npos);  // lists known
  EXPECT_EQ(errors.errors()[0].line, 3);
}

TEST(PiiConfig, ReportsEveryProblemAtOnce) {
  ConfigErrors errors;
  EXPECT_FALSE(
      Parse("entities: [email, email, nope]\nmin_score: 2\ncolour: red\n", errors).has_value());
  std::string all = AllErrors(errors);
  EXPECT_EQ(errors.size(), 4u) << all;
  EXPECT_NE(all.find("detectors.pii.entities[1]: entity \"email\" is listed twice"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("detectors.pii.entities[2]: unknown entity"), std::string::npos) << all;
  EXPECT_NE(all.find("detectors.pii.min_score"), std::string::npos) << all;
  EXPECT_NE(all.find("detectors.pii.colour"), std::string::npos) << all;
}

TEST(PiiConfig, RejectsEmptyListAndWrongTypes) {
  {
    ConfigErrors errors;
    EXPECT_FALSE(Parse("entities: []\n", errors).has_value());
    EXPECT_NE(AllErrors(errors).find("expected at least one entity"), std::string::npos);
  }
  {
    ConfigErrors errors;
    EXPECT_FALSE(Parse("entities: email\n", errors).has_value());
    EXPECT_NE(AllErrors(errors).find("detectors.pii.entities: expected a list"), std::string::npos)
        << AllErrors(errors);
  }
  {
    ConfigErrors errors;
    EXPECT_FALSE(Parse("[email]\n", errors).has_value());
    EXPECT_NE(AllErrors(errors).find("expected a map"), std::string::npos);
  }
  {
    ConfigErrors errors;
    EXPECT_FALSE(Parse("min_score: high\n", errors).has_value());
    EXPECT_NE(AllErrors(errors).find("detectors.pii.min_score"), std::string::npos);
  }
}

TEST(PiiConfig, EntityListChoosesWhatIsReported) {
  const char* text = "mail jane.doe@mailbox.org, card 4111111111111111, call +44 20 7946 0958";
  auto only_cards = testing::ScanWith("pii", text, "entities: [credit_card]");
  ASSERT_EQ(only_cards.size(), 1u);
  EXPECT_EQ(only_cards[0].detector, "pii.credit_card");
  auto all = testing::ScanWith("pii", text);
  EXPECT_EQ(all.size(), 3u);
}

TEST(PiiConfig, MinScoreDropsWeakFindings) {
  const char* text = "the value 78 651 450 and mail jane.doe@mailbox.org";
  auto weak = testing::ScanWith("pii", text);
  EXPECT_TRUE(testing::HasDetector(weak, "pii.phone"));
  auto strong = testing::ScanWith("pii", text, "min_score: 0.5");
  EXPECT_FALSE(testing::HasDetector(strong, "pii.phone"));
  EXPECT_TRUE(testing::HasDetector(strong, "pii.email"));
}

}  // namespace
}  // namespace frontseat::detectors
