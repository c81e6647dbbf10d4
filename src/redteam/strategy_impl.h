// Internal to the strategy registry (strategy.cc): the building blocks the strategy files share
// and one accessor per strategy. Two shapes cover most strategies:
//   - TemplateStrategy: one turn, a template chosen by the Rng with the (transformed) goal in
//     it. Transforms that can be undone implement Decode, and Reverse finds the template again
//     with MatchTemplate and decodes the payload.
//   - WrapperStrategy: one turn, "{goal}" filled into a template; no Reverse.
// many_shot, indirect and multi_turn build context messages or several turns themselves.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "redteam/strategy.h"
#include "redteam/transforms.h"

namespace frontseat::redteam::strategies {

// One wording of a strategy. `family` groups templates that fit the same encoding variant (a
// homoglyph table, or the plain fallback used when the goal already holds the characters a
// transform would add); `answer_encoding` is set when the wording asks for an encoded answer.
struct Template {
  std::string_view text;
  std::string_view answer_encoding = "";
  int family = 0;
};

using Vars = std::vector<std::pair<std::string_view, std::string>>;

class TemplateStrategy : public Strategy {
 public:
  Attack Apply(const Seed& seed, Rng rng) const override;
  std::optional<std::string> Reverse(const Attack& attack) const override;

 protected:
  // Every wording. Within a strategy no template's text before its first placeholder may be a
  // prefix of another's, so the wording of a turn is found unambiguously.
  virtual std::span<const Template> templates() const = 0;
  // The family to use for `goal` (valid UTF-8). Default: 0.
  virtual int Family(std::string_view goal, Rng& rng) const;
  // The template's variables for `goal`; the payload placeholder comes last in the template.
  // `marker` is the seed's success marker ("" for most seeds), which obfuscations that would
  // make it unrecognisable in an echo (look-alikes, zero-width characters) leave as it is.
  virtual Vars Encode(std::string_view goal, std::string_view marker, int family,
                      Rng& rng) const = 0;
  // The goal back from a matched template; nullopt when the values do not decode. Default:
  // nullopt (the strategy is not reversible).
  virtual std::optional<std::string> Decode(const TemplateMatch& match, int family) const;
};

// "{goal}" in one of several wordings.
class WrapperStrategy : public TemplateStrategy {
 protected:
  Vars Encode(std::string_view goal, std::string_view marker, int family, Rng& rng) const override;
};

const Strategy& Direct();
const Strategy& Base64();
const Strategy& Hex();
const Strategy& Rot13();
const Strategy& Leetspeak();
const Strategy& Homoglyph();
const Strategy& UnicodeTags();
const Strategy& ZeroWidth();
const Strategy& PayloadSplit();
const Strategy& Reversed();
const Strategy& Persona();
const Strategy& Roleplay();
const Strategy& RefusalSuppression();
const Strategy& PrefixInjection();
const Strategy& ManyShot();
const Strategy& Indirect();
const Strategy& MultiTurn();

}  // namespace frontseat::redteam::strategies
