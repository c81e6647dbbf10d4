// The policy model: which detectors run with which settings, and per category a threshold and an
// action. Loaded from YAML and validated completely: every problem is reported together, each as
// "FILE:LINE: KEY: what is wrong; expected ...".
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "engine/engine.h"
#include "frontseat/finding.h"
#include "frontseat/guard.h"

namespace frontseat {

// A calibrated combination of detector scores for one category (fit by `frontseat train`):
//   score = sigmoid(bias + sum(linear[d] * s_d) + sum(logit[d] * ClippedLogit(s_d)))
// where s_d is the highest score of detector d's findings in the category (0 when it found
// nothing; a finding's detector "d.rule" counts as d). The category fires when that score
// reaches the threshold; findings of detectors outside the combination still count on their
// own score.
// True when a finding's detector id is `id` or a rule under it ("injection.heuristic.x").
bool DetectorMatches(std::string_view finding_detector, std::string_view id);

// The feature transform for classifier probabilities in `logit` weights: log(p / (1 - p)) with
// p clipped to [kLogitClip, 1 - kLogitClip]. `frontseat train` fits with the same function.
inline constexpr double kLogitClip = 1e-5;
double ClippedLogit(double p);

struct Combine {
  double bias = 0;
  std::vector<std::pair<std::string, double>> linear;
  std::vector<std::pair<std::string, double>> logit;
  bool Has(std::string_view detector) const;
};

struct CategoryRule {
  Action action = Action::kFlag;
  double threshold = 0.5;
  std::optional<Combine> combine;
};

struct DetectorEntry {
  std::string id;
  YAML::Node config;  // validated at load; the Guard builds the detector from it
};

// `frontseat redteam` risk levels: the attack success rate at which an attack category becomes
// medium, high and critical. Keys are the red-team category names (harmful, direct_injection,
// indirect_injection, system_prompt_extraction, pii_exfiltration, secret_exfiltration) or
// "default" for the ones not listed.
struct RedteamRisk {
  double medium = 0.05;
  double high = 0.15;
  double critical = 0.30;
};
inline constexpr std::array<std::string_view, 7> kRedteamRiskKeys = {
    "default",          "harmful",          "direct_injection",   "indirect_injection",
    "system_prompt_extraction", "pii_exfiltration", "secret_exfiltration"};

struct Policy {
  std::string name;  // file name, or "<default>"
  std::vector<DetectorEntry> detectors;
  std::array<CategoryRule, kCategoryCount> categories{};
  engine::EngineOptions engine;
  std::map<std::string, RedteamRisk, std::less<>> redteam_risk;  // from `redteam.risk`
};

}  // namespace frontseat
