// Questions: does the secret detector's config accept what config.h documents (min_score,
// min_entropy, disabled_rules), reject every mistake naming the key that holds it (unknown key,
// wrong type, out of range, unknown rule id), report all problems at once, and do the accepted
// settings really change what the detector reports?
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>

#include "detectors/secret/config.h"
#include "testing/scan_testing.h"

namespace frontseat::detectors {
namespace {

using testing::HasDetector;
using testing::ScanWith;

std::optional<SecretConfig> Parse(const std::string& yaml, ConfigErrors& errors) {
  return ParseSecretConfig(YAML::Load(yaml), "detectors.secret", errors);
}

std::string AllErrors(const ConfigErrors& errors) {
  std::string s;
  for (const ConfigError& e : errors.errors()) {
    s += std::to_string(e.line) + ": " + e.key + ": " + e.message + "\n";
  }
  return s;
}

TEST(SecretConfig, NullMeansDefaults) {
  ConfigErrors errors;
  std::optional<SecretConfig> config = ParseSecretConfig(YAML::Node(), "detectors.secret", errors);
  ASSERT_TRUE(config.has_value());
  EXPECT_EQ(config->min_score, 0.0);
  EXPECT_FALSE(config->min_entropy.has_value());
  EXPECT_TRUE(config->disabled_rules.empty());
  EXPECT_TRUE(errors.empty());
}

TEST(SecretConfig, AcceptsEveryDocumentedKey) {
  ConfigErrors errors;
  auto config = Parse(
      "min_score: 0.7\n"
      "min_entropy: 3.2\n"
      "disabled_rules: [secret.generic_key, secret.jwt]\n",
      errors);
  ASSERT_TRUE(config.has_value()) << AllErrors(errors);
  EXPECT_EQ(config->min_score, 0.7);
  ASSERT_TRUE(config->min_entropy.has_value());
  EXPECT_EQ(*config->min_entropy, 3.2);
  EXPECT_EQ(config->disabled_rules, (std::vector<std::string>{"secret.generic_key", "secret.jwt"}));
}

TEST(SecretConfig, RejectsUnknownKeyNamingIt) {
  ConfigErrors errors;
  EXPECT_FALSE(Parse("min_entrpy: 3\n", errors).has_value());
  ASSERT_EQ(errors.size(), 1u) << AllErrors(errors);
  EXPECT_EQ(errors.errors()[0].key, "detectors.secret.min_entrpy");
  EXPECT_NE(errors.errors()[0].message.find("unknown key"), std::string::npos);
  EXPECT_NE(errors.errors()[0].message.find("min_entropy"), std::string::npos);  // lists known
  EXPECT_EQ(errors.errors()[0].line, 1);
}

TEST(SecretConfig, RejectsWrongTypes) {
  struct Case {
    const char* yaml;
    const char* key;
    const char* message;
  };
  const Case cases[] = {
      {"min_score: high\n", "detectors.secret.min_score", "expected a number"},
      {"min_score: 1.5\n", "detectors.secret.min_score", "expected a number from"},
      {"min_entropy: [3]\n", "detectors.secret.min_entropy", "expected a number"},
      {"min_entropy: 9\n", "detectors.secret.min_entropy", "expected a number from"},
      {"disabled_rules: secret.jwt\n", "detectors.secret.disabled_rules", "list of strings"},
      {"disabled_rules: [{a: b}]\n", "detectors.secret.disabled_rules[0]", "expected a string"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.yaml);
    ConfigErrors errors;
    EXPECT_FALSE(Parse(c.yaml, errors).has_value());
    ASSERT_EQ(errors.size(), 1u) << AllErrors(errors);
    EXPECT_EQ(errors.errors()[0].key, c.key);
    EXPECT_NE(errors.errors()[0].message.find(c.message), std::string::npos) << AllErrors(errors);
  }
}

TEST(SecretConfig, RejectsUnknownRuleIdNamingTheListItem) {
  ConfigErrors errors;
  EXPECT_FALSE(
      Parse("disabled_rules:\n  - secret.jwt\n  - secret.github_tokn\n", errors).has_value());
  ASSERT_EQ(errors.size(), 1u) << AllErrors(errors);
  EXPECT_EQ(errors.errors()[0].key, "detectors.secret.disabled_rules[1]");
  EXPECT_NE(errors.errors()[0].message.find("unknown rule id \"secret.github_tokn\""),
            std::string::npos);
  EXPECT_EQ(errors.errors()[0].line, 3);
}

TEST(SecretConfig, RejectsANonMap) {
  ConfigErrors errors;
  EXPECT_FALSE(Parse("[min_score]\n", errors).has_value());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.errors()[0].key, "detectors.secret");
}

TEST(SecretConfig, ReportsEveryProblemAtOnce) {
  ConfigErrors errors;
  EXPECT_FALSE(Parse("min_score: 2\nmin_entropy: x\ndisabled_rules: [nope]\ncolour: red\n", errors)
                   .has_value());
  EXPECT_EQ(errors.size(), 4u) << AllErrors(errors);
}

// --- The settings change what is reported -------------------------------------------------------

const char kAwsKey[] = "AWS_ACCESS_KEY_ID=AKIAZQ3VJX7LM2NRB5TW";

TEST(SecretConfig, DisabledRuleIsNotReported) {
  EXPECT_TRUE(HasDetector(ScanWith("secret", kAwsKey), "secret.aws_access_key_id"));
  EXPECT_FALSE(
      HasDetector(ScanWith("secret", kAwsKey, "disabled_rules: [secret.aws_access_key_id]"),
                  "secret.aws_access_key_id"));
}

TEST(SecretConfig, MinScoreDropsWeakerFindings) {
  const std::string text = std::string(kAwsKey) + "\npassword = \"Vq8#mLw2zR\"\n";
  std::vector<Finding> all = ScanWith("secret", text);
  EXPECT_TRUE(HasDetector(all, "secret.generic_password"));
  std::vector<Finding> strong = ScanWith("secret", text, "min_score: 0.8");
  EXPECT_FALSE(HasDetector(strong, "secret.generic_password"));  // scored 0.7
  EXPECT_TRUE(HasDetector(strong, "secret.aws_access_key_id"));  // scored 0.9
}

TEST(SecretConfig, MinEntropyReplacesTheRulesFloor) {
  // 20 characters carry at most log2(20) = 4.3 bits each; a floor of 5 rejects any AWS key id.
  EXPECT_FALSE(
      HasDetector(ScanWith("secret", kAwsKey, "min_entropy: 5"), "secret.aws_access_key_id"));
  EXPECT_TRUE(
      HasDetector(ScanWith("secret", kAwsKey, "min_entropy: 1"), "secret.aws_access_key_id"));
}

}  // namespace
}  // namespace frontseat::detectors
