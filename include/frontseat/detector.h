// The detector interface. A detector is a self-contained unit (see STYLE.md, "Adding a
// detector"): it is built once from its config, may declare regular-expression patterns that the
// engine runs for it in one shared, linear-time multi-pattern pass, and turns the confirmed
// matches (plus the normalized view) into findings.
//
// Contract:
//   - Construction does the expensive work and may fail with a Status (through its factory).
//   - Scan is const and thread-safe. It must not allocate without bound or loop without bound.
//   - Findings are reported in VIEW coordinates (offsets into view.text); the engine maps them
//     back to the original bytes. `preview` must already be masked.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "frontseat/finding.h"

namespace frontseat {

namespace core {
struct NormalizedText;
}

// A pattern in the syntax subset shared by vectorscan and RE2: no backreferences, no
// lookaround, no lazy quantifiers that change match ends. Every repetition should be bounded
// (`{1,64}` rather than `+`) so the exact span can be confirmed in a small window.
// If the regex has a capture group, group 1 is the value (the secret itself), reported as
// PatternMatch::value.
struct PatternSpec {
  std::string regex;
  bool case_insensitive = false;
};

struct PatternMatch {
  uint32_t pattern = 0;      // index into the detector's Patterns()
  uint32_t begin = 0;        // whole match, in view coordinates
  uint32_t end = 0;
  uint32_t value_begin = 0;  // group 1 if the pattern has one, else the whole match
  uint32_t value_end = 0;
};

// One text the engine scans: the normalized document, or a segment decoded from it.
struct ScanView {
  std::string_view text;
  const core::NormalizedText* normalized = nullptr;  // root view only: marks of the normalizer
  int depth = 0;                                    // 0 for the document, +1 per decoding
  std::string_view via;                             // decoding chain, "" at depth 0
};

class Detector {
 public:
  virtual ~Detector() = default;

  // The registry id of this detector ("secret", "pii", "injection.heuristic", "hidden_text").
  // Findings carry finer, rule-level ids under it ("secret.aws_access_key_id").
  virtual std::string_view id() const = 0;

  // Patterns to run in the engine's shared pass. Stable for the detector's lifetime.
  virtual std::span<const PatternSpec> Patterns() const { return {}; }

  // `matches` holds the confirmed matches of this detector's patterns in `view`, sorted by begin.
  virtual void Scan(const ScanView& view, std::span<const PatternMatch> matches,
                    std::vector<Finding>& out) const = 0;
};

}  // namespace frontseat
