// Does the SSE parser give the same events however the bytes are cut, for every line ending,
// and refuse an endless event instead of growing without bound?
#include "gateway/sse_parser.h"

#include <gtest/gtest.h>

namespace frontseat::gateway {
namespace {

std::vector<SseEvent> ParseInPieces(std::string_view text, size_t piece) {
  SseParser p;
  std::vector<SseEvent> out;
  for (size_t i = 0; i < text.size(); i += piece) {
    EXPECT_TRUE(p.Feed(text.substr(i, piece), out).ok());
  }
  return out;
}

TEST(SseParser, EventsAreTheSameForEveryCut) {
  for (std::string_view eol : {"\n", "\r\n", "\r"}) {
    std::string text;
    for (const char* line : {"data: {\"a\":1}", "", ": comment", "event: x", "data: one",
                             "data:two", "id: 7", "", "data: [DONE]", ""}) {
      text += std::string(line) + std::string(eol);
    }
    for (size_t piece : {1, 2, 3, 7, 1000}) {
      auto ev = ParseInPieces(text, piece);
      ASSERT_EQ(ev.size(), 3u) << "piece " << piece;
      EXPECT_EQ(ev[0].data, "{\"a\":1}");
      EXPECT_EQ(ev[1].event, "x");
      EXPECT_EQ(ev[1].data, "one\ntwo");
      EXPECT_EQ(ev[2].data, "[DONE]");
    }
  }
}

TEST(SseParser, PartialEventIsNotEmitted) {
  SseParser p;
  std::vector<SseEvent> out;
  ASSERT_TRUE(p.Feed("data: half", out).ok());
  EXPECT_TRUE(out.empty());
  EXPECT_FALSE(p.AtEventBoundary());
  ASSERT_TRUE(p.Feed("\n\n", out).ok());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].data, "half");
  EXPECT_TRUE(p.AtEventBoundary());
}

TEST(SseParser, OversizeEventIsAnErrorThatSticks) {
  SseParser p(64);
  std::vector<SseEvent> out;
  Status s = p.Feed("data: " + std::string(100, 'x'), out);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("larger than 64"), std::string::npos);
  EXPECT_FALSE(p.Feed("\n\n", out).ok());
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace frontseat::gateway
