// Shared body of the per-detector fuzz targets (tests/fuzz/<detector>_fuzz.cc): one detector alone
// through the real Engine on any bytes, with its default config. Invariants (abort() on
// violation): every finding's span lies within the input and is not reversed, its detector id
// belongs to the detector under test, and its score is within [0, 1].
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "detectors/registry.h"
#include "engine/engine.h"

namespace frontseat::fuzz {

inline const engine::Engine& EngineFor(std::string_view id) {
  static std::unique_ptr<engine::Engine> engine = [id] {
    detectors::ConfigErrors errors;
    auto d = detectors::CreateDetector(id, YAML::Node(), id, errors);
    if (!d) std::abort();
    std::vector<std::unique_ptr<Detector>> list;
    list.push_back(std::move(d));
    auto e = engine::Engine::Create(std::move(list));
    if (!e.ok()) std::abort();
    return std::move(e).value();
  }();
  return *engine;
}

// Engine-level findings (invalid_utf8, budgets) may appear next to the detector's own.
inline bool OwnedBy(std::string_view detector, std::string_view id) {
  return detector == id || detector.substr(0, id.size() + 1) == std::string(id) + "." ||
         detector == "invalid_utf8" || detector.substr(0, 7) == "engine.";
}

inline int CheckOne(std::string_view id, const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const Finding& f : EngineFor(id).Scan(text)) {
    if (f.start > f.end || f.end > size || !(f.score >= 0.0 && f.score <= 1.0) ||
        !OwnedBy(f.detector, id)) {
      std::fprintf(stderr, "%s fuzz: bad finding %s [%llu, %llu) score %f\n",
                   std::string(id).c_str(), f.detector.c_str(),
                   static_cast<unsigned long long>(f.start), static_cast<unsigned long long>(f.end),
                   f.score);
      std::abort();
    }
  }
  return 0;
}

}  // namespace frontseat::fuzz
