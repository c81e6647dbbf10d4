// Are policy files validated completely, with every error naming file, line and key?
#include "policy/policy.h"

#include <gtest/gtest.h>

namespace frontseat {
namespace {

TEST(Policy, DefaultPolicyLoadsWithAllShippedDetectors) {
  auto p = ParsePolicy(DefaultPolicyYaml(), "<default>");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ((*p)->detectors.size(), 6u);
  EXPECT_EQ((*p)->categories[size_t(Category::kSecret)].action, Action::kRedact);
  EXPECT_EQ((*p)->categories[size_t(Category::kPromptInjection)].action, Action::kBlock);
  ASSERT_NE(DefaultPolicy(), nullptr);
}

TEST(Policy, ReportsEveryErrorAtOnceWithLineAndKey) {
  const char* yaml =
      "version: 1\n"
      "detectors:\n"
      "  secret: {}\n"
      "  no_such_detector: {}\n"
      "categories:\n"
      "  secret: { action: deny, threshold: 0.5 }\n"
      "  pii: { action: flag, threshold: 7 }\n"
      "  typo_category: { action: flag }\n"
      "limits:\n"
      "  max_scan_byte: 10\n"
      "decoders: [base64, base65]\n";
  auto p = ParsePolicy(yaml, "bad.yaml");
  ASSERT_FALSE(p.ok());
  const std::string& m = p.status().message();
  EXPECT_NE(m.find("bad.yaml:4: detectors.no_such_detector: unknown detector"), std::string::npos) << m;
  EXPECT_NE(m.find("bad.yaml:6: categories.secret.action: expected one of allow, flag, redact, block; got \"deny\""),
            std::string::npos) << m;
  EXPECT_NE(m.find("bad.yaml:7: categories.pii.threshold: expected a number from 0"), std::string::npos) << m;
  EXPECT_NE(m.find("bad.yaml:8: categories.typo_category: unknown category"), std::string::npos) << m;
  EXPECT_NE(m.find("bad.yaml:10: limits.max_scan_byte: unknown key"), std::string::npos) << m;
  EXPECT_NE(m.find("bad.yaml:11: decoders[1]: expected one of base64, hex, url, rot13, leet; got \"base65\""),
            std::string::npos) << m;
}

TEST(Policy, MalformedYamlNamesTheLine) {
  auto p = ParsePolicy("version: 1\ndetectors:\n  secret: {\n  pii: [\n", "broken.yaml");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("broken.yaml:"), std::string::npos);
  EXPECT_NE(p.status().message().find("invalid YAML"), std::string::npos);
}

TEST(Policy, MissingFileIsAClearError) {
  auto p = LoadPolicyFile("/nonexistent/policy.yaml");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(), "/nonexistent/policy.yaml: cannot open policy file");
}

TEST(Policy, WrongTopLevelShapes) {
  EXPECT_FALSE(ParsePolicy("", "e.yaml").ok());
  EXPECT_FALSE(ParsePolicy("- a\n- b\n", "e.yaml").ok());
  auto p = ParsePolicy("version: 2\ndetectors: {}\nextra: 1\n", "v.yaml");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("v.yaml:1: version: expected 1"), std::string::npos);
  EXPECT_NE(p.status().message().find("v.yaml:3: (top level).extra: unknown key"), std::string::npos);
}

}  // namespace
}  // namespace frontseat

namespace frontseat {
namespace {

TEST(Policy, RedteamRiskThresholdsLoadWithDefaultAndPerCategoryEntries) {
  auto p = ParsePolicy(DefaultPolicyYaml(), "<default>");
  ASSERT_TRUE(p.ok()) << p.status().message();
  const auto& risk = (*p)->redteam_risk;
  ASSERT_TRUE(risk.count("default"));
  ASSERT_TRUE(risk.count("secret_exfiltration"));
  EXPECT_DOUBLE_EQ(risk.at("secret_exfiltration").medium, 0.01);
  EXPECT_LE(risk.at("default").medium, risk.at("default").high);
}

TEST(Policy, RedteamRiskErrorsNameTheKey) {
  auto p = ParsePolicy(
      "version: 1\ndetectors:\n  secret: {}\nredteam:\n  risk:\n    harmfull: { medium: 0.1 }\n"
      "    harmful: { medium: 0.5, high: 0.2 }\n    pii_exfiltration: { medium: 2 }\n"
      "    secret_exfiltration: { low: 0.1 }\n",
      "rt.yaml");
  ASSERT_FALSE(p.ok());
  const std::string& m = p.status().message();
  EXPECT_NE(m.find("rt.yaml:6: redteam.risk.harmfull: unknown attack category"), std::string::npos) << m;
  EXPECT_NE(m.find("redteam.risk.harmful: expected medium <= high <= critical"), std::string::npos) << m;
  EXPECT_NE(m.find("redteam.risk.pii_exfiltration.medium"), std::string::npos) << m;
  EXPECT_NE(m.find("redteam.risk.secret_exfiltration"), std::string::npos) << m;
}

}  // namespace
}  // namespace frontseat
