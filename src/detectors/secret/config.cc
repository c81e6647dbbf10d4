// Parsing and validation of the secret detector's config (see config.h for the keys).
#include "detectors/secret/config.h"

#include <yaml-cpp/yaml.h>

#include "detectors/secret/rules.h"

namespace frontseat::detectors {

std::optional<SecretConfig> ParseSecretConfig(const YAML::Node& node, std::string_view path,
                                              ConfigErrors& errors) {
  SecretConfig config;
  if (!node || node.IsNull()) return config;
  if (!node.IsMap()) {
    errors.Add(node, path, "expected a map of settings");
    return std::nullopt;
  }
  const std::string base(path);
  size_t before = errors.size();
  CheckKnownKeys(node, path, {"min_score", "min_entropy", "disabled_rules"}, errors);
  if (node["min_score"]) {
    ReadDouble(node["min_score"], base + ".min_score", 0.0, 1.0, errors, config.min_score);
  }
  if (node["min_entropy"]) {
    // 8 bits/char is the most a byte string can carry; above it nothing would ever match.
    double value = 0.0;
    if (ReadDouble(node["min_entropy"], base + ".min_entropy", 0.0, 8.0, errors, value)) {
      config.min_entropy = value;
    }
  }
  if (node["disabled_rules"]) {
    std::vector<std::string> ids;
    const YAML::Node& list = node["disabled_rules"];
    if (ReadStringList(list, base + ".disabled_rules", errors, ids)) {
      // A misspelt id would leave the rule on while the operator believes it off, so it is an
      // error rather than a no-op.
      for (size_t i = 0; i < ids.size(); ++i) {
        if (FindSecretRule(ids[i]) == nullptr) {
          errors.Add(list[i], base + ".disabled_rules[" + std::to_string(i) + "]",
                     "unknown rule id \"" + ids[i] + "\"; ids look like secret.github_pat");
        }
      }
      config.disabled_rules = std::move(ids);
    }
  }
  if (errors.size() != before) return std::nullopt;
  return config;
}

}  // namespace frontseat::detectors
