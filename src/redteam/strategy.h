// Strategies: how a seed goal is disguised before it is sent (encodings, look-alike characters,
// invisible characters, role-play and persona wrappers, refusal suppression, many-shot, hiding
// the goal in a document or tool result, scripted multi-turn escalation). Each strategy is data
// plus a small pure function; given the same Rng state it gives the same Attack.
//
//   const Strategy* s = FindStrategy("base64");
//   Attack a = s->Apply(seed, Rng::For(run_seed, seed.id, s->name()));
//
// Thread-safety: strategies are immutable singletons; Apply may be called from any thread.
//
// The strategies, in AllStrategies() order (R = exactly reversible with Reverse):
//   direct               R  the goal as it is (the baseline)
//   base64, hex, rot13   R  the goal encoded, with an instruction to decode and follow it
//   leetspeak            R  lowercase a e i o s t → 4 3 1 0 5 7, only where the digit is not
//                           already in the goal; the instruction states the key used
//   homoglyph            R  Latin letters → Cyrillic or Greek look-alikes (a table whose
//                           look-alikes do not already occur in the goal; the wording names it)
//   unicode_tags         R  printable ASCII → invisible tag characters, after a visible sentence
//   zero_width           R  zero-width spaces/joiners inside words
//   payload_split        R  the goal in 2-4 string variables the model must join
//   reversed             R  the goal's code points in reverse order
//   persona, roleplay, refusal_suppression, prefix_injection: wrappers around the goal
//   many_shot               8-32 fabricated compliant exchanges (context or inline), then the goal
//   indirect                the goal inside a web page, e-mail, document or tool result
//   multi_turn              3-4 scripted turns by category, the goal in the last one
//
// Promises: Apply never fails and never produces invalid UTF-8 (a goal with invalid bytes is
// repaired to U+FFFD first, and Reverse gives back the repaired goal); turns are non-empty unless
// the goal is empty (the suite loaders reject empty goals); answer_encoding is "" or one of
// base64, hex, rot13, reversed, leetspeak. Where the goal holds the seed's success_marker,
// homoglyph and zero_width leave the marker itself untouched, so an echo of it is recognisable.
// Several wordings per strategy, chosen by the Rng; cost is linear in the goal.
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
