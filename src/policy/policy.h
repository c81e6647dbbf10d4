// The policy model: which detectors run with which settings, and per category a threshold and an
// action. Loaded from YAML and validated completely: every problem is reported together, each as
// "FILE:LINE: KEY: what is wrong; expected ...".
#pragma once

#include <array>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "engine/engine.h"
#include "frontseat/finding.h"
#include "frontseat/guard.h"

namespace frontseat {

struct CategoryRule {
  Action action = Action::kFlag;
  double threshold = 0.5;
};

struct DetectorEntry {
  std::string id;
  YAML::Node config;  // validated at load; the Guard builds the detector from it
};

struct Policy {
  std::string name;  // file name, or "<default>"
  std::vector<DetectorEntry> detectors;
  std::array<CategoryRule, kCategoryCount> categories{};
  engine::EngineOptions engine;
};

}  // namespace frontseat
