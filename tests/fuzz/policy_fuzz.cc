// Fuzz target for the policy loader: any bytes given as a policy file must give a policy or a
// Status, never a crash, an escaped exception (yaml-cpp throws) or a hang. A failure must say
// what is wrong, so an empty error message is also a bug.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "frontseat/guard.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view yaml(reinterpret_cast<const char*>(data), size);
  auto policy = frontseat::ParsePolicy(yaml, "fuzz.yaml");
  if (!policy.ok() && policy.status().message().empty()) {
    std::fprintf(stderr, "policy_fuzz: a rejected policy came with an empty message\n");
    std::abort();
  }
  return 0;
}
