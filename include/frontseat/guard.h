// Guard: the main entry point of libfrontseat. A Guard is built from a policy (a YAML file, or
// the built-in default) and checks one text at a time: it runs the policy's detectors, keeps
// findings at or above their category's threshold, picks the strongest action among them and,
// when that action is `redact`, rewrites the text.
//
//   auto guard = frontseat::Guard::Create(frontseat::LoadPolicyFile("policy.yaml"));
//   if (!guard.ok()) { std::cerr << guard.status().message(); return 2; }
//   frontseat::Decision d = (*guard)->Check(text);
//   if (d.action == frontseat::Action::kBlock) ...
//
// Thread-safety: a Guard is immutable; Check may be called concurrently from many threads.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frontseat/finding.h"
#include "frontseat/status.h"

namespace frontseat {

// Ordered by strength: the decision for a text is the strongest action of its findings.
enum class Action { kAllow = 0, kFlag = 1, kRedact = 2, kBlock = 3 };
std::string_view ActionName(Action action);
std::optional<Action> ActionFromName(std::string_view name);

enum class RedactStyle {
  kMask,         // each character of the span becomes '*'
  kPlaceholder,  // the span becomes "[SECRET]", "[PII:EMAIL]", ...
};

struct Decision {
  Action action = Action::kAllow;
  // Per category (index = Category): the score the policy compared with the threshold, i.e. the
  // calibrated combined score where the policy combines detectors, else the highest finding
  // score; 0 when nothing was found.
  std::array<double, kCategoryCount> scores{};
  std::vector<Finding> findings;   // at or above threshold, sorted by start
  std::optional<std::string> redacted;  // set when action is redact (or block with redactions)
};

struct Policy;  // defined in policy/policy.h; opaque to users of this header

// Loads and validates a policy. Every problem is reported in one message, one per line,
// each as "FILE:LINE: KEY: what is wrong".
Result<std::shared_ptr<const Policy>> LoadPolicyFile(const std::string& path);
Result<std::shared_ptr<const Policy>> ParsePolicy(std::string_view yaml, std::string_view name);
// The built-in default policy (its YAML is in src/policy/default_policy.yaml).
std::shared_ptr<const Policy> DefaultPolicy();
// The policy in `path`, or the built-in default when `path` is empty (the CLI's --policy).
Result<std::shared_ptr<const Policy>> LoadPolicyOrDefault(const std::string& path);
std::string_view DefaultPolicyYaml();

class Guard {
 public:
  static Result<std::unique_ptr<Guard>> Create(const Result<std::shared_ptr<const Policy>>& policy);
  ~Guard();

  Decision Check(std::string_view text, RedactStyle style = RedactStyle::kMask) const;

  // All findings of the detectors, before thresholds (for eval and debugging).
  std::vector<Finding> RawFindings(std::string_view text) const;

  const Policy& policy() const { return *policy_; }
  struct Impl;

 private:
  Guard() = default;
  std::shared_ptr<const Policy> policy_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace frontseat
