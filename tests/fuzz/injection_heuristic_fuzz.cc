// Fuzz target: the injection.heuristic detector alone through the engine (see detector_fuzz_util.h).
#include "detector_fuzz_util.h"

// Built before fuzzing: the pattern compile must not count against the per-input timeout.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)frontseat::fuzz::EngineFor("injection.heuristic");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return frontseat::fuzz::CheckOne("injection.heuristic", data, size);
}
