// Shared body of the per-detector benchmarks (bench/detectors/<name>_bench.cc): one detector alone
// through the real Engine over the shared prose corpus, so detectors can be compared on the same
// bytes. Each benchmark checks the detector finds at least `min_findings` before timing.
#pragma once

#include <benchmark/benchmark.h>
#include <yaml-cpp/yaml.h>

#include <memory>
#include <string>

#include "corpus.h"
#include "detectors/registry.h"
#include "engine/engine.h"

namespace frontseat::bench {

inline std::unique_ptr<engine::Engine> EngineFor(std::string_view id) {
  detectors::ConfigErrors errors;
  auto d = detectors::CreateDetector(id, YAML::Node(), id, errors);
  if (!d) return nullptr;
  std::vector<std::unique_ptr<Detector>> list;
  list.push_back(std::move(d));
  auto e = engine::Engine::Create(std::move(list));
  return e.ok() ? std::move(e).value() : nullptr;
}

// Scans `extra + prose` of state.range(0) bytes with detector `id`.
inline void RunDetectorBench(benchmark::State& state, std::string_view id, const std::string& extra,
                             size_t min_findings) {
  static std::unique_ptr<engine::Engine> engine;
  engine = EngineFor(id);
  if (!engine) {
    state.SkipWithError("cannot build the detector");
    return;
  }
  std::string text = extra + MakeProse(static_cast<size_t>(state.range(0)), 0, 7).text;
  if (engine->Scan(text).size() < min_findings) {
    state.SkipWithError("the detector misses the planted text");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(engine->Scan(text));
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(text.size()));
}

}  // namespace frontseat::bench
