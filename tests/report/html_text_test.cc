// Do the report's text helpers keep valid UTF-8 as it is, turn every invalid byte and control
// character into U+FFFD, escape all five HTML-special characters, cut at character boundaries,
// and format numbers without a locale? Random bytes (seeded, seed printed) must always come out
// as valid UTF-8.
#include "report/html_text.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <string>

namespace {

using namespace frontseat::report::html;

constexpr std::string_view kFffd = "\xEF\xBF\xBD";

TEST(HtmlText, KeepsValidUtf8) {
  const std::string valid =
      "plain \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF tab\tnl\ncr\r \xE2\x80\xAE";
  EXPECT_EQ(ValidUtf8(valid), valid);
  EXPECT_EQ(ValidUtf8(""), "");
}

TEST(HtmlText, ReplacesEachInvalidByteAndControlCharacter) {
  const std::string f(kFffd);
  EXPECT_EQ(ValidUtf8("\xFF"), f);
  EXPECT_EQ(ValidUtf8("\xC0\xAF"), f + f) << "overlong";
  EXPECT_EQ(ValidUtf8("\xE0\x80\xAF"), f + f + f) << "overlong";
  EXPECT_EQ(ValidUtf8("\xED\xA0\x80"), f + f + f) << "surrogate";
  EXPECT_EQ(ValidUtf8("\xF4\x90\x80\x80"), f + f + f + f) << "above U+10FFFF";
  EXPECT_EQ(ValidUtf8("a\xE2\x82"), "a" + f + f) << "truncated";
  EXPECT_EQ(ValidUtf8(std::string("a\0b\x1B\x7F", 5)), "a" + f + "b" + f + f);
}

TEST(HtmlText, EscapesHtmlSpecialCharacters) {
  EXPECT_EQ(Escape("<a href=\"x\" title='y'>&amp;</a>"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
  EXPECT_EQ(Escape("\xFF<"), std::string(kFffd) + "&lt;");
}

TEST(HtmlText, CutsAtCharacterBoundaries) {
  Excerpt e = Cut("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z", 2);
  EXPECT_EQ(e.text, "\xC3\xA9\xE2\x82\xAC");
  EXPECT_EQ(e.more_chars, 2u);
  e = Cut("abc", 3);
  EXPECT_EQ(e.text, "abc");
  EXPECT_EQ(e.more_chars, 0u);
  e = Cut("abc", 0);
  EXPECT_EQ(e.text, "");
  EXPECT_EQ(e.more_chars, 3u);
  e = Cut("\xFF\xFF\xFF", 1);
  EXPECT_EQ(e.text, kFffd);
  EXPECT_EQ(e.more_chars, 2u);
}

TEST(HtmlText, FormatsNumbersWithoutLocale) {
  EXPECT_EQ(Fixed(12.345, 1), "12.3");
  EXPECT_EQ(Fixed(-0.01, 1), "0.0");
  EXPECT_EQ(Fixed(-1.5, 1), "-1.5");
  EXPECT_EQ(Fixed(std::numeric_limits<double>::infinity(), 1), "0");
  EXPECT_EQ(Percent(0.0), "0.0%");
  EXPECT_EQ(Percent(1.0), "100.0%");
  EXPECT_EQ(Percent(1.0 / 3.0), "33.3%");
}

TEST(HtmlText, RandomBytesComeOutAsValidUtf8) {
  const uint32_t seed = 20261122;
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  for (int round = 0; round < 2000; ++round) {
    std::string in(rng() % 64, '\0');
    for (char& c : in) c = static_cast<char>(rng() % 4 == 0 ? 0x80 + rng() % 0x80 : rng() % 256);
    const std::string out = ValidUtf8(in);
    EXPECT_EQ(ValidUtf8(out), out) << "not idempotent";
    EXPECT_EQ(out.find('\0'), std::string::npos);
    const Excerpt e = Cut(in, rng() % 16);
    EXPECT_EQ(ValidUtf8(e.text), e.text);
    EXPECT_EQ(CodePoints(e.text) + e.more_chars, CodePoints(out));
  }
}

}  // namespace
