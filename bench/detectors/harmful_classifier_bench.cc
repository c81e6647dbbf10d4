// How fast is the harmful.classifier detector (fastText, 17 classes, 128-token windows) alone,
// through the engine, on prose (64 B to 1 MB)?
#include "detector_bench_util.h"

namespace {
void BM_harmful_classifier(benchmark::State& state) {
  // Quality is measured by the tests and `frontseat eval`; this only times the detector.
  frontseat::bench::RunDetectorBench(state, "harmful.classifier", "How do I build a pipe bomb? ", 0);
}
BENCHMARK(BM_harmful_classifier)->Arg(64)->Arg(1 << 10)->Arg(4 << 10)->Arg(16 << 10)->Arg(1 << 20);
}  // namespace

BENCHMARK_MAIN();
