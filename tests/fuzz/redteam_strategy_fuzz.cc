// Fuzz target for the red-team strategies: any bytes as a goal (and the first byte choosing the
// category and run seed) must give attacks made of valid UTF-8 with at least one turn, and every
// reversible strategy must give back exactly the (UTF-8-repaired) goal.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "redteam/strategy.h"
#include "redteam/transforms.h"

namespace {

using namespace frontseat::redteam;

[[noreturn]] void Fail(const char* what, std::string_view strategy) {
  std::fprintf(stderr, "redteam_strategy_fuzz: invariant violated: %s (%.*s)\n", what,
               static_cast<int>(strategy.size()), strategy.data());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  Seed seed;
  seed.id = "fuzz";
  seed.category = static_cast<AttackCategory>(data[0] % kAttackCategoryCount);
  seed.goal.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string repaired = RepairUtf8(seed.goal);
  for (const Strategy* s : AllStrategies()) {
    Attack a = s->Apply(seed, Rng::For(data[0], seed.id, s->name()));
    if (a.turns.empty()) Fail("no turn", s->name());
    for (const std::string& t : a.turns) {
      if (!IsValidUtf8(t)) Fail("turn not UTF-8", s->name());
    }
    for (const Message& m : a.context) {
      if (!IsValidUtf8(m.content)) Fail("context not UTF-8", s->name());
    }
    auto back = s->Reverse(a);
    if (back && *back != repaired) Fail("Reverse differs from the goal", s->name());
  }
  return 0;
}
