// Config validation helpers shared by the policy loader and every detector's config parser.
#include "detectors/common/config_errors.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <yaml-cpp/yaml.h>

namespace frontseat::detectors {
namespace {
int LineOf(const YAML::Node& node) {
  // yaml-cpp marks are 0-based; a node built in code (not parsed) has line -1.
  if (!node.IsDefined()) return 0;
  int line = node.Mark().line;
  return line >= 0 ? line + 1 : 0;
}

std::string Describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsScalar()) {
    std::string v = node.Scalar();
    if (v.size() > 40) v = v.substr(0, 40) + "...";
    return "\"" + v + "\"";
  }
  if (node.IsSequence()) return "a list";
  return "a map";
}
}  // namespace

void ConfigErrors::Add(const YAML::Node& node, std::string_view key, std::string_view message) {
  AddAtLine(LineOf(node), key, message);
}

void ConfigErrors::AddAtLine(int line, std::string_view key, std::string_view message) {
  errors_.push_back({line, std::string(key), std::string(message)});
}

void CheckKnownKeys(const YAML::Node& node, std::string_view path,
                    std::initializer_list<std::string_view> allowed, ConfigErrors& errors) {
  if (!node.IsMap()) return;
  for (const auto& kv : node) {
    std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string("?");
    bool known = false;
    for (std::string_view a : allowed) known = known || a == key;
    if (known) continue;
    std::string list;
    for (std::string_view a : allowed) {
      if (!list.empty()) list += ", ";
      list += a;
    }
    errors.Add(kv.first, std::string(path) + "." + key,
               "unknown key; expected one of: " + list);
  }
}

bool ReadBool(const YAML::Node& node, std::string_view path, ConfigErrors& errors, bool& out) {
  if (node.IsScalar()) {
    const std::string& v = node.Scalar();
    if (v == "true" || v == "yes" || v == "on") return out = true, true;
    if (v == "false" || v == "no" || v == "off") return out = false, true;
  }
  errors.Add(node, path, "expected true or false; got " + Describe(node));
  return false;
}

bool ReadDouble(const YAML::Node& node, std::string_view path, double lo, double hi,
                ConfigErrors& errors, double& out) {
  if (node.IsScalar()) {
    const std::string& v = node.Scalar();
    char* end = nullptr;
    double d = std::strtod(v.c_str(), &end);
    if (!v.empty() && end == v.c_str() + v.size() && std::isfinite(d)) {
      if (d >= lo && d <= hi) return out = d, true;
      errors.Add(node, path,
                 "expected a number from " + std::to_string(lo).substr(0, 4) + " to " +
                     std::to_string(hi).substr(0, 4) + "; got " + Describe(node));
      return false;
    }
  }
  errors.Add(node, path, "expected a number; got " + Describe(node));
  return false;
}

bool ReadUint(const YAML::Node& node, std::string_view path, uint64_t lo, uint64_t hi,
              ConfigErrors& errors, uint64_t& out) {
  if (node.IsScalar()) {
    const std::string& v = node.Scalar();
    bool digits = !v.empty() && v.size() <= 19;
    for (char c : v) digits = digits && c >= '0' && c <= '9';
    if (digits) {
      uint64_t n = std::stoull(v);
      if (n >= lo && n <= hi) return out = n, true;
      errors.Add(node, path,
                 "expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi) +
                     "; got " + Describe(node));
      return false;
    }
  }
  errors.Add(node, path, "expected a non-negative integer; got " + Describe(node));
  return false;
}

bool ReadStringList(const YAML::Node& node, std::string_view path, ConfigErrors& errors,
                    std::vector<std::string>& out) {
  if (!node.IsSequence()) {
    errors.Add(node, path, "expected a list of strings; got " + Describe(node));
    return false;
  }
  bool ok = true;
  size_t i = 0;
  for (const auto& item : node) {
    if (item.IsScalar()) {
      out.push_back(item.Scalar());
    } else {
      errors.Add(item, std::string(path) + "[" + std::to_string(i) + "]",
                 "expected a string; got " + Describe(item));
      ok = false;
    }
    ++i;
  }
  return ok;
}

bool ReadNameSet(const YAML::Node& node, std::string_view path, std::string_view what,
                 std::span<const std::string_view> known, ConfigErrors& errors,
                 std::vector<bool>& chosen) {
  std::vector<std::string> names;
  if (!ReadStringList(node, path, errors, names)) return false;
  if (names.empty()) {
    errors.Add(node, path,
               "expected at least one " + std::string(what) + "; remove the detector to disable it");
    return false;
  }
  chosen.assign(known.size(), false);
  bool ok = true;
  for (size_t i = 0; i < names.size(); ++i) {
    auto it = std::find(known.begin(), known.end(), names[i]);
    if (it != known.end()) {
      chosen[static_cast<size_t>(it - known.begin())] = true;
      continue;
    }
    std::string list;
    for (std::string_view name : known) {
      if (!list.empty()) list += ", ";
      list += name;
    }
    errors.Add(node[i], std::string(path) + "[" + std::to_string(i) + "]",
               "unknown " + std::string(what) + " \"" + names[i] + "\"; expected one of: " + list);
    ok = false;
  }
  return ok;
}

std::string ConfigErrors::Format(std::string_view name) const {
  std::string out;
  for (const ConfigError& e : errors_) {
    if (!out.empty()) out += "\n";
    out += std::string(name) + ":" + std::to_string(e.line) + ": " + e.key + ": " + e.message;
  }
  return out;
}

Result<YAML::Node> LoadYaml(std::string_view yaml, std::string_view name) {
  try {
    return YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return Status::Invalid(std::string(name) + ":" + std::to_string(e.mark.line + 1) +
                           ": invalid YAML: " + e.msg);
  }
}

}  // namespace frontseat::detectors
