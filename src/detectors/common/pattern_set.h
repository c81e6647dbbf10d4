// PatternSet: many regular expressions run over a text in one linear-time pass, with the exact
// span of every match.
//
// Design (measured in bench/, see docs/patterns.md): vectorscan compiles all patterns into one
// block-mode database WITHOUT start-of-match tracking (SOM halves vectorscan's speed on these
// patterns). The scan reports (pattern, end offset) pairs only. Then, only for the patterns that
// matched, RE2 confirms exact spans in a small window before each reported end: the window is the
// pattern's maximum width as computed by vectorscan, so confirmation costs O(hits * width), not
// O(text). No pattern can make either step super-linear: vectorscan and RE2 are both
// automata-based.
//
// Compiling a few hundred patterns takes vectorscan seconds, so compiled databases are cached on
// disk (pattern_cache.h) and a later start with the same patterns loads in milliseconds. Keep
// one PatternSet per engine and share it. Scan is const and thread-safe: the vectorscan scratch is cloned per thread lazily.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "frontseat/detector.h"
#include "frontseat/status.h"

namespace frontseat::detectors {

class PatternSet {
 public:
  // Fails with a message naming the pattern index and the engine's complaint.
  static Result<std::unique_ptr<PatternSet>> Compile(std::span<const PatternSpec> patterns);
  ~PatternSet();

  // All leftmost, non-overlapping matches of every pattern, sorted by (begin, pattern).
  // Per pattern the result equals RE2's own scan of the whole text (see the differential test).
  std::vector<PatternMatch> Scan(std::string_view text) const;

  // Detection only: how many (pattern, end) events vectorscan reports. This is the bare pass the
  // benchmark compares the full scan against.
  uint64_t CountRawMatches(std::string_view text) const;

  size_t size() const;

  // True when the vectorscan database came from the on-disk cache (pattern_cache.h) instead of
  // being compiled.
  bool loaded_from_cache() const;

  struct Impl;

 private:
  explicit PatternSet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The reference the differential test compares PatternSet against: each pattern on its own,
// RE2 over the whole text, leftmost non-overlapping matches. Slow and obviously correct.
std::vector<PatternMatch> NaiveScan(std::span<const PatternSpec> patterns, std::string_view text);

}  // namespace frontseat::detectors
