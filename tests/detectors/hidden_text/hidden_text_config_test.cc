// Questions: does the hidden_text config accept what it documents (min_score, kinds,
// max_findings), keep its defaults when empty, and reject every mistake with an error naming the
// key that holds it (unknown key, unknown kind, empty kind list, out-of-range or mistyped
// values), all of them reported together?
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>

#include "detectors/hidden_text/config.h"

namespace frontseat::detectors {
namespace {

std::optional<HiddenTextConfig> Parse(const std::string& yaml, ConfigErrors& errors) {
  return ParseHiddenTextConfig(YAML::Load(yaml), "detectors.hidden_text", errors);
}

std::string AllErrors(const ConfigErrors& errors) {
  std::string s;
  for (const ConfigError& e : errors.errors()) {
    s += std::to_string(e.line) + ": " + e.key + ": " + e.message + "\n";
  }
  return s;
}

TEST(HiddenTextConfig, DefaultsReportEveryKind) {
  ConfigErrors errors;
  auto config = ParseHiddenTextConfig(YAML::Node(), "detectors.hidden_text", errors);
  ASSERT_TRUE(config.has_value());
  for (bool on : config->kinds) EXPECT_TRUE(on);
  EXPECT_EQ(config->min_score, 0.0);
  EXPECT_EQ(config->max_findings, 64u);
}

TEST(HiddenTextConfig, AcceptsEverySetting) {
  ConfigErrors errors;
  auto config =
      Parse("min_score: 0.6\nkinds: [zero_width, tag_characters]\nmax_findings: 10\n", errors);
  ASSERT_TRUE(config.has_value()) << AllErrors(errors);
  EXPECT_EQ(config->min_score, 0.6);
  EXPECT_EQ(config->max_findings, 10u);
  for (size_t k = 0; k < kHiddenTextKindCount; ++k) {
    bool expected =
        kHiddenTextKindNames[k] == "zero_width" || kHiddenTextKindNames[k] == "tag_characters";
    EXPECT_EQ(config->kinds[k], expected) << kHiddenTextKindNames[k];
  }
}

TEST(HiddenTextConfig, EveryKindNameIsAccepted) {
  for (std::string_view name : kHiddenTextKindNames) {
    ConfigErrors errors;
    EXPECT_TRUE(Parse("kinds: [" + std::string(name) + "]", errors).has_value())
        << name << ": " << AllErrors(errors);
  }
}

TEST(HiddenTextConfig, RejectsUnknownKeyNamingIt) {
  ConfigErrors errors;
  EXPECT_FALSE(Parse("min_score: 0.5\nthreshold: 0.9\n", errors).has_value());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.errors()[0].key, "detectors.hidden_text.threshold");
  EXPECT_EQ(errors.errors()[0].line, 2);
  EXPECT_NE(errors.errors()[0].message.find("min_score"), std::string::npos);
}

TEST(HiddenTextConfig, RejectsUnknownKindListingTheKnownOnes) {
  ConfigErrors errors;
  EXPECT_FALSE(Parse("kinds: [zero_width, homoglyphs]", errors).has_value());
  ASSERT_EQ(errors.size(), 1u) << AllErrors(errors);
  EXPECT_EQ(errors.errors()[0].key, "detectors.hidden_text.kinds[1]");
  EXPECT_NE(errors.errors()[0].message.find("\"homoglyphs\""), std::string::npos);
  EXPECT_NE(errors.errors()[0].message.find("mixed_script"), std::string::npos);
}

TEST(HiddenTextConfig, RejectsEmptyKindList) {
  ConfigErrors errors;
  EXPECT_FALSE(Parse("kinds: []", errors).has_value());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.errors()[0].key, "detectors.hidden_text.kinds");
}

TEST(HiddenTextConfig, RejectsMistypedAndOutOfRangeValues) {
  ConfigErrors errors;
  EXPECT_FALSE(Parse("kinds: zero_width", errors).has_value());
  EXPECT_FALSE(Parse("min_score: -0.1", errors).has_value());
  EXPECT_FALSE(Parse("min_score: lots", errors).has_value());
  EXPECT_FALSE(Parse("max_findings: 0", errors).has_value());
  EXPECT_FALSE(Parse("max_findings: 2.5", errors).has_value());
  EXPECT_EQ(errors.size(), 5u) << AllErrors(errors);
}

TEST(HiddenTextConfig, ReportsAllProblemsAtOnce) {
  ConfigErrors errors;
  EXPECT_FALSE(Parse("min_score: 7\nkinds: [x, y]\ncolour: red\n", errors).has_value());
  EXPECT_EQ(errors.size(), 4u) << AllErrors(errors);
}

TEST(HiddenTextConfig, RejectsANonMap) {
  ConfigErrors errors;
  EXPECT_FALSE(Parse("- min_score", errors).has_value());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.errors()[0].key, "detectors.hidden_text");
}

}  // namespace
}  // namespace frontseat::detectors
