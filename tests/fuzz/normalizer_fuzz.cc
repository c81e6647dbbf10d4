// Fuzz target for the normalizer, the first code to touch hostile bytes: any input must give a
// view that is valid UTF-8 and an offset map that never points outside the input, with every
// option combination. A span outside the input would make `frontseat scan` print offsets that
// index past the document, or make redaction write out of bounds.
//
// Invariants checked (abort() on violation):
//   - the view is valid UTF-8, and identical to the input when `identity` is set
//   - the map covers the whole view
//   - ToSource of the whole view, and of each single byte of it, lies within the input
//   - every mark, and the tag payload's map, lies within the input
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/normalizer.h"
#include "core/utf8.h"

namespace {

using frontseat::core::NormalizedText;
using frontseat::core::NormalizeOptions;
using frontseat::core::OffsetMap;
using frontseat::core::Span;

[[noreturn]] void Fail(const char* what, uint64_t a, uint64_t b) {
  std::fprintf(stderr, "normalizer_fuzz: invariant violated: %s (%llu, %llu)\n", what,
               static_cast<unsigned long long>(a), static_cast<unsigned long long>(b));
  std::abort();
}

void CheckSpan(const char* what, Span s, size_t input_size) {
  if (s.begin > s.end || s.end > input_size) Fail(what, s.begin, s.end);
}

void CheckMap(const char* what, const OffsetMap& map, size_t view_size, size_t input_size) {
  if (view_size == 0) return;
  if (map.dst_size() != view_size) Fail(what, map.dst_size(), view_size);
  const auto n = static_cast<uint32_t>(view_size);
  CheckSpan(what, map.ToSource({0, n}), input_size);
  for (uint32_t i = 0; i < n; ++i) CheckSpan(what, map.ToSource({i, i + 1}), input_size);
  CheckSpan(what, map.ToSource({n, n}), input_size);
}

void Check(std::string_view input, const NormalizeOptions& options) {
  NormalizedText out = frontseat::core::Normalize(input, options);
  for (size_t i = 0; i < out.text.size();) {
    char32_t cp;
    int len = frontseat::core::DecodeUtf8(out.text, i, cp);
    if (len == 0) Fail("view is not valid UTF-8 at byte", i, out.text.size());
    i += static_cast<size_t>(len);
  }
  if (out.identity && out.text != input) Fail("identity view differs from input", 0, 0);
  CheckMap("view map", out.map, out.text.size(), input.size());
  for (const auto& mark : out.marks) CheckSpan("mark span", mark.span, input.size());
  CheckMap("tag payload map", out.tag_payload_map, out.tag_payload.size(), input.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  Check(input, NormalizeOptions{});
  // The first byte picks a second option set, so each stage is also fuzzed without the others.
  if (size > 0) {
    NormalizeOptions options;
    options.nfkc = data[0] & 1;
    options.fold_confusables = data[0] & 2;
    options.remove_invisible = data[0] & 4;
    Check(input, options);
  }
  return 0;
}
