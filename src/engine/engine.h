// Engine: the scan pipeline. Given the detectors a policy enabled, it compiles their patterns into
// one shared PatternSet and, for each document:
//
//   budget check → Normalize → [view: normalized text]
//     → PatternSet::Scan (one vectorscan pass for every detector) → each detector's Scan
//     → FindEncodedSegments → each decoded segment normalized and scanned again as a new view,
//       to max_decode_depth and within max_decoded_bytes
//   → findings mapped back to original bytes through each view's OffsetMap chain, deduplicated.
//
// Budgets are outcomes, not crashes: an input over max_scan_bytes is scanned up to the budget
// and gets a `budget_exceeded` finding, as does a decode chain cut short.
//
// Thread-safety: an Engine is immutable after Create; Scan may be called from many threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "core/decoders.h"
#include "core/normalizer.h"
#include "frontseat/detector.h"
#include "frontseat/finding.h"
#include "frontseat/status.h"

namespace frontseat::engine {

struct Limits {
  uint64_t max_scan_bytes = 16u << 20;     // bytes of one document scanned
  uint32_t max_decode_depth = 2;           // decodings nested inside each other
  uint32_t max_decoded_bytes = 1u << 20;   // decoded bytes scanned per document, all views
  uint32_t max_views = 64;                 // decoded segments scanned per document
};

struct EngineOptions {
  Limits limits;
  core::NormalizeOptions normalize;
  core::DecodeOptions decode;
};

class Engine {
 public:
  static Result<std::unique_ptr<Engine>> Create(std::vector<std::unique_ptr<Detector>> detectors,
                                                EngineOptions options = {});
  ~Engine();

  // Findings sorted by (start, detector), spans in `document`'s bytes.
  std::vector<Finding> Scan(std::string_view document) const;

  // The detection-only pass over the same patterns (for the benchmark's baseline).
  uint64_t CountRawMatches(std::string_view text) const;

  const EngineOptions& options() const { return options_; }
  std::span<const std::unique_ptr<Detector>> detectors() const { return detectors_; }

 private:
  Engine() = default;
  struct Impl;
  std::vector<std::unique_ptr<Detector>> detectors_;
  EngineOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace frontseat::engine
