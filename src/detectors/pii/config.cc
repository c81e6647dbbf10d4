// Parsing and validation of the pii detector's config, and the entity names shared with the
// detector (rule ids and subcategories come from the same table so they cannot drift apart).
#include "detectors/pii/config.h"

#include <yaml-cpp/yaml.h>

namespace frontseat::detectors {
namespace {

struct EntityNames {
  std::string_view name;
  std::string_view rule_id;
};

// Indexed by PiiEntity.
constexpr std::array<EntityNames, kPiiEntityCount> kEntityNames = {{
    {"email", "pii.email"},
    {"phone", "pii.phone"},
    {"credit_card", "pii.credit_card"},
    {"iban", "pii.iban"},
    {"us_ssn", "pii.us_ssn"},
    {"ipv4", "pii.ipv4"},
    {"ipv6", "pii.ipv6"},
    {"mac", "pii.mac"},
    {"crypto_wallet", "pii.crypto_wallet"},
}};

std::string KnownEntityList() {
  std::string list;
  for (const EntityNames& e : kEntityNames) {
    if (!list.empty()) list += ", ";
    list += e.name;
  }
  return list;
}

}  // namespace

std::string_view PiiEntityName(PiiEntity entity) {
  return kEntityNames[static_cast<size_t>(entity)].name;
}

std::string_view PiiRuleId(PiiEntity entity) {
  return kEntityNames[static_cast<size_t>(entity)].rule_id;
}

std::optional<PiiEntity> PiiEntityFromName(std::string_view name) {
  for (size_t i = 0; i < kEntityNames.size(); ++i) {
    if (kEntityNames[i].name == name) return static_cast<PiiEntity>(i);
  }
  return std::nullopt;
}

std::optional<PiiConfig> ParsePiiConfig(const YAML::Node& node, std::string_view path,
                                        ConfigErrors& errors) {
  PiiConfig config;
  if (!node || node.IsNull()) return config;
  if (!node.IsMap()) {
    errors.Add(node, path, "expected a map of settings");
    return std::nullopt;
  }
  size_t before = errors.size();
  CheckKnownKeys(node, path, {"entities", "min_score"}, errors);
  if (node["min_score"]) {
    ReadDouble(node["min_score"], std::string(path) + ".min_score", 0.0, 1.0, errors,
               config.min_score);
  }
  if (const YAML::Node list = node["entities"]) {
    const std::string key = std::string(path) + ".entities";
    std::vector<std::string> names;
    if (ReadStringList(list, key, errors, names)) {
      if (names.empty()) {
        errors.Add(list, key, "expected at least one entity; known: " + KnownEntityList());
      }
      config.enabled.fill(false);
      for (size_t i = 0; i < names.size(); ++i) {
        const std::string item_key = key + "[" + std::to_string(i) + "]";
        std::optional<PiiEntity> entity = PiiEntityFromName(names[i]);
        if (!entity) {
          std::string shown = names[i].size() > 40 ? names[i].substr(0, 40) + "..." : names[i];
          errors.Add(list[i], item_key,
                     "unknown entity \"" + shown + "\"; expected one of: " + KnownEntityList());
          continue;
        }
        bool& on = config.enabled[static_cast<size_t>(*entity)];
        if (on) errors.Add(list[i], item_key, "entity \"" + names[i] + "\" is listed twice");
        on = true;
      }
    }
  }
  if (errors.size() != before) return std::nullopt;
  return config;
}

}  // namespace frontseat::detectors
