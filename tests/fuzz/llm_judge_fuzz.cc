// Fuzz target for the llm_judge detector's parsers of judge output: the chat completion body
// (ExtractChatContent) and the verdict text (ParseJudgeAnswer, both formats). Any bytes must give
// a verdict or an error with a message, never a crash. Llama Guard 3 categories must come out as
// S1..S14. Also: the request built around any text must be valid JSON, since a server rejects
// anything else.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "detectors/llm_judge/judge_prompt.h"

using frontseat::detectors::JudgeFormat;

namespace {

void CheckAnswer(std::string_view answer, JudgeFormat format) {
  auto verdict = frontseat::detectors::ParseJudgeAnswer(answer, format);
  if (!verdict.ok()) {
    if (verdict.status().message().empty()) std::abort();
    return;
  }
  if (!verdict->unsafe && !verdict->categories.empty()) std::abort();
  if (format == JudgeFormat::kLlamaGuard3) {
    for (const std::string& c : verdict->categories) {
      const int n = std::atoi(c.c_str() + 1);
      if (c.size() < 2 || c[0] != 'S' || n < 1 || n > 14 || c != "S" + std::to_string(n)) {
        std::abort();
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  CheckAnswer(text, JudgeFormat::kLlamaGuard3);
  CheckAnswer(text, JudgeFormat::kGeneric);
  auto content = frontseat::detectors::ExtractChatContent(text);
  if (content.ok()) {
    CheckAnswer(*content, JudgeFormat::kLlamaGuard3);
  } else if (content.status().message().empty()) {
    std::abort();
  }
  frontseat::detectors::LlmJudgeConfig config;
  config.model = "m";
  const std::string request = frontseat::detectors::BuildJudgeRequest(config, text);
  boost::system::error_code ec;
  boost::json::parse(request, ec);
  if (ec) {
    std::fprintf(stderr, "llm_judge_fuzz: request is not valid JSON: %s\n", ec.message().c_str());
    std::abort();
  }
  return 0;
}
