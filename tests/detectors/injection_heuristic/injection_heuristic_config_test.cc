// Questions: does the injection_heuristic config accept what it documents (min_score, families,
// max_findings), keep its defaults when empty, and reject every mistake with an error naming the
// key that holds it (unknown key, unknown family, empty family list, out-of-range or mistyped
// values), all of them reported together?
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>

#include "detectors/injection_heuristic/config.h"

namespace frontseat::detectors {
namespace {

std::optional<InjectionHeuristicConfig> Parse(const std::string& yaml, ConfigErrors& errors) {
  return ParseInjectionHeuristicConfig(YAML::Load(yaml), "detectors.injection", errors);
}

std::string AllErrors(const ConfigErrors& errors) {
  std::string s;
  for (const ConfigError& e : errors.errors()) {
    s += std::to_string(e.line) + ": " + e.key + ": " + e.message + "\n";
  }
  return s;
}

TEST(InjectionHeuristicConfig, DefaultsEnableEveryFamilyAtMinScoreOneHalf) {
  ConfigErrors errors;
  auto config = ParseInjectionHeuristicConfig(YAML::Node(), "detectors.injection", errors);
  ASSERT_TRUE(config.has_value());
  for (bool on : config->families) EXPECT_TRUE(on);
  EXPECT_EQ(config->min_score, 0.5);
  EXPECT_EQ(config->max_findings, 32u);
  EXPECT_TRUE(errors.empty());
}

TEST(InjectionHeuristicConfig, NullAndEmptyMapKeepDefaults) {
  ConfigErrors errors;
  EXPECT_TRUE(Parse("~", errors).has_value());
  EXPECT_TRUE(Parse("{}", errors).has_value());
  EXPECT_TRUE(errors.empty()) << AllErrors(errors);
}

TEST(InjectionHeuristicConfig, AcceptsEverySetting) {
  ConfigErrors errors;
  auto config = Parse(
      "min_score: 0.4\n"
      "families: [instruction_override, fake_delimiter]\n"
      "max_findings: 5\n",
      errors);
  ASSERT_TRUE(config.has_value()) << AllErrors(errors);
  EXPECT_EQ(config->min_score, 0.4);
  EXPECT_EQ(config->max_findings, 5u);
  for (size_t f = 0; f < kInjectionFamilyCount; ++f) {
    bool expected = kInjectionFamilyNames[f] == "instruction_override" ||
                    kInjectionFamilyNames[f] == "fake_delimiter";
    EXPECT_EQ(config->families[f], expected) << kInjectionFamilyNames[f];
  }
}

TEST(InjectionHeuristicConfig, EveryFamilyNameIsAccepted) {
  for (std::string_view name : kInjectionFamilyNames) {
    ConfigErrors errors;
    auto config = Parse("families: [" + std::string(name) + "]", errors);
    ASSERT_TRUE(config.has_value()) << name << ": " << AllErrors(errors);
  }
}

TEST(InjectionHeuristicConfig, RejectsUnknownKeyNamingIt) {
  // "threshold" is a plausible guess for min_score; accepting it silently would leave the
  // detector at its default while the author believes otherwise.
  ConfigErrors errors;
  EXPECT_FALSE(Parse("threshold: 0.9", errors).has_value());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.errors()[0].key, "detectors.injection.threshold");
  EXPECT_NE(errors.errors()[0].message.find("min_score"), std::string::npos);
  EXPECT_EQ(errors.errors()[0].line, 1);
}

TEST(InjectionHeuristicConfig, RejectsUnknownFamilyListingTheKnownOnes) {
  ConfigErrors errors;
  EXPECT_FALSE(Parse("families: [persona_switch, jailbreaks]", errors).has_value());
  ASSERT_EQ(errors.size(), 1u) << AllErrors(errors);
  EXPECT_EQ(errors.errors()[0].key, "detectors.injection.families[1]");
  EXPECT_NE(errors.errors()[0].message.find("\"jailbreaks\""), std::string::npos);
  EXPECT_NE(errors.errors()[0].message.find("indirect_marker"), std::string::npos);
}

TEST(InjectionHeuristicConfig, RejectsEmptyFamilyList) {
  ConfigErrors errors;
  EXPECT_FALSE(Parse("families: []", errors).has_value());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.errors()[0].key, "detectors.injection.families");
  EXPECT_NE(errors.errors()[0].message.find("remove the detector"), std::string::npos);
}

TEST(InjectionHeuristicConfig, RejectsMistypedValues) {
  ConfigErrors errors;
  EXPECT_FALSE(Parse("families: persona_switch", errors).has_value());
  EXPECT_FALSE(Parse("families: [[a]]", errors).has_value());
  EXPECT_FALSE(Parse("min_score: high", errors).has_value());
  EXPECT_FALSE(Parse("max_findings: -1", errors).has_value());
  EXPECT_EQ(errors.size(), 4u) << AllErrors(errors);
}

TEST(InjectionHeuristicConfig, RejectsOutOfRangeValues) {
  ConfigErrors errors;
  EXPECT_FALSE(Parse("min_score: 1.5", errors).has_value());
  EXPECT_FALSE(Parse("max_findings: 0", errors).has_value());
  EXPECT_FALSE(Parse("max_findings: 100000", errors).has_value());
  EXPECT_EQ(errors.size(), 3u) << AllErrors(errors);
}

TEST(InjectionHeuristicConfig, ReportsAllProblemsAtOnce) {
  ConfigErrors errors;
  EXPECT_FALSE(
      Parse("min_score: 2\nfamilies: [nope]\nmax_findings: x\ncolour: red\n", errors).has_value());
  EXPECT_EQ(errors.size(), 4u) << AllErrors(errors);
}

TEST(InjectionHeuristicConfig, RejectsANonMap) {
  ConfigErrors errors;
  EXPECT_FALSE(Parse("[min_score]", errors).has_value());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.errors()[0].key, "detectors.injection");
}

}  // namespace
}  // namespace frontseat::detectors
