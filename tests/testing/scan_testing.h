// Test support: run detectors through the real Engine (normalization, the shared vectorscan
// pass, decoding, span mapping) exactly as `frontseat scan` does, without a policy.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "frontseat/finding.h"

namespace frontseat::testing {

// Builds detector `id` from `yaml_config` (a YAML map, "" for defaults) and scans `text`.
// Fails the calling test (ADD_FAILURE) and returns nothing if the detector cannot be built.
std::vector<Finding> ScanWith(std::string_view id, std::string_view text,
                              std::string_view yaml_config = "");

// True if some finding has this rule-level detector id (e.g. "secret.github_pat").
bool HasDetector(const std::vector<Finding>& findings, std::string_view detector);

// The original bytes a finding's span points at.
std::string SpanText(std::string_view text, const Finding& finding);

// Directory of the shared labeled data (FRONTSEAT_DATA_DIR, default ../shared/data relative to
// the source tree); empty if absent, in which case data tests GTEST_SKIP() saying why.
std::string DataDir();

// The project's source tree (for shipped files such as models/).
std::string SourceDir();

}  // namespace frontseat::testing
