// Parsing and validation of the injection_heuristic detector's config. Every problem is recorded
// (not just the first), so a policy author fixes them all in one round.
#include "detectors/injection_heuristic/config.h"

#include <yaml-cpp/yaml.h>

namespace frontseat::detectors {

std::optional<InjectionHeuristicConfig> ParseInjectionHeuristicConfig(const YAML::Node& node,
                                                                      std::string_view path,
                                                                      ConfigErrors& errors) {
  InjectionHeuristicConfig config;
  if (!node || node.IsNull()) return config;
  if (!node.IsMap()) {
    errors.Add(node, path, "expected a map of settings");
    return std::nullopt;
  }
  size_t before = errors.size();
  std::string prefix(path);
  CheckKnownKeys(node, path, {"min_score", "families", "max_findings"}, errors);
  if (node["min_score"]) {
    ReadDouble(node["min_score"], prefix + ".min_score", 0.0, 1.0, errors, config.min_score);
  }
  if (node["max_findings"]) {
    ReadUint(node["max_findings"], prefix + ".max_findings", 1, 1000, errors, config.max_findings);
  }
  if (const YAML::Node families = node["families"]) {
    std::vector<std::string> names;
    if (ReadStringList(families, prefix + ".families", errors, names)) {
      // An empty list would switch the detector off without saying so; removing the detector
      // from the policy is the explicit way to do that.
      if (names.empty()) {
        errors.Add(families, prefix + ".families",
                   "expected at least one family; remove the detector to disable it");
      }
      config.families.fill(false);
      for (size_t i = 0; i < names.size(); ++i) {
        bool known = false;
        for (size_t f = 0; f < kInjectionFamilyCount; ++f) {
          if (kInjectionFamilyNames[f] == names[i]) {
            config.families[f] = true;
            known = true;
          }
        }
        if (known) continue;
        std::string list;
        for (std::string_view name : kInjectionFamilyNames) {
          if (!list.empty()) list += ", ";
          list += name;
        }
        errors.Add(families[i], prefix + ".families[" + std::to_string(i) + "]",
                   "unknown family \"" + names[i] + "\"; expected one of: " + list);
      }
    }
  }
  if (errors.size() != before) return std::nullopt;
  return config;
}

}  // namespace frontseat::detectors
