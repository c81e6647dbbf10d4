// What the pii validators hand back to the detector: a confirmed entity span with its score,
// before overlaps between entities are resolved (pii.cc) and it becomes a Finding. The
// validators live in their own files (validators.cc, phone.cc, crypto_wallet.cc); they all share
// this one shape so the detector can dispatch on a table.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "detectors/pii/config.h"

namespace frontseat::detectors::pii {

struct Candidate {
  PiiEntity entity;
  uint32_t begin = 0;  // view coordinates, half-open
  uint32_t end = 0;
  double score = 0.0;  // confidence in [0, 1]
};

// A validator looks at one confirmed pattern match [begin, end) of `text` (the whole view, so it
// can read the context around the match) and appends zero or more candidates. It must stay
// within the match plus a small bounded context window: cost O(match length + window).
using Validator = void (*)(std::string_view text, uint32_t begin, uint32_t end,
                           std::vector<Candidate>& out);

}  // namespace frontseat::detectors::pii
