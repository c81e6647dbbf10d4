// Train / validation / test assignment for `frontseat train` and `frontseat eval --split`.
//
// Rows are assigned by a hash of their normalized token line, with near-duplicates kept on the
// same side: texts are grouped by MinHash LSH over word 3-shingles (32 hashes in 8 bands of 4;
// two texts land in one group with probability about 0.9 at Jaccard similarity 0.7, 0.4 at 0.5
// and 0.06 at 0.3, and groups are closed under that relation with union-find), and the whole
// group takes the side of its smallest member's hash. Templated attacks (the same jailbreak
// wrapper around a hundred goals) therefore never straddle train and test.
//
// The assignment depends only on the set of texts given, so `frontseat eval --split test`
// reproduces the training split by grouping the same sets again (the ones the train spec names).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace frontseat::eval {

enum class Split { kTrain, kValidation, kTest };
std::string_view SplitName(Split split);

struct SplitOptions {
  uint32_t validation_percent = 10;
  uint32_t test_percent = 10;
  uint64_t seed = 1;
};

// The key of a text for splitting: its normalized token line (what the classifier sees).
std::string SplitKey(std::string_view text);

// Assigns each distinct key a split. Keys repeated in `keys` get one entry.
std::unordered_map<std::string, Split> AssignSplits(const std::vector<std::string>& keys,
                                                    const SplitOptions& options);

}  // namespace frontseat::eval
