// Policy loading and validation (see policy.h and include/frontseat/guard.h).
#include "policy/policy.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "detectors/registry.h"

namespace frontseat {

bool DetectorMatches(std::string_view finding_detector, std::string_view id) {
  return finding_detector == id ||
         (finding_detector.size() > id.size() && finding_detector.starts_with(id) &&
          finding_detector[id.size()] == '.');
}

double ClippedLogit(double p) {
  p = std::clamp(p, kLogitClip, 1.0 - kLogitClip);
  return std::log(p / (1.0 - p));
}

bool Combine::Has(std::string_view detector) const {
  auto match = [&](const auto& entry) { return DetectorMatches(detector, entry.first); };
  return std::any_of(linear.begin(), linear.end(), match) ||
         std::any_of(logit.begin(), logit.end(), match);
}

namespace {

constexpr std::string_view kDefaultYaml =
#include "default_policy.inc"
    ;

using detectors::ConfigErrors;

// `combine: { bias: B, linear: {detector: w, ...}, logit: {detector: w, ...} }`.
std::optional<Combine> ParseCombine(const YAML::Node& node, const std::string& path,
                                    ConfigErrors& errors) {
  if (!node.IsMap()) {
    errors.Add(node, path, "expected a map with bias, linear and/or logit");
    return std::nullopt;
  }
  detectors::CheckKnownKeys(node, path, {"bias", "linear", "logit"}, errors);
  Combine c;
  if (node["bias"]) detectors::ReadDouble(node["bias"], path + ".bias", -100.0, 100.0, errors, c.bias);
  auto read_weights = [&](const char* key, std::vector<std::pair<std::string, double>>& out) {
    const YAML::Node w = node[key];
    if (!w) return;
    if (!w.IsMap()) {
      errors.Add(w, path + "." + key, "expected a map of detector id: weight");
      return;
    }
    for (const auto& kv : w) {
      double v = 0;
      std::string id = kv.first.Scalar();
      if (detectors::ReadDouble(kv.second, path + "." + key + "." + id, -100.0, 100.0, errors, v)) {
        out.emplace_back(id, v);
      }
    }
  };
  read_weights("linear", c.linear);
  read_weights("logit", c.logit);
  if (c.linear.empty() && c.logit.empty()) {
    errors.Add(node, path, "expected at least one weight under linear or logit");
    return std::nullopt;
  }
  return c;
}

void ParseCategories(const YAML::Node& node, Policy& policy, ConfigErrors& errors) {
  if (!node.IsMap()) {
    errors.Add(node, "categories", "expected a map of category: {action, threshold}");
    return;
  }
  for (const auto& kv : node) {
    std::string name = kv.first.Scalar();
    std::string path = "categories." + name;
    auto category = CategoryFromName(name);
    if (!category) {
      std::string known;
      for (int i = 0; i < kCategoryCount; ++i) {
        known += (i ? ", " : "") + std::string(CategoryName(static_cast<Category>(i)));
      }
      errors.Add(kv.first, path, "unknown category; expected one of: " + known);
      continue;
    }
    const YAML::Node& rule = kv.second;
    if (!rule.IsMap()) {
      errors.Add(rule, path, "expected a map with action and threshold");
      continue;
    }
    detectors::CheckKnownKeys(rule, path, {"action", "threshold", "combine"}, errors);
    CategoryRule& out = policy.categories[static_cast<size_t>(*category)];
    if (rule["action"]) {
      const YAML::Node& a = rule["action"];
      auto action = a.IsScalar() ? ActionFromName(a.Scalar()) : std::nullopt;
      if (action) {
        out.action = *action;
      } else {
        errors.Add(a, path + ".action",
                   "expected one of allow, flag, redact, block; got \"" +
                       (a.IsScalar() ? a.Scalar() : std::string("a non-scalar")) + "\"");
      }
    }
    if (rule["threshold"]) {
      detectors::ReadDouble(rule["threshold"], path + ".threshold", 0.0, 1.0, errors,
                            out.threshold);
    }
    if (rule["combine"]) out.combine = ParseCombine(rule["combine"], path + ".combine", errors);
  }
}

void ParseLimits(const YAML::Node& node, engine::Limits& limits, ConfigErrors& errors) {
  if (!node.IsMap()) {
    errors.Add(node, "limits", "expected a map");
    return;
  }
  detectors::CheckKnownKeys(node, "limits",
                            {"max_scan_bytes", "max_decode_depth", "max_decoded_bytes"}, errors);
  uint64_t v = 0;
  if (node["max_scan_bytes"] &&
      detectors::ReadUint(node["max_scan_bytes"], "limits.max_scan_bytes", 1, 1ull << 30, errors, v)) {
    limits.max_scan_bytes = v;
  }
  if (node["max_decode_depth"] &&
      detectors::ReadUint(node["max_decode_depth"], "limits.max_decode_depth", 0, 8, errors, v)) {
    limits.max_decode_depth = static_cast<uint32_t>(v);
  }
  if (node["max_decoded_bytes"] &&
      detectors::ReadUint(node["max_decoded_bytes"], "limits.max_decoded_bytes", 0, 1ull << 30,
                          errors, v)) {
    limits.max_decoded_bytes = static_cast<uint32_t>(v);
  }
}

void ParseDecoders(const YAML::Node& node, core::DecodeOptions& decode, ConfigErrors& errors) {
  std::vector<std::string> names;
  if (!detectors::ReadStringList(node, "decoders", errors, names)) return;
  decode.base64 = decode.hex = decode.url = decode.rot13 = decode.leet = false;
  size_t i = 0;
  for (const std::string& n : names) {
    if (n == "base64") decode.base64 = true;
    else if (n == "hex") decode.hex = true;
    else if (n == "url") decode.url = true;
    else if (n == "rot13") decode.rot13 = true;
    else if (n == "leet") decode.leet = true;
    else {
      errors.Add(node[i], "decoders[" + std::to_string(i) + "]",
                 "expected one of base64, hex, url, rot13, leet; got \"" + n + "\"");
    }
    ++i;
  }
}

void ParseNormalize(const YAML::Node& node, core::NormalizeOptions& n, ConfigErrors& errors) {
  if (!node.IsMap()) {
    errors.Add(node, "normalize", "expected a map");
    return;
  }
  detectors::CheckKnownKeys(node, "normalize", {"nfkc", "fold_confusables", "remove_invisible"},
                            errors);
  if (node["nfkc"]) detectors::ReadBool(node["nfkc"], "normalize.nfkc", errors, n.nfkc);
  if (node["fold_confusables"]) {
    detectors::ReadBool(node["fold_confusables"], "normalize.fold_confusables", errors,
                        n.fold_confusables);
  }
  if (node["remove_invisible"]) {
    detectors::ReadBool(node["remove_invisible"], "normalize.remove_invisible", errors,
                        n.remove_invisible);
  }
}

Result<std::shared_ptr<const Policy>> BuildPolicy(const YAML::Node& root, std::string_view name);

// redteam: { risk: { default: {medium: 0.05, high: 0.15, critical: 0.3}, harmful: {...} } }
void ParseRedteam(const YAML::Node& node, Policy& policy, ConfigErrors& errors) {
  if (!node.IsMap()) {
    errors.Add(node, "redteam", "expected a map with risk");
    return;
  }
  detectors::CheckKnownKeys(node, "redteam", {"risk"}, errors);
  const YAML::Node risk = node["risk"];
  if (!risk) return;
  if (!risk.IsMap()) {
    errors.Add(risk, "redteam.risk", "expected a map of attack category: thresholds");
    return;
  }
  for (const auto& kv : risk) {
    const std::string key = kv.first.Scalar();
    const std::string path = "redteam.risk." + key;
    if (std::find(kRedteamRiskKeys.begin(), kRedteamRiskKeys.end(), key) ==
        kRedteamRiskKeys.end()) {
      std::string known;
      for (std::string_view k : kRedteamRiskKeys) {
        known += (known.empty() ? "" : ", ") + std::string(k);
      }
      errors.Add(kv.first, path, "unknown attack category; expected one of " + known);
      continue;
    }
    if (!kv.second.IsMap()) {
      errors.Add(kv.second, path, "expected a map with medium, high, critical");
      continue;
    }
    detectors::CheckKnownKeys(kv.second, path, {"medium", "high", "critical"}, errors);
    RedteamRisk r;
    bool ok = true;
    const std::pair<const char*, double*> fields[] = {
        {"medium", &r.medium}, {"high", &r.high}, {"critical", &r.critical}};
    for (const auto& [field, out] : fields) {
      if (!kv.second[field]) continue;
      if (!detectors::ReadDouble(kv.second[field], path + "." + field, 0, 1, errors, *out)) ok = false;
    }
    if (ok && !(r.medium <= r.high && r.high <= r.critical)) {
      errors.Add(kv.second, path, "expected medium <= high <= critical");
      continue;
    }
    if (ok) policy.redteam_risk[key] = r;
  }
}

// A combine weight naming a detector the policy does not run would silently hold the category's
// score down (a typo would switch the protection off), so it is an error.
void CheckCombinedDetectors(const YAML::Node& categories, const Policy& policy,
                            ConfigErrors& errors) {
  if (!categories.IsMap()) return;
  for (const auto& kv : categories) {
    auto category = CategoryFromName(kv.first.Scalar());
    if (!category || !kv.second.IsMap() || !kv.second["combine"]) continue;
    const auto& combine = policy.categories[static_cast<size_t>(*category)].combine;
    if (!combine) continue;
    std::string path = "categories." + kv.first.Scalar() + ".combine";
    for (const char* kind : {"linear", "logit"}) {
      const YAML::Node weights = kv.second["combine"][kind];
      if (!weights || !weights.IsMap()) continue;
      for (const auto& w : weights) {
        std::string id = w.first.Scalar();
        bool known = std::any_of(policy.detectors.begin(), policy.detectors.end(),
                                 [&](const DetectorEntry& d) { return d.id == id; });
        if (!known) {
          errors.Add(w.first, path + "." + kind + "." + id,
                     "not a detector of this policy; add it under detectors or remove the weight");
        }
      }
    }
  }
}

}  // namespace

Result<std::shared_ptr<const Policy>> ParsePolicy(std::string_view yaml, std::string_view name) {
  auto root = detectors::LoadYaml(yaml, name);
  if (!root.ok()) return root.status();
  try {
    return BuildPolicy(root.value(), name);
  } catch (const YAML::Exception& e) {  // a node of an unexpected shape deep in a detector config
    return Status::Invalid(std::string(name) + ":" + std::to_string(e.mark.line + 1) +
                           ": invalid YAML: " + e.msg);
  }
}

namespace {
Result<std::shared_ptr<const Policy>> BuildPolicy(const YAML::Node& root, std::string_view name) {
  auto policy = std::make_shared<Policy>();
  policy->name = std::string(name);
  // Defaults for categories the file does not mention: flag at 0.5.
  ConfigErrors errors;
  if (!root.IsMap()) {
    errors.Add(root, "(top level)", "expected a map with version, detectors and categories");
    return Status::Invalid(errors.Format(name));
  }
  detectors::CheckKnownKeys(root, "(top level)",
                            {"version", "detectors", "categories", "limits", "decoders",
                             "normalize", "redteam"},
                            errors);
  if (!root["version"]) {
    errors.AddAtLine(1, "version", "missing; expected version: 1");
  } else if (!root["version"].IsScalar() || root["version"].Scalar() != "1") {
    errors.Add(root["version"], "version", "expected 1");
  }
  const YAML::Node dets = root["detectors"];
  if (!dets) {
    errors.AddAtLine(1, "detectors", "missing; expected a map of detector id: settings");
  } else if (!dets.IsMap()) {
    errors.Add(dets, "detectors", "expected a map of detector id: settings");
  } else {
    for (const auto& kv : dets) {
      std::string id = kv.first.Scalar();
      // Validate now (all errors at load), build again in each Guard.
      auto d = detectors::CreateDetector(id, kv.second, "detectors." + id, errors);
      if (d) policy->detectors.push_back({id, YAML::Clone(kv.second)});
    }
  }
  if (root["categories"]) {
    ParseCategories(root["categories"], *policy, errors);
    CheckCombinedDetectors(root["categories"], *policy, errors);
  }
  if (root["limits"]) ParseLimits(root["limits"], policy->engine.limits, errors);
  if (root["decoders"]) ParseDecoders(root["decoders"], policy->engine.decode, errors);
  if (root["normalize"]) ParseNormalize(root["normalize"], policy->engine.normalize, errors);
  if (root["redteam"]) ParseRedteam(root["redteam"], *policy, errors);
  if (!errors.empty()) return Status::Invalid(errors.Format(name));
  return std::shared_ptr<const Policy>(std::move(policy));
}
}  // namespace

Result<std::shared_ptr<const Policy>> LoadPolicyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open policy file");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::Io(path + ": read error");
  return ParsePolicy(ss.str(), path);
}

Result<std::shared_ptr<const Policy>> LoadPolicyOrDefault(const std::string& path) {
  if (path.empty()) return DefaultPolicy();
  return LoadPolicyFile(path);
}

std::string_view DefaultPolicyYaml() { return kDefaultYaml; }

std::shared_ptr<const Policy> DefaultPolicy() {
  static const std::shared_ptr<const Policy> policy = [] {
    auto p = ParsePolicy(kDefaultYaml, "<default>");
    // The default policy is part of the build and covered by tests; failing here is a bug.
    if (!p.ok()) return std::shared_ptr<const Policy>();
    return p.value();
  }();
  return policy;
}

}  // namespace frontseat
