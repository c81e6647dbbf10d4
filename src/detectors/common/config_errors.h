// ConfigErrors: collects every problem found while validating a YAML config, each with the line
// and the dotted key path it concerns, so a policy file's errors are reported all at once.
// The policy loader prefixes the file name: "policy.yaml:12: detectors.pii.entities[2]: ...".
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "frontseat/status.h"

namespace YAML {
class Node;
}

namespace frontseat::detectors {

struct ConfigError {
  int line = 0;  // 1-based; 0 when unknown
  std::string key;
  std::string message;
};

class ConfigErrors {
 public:
  // Records an error at `node`'s position (its line, from yaml-cpp's Mark).
  void Add(const YAML::Node& node, std::string_view key, std::string_view message);
  void AddAtLine(int line, std::string_view key, std::string_view message);

  bool empty() const { return errors_.empty(); }
  size_t size() const { return errors_.size(); }
  const std::vector<ConfigError>& errors() const { return errors_; }
  // Every error, one per line, as "NAME:LINE: KEY: message" (the format of every config file).
  std::string Format(std::string_view name) const;

 private:
  std::vector<ConfigError> errors_;
};

// Parses YAML text; a syntax error comes back as "NAME:LINE: invalid YAML: ...".
Result<YAML::Node> LoadYaml(std::string_view yaml, std::string_view name);

// Helpers for config parsers. Each returns false (and records an error) when the node does not
// hold what is expected.
// Rejects keys of the map `node` that are not in `allowed`: a typo in a safety config must not
// silently switch protection off.
void CheckKnownKeys(const YAML::Node& node, std::string_view path,
                    std::initializer_list<std::string_view> allowed, ConfigErrors& errors);
bool ReadBool(const YAML::Node& node, std::string_view path, ConfigErrors& errors, bool& out);
bool ReadDouble(const YAML::Node& node, std::string_view path, double lo, double hi,
                ConfigErrors& errors, double& out);
bool ReadUint(const YAML::Node& node, std::string_view path, uint64_t lo, uint64_t hi,
              ConfigErrors& errors, uint64_t& out);
bool ReadStringList(const YAML::Node& node, std::string_view path, ConfigErrors& errors,
                    std::vector<std::string>& out);

// Reads a non-empty list of names, each one of `known`, into `chosen` (chosen[i] is true when
// known[i] is listed; sized to known.size()). `what` names one item in messages ("family",
// "kind"). An empty list is an error: removing the detector is the explicit way to switch it
// off, and an empty list would do so silently.
bool ReadNameSet(const YAML::Node& node, std::string_view path, std::string_view what,
                 std::span<const std::string_view> known, ConfigErrors& errors,
                 std::vector<bool>& chosen);

}  // namespace frontseat::detectors
