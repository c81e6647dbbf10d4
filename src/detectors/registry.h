// The detector registry: the one greppable list of what ships, detector id → factory.
// Adding a detector adds one line to registry.cc (and one to the CMake list); nothing registers
// itself statically, so nothing can be dropped silently by the linker.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "detectors/common/config_errors.h"
#include "frontseat/detector.h"

namespace frontseat::detectors {

// Builds detector `id` from its YAML config (a map, or null for defaults). On a bad config it
// records every problem in `errors` (key paths under `path`) and returns nullptr.
std::unique_ptr<Detector> CreateDetector(std::string_view id, const YAML::Node& config,
                                         std::string_view path, ConfigErrors& errors);

// Every registered id, in registration order.
std::vector<std::string_view> DetectorIds();

}  // namespace frontseat::detectors
