// Questions: does the llm_judge config accept what it documents, keep its defaults, and reject
// every mistake (missing endpoint or model, a non-http URL, unknown keys and names, out-of-range
// numbers, an unset key variable) with an error naming the key, all reported together?
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <string>

#include "detectors/llm_judge/config.h"
#include "detectors/llm_judge/http_client.h"
#include "detectors/llm_judge/llm_judge.h"

namespace frontseat::detectors {
namespace {

std::optional<LlmJudgeConfig> Parse(const std::string& yaml, ConfigErrors& errors) {
  return ParseLlmJudgeConfig(YAML::Load(yaml), "detectors.llm_judge", errors);
}

std::string AllErrors(const ConfigErrors& errors) {
  std::string s;
  for (const ConfigError& e : errors.errors()) {
    s += std::to_string(e.line) + ": " + e.key + ": " + e.message + "\n";
  }
  return s;
}

TEST(LlmJudgeConfig, MinimalConfigKeepsTheDefaults) {
  ConfigErrors errors;
  auto config = Parse("{endpoint: 'http://127.0.0.1:8000/v1', model: llama-guard-3}", errors);
  ASSERT_TRUE(config.has_value()) << AllErrors(errors);
  EXPECT_EQ(config->format, JudgeFormat::kLlamaGuard3);
  EXPECT_EQ(config->prompt, JudgePrompt::kClient);
  EXPECT_EQ(config->role, JudgeRole::kUser);
  EXPECT_EQ(config->timeout_ms, 5000u);
  EXPECT_EQ(config->retries, 1u);
  EXPECT_FALSE(config->fail_closed);
  EXPECT_EQ(config->max_chars, 8000u);
  EXPECT_TRUE(config->api_key.empty());
}

TEST(LlmJudgeConfig, AcceptsEverySetting) {
  ::setenv("FRONTSEAT_TEST_KEY_OK", "sk-abc", 1);
  ConfigErrors errors;
  auto config = Parse(
      "endpoint: https://judge.example.com/v1\n"
      "model: guard\n"
      "api_key_env: FRONTSEAT_TEST_KEY_OK\n"
      "format: generic\n"
      "prompt: client\n"
      "timeout_ms: 1500\n"
      "retries: 3\n"
      "backoff_ms: 50\n"
      "on_error: closed\n"
      "max_chars: 100\n"
      "role: assistant\n",
      errors);
  ::unsetenv("FRONTSEAT_TEST_KEY_OK");
  ASSERT_TRUE(config.has_value()) << AllErrors(errors);
  EXPECT_EQ(config->endpoint, "https://judge.example.com/v1");
  EXPECT_EQ(config->api_key, "sk-abc");
  EXPECT_EQ(config->format, JudgeFormat::kGeneric);
  EXPECT_EQ(config->timeout_ms, 1500u);
  EXPECT_EQ(config->retries, 3u);
  EXPECT_EQ(config->backoff_ms, 50u);
  EXPECT_TRUE(config->fail_closed);
  EXPECT_EQ(config->max_chars, 100u);
  EXPECT_EQ(config->role, JudgeRole::kAssistant);
}

TEST(LlmJudgeConfig, HttpsEndpointIsAccepted) {
  ConfigErrors errors;
  auto config = Parse("{endpoint: 'https://guard.internal:8443', model: m}", errors);
  ASSERT_TRUE(config.has_value()) << AllErrors(errors);
  auto url = ParseHttpUrl(ChatCompletionsUrl(config->endpoint));
  ASSERT_TRUE(url.ok()) << url.status().message();
  EXPECT_TRUE(url->tls);
  EXPECT_EQ(url->host, "guard.internal");
  EXPECT_EQ(url->port, "8443");
  EXPECT_EQ(url->target, "/v1/chat/completions");
}

TEST(LlmJudgeConfig, NoSettingsAtAllIsAnError) {
  ConfigErrors errors;
  EXPECT_FALSE(ParseLlmJudgeConfig(YAML::Node(), "detectors.llm_judge", errors).has_value());
  EXPECT_NE(AllErrors(errors).find("endpoint and model"), std::string::npos) << AllErrors(errors);
}

TEST(LlmJudgeConfig, EveryMistakeIsNamedByItsKey) {
  struct Case {
    std::string yaml;
    std::string expected;
  };
  const std::string ok = "endpoint: http://127.0.0.1:1/v1\nmodel: m\n";
  for (const Case& c : std::vector<Case>{
           {"model: m\n", "detectors.llm_judge.endpoint: required"},
           {"endpoint: http://h/v1\n", "detectors.llm_judge.model: required"},
           {"endpoint: ftp://h/\nmodel: m\n", "endpoint: expected an http:// or https:// URL"},
           {"endpoint: 'http://user:pw@h/'\nmodel: m\n", "endpoint: URL must not carry user info"},
           {"endpoint: 'http://:80/'\nmodel: m\n", "endpoint: URL has no host"},
           {"endpoint: 'http://h:99999/'\nmodel: m\n", "endpoint: URL port must be a number"},
           {"endpoint: 'http://h/v1?x=1'\nmodel: m\n", "endpoint: expected a base URL without a query"},
           {"endpoint: ''\nmodel: m\n", "endpoint: expected a non-empty string"},
           {ok + "modle: x\n", "detectors.llm_judge.modle"},
           {ok + "format: llama_guard2\n", "format: expected one of llama_guard3, generic"},
           {ok + "prompt: both\n", "prompt: expected one of client, server"},
           {ok + "format: generic\nprompt: server\n", "prompt: \"server\" only applies"},
           {ok + "role: system\n", "role: expected one of user, assistant"},
           {ok + "on_error: maybe\n", "on_error: expected one of open, closed"},
           {ok + "timeout_ms: 0\n", "timeout_ms"},
           {ok + "timeout_ms: 500000\n", "timeout_ms"},
           {ok + "retries: 9\n", "retries"},
           {ok + "backoff_ms: -1\n", "backoff_ms"},
           {ok + "max_chars: 0\n", "max_chars"},
           {ok + "api_key_env: FRONTSEAT_TEST_SURELY_UNSET_VAR\n",
            "api_key_env: environment variable FRONTSEAT_TEST_SURELY_UNSET_VAR is not set"},
           {ok + "ca_file: /etc/hostname\n", "ca_file: only an https:// endpoint uses a CA file"},
           {"endpoint: https://h/v1\nmodel: m\nca_file: /surely/absent.pem\n",
            "ca_file: cannot read /surely/absent.pem"},
           {"[1, 2]", "expected a map of settings"},
       }) {
    ConfigErrors errors;
    EXPECT_FALSE(Parse(c.yaml, errors).has_value()) << c.yaml;
    EXPECT_NE(AllErrors(errors).find(c.expected), std::string::npos)
        << c.yaml << "\n  gave: " << AllErrors(errors);
  }
}

TEST(LlmJudgeConfig, AllProblemsAreReportedTogether) {
  ConfigErrors errors;
  EXPECT_FALSE(Parse("{format: x, retries: 99, colour: red}", errors).has_value());
  // endpoint and model missing, format, retries, unknown key.
  EXPECT_EQ(errors.size(), 5u) << AllErrors(errors);
}

}  // namespace
}  // namespace frontseat::detectors
