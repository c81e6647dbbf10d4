// Fuzz target for the whole check path a gateway request takes: the default policy's Guard
// (normalizer, decoders, every default detector, policy evaluation, redaction) on any bytes.
//
// Invariants checked (abort() on violation): every finding's span lies within the input, its
// masked preview is valid UTF-8 (finding.h promises it), and a redact decision comes with the
// redacted text.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "core/utf8.h"
#include "frontseat/guard.h"

namespace {

[[noreturn]] void Fail(const char* what, uint64_t a, uint64_t b) {
  std::fprintf(stderr, "engine_fuzz: invariant violated: %s (%llu, %llu)\n", what,
               static_cast<unsigned long long>(a), static_cast<unsigned long long>(b));
  std::abort();
}

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    char32_t cp;
    int len = frontseat::core::DecodeUtf8(s, i, cp);
    if (len == 0) return false;
    i += static_cast<size_t>(len);
  }
  return true;
}

// Built once: compiling the pattern sets takes far longer than one check.
const frontseat::Guard& DefaultGuard() {
  static const std::unique_ptr<frontseat::Guard> guard = [] {
    auto created = frontseat::Guard::Create(frontseat::DefaultPolicy());
    if (!created.ok()) {
      std::fprintf(stderr, "engine_fuzz: default policy fails: %s\n",
                   created.status().message().c_str());
      std::abort();
    }
    return std::move(created).value();
  }();
  return *guard;
}

}  // namespace

// Builds the Guard before fuzzing starts: under ASan the pattern compile alone can take longer
// than libFuzzer's per-input timeout, which would report the first input as a hang.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)DefaultGuard();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const frontseat::Decision decision = DefaultGuard().Check(text);
  for (const frontseat::Finding& f : decision.findings) {
    if (f.start > f.end || f.end > size) Fail("finding span outside the input", f.start, f.end);
    if (!IsValidUtf8(f.preview)) Fail("preview is not valid UTF-8", f.start, f.end);
  }
  if (decision.action == frontseat::Action::kRedact && !decision.redacted) {
    Fail("redact decision without redacted text", 0, 0);
  }
  return 0;
}
