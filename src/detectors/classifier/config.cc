// Parsing and validation of the classifier detectors' config (see config.h).
#include "detectors/classifier/config.h"

#include <yaml-cpp/yaml.h>

namespace frontseat::detectors {

std::optional<ClassifierConfig> ParseClassifierConfig(const YAML::Node& node, std::string_view path,
                                                      ConfigErrors& errors) {
  ClassifierConfig config;
  if (!node || node.IsNull()) return config;
  if (!node.IsMap()) {
    errors.Add(node, path, "expected a map of settings");
    return std::nullopt;
  }
  size_t before = errors.size();
  std::string prefix(path);
  CheckKnownKeys(node, path,
                 {"model", "window", "stride", "max_tokens", "min_score", "negative_label"}, errors);
  auto read_string = [&](const char* key, std::string& out) {
    const YAML::Node v = node[key];
    if (!v) return;
    if (!v.IsScalar() || v.Scalar().empty()) {
      errors.Add(v, prefix + "." + key, "expected a non-empty string");
      return;
    }
    out = v.Scalar();
  };
  read_string("model", config.model);
  read_string("negative_label", config.negative_label);
  if (node["window"]) ReadUint(node["window"], prefix + ".window", 8, 4096, errors, config.window);
  if (node["stride"]) {
    ReadUint(node["stride"], prefix + ".stride", 1, 4096, errors, config.stride);
  }
  if (config.stride > config.window) {
    errors.Add(node["stride"] ? node["stride"] : node, prefix + ".stride",
               "must not be larger than window (" + std::to_string(config.window) + ")");
  }
  if (node["max_tokens"]) {
    ReadUint(node["max_tokens"], prefix + ".max_tokens", 1, 1u << 24, errors, config.max_tokens);
  }
  if (node["min_score"]) {
    ReadDouble(node["min_score"], prefix + ".min_score", 0.0, 1.0, errors, config.min_score);
  }
  if (errors.size() != before) return std::nullopt;
  return config;
}

}  // namespace frontseat::detectors
