// The strategy registry: the fixed list behind AllStrategies (an explicit list, like the
// detector registry, so what ships is one greppable record) and the --strategies parser. The
// shared template machinery of strategy_impl.h lives here too.
#include "redteam/strategy.h"

#include <algorithm>

#include "redteam/strategy_impl.h"

namespace frontseat::redteam {
namespace strategies {

Attack TemplateStrategy::Apply(const Seed& seed, Rng rng) const {
  // Goals from files may hold invalid UTF-8; attacks never do (and Reverse gives back the
  // repaired goal).
  const std::string goal = RepairUtf8(seed.goal);
  const int family = Family(goal, rng);
  std::vector<const Template*> fitting;
  for (const Template& t : templates()) {
    if (t.family == family) fitting.push_back(&t);
  }
  const Template& chosen = *Pick(fitting, rng);  // every family has a template (strategy_test)
  Vars vars = Encode(goal, seed.success_marker, family, rng);
  TemplateVars views;
  for (const auto& [name, value] : vars) views.emplace_back(name, value);
  Attack attack;
  attack.turns.push_back(FillTemplate(chosen.text, views));
  attack.answer_encoding = std::string(chosen.answer_encoding);
  return attack;
}

std::optional<std::string> TemplateStrategy::Reverse(const Attack& attack) const {
  if (attack.turns.size() != 1 || !attack.context.empty()) return std::nullopt;
  for (const Template& t : templates()) {
    auto match = MatchTemplate(t.text, attack.turns[0]);
    if (!match) continue;
    if (auto goal = Decode(*match, t.family)) return goal;
  }
  return std::nullopt;
}

int TemplateStrategy::Family(std::string_view, Rng&) const { return 0; }

std::optional<std::string> TemplateStrategy::Decode(const TemplateMatch&, int) const {
  return std::nullopt;
}

Vars WrapperStrategy::Encode(std::string_view goal, std::string_view, int, Rng&) const {
  return {{"goal", std::string(goal)}};
}

}  // namespace strategies

const std::vector<const Strategy*>& AllStrategies() {
  using namespace strategies;
  static const std::vector<const Strategy*> all = {
      &Direct(),
      &Base64(),
      &Hex(),
      &Rot13(),
      &Leetspeak(),
      &Homoglyph(),
      &UnicodeTags(),
      &ZeroWidth(),
      &PayloadSplit(),
      &Reversed(),
      &Persona(),
      &Roleplay(),
      &RefusalSuppression(),
      &PrefixInjection(),
      &ManyShot(),
      &Indirect(),
      &MultiTurn(),
  };
  return all;
}

const Strategy* FindStrategy(std::string_view name) {
  for (const Strategy* s : AllStrategies()) {
    if (s->name() == name) return s;
  }
  return nullptr;
}

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<std::vector<const Strategy*>> ParseStrategyList(std::string_view list) {
  if (Trim(list) == "all") return AllStrategies();
  std::vector<const Strategy*> out;
  std::vector<std::string> unknown;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    std::string_view name = Trim(list.substr(start, comma - start));
    start = comma + 1;
    if (name.empty()) continue;  // "a,,b" and a trailing comma are harmless
    const Strategy* s = FindStrategy(name);
    if (s == nullptr) {
      // Operator input, but still bounded in the message.
      unknown.push_back(RepairUtf8(name.substr(0, 40)));
    } else if (std::find(out.begin(), out.end(), s) == out.end()) {
      out.push_back(s);
    }
  }
  if (!unknown.empty() || out.empty()) {
    std::string msg = unknown.empty()       ? std::string("no strategy given")
                      : unknown.size() == 1 ? std::string("unknown strategy name: ")
                                            : std::string("unknown strategy names: ");
    for (size_t i = 0; i < unknown.size(); ++i) {
      if (i > 0) msg += ", ";
      msg += "\"" + unknown[i] + "\"";
    }
    msg += "; expected \"all\" or a comma-separated list of:";
    for (const Strategy* s : AllStrategies()) {
      msg += ' ';
      msg += s->name();
    }
    return Status::Invalid(msg);
  }
  return out;
}

}  // namespace frontseat::redteam
