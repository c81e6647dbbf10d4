// Parsing and validation of the hidden_text detector's config. Every problem is recorded (not
// just the first), so a policy author fixes them all in one round.
#include "detectors/hidden_text/config.h"

#include <yaml-cpp/yaml.h>

namespace frontseat::detectors {

std::optional<HiddenTextConfig> ParseHiddenTextConfig(const YAML::Node& node, std::string_view path,
                                                      ConfigErrors& errors) {
  HiddenTextConfig config;
  if (!node || node.IsNull()) return config;
  if (!node.IsMap()) {
    errors.Add(node, path, "expected a map of settings");
    return std::nullopt;
  }
  size_t before = errors.size();
  std::string prefix(path);
  CheckKnownKeys(node, path, {"min_score", "kinds", "max_findings"}, errors);
  if (node["min_score"]) {
    ReadDouble(node["min_score"], prefix + ".min_score", 0.0, 1.0, errors, config.min_score);
  }
  if (node["max_findings"]) {
    ReadUint(node["max_findings"], prefix + ".max_findings", 1, 1000, errors, config.max_findings);
  }
  if (const YAML::Node kinds = node["kinds"]) {
    std::vector<bool> chosen;
    if (ReadNameSet(kinds, prefix + ".kinds", "kind", kHiddenTextKindNames, errors, chosen)) {
      for (size_t i = 0; i < kHiddenTextKindCount; ++i) config.kinds[i] = chosen[i];
    }
  }
  if (errors.size() != before) return std::nullopt;
  return config;
}

}  // namespace frontseat::detectors
