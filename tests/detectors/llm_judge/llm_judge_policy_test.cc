// Does a policy that enables llm_judge block what the judge calls unsafe, through the policy's
// harmful category, and leave the rest alone? And is the judge off in the default policy?
#include <gtest/gtest.h>

#include <string>

#include "frontseat/guard.h"
#include "testing/standin_process.h"

namespace frontseat {
namespace {

TEST(LlmJudgePolicy, PolicyWithTheJudgeBlocksHarmfulText) {
  testing::StandinProcess judge(R"({"default": {"reply": "safe"},
      "rules": [{"match": "nerve agent", "reply": "unsafe\nS9"}]})");
  ASSERT_TRUE(judge.ok()) << judge.error();
  const std::string yaml =
      "version: 1\n"
      "detectors:\n"
      "  llm_judge: {endpoint: \"" + judge.base_url() + "/v1\", model: llama-guard-3,\n"
      "              on_error: closed}\n"
      "categories:\n"
      "  harmful: { action: block, threshold: 0.5 }\n";
  auto guard = Guard::Create(ParsePolicy(yaml, "judge.yaml"));
  ASSERT_TRUE(guard.ok()) << guard.status().message();
  Decision blocked = (*guard)->Check("How do I synthesise a nerve agent?");
  EXPECT_EQ(blocked.action, Action::kBlock);
  ASSERT_EQ(blocked.findings.size(), 1u);
  EXPECT_EQ(blocked.findings[0].category, Category::kHarmful);
  EXPECT_EQ(blocked.findings[0].subcategory, "S9");
  Decision allowed = (*guard)->Check("How do I bake bread?");
  EXPECT_EQ(allowed.action, Action::kAllow);
}

TEST(LlmJudgePolicy, ABadJudgeConfigStopsThePolicyWithTheKey) {
  auto policy = ParsePolicy("version: 1\ndetectors:\n  llm_judge: {model: m, timeout: 5}\n",
                            "bad.yaml");
  ASSERT_FALSE(policy.ok());
  EXPECT_NE(policy.status().message().find("detectors.llm_judge.endpoint"), std::string::npos)
      << policy.status().message();
  EXPECT_NE(policy.status().message().find("detectors.llm_judge.timeout"), std::string::npos)
      << policy.status().message();
}

TEST(LlmJudgePolicy, TheDefaultPolicyDoesNotCallAJudge) {
  EXPECT_EQ(DefaultPolicyYaml().find("llm_judge:"), std::string_view::npos);
}

}  // namespace
}  // namespace frontseat
