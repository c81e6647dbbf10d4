// Configuration of the pii detector: a plain struct and its validating parser. The entity list
// chooses which validators (and which patterns in the engine's shared pass) run, so a policy that
// only cares about cards does not pay for phone parsing.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "detectors/common/config_errors.h"

namespace frontseat::detectors {

// The kinds of personal data the detector knows. The config name of each is also the finding's
// subcategory and the last part of its rule id ("pii.credit_card"); these names end up in
// policies and audit rows, so they are never renamed.
enum class PiiEntity {
  kEmail,
  kPhone,
  kCreditCard,
  kIban,
  kUsSsn,
  kIpv4,
  kIpv6,
  kMac,
  kCryptoWallet,
};
inline constexpr int kPiiEntityCount = 9;

// "email", "phone", "credit_card", "iban", "us_ssn", "ipv4", "ipv6", "mac", "crypto_wallet".
std::string_view PiiEntityName(PiiEntity entity);
// "pii.email", "pii.phone", ...
std::string_view PiiRuleId(PiiEntity entity);
std::optional<PiiEntity> PiiEntityFromName(std::string_view name);

struct PiiConfig {
  // Which entities run; every one by default. Set from `entities: [email, phone, ...]`.
  std::array<bool, kPiiEntityCount> enabled = {true, true, true, true, true,
                                               true, true, true, true};
  double min_score = 0.0;  // findings scored below this are not reported

  bool Enabled(PiiEntity entity) const { return enabled[static_cast<size_t>(entity)]; }
};

// Parses the detector's policy entry (a map, or null for defaults). Keys:
//   entities:  list of entity names (see PiiEntityName); unknown, duplicate or an empty list is
//              an error, since an empty list would switch the detector off without saying so
//   min_score: number in [0, 1]
// Unknown keys are errors. Returns nullopt after recording every problem in `errors`, with key
// paths under `path` ("detectors.pii.entities[2]").
std::optional<PiiConfig> ParsePiiConfig(const YAML::Node& node, std::string_view path,
                                        ConfigErrors& errors);

}  // namespace frontseat::detectors
