// The llm_judge detector: asks a guard model (Llama Guard 3, or any chat model with a generic
// "answer safe or unsafe" prompt) behind an OpenAI-compatible /v1/chat/completions endpoint
// whether a text is harmful. See README.md beside this file.
//
// What is sent: the document's normalized text (the depth-0 view only; decoded segments are not
// sent separately, the judge reads the encoded text as it is), cut to max_chars characters.
// Empty and all-whitespace documents are not sent.
//
// Findings (category harmful, detector id "llm_judge", span = the whole document, score 1.0):
//   - the judge says unsafe: subcategory = its first category ("S9"), or "unsafe" when it names
//     none; the preview lists every category it named.
//   - the judge cannot be asked or its answer is not a verdict (connection refused, timeout after
//     the retries, HTTP error, not JSON, not "safe"/"unsafe"): with on_error closed a finding
//     with subcategory "judge_unavailable"; with on_error open no finding.
//
// Cost: one HTTP round trip to the model per document (plus retries); it blocks the calling
// thread for at most (retries + 1) × timeout_ms plus the backoffs. Thread-safe: Scan is const and
// each call uses its own connection. Not in the default policy: it needs a judge to call.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "detectors/llm_judge/config.h"
#include "frontseat/detector.h"

namespace frontseat::detectors {

std::unique_ptr<Detector> MakeLlmJudgeDetector(LlmJudgeConfig config);

// Endpoint URL → the chat completions URL: ".../chat/completions" is kept, ".../v1" gets
// "/chat/completions", anything else "/v1/chat/completions".
std::string ChatCompletionsUrl(std::string_view endpoint);

}  // namespace frontseat::detectors
