// Does the pipeline map spans through normalization and decoding back to the original bytes, and
// turn budgets into findings rather than failures?
#include "engine/engine.h"

#include <gtest/gtest.h>

#include "detectors/common/pattern_set.h"

namespace frontseat::engine {
namespace {

// A minimal detector: reports every match of "secretword" (case-insensitive).
class WordDetector final : public Detector {
 public:
  std::string_view id() const override { return "test.word"; }
  std::span<const PatternSpec> Patterns() const override { return patterns_; }
  void Scan(const ScanView&, std::span<const PatternMatch> matches,
            std::vector<Finding>& out) const override {
    for (const auto& m : matches) {
      out.push_back({"test.word", Category::kSecret, "", 1.0, m.begin, m.end, "***", ""});
    }
  }

 private:
  std::vector<PatternSpec> patterns_ = {{"secretword", true}};
};

std::unique_ptr<Engine> Make(EngineOptions options = {}) {
  std::vector<std::unique_ptr<Detector>> d;
  d.push_back(std::make_unique<WordDetector>());
  auto e = Engine::Create(std::move(d), options);
  EXPECT_TRUE(e.ok());
  return std::move(e).value();
}

std::string Span(std::string_view text, const Finding& f) {
  return std::string(text.substr(f.start, f.end - f.start));
}

TEST(Engine, PlainMatchKeepsItsSpan) {
  auto e = Make();
  std::string text = "the secretword is here";
  auto f = e->Scan(text);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(Span(text, f[0]), "secretword");
  EXPECT_EQ(f[0].via, "");
}

TEST(Engine, SpanCoversZeroWidthSplit) {
  auto e = Make();
  std::string text = "x secret\u200Bword y";
  auto f = e->Scan(text);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(Span(text, f[0]), "secret\u200Bword");
}

TEST(Engine, SpanCoversFullwidthLetters) {
  auto e = Make();
  std::string text = "a \uFF33\uFF25\uFF23\uFF32\uFF25\uFF34word b";
  auto f = e->Scan(text);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(Span(text, f[0]), "\uFF33\uFF25\uFF23\uFF32\uFF25\uFF34word");
}

TEST(Engine, FindsInsideBase64AndPointsAtTheEncodedBytes) {
  auto e = Make();
  // base64("my secretword!") = bXkgc2VjcmV0d29yZCE=
  std::string text = "data: bXkgc2VjcmV0d29yZCE= end";
  auto f = e->Scan(text);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].via, "base64");
  EXPECT_GE(f[0].start, 6u);
  EXPECT_LE(f[0].end, 26u);
  EXPECT_GT(f[0].end, f[0].start);
}

TEST(Engine, FindsInsideHexInsideBase64WithinDepth) {
  auto e = Make();
  // hex("secretword") = 736563726574776f7264, then base64 of that
  std::string text = "z NzM2NTYzNzI2NTc0Nzc2ZjcyNjQ= z";
  auto f = e->Scan(text);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].via, "base64>hex");
  EXPECT_EQ(Span(text, f[0]), "NzM2NTYzNzI2NTc0Nzc2ZjcyNjQ");
  EngineOptions shallow;
  shallow.limits.max_decode_depth = 1;
  EXPECT_TRUE(Make(shallow)->Scan(text).empty());
}

TEST(Engine, TagCharacterPayloadIsScanned) {
  auto e = Make();
  std::string text = "hello ";
  for (char c : std::string("secretword")) {
    char32_t cp = 0xE0000 + static_cast<unsigned char>(c);
    text += static_cast<char>(0xF0 | (cp >> 18));
    text += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    text += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    text += static_cast<char>(0x80 | (cp & 0x3F));
  }
  auto f = e->Scan(text);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].via, "unicode_tags");
  EXPECT_EQ(f[0].start, 6u);
  EXPECT_EQ(f[0].end, text.size());
}

TEST(Engine, OversizeInputIsScannedToTheBudgetAndReported) {
  EngineOptions o;
  o.limits.max_scan_bytes = 1000;
  auto e = Make(o);
  std::string text(2000, 'a');
  text.replace(10, 10, "secretword");
  text.replace(1500, 10, "secretword");
  auto f = e->Scan(text);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].detector, "test.word");
  EXPECT_EQ(f[1].category, Category::kBudgetExceeded);
  EXPECT_EQ(f[1].start, 1000u);
}

TEST(Engine, InvalidUtf8IsAFindingNotACrash) {
  auto e = Make();
  std::string text = "ok \xFF\xFE secretword \xC0";
  auto f = e->Scan(text);
  int invalid = 0, words = 0;
  for (const auto& x : f) {
    invalid += x.category == Category::kInvalidUtf8;
    words += x.detector == "test.word";
  }
  EXPECT_EQ(invalid, 2);
  EXPECT_EQ(words, 1);
}

TEST(Engine, DecodedBytesBudgetIsReported) {
  EngineOptions o;
  o.limits.max_decoded_bytes = 10;
  auto e = Make(o);
  auto f = e->Scan("data: bXkgc2VjcmV0d29yZCE= end");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].category, Category::kBudgetExceeded);
}

}  // namespace
}  // namespace frontseat::engine
