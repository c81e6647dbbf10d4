// Strategies: how a seed goal is disguised before it is sent (encodings, look-alike characters,
// invisible characters, role-play and persona wrappers, refusal suppression, many-shot, hiding
// the goal in a document or tool result, scripted multi-turn escalation). Each strategy is data
// plus a small pure function; given the same Rng state it gives the same Attack.
//
//   const Strategy* s = FindStrategy("base64");
//   Attack a = s->Apply(seed, Rng::For(run_seed, seed.id, s->name()));
//
// Thread-safety: strategies are immutable singletons; Apply may be called from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frontseat/status.h"
#include "redteam/types.h"

namespace frontseat::redteam {

class Strategy {
 public:
  virtual ~Strategy() = default;
  virtual std::string_view name() const = 0;          // stable id: "base64", "many_shot", ...
  virtual std::string_view description() const = 0;  // one line, for --help and the report
  virtual Attack Apply(const Seed& seed, Rng rng) const = 0;
  // For reversible transforms (encodings, leetspeak's fixed table, homoglyphs, tags,
  // zero-width, reversal, payload splitting): recovers the goal from the transformed text the
  // strategy embedded in its turn(s). std::nullopt for wrappers that are not transforms.
  virtual std::optional<std::string> Reverse(const Attack& attack) const { (void)attack; return std::nullopt; }
};

// Every strategy, in a fixed order. "direct" (the goal unchanged) comes first: it is the
// baseline the other strategies are compared with.
const std::vector<const Strategy*>& AllStrategies();
const Strategy* FindStrategy(std::string_view name);

// "all", or a comma-separated list of names. Unknown names are an error naming them and listing
// the known ones.
Result<std::vector<const Strategy*>> ParseStrategyList(std::string_view list);

}  // namespace frontseat::redteam
