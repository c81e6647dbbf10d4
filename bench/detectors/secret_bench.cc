// How fast is the secret detector alone, through the engine, on prose (64 B to 1 MB)?
#include "detector_bench_util.h"

namespace {
void BM_secret(benchmark::State& state) {
  frontseat::bench::RunDetectorBench(state, "secret", "key 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 end. ", 1);
}
BENCHMARK(BM_secret)->Arg(64)->Arg(1 << 10)->Arg(16 << 10)->Arg(1 << 20);
}  // namespace

BENCHMARK_MAIN();
