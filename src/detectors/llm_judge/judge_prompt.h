// The llm_judge detector's side of the conversation with a guard model: the prompts it sends
// (Llama Guard 3's template, or a generic "answer safe or unsafe" system prompt), the OpenAI
// request body, and the parsing of what comes back. Pure functions, no I/O: the parts of the
// detector that outside bytes reach, kept apart so they can be fuzzed and tested alone.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "detectors/llm_judge/config.h"
#include "frontseat/status.h"

namespace frontseat::detectors {

// The 14 hazard categories of the MLCommons taxonomy that Llama Guard 3 was trained on, in order
// (S1 = kLlamaGuard3Categories[0]).
inline constexpr std::string_view kLlamaGuard3Categories[] = {
    "Violent Crimes",  "Non-Violent Crimes", "Sex-Related Crimes", "Child Sexual Exploitation",
    "Defamation",      "Specialized Advice", "Privacy",         "Intellectual Property",
    "Indiscriminate Weapons", "Hate",        "Suicide & Self-Harm", "Sexual Content",
    "Elections",       "Code Interpreter Abuse",
};

// What the judge said. `categories` holds "S1".."S14" for llama_guard3 (upper case, in the
// judge's order, without repeats), free-form names for generic; possibly empty when unsafe.
struct JudgeVerdict {
  bool unsafe = false;
  std::vector<std::string> categories;
};

// Parses the judge's answer text. Accepted, ignoring case and surrounding whitespace:
//   "safe"; "unsafe"; "unsafe" followed (after a newline or spaces) by categories separated by
//   commas and/or whitespace. llama_guard3 categories must be S1..S14; generic ones are names of
//   letters, digits, '_', '-', '/' and '&' (at most 16 of them). generic also accepts a trailing
//   period after the verdict word ("Safe.").
// Anything else ("I think it is safe", "unsafe\nS99", an empty answer) is an error naming what
// was wrong, which the detector treats as the judge being unavailable.
Result<JudgeVerdict> ParseJudgeAnswer(std::string_view answer, JudgeFormat format);

// Llama Guard 3's task prompt for a one-turn conversation holding `text` as the user's message
// (role user) or the agent's answer (role assistant), as the model card specifies it, without
// the tokenizer's special tokens (the server's chat template adds those).
std::string RenderLlamaGuard3Prompt(std::string_view text, JudgeRole role);

// The generic format's system prompt.
std::string GenericSystemPrompt(JudgeRole role);

// The /v1/chat/completions request body for judging `text`: deterministic (temperature 0), short
// (max_tokens 32), not streamed.
std::string BuildJudgeRequest(const LlmJudgeConfig& config, std::string_view text);

// The first choice's message content of an OpenAI chat completion response, or an error saying
// what is missing ("not JSON", "no choices[0].message.content").
Result<std::string> ExtractChatContent(std::string_view response_body);

// The first `max_chars` code points of `text` (bytes of invalid UTF-8 count one each).
std::string_view PrefixChars(std::string_view text, uint64_t max_chars);

}  // namespace frontseat::detectors
