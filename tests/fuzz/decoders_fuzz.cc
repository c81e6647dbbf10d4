// Fuzz target for the decoders that reveal base64, hex, URL-encoded and rot13 segments: any
// text must give segments whose spans and offset maps stay inside that text, also one level of
// decoding deeper (decoded text is scanned again by the engine), and the plain decoders must
// not crash on arbitrary bytes.
//
// Invariants checked (abort() on violation):
//   - each segment's source span lies within the text
//   - its map covers its decoded text and maps the whole of it, and each byte, into the text
//   - rot13 applied twice gives back the input
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/decoders.h"

namespace {

using frontseat::core::DecodedSegment;
using frontseat::core::Span;

[[noreturn]] void Fail(const char* what, uint64_t a, uint64_t b) {
  std::fprintf(stderr, "decoders_fuzz: invariant violated: %s (%llu, %llu)\n", what,
               static_cast<unsigned long long>(a), static_cast<unsigned long long>(b));
  std::abort();
}

void CheckSpan(const char* what, Span s, size_t text_size) {
  if (s.begin > s.end || s.end > text_size) Fail(what, s.begin, s.end);
}

void CheckSegments(std::string_view text, int depth) {
  for (const DecodedSegment& seg : frontseat::core::FindEncodedSegments(text)) {
    CheckSpan("segment source", seg.source, text.size());
    if (!seg.text.empty()) {
      if (seg.map.dst_size() != seg.text.size()) {
        Fail("segment map size", seg.map.dst_size(), seg.text.size());
      }
      const auto n = static_cast<uint32_t>(seg.text.size());
      CheckSpan("segment map (whole)", seg.map.ToSource({0, n}), text.size());
      for (uint32_t i = 0; i < n; ++i) {
        CheckSpan("segment map (byte)", seg.map.ToSource({i, i + 1}), text.size());
      }
    }
    if (depth > 0) CheckSegments(seg.text, depth - 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  CheckSegments(text, 1);
  std::string out;
  frontseat::core::DecodeBase64(text, out);
  out.clear();
  frontseat::core::DecodeHex(text, out);
  (void)frontseat::core::DecodeUrl(text);
  (void)frontseat::core::LooksLikeText(text);
  if (frontseat::core::Rot13(frontseat::core::Rot13(text)) != text) Fail("rot13 round trip", 0, 0);
  return 0;
}
