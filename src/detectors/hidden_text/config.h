// Configuration of the hidden_text detector: a plain struct and its validating parser. The kinds
// are the last part of the findings' detector ids (hidden_text.<kind>), so they are stable names.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "detectors/common/config_errors.h"

namespace frontseat::detectors {

// What a hidden_text finding reports; see README.md beside this file for each kind's scores.
enum class HiddenTextKind {
  kZeroWidth,      // U+200B..U+200D, U+2060, U+FEFF (not a leading BOM) ...
  kBidiControl,    // embeddings, overrides, isolates, directional marks
  kTagCharacters,  // U+E0000 block: an invisible ASCII message
  kInvisible,      // other default-ignorables: soft hyphen, runs of variation selectors, ...
  kControl,        // C0/C1 controls other than tab, LF, CR
  kMixedScript,    // a word mixing Latin letters with look-alikes from another script
  kConfusable,     // a word written wholly in look-alikes from another script
};
inline constexpr size_t kHiddenTextKindCount = 7;

inline constexpr std::array<std::string_view, kHiddenTextKindCount> kHiddenTextKindNames = {
    "zero_width", "bidi_control", "tag_characters", "invisible",
    "control",    "mixed_script", "confusable",
};

struct HiddenTextConfig {
  double min_score = 0.0;  // findings scored below this are not reported
  // Kinds reported; all by default. Set through `kinds: [name, ...]`.
  std::array<bool, kHiddenTextKindCount> kinds = {true, true, true, true, true, true, true};
  // Findings per document at most. Grouping already folds a spray of invisible characters into a
  // few findings; the cap bounds what a pathological input can cost downstream.
  uint64_t max_findings = 64;
};

// Parses the detector's policy entry (a map, or null for defaults). Keys: min_score (0..1),
// kinds (non-empty list of kind names), max_findings (1..1000). Unknown keys and kind names are
// errors. Returns nullopt after recording every problem in `errors`, with key paths under `path`.
std::optional<HiddenTextConfig> ParseHiddenTextConfig(const YAML::Node& node, std::string_view path,
                                                      ConfigErrors& errors);

}  // namespace frontseat::detectors
