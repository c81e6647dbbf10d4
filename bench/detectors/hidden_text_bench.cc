// How fast is the hidden_text detector alone, through the engine, on prose (64 B to 1 MB)?
#include "detector_bench_util.h"

namespace {
void BM_hidden_text(benchmark::State& state) {
  frontseat::bench::RunDetectorBench(state, "hidden_text", "a zero\u200Bwidth split. ", 1);
}
BENCHMARK(BM_hidden_text)->Arg(64)->Arg(1 << 10)->Arg(16 << 10)->Arg(1 << 20);
}  // namespace

BENCHMARK_MAIN();
