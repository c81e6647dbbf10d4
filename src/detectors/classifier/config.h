// Configuration of the learned classifier detectors (`injection.classifier`,
// `harmful.classifier`): which model, how long texts are windowed, what is reported.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "detectors/common/config_errors.h"

namespace frontseat::detectors {

struct ClassifierConfig {
  // "builtin" = the model shipped inside the binary (models/<name>.ftz at build time);
  // anything else is a path to a fastText .bin/.ftz model.
  std::string model = "builtin";
  // A text is scored in windows of `window` tokens, `stride` tokens apart, and keeps the highest
  // window score, so an instruction buried in a long document is not averaged away. Smaller
  // windows find shorter buried instructions but score long benign texts higher: on the dev
  // validation data 32/16 lowered recall at 1 % FPR from 0.83 to 0.71 (injection) and 0.89 to
  // 0.84 (harmful), so 128/64 is the default; a RAG policy may prefer 32/16.
  uint64_t window = 128;
  uint64_t stride = 64;
  // Tokens scored per view at most (the rest of a huge text is not classified).
  uint64_t max_tokens = 65536;
  // Findings scored below this are not reported at all (the policy threshold decides the rest;
  // a low value keeps the raw score available to `frontseat eval --sweep` and calibration).
  double min_score = 0.01;
  // The label whose probability means "nothing to report"; the score is 1 - P(negative_label).
  std::string negative_label = "benign";
};

// Parses the detector's policy entry (a map, or null for defaults). Keys: model, window
// (8..4096), stride (1..window), max_tokens (1..16777216), min_score (0..1), negative_label.
std::optional<ClassifierConfig> ParseClassifierConfig(const YAML::Node& node, std::string_view path,
                                                      ConfigErrors& errors);

}  // namespace frontseat::detectors
