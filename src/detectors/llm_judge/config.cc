// Parsing and validation of the llm_judge detector's config. Every problem is recorded (not just
// the first), so a policy author fixes them all in one round.
#include "detectors/llm_judge/config.h"

#include <yaml-cpp/yaml.h>

#include <array>
#include <cstdlib>
#include <initializer_list>

#include "detectors/llm_judge/http_client.h"

namespace frontseat::detectors {
namespace {

// Reads a scalar that must be one of `names`; returns its index or nullopt (error recorded).
std::optional<size_t> ReadChoice(const YAML::Node& node, const std::string& path,
                                 std::initializer_list<std::string_view> names,
                                 ConfigErrors& errors) {
  std::string list;
  for (std::string_view n : names) list += (list.empty() ? "" : ", ") + std::string(n);
  if (node.IsScalar()) {
    size_t i = 0;
    for (std::string_view n : names) {
      if (node.Scalar() == n) return i;
      ++i;
    }
    errors.Add(node, path, "expected one of " + list + "; got \"" + node.Scalar() + "\"");
  } else {
    errors.Add(node, path, "expected one of " + list);
  }
  return std::nullopt;
}

bool ReadString(const YAML::Node& node, const std::string& path, ConfigErrors& errors,
                std::string& out) {
  if (!node.IsScalar() || node.Scalar().empty()) {
    errors.Add(node, path, "expected a non-empty string");
    return false;
  }
  out = node.Scalar();
  return true;
}

}  // namespace

std::optional<LlmJudgeConfig> ParseLlmJudgeConfig(const YAML::Node& node, std::string_view path,
                                                  ConfigErrors& errors) {
  LlmJudgeConfig config;
  const std::string prefix(path);
  if (!node || node.IsNull()) {
    errors.Add(node, path, "llm_judge needs settings: at least endpoint and model");
    return std::nullopt;
  }
  if (!node.IsMap()) {
    errors.Add(node, path, "expected a map of settings");
    return std::nullopt;
  }
  const size_t before = errors.size();
  CheckKnownKeys(node, path,
                 {"endpoint", "model", "api_key_env", "format", "prompt", "timeout_ms", "retries",
                  "backoff_ms", "on_error", "max_chars", "role", "ca_file"},
                 errors);
  if (const YAML::Node endpoint = node["endpoint"]) {
    if (ReadString(endpoint, prefix + ".endpoint", errors, config.endpoint)) {
      auto url = ParseHttpUrl(config.endpoint);
      if (!url.ok()) {
        errors.Add(endpoint, prefix + ".endpoint", url.status().message());
      } else if (config.endpoint.find('?') != std::string::npos) {
        errors.Add(endpoint, prefix + ".endpoint",
                   "expected a base URL without a query (\"?...\")");
      }
    }
  } else {
    errors.Add(node, prefix + ".endpoint",
               "required: the judge's OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1");
  }
  if (const YAML::Node model = node["model"]) {
    ReadString(model, prefix + ".model", errors, config.model);
  } else {
    errors.Add(node, prefix + ".model", "required: the guard model's name on the endpoint");
  }
  if (const YAML::Node env = node["api_key_env"]) {
    if (ReadString(env, prefix + ".api_key_env", errors, config.api_key_env)) {
      const char* value = std::getenv(config.api_key_env.c_str());
      if (value == nullptr || *value == '\0') {
        errors.Add(env, prefix + ".api_key_env",
                   "environment variable " + config.api_key_env + " is not set or empty");
      } else {
        config.api_key = value;
      }
    }
  }
  if (const YAML::Node format = node["format"]) {
    if (auto i = ReadChoice(format, prefix + ".format", {"llama_guard3", "generic"}, errors)) {
      config.format = *i == 0 ? JudgeFormat::kLlamaGuard3 : JudgeFormat::kGeneric;
    }
  }
  if (const YAML::Node prompt = node["prompt"]) {
    if (auto i = ReadChoice(prompt, prefix + ".prompt", {"client", "server"}, errors)) {
      config.prompt = *i == 0 ? JudgePrompt::kClient : JudgePrompt::kServer;
    }
  }
  if (const YAML::Node role = node["role"]) {
    if (auto i = ReadChoice(role, prefix + ".role", {"user", "assistant"}, errors)) {
      config.role = *i == 0 ? JudgeRole::kUser : JudgeRole::kAssistant;
    }
  }
  if (const YAML::Node on_error = node["on_error"]) {
    if (auto i = ReadChoice(on_error, prefix + ".on_error", {"open", "closed"}, errors)) {
      config.fail_closed = *i == 1;
    }
  }
  if (node["timeout_ms"]) {
    ReadUint(node["timeout_ms"], prefix + ".timeout_ms", 1, 120000, errors, config.timeout_ms);
  }
  if (node["retries"]) ReadUint(node["retries"], prefix + ".retries", 0, 5, errors, config.retries);
  if (node["backoff_ms"]) {
    ReadUint(node["backoff_ms"], prefix + ".backoff_ms", 0, 10000, errors, config.backoff_ms);
  }
  if (node["max_chars"]) {
    ReadUint(node["max_chars"], prefix + ".max_chars", 1, 1000000, errors, config.max_chars);
  }
  if (const YAML::Node ca = node["ca_file"]) {
    if (ReadString(ca, prefix + ".ca_file", errors, config.ca_file)) {
      if (!config.endpoint.starts_with("https://")) {
        errors.Add(ca, prefix + ".ca_file", "only an https:// endpoint uses a CA file");
      } else if (Status s = CheckCaFile(config.ca_file); !s.ok()) {
        errors.Add(ca, prefix + ".ca_file", s.message());
      }
    }
  }
  if (config.prompt == JudgePrompt::kServer && config.format == JudgeFormat::kGeneric) {
    errors.Add(node["prompt"], prefix + ".prompt",
               "\"server\" only applies to format llama_guard3 (generic always sends its own "
               "system prompt)");
  }
  if (errors.size() != before) return std::nullopt;
  return config;
}

}  // namespace frontseat::detectors
