// The secret detector (registry id "secret"). See README.md beside this file for what it finds,
// how it decides and its blind spots.
#pragma once

#include <memory>

#include "detectors/secret/config.h"
#include "frontseat/detector.h"

namespace frontseat::detectors {

// Builds the detector over the rule table (rules.h) minus `config.disabled_rules`. Cheap: the
// engine compiles Patterns() into its shared pattern set (~0.6 s for the full table). Scan is
// const and thread-safe; findings carry the rule id ("secret.github_pat"), category kSecret, the
// rule's group as subcategory, the span of the secret value and a masked preview.
std::unique_ptr<Detector> MakeSecretDetector(SecretConfig config);

}  // namespace frontseat::detectors
