// Configuration of the llm_judge detector: a plain struct and its validating parser. The detector
// asks a guard model behind an OpenAI-compatible /v1/chat/completions endpoint whether a text is
// safe (see llm_judge.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "detectors/common/config_errors.h"

namespace frontseat::detectors {

enum class JudgeFormat {
  kLlamaGuard3,  // Llama Guard 3's prompt (S1..S14) and its "safe" / "unsafe\nS1,S10" answers
  kGeneric,      // a system prompt asking any chat model to answer "safe" or "unsafe"
};

// Who renders the Llama Guard 3 prompt. `client`: this detector renders the whole task prompt and
// sends it as one user message (for servers that apply no guard-specific chat template, or
// /v1/chat/completions in front of a raw model). `server`: the detector sends the conversation as
// plain chat messages and the server's chat template for the guard model renders the task prompt
// (vLLM or llama.cpp with Llama-Guard-3's own template, Ollama's llama-guard3). Rendering it on
// both sides would wrap the prompt twice.
enum class JudgePrompt { kClient, kServer };

enum class JudgeRole { kUser, kAssistant };  // which side of the conversation the text is

struct LlmJudgeConfig {
  std::string endpoint;  // base URL, e.g. http://127.0.0.1:8000 or https://host/v1 ("/v1" and a
                         // full ".../chat/completions" URL are both accepted)
  std::string model;
  std::string api_key_env;  // name of the environment variable holding the key; "" = no key
  std::string api_key;      // its value, read when the config is parsed
  JudgeFormat format = JudgeFormat::kLlamaGuard3;
  JudgePrompt prompt = JudgePrompt::kClient;
  JudgeRole role = JudgeRole::kUser;
  uint64_t timeout_ms = 5000;  // per attempt: connect, send and read together
  uint64_t retries = 1;        // extra attempts after a connect error, timeout, 429 or 5xx
  uint64_t backoff_ms = 200;   // before retry n: backoff_ms * 2^(n-1), or Retry-After if shorter
                               // than the timeout
  bool fail_closed = false;    // on_error: closed → a "judge_unavailable" finding; open → none
  uint64_t max_chars = 8000;   // characters of the document sent to the judge
  std::string ca_file;         // PEM CAs to trust for an https endpoint; "" = system store
};

// Parses the detector's policy entry. Keys: endpoint (http or https URL, required), model
// (required), api_key_env, format (llama_guard3|generic), prompt (client|server), timeout_ms
// (1..120000), retries (0..5), backoff_ms (0..10000), on_error (open|closed), max_chars
// (1..1000000), role (user|assistant), ca_file (a PEM file of CAs, for an https endpoint). Unknown keys are errors, as is an api_key_env naming an
// unset variable. Returns nullopt after recording every problem in `errors` under `path`.
std::optional<LlmJudgeConfig> ParseLlmJudgeConfig(const YAML::Node& node, std::string_view path,
                                                  ConfigErrors& errors);

}  // namespace frontseat::detectors
