// Fuzz target for the SSE parser the streaming proxy reads upstream answers with: any bytes, cut
// anywhere, must give the same events as when fed whole (or fail the same way), never a crash
// or unbounded growth (max_event_bytes is small here so the limit path is exercised).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "gateway/sse_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using frontseat::gateway::SseEvent;
  using frontseat::gateway::SseParser;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  SseParser whole(4096);
  std::vector<SseEvent> a;
  bool ok_whole = whole.Feed(bytes, a).ok();
  // The same bytes in pieces whose sizes come from the first byte.
  size_t step = size ? 1 + data[0] % 7 : 1;
  SseParser pieces(4096);
  std::vector<SseEvent> b;
  bool ok_pieces = true;
  for (size_t i = 0; i < size && ok_pieces; i += step) {
    ok_pieces = pieces.Feed(bytes.substr(i, step), b).ok();
  }
  if (ok_whole != ok_pieces) {
    std::fprintf(stderr, "sse_parser_fuzz: whole and piecewise feeding disagree on failure\n");
    std::abort();
  }
  if (ok_whole) {
    if (a.size() != b.size()) std::abort();
    for (size_t i = 0; i < a.size(); ++i) {
      if (a[i].data != b[i].data || a[i].event != b[i].event) std::abort();
    }
  }
  return 0;
}
