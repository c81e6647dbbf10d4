// How fast is the pii detector alone, through the engine, on prose (64 B to 1 MB)?
#include "detector_bench_util.h"

namespace {
void BM_pii(benchmark::State& state) {
  frontseat::bench::RunDetectorBench(state, "pii", "mail jane.doe@fastmail.fm now. ", 1);
}
BENCHMARK(BM_pii)->Arg(64)->Arg(1 << 10)->Arg(16 << 10)->Arg(1 << 20);
}  // namespace

BENCHMARK_MAIN();
