// Configuration of the secret detector: a plain struct and its validating parser.
//
// Policy entry (every key optional):
//   secret:
//     min_score: 0.7            # drop findings scored below this (generic rules score 0.6-0.75)
//     min_entropy: 3.2          # replace the entropy floor of every rule that has one
//     disabled_rules:           # rule ids from rules.cc, e.g. noisy generic rules
//       - secret.generic_key
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "detectors/common/config_errors.h"

namespace frontseat::detectors {

struct SecretConfig {
  double min_score = 0.0;                   // findings scored below this are not reported
  std::optional<double> min_entropy;        // bits/char; replaces each rule's own floor if set
  std::vector<std::string> disabled_rules;  // full rule ids ("secret.generic_key")
};

// Parses the detector's policy entry (a map, or null for defaults). Unknown keys, values of the
// wrong type or range, and rule ids that name no rule are errors. Returns nullopt after
// recording every problem in `errors`, with key paths under `path`.
std::optional<SecretConfig> ParseSecretConfig(const YAML::Node& node, std::string_view path,
                                              ConfigErrors& errors);

}  // namespace frontseat::detectors
