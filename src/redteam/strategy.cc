// The strategy registry. TODO(issue 5): the strategies themselves.
#include "redteam/strategy.h"

namespace frontseat::redteam {

const std::vector<const Strategy*>& AllStrategies() {
  static const std::vector<const Strategy*> all;
  return all;
}

const Strategy* FindStrategy(std::string_view name) {
  for (const Strategy* s : AllStrategies()) {
    if (s->name() == name) return s;
  }
  return nullptr;
}

}  // namespace frontseat::redteam
