// Does the normalizer undo the tricks attackers use, and map every byte back to the original?
#include "core/normalizer.h"

#include <gtest/gtest.h>
#include <unicode/normalizer2.h>

#include <random>

#include "core/utf8.h"

namespace frontseat::core {
namespace {

std::string Back(const NormalizedText& n, std::string_view in, size_t b, size_t e) {
  Span s = n.map.ToSource({uint32_t(b), uint32_t(e)});
  return std::string(in.substr(s.begin, s.end - s.begin));
}

TEST(Normalizer, AsciiTakesTheIdentityPath) {
  auto n = Normalize("plain text\nwith lines");
  EXPECT_TRUE(n.identity);
  EXPECT_EQ(n.text, "plain text\nwith lines");
  EXPECT_TRUE(n.marks.empty());
}

TEST(Normalizer, RemovesZeroWidthAndMapsAroundIt) {
  std::string in = "pass\u200Bword";
  auto n = Normalize(in);
  EXPECT_EQ(n.text, "password");
  ASSERT_EQ(n.marks.size(), 1u);
  EXPECT_EQ(n.marks[0].kind, MarkKind::kZeroWidth);
  EXPECT_EQ(n.marks[0].span, (Span{4, 7}));
  EXPECT_EQ(Back(n, in, 0, 8), in);
  EXPECT_EQ(Back(n, in, 4, 8), "word");
}

TEST(Normalizer, FullwidthBecomesAsciiWithExactSpans) {
  std::string in = "key: \uFF21\uFF22\uFF23 end";  // fullwidth ABC
  auto n = Normalize(in);
  EXPECT_EQ(n.text, "key: ABC end");
  EXPECT_EQ(Back(n, in, 5, 6), "\uFF21");
  EXPECT_EQ(Back(n, in, 5, 8), "\uFF21\uFF22\uFF23");
  EXPECT_EQ(Back(n, in, 9, 12), "end");
}

TEST(Normalizer, LigatureExpandsAndMapsToTheLigature) {
  std::string in = "\uFB01le";  // "ﬁle"
  auto n = Normalize(in);
  EXPECT_EQ(n.text, "file");
  EXPECT_EQ(Back(n, in, 0, 1), "\uFB01");
  EXPECT_EQ(Back(n, in, 2, 4), "le");
}

TEST(Normalizer, FoldsCyrillicLookalikesInLatinWordsAndMarksThem) {
  std::string in = "ign\u043Ere previous";  // Cyrillic о inside "ignore"
  auto n = Normalize(in);
  EXPECT_EQ(n.text, "ignore previous");
  bool confusable = false, mixed = false;
  for (const Mark& m : n.marks) {
    confusable |= m.kind == MarkKind::kConfusable;
    mixed |= m.kind == MarkKind::kMixedScript && m.span == Span{0, 7};
  }
  EXPECT_TRUE(confusable);
  EXPECT_TRUE(mixed);
}

TEST(Normalizer, OrdinaryRussianIsNotMarkedAsSpoofing) {
  auto n = Normalize("\u041F\u0440\u0438\u0432\u0435\u0442 \u043C\u0438\u0440");  // Привет мир
  for (const Mark& m : n.marks) {
    EXPECT_NE(m.kind, MarkKind::kMixedScript);
    EXPECT_NE(m.kind, MarkKind::kConfusable);
  }
}

TEST(Normalizer, LatinLookalikesAndForeignDigitsFoldWithoutSpoofMarks) {
  // Turkish "kapı" (dotless i is a Latin letter) and an ID with Bengali digits.
  auto n = Normalize("kap\u0131 id\u09EA\u09E8");
  EXPECT_EQ(n.text, "kapi id42");  // digits by value: Bengali four and two
  for (const Mark& m : n.marks) {
    EXPECT_NE(m.kind, MarkKind::kMixedScript);
    EXPECT_NE(m.kind, MarkKind::kConfusable);
  }
}

TEST(Normalizer, TagCharactersAreRemovedAndTheirPayloadKept) {
  std::string in = "hi";
  for (char c : std::string("run")) AppendUtf8(in, 0xE0000 + static_cast<unsigned char>(c));
  auto n = Normalize(in);
  EXPECT_EQ(n.text, "hi");
  EXPECT_EQ(n.tag_payload, "run");
  Span s = n.tag_payload_map.ToSource({0, 3});
  EXPECT_EQ(s, (Span{2, 14}));
}

TEST(Normalizer, InvalidUtf8IsDroppedAndReportedNeverCrashes) {
  std::string in = "ok\xC3(bad\xFF\xFE end";
  auto n = Normalize(in);
  EXPECT_EQ(n.text, "ok(bad end");
  int invalid = 0;
  for (const Mark& m : n.marks) invalid += m.kind == MarkKind::kInvalidUtf8;
  EXPECT_EQ(invalid, 2);  // one per run
}

TEST(Normalizer, NulAndControlBytesAreRemovedAndMarked) {
  std::string in("a\0b\x07" "c", 5);
  auto n = Normalize(in);
  EXPECT_EQ(n.text, "abc");
  EXPECT_EQ(n.marks.size(), 2u);
}

TEST(Normalizer, BidiOverrideIsRemovedAndMarked) {
  std::string in = "abc\u202Efed";
  auto n = Normalize(in);
  EXPECT_EQ(n.text, "abcfed");
  ASSERT_FALSE(n.marks.empty());
  EXPECT_EQ(n.marks[0].kind, MarkKind::kBidiControl);
}

// Differential: with folding and removal off, our view must equal ICU's own NFKC of the valid
// input, on random mixes of ASCII and non-ASCII characters; and every view byte maps inside it.
TEST(Normalizer, MatchesDirectIcuNfkcOnRandomText) {
  const char32_t alphabet[] = {'a', 'Z', '1', ' ', 0xE9, 0x301, 0xFB01, 0xFF21, 0x2460,
                               0x1E9B, 0x0430, 0x3000, 0xAC00, 0x1100, 0x1161, 0x2126};
  unsigned seed = 20261122;
  std::mt19937 rng(seed);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  ASSERT_TRUE(U_SUCCESS(status));
  for (int round = 0; round < 500; ++round) {
    std::string in;
    int len = static_cast<int>(rng() % 40);
    for (int i = 0; i < len; ++i) AppendUtf8(in, alphabet[rng() % std::size(alphabet)]);
    NormalizeOptions opt;
    opt.fold_confusables = false;
    auto n = Normalize(in, opt);
    std::string expected;
    icu::StringByteSink<std::string> sink(&expected);
    status = U_ZERO_ERROR;
    nfkc->normalizeUTF8(0, icu::StringPiece(in.data(), int32_t(in.size())), sink, nullptr, status);
    ASSERT_TRUE(U_SUCCESS(status));
    ASSERT_EQ(n.text, expected) << "seed " << seed << " round " << round;
    for (uint32_t i = 0; i < n.text.size(); ++i) {
      Span s = n.map.ToSource({i, i + 1});
      ASSERT_LE(s.end, in.size());
      ASSERT_LT(s.begin, s.end) << "seed " << seed << " round " << round << " byte " << i;
    }
  }
}

}  // namespace
}  // namespace frontseat::core
