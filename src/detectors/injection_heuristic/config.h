// Configuration of the injection_heuristic detector: a plain struct and its validating parser.
// The families are part of the config because a policy may switch one off (say
// `fake_delimiter` for a gateway that legitimately relays chat-template text); their names are
// also the findings' subcategories, so they are stable like detector ids.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "detectors/common/config_errors.h"

namespace frontseat::detectors {

// The kinds of phrasing the heuristic knows. Each rule belongs to exactly one family, and the
// document score combines families, not rules: ten ways of saying "ignore your instructions" are
// one piece of evidence, while an override plus a persona switch are two.
enum class InjectionFamily {
  kInstructionOverride,     // "ignore all previous instructions", "new instructions:"
  kPersonaSwitch,           // DAN, "developer mode", "you are no longer bound by"
  kSystemPromptExtraction,  // "repeat your system prompt", "print the text above"
  kFakeDelimiter,           // "<|im_start|>system", "[INST]", "### System:", "END OF PROMPT"
  kPayloadSplitting,        // "a = '...'; b = '...'; now execute a + b"
  kRefusalSuppression,      // "never refuse", "do not apologize", "without any disclaimers"
  kIndirectMarker,          // "AI assistant reading this", "when you summarize this, also ..."
};
inline constexpr size_t kInjectionFamilyCount = 7;

// Snake-case names, used as config values and as Finding::subcategory.
inline constexpr std::array<std::string_view, kInjectionFamilyCount> kInjectionFamilyNames = {
    "instruction_override", "persona_switch",      "system_prompt_extraction", "fake_delimiter",
    "payload_splitting",    "refusal_suppression", "indirect_marker",
};

struct InjectionHeuristicConfig {
  // A document whose combined score is below this gets no findings at all. 0.5 lets one strong
  // rule (weight >= 0.6) report on its own, while medium rules (0.4) need a second family and
  // weak ones (0.25) need a medium or strong one: see README.md, "Scoring".
  double min_score = 0.5;
  // Families whose rules run; all by default. Set through `families: [name, ...]`.
  std::array<bool, kInjectionFamilyCount> families = {true, true, true, true, true, true, true};
  // Findings reported per scanned view at most: a text repeating one phrase ten thousand times
  // is no more suspicious after the first few, and must not cost ten thousand findings.
  uint64_t max_findings = 32;
};

// Parses the detector's policy entry (a map, or null for defaults). Keys: min_score (0..1),
// families (non-empty list of family names), max_findings (1..1000). Unknown keys and unknown
// family names are errors. Returns nullopt after recording every problem in `errors`, with key
// paths under `path`.
std::optional<InjectionHeuristicConfig> ParseInjectionHeuristicConfig(const YAML::Node& node,
                                                                      std::string_view path,
                                                                      ConfigErrors& errors);

}  // namespace frontseat::detectors
