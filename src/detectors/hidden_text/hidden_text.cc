// The hidden_text detector (see hidden_text.h): turns the normalizer's marks into findings.
// Three steps: classify each mark (or run of marks) and drop the legitimate ones, group what is
// left by kind and proximity, and describe each group in a preview that says what was hidden
// without repeating it.
#include "detectors/hidden_text/hidden_text.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "core/normalizer.h"
#include "core/utf8.h"

namespace frontseat::detectors {
namespace {

using core::Mark;
using core::MarkKind;

// Marks of one kind at most this many bytes apart join one finding: "i<ZWSP>g<ZWSP>n<ZWSP>o..."
// is one hidden word, not six findings, and two spoofed words separated by a space are one spoof.
constexpr uint32_t kGroupGap = 8;

// Scores (the confidence that the characters are there to hide something).
// Tag characters have essentially one use in running text, smuggling ASCII past a reader.
constexpr double kTagScore = 0.95;
// Bidi controls in text without right-to-left letters only reorder what a reader sees (CVE-2021-
// 42574, "Trojan Source"); overrides flip characters outright, so they score highest.
constexpr double kBidiOverrideScore = 0.9;
constexpr double kBidiOpenScore = 0.7;   // LRE, RLE, LRI, RLI, FSI
constexpr double kBidiCloseScore = 0.5;  // PDF, PDI without an opener nearby
constexpr double kBidiMarkScore = 0.4;   // LRM, RLM, ALM
// In text that has right-to-left letters, embeddings and marks are ordinary formatting.
constexpr double kBidiOverrideInRtlScore = 0.6;
constexpr double kBidiOpenInRtlScore = 0.3;
constexpr double kZeroWidthInWordScore = 0.7;  // splits a word so filters miss it
constexpr double kZeroWidthScore = 0.4;        // between words: watermarks, copy-paste residue
constexpr double kMixedScriptScore = 0.8;
constexpr double kConfusableScore = 0.5;    // a whole word in one foreign script: often legitimate
constexpr double kVariationRunScore = 0.8;  // bytes encoded as variation selectors
constexpr double kSoftHyphenScore = 0.3;    // common hyphenation hint in web and German text
constexpr double kInvisibleScore = 0.6;     // Hangul fillers, CGJ, unassigned ignorables, ...
constexpr double kEscapeScore = 0.7;        // ESC starts terminal control sequences
constexpr double kNulOrBackspaceScore = 0.6;
constexpr double kControlScore = 0.4;  // form feed, vertical tab, C1: PDF and OCR residue
// A text is "mostly Latin" when non-ASCII letters are at most a fifth of its letters; only there
// is a word written wholly in look-alikes from another script out of place.
constexpr int kForeignShareDivisor = 5;
// Distinct code points and scripts named in a preview.
constexpr size_t kMaxNamed = 3;

using Kind = HiddenTextKind;

// One mark (or run of marks) judged reportable.
struct Item {
  Kind kind;
  core::Span span;
  double score;
  std::string_view subcategory;
  std::vector<char32_t> cps;  // the hidden code points, for the preview
  int count = 1;              // marks it stands for
};

bool IsVariationSelector(char32_t cp) {
  return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
}

UScriptCode ScriptOf(char32_t cp) {
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode script = uscript_getScript(static_cast<UChar32>(cp), &status);
  return U_SUCCESS(status) ? script : USCRIPT_INVALID_CODE;
}

bool IsWordChar(char32_t cp) { return cp != 0 && u_isalnum(static_cast<UChar32>(cp)); }

// A letter or combining mark of a script whose correct spelling uses joiners or zero-width
// spaces: ZWNJ in Persian and other Arabic-script languages, ZWJ and ZWNJ in Indic conjuncts,
// ZWSP as a word-break hint in scripts written without spaces (Thai, Khmer, Japanese, ...).
// Cyrillic or Greek are not in the list: a zero-width character inside such a word hides it.
bool IsJoiningScriptLetter(char32_t cp) {
  if (cp < 0x80) return false;
  const auto c = static_cast<UChar32>(cp);
  int8_t type = u_charType(c);
  bool letter_or_mark =
      u_isalpha(c) || type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK;
  if (!letter_or_mark) return false;
  switch (ScriptOf(cp)) {
    case USCRIPT_ARABIC:
    case USCRIPT_SYRIAC:
    case USCRIPT_THAANA:
    case USCRIPT_NKO:
    case USCRIPT_DEVANAGARI:
    case USCRIPT_BENGALI:
    case USCRIPT_GURMUKHI:
    case USCRIPT_GUJARATI:
    case USCRIPT_ORIYA:
    case USCRIPT_TAMIL:
    case USCRIPT_TELUGU:
    case USCRIPT_KANNADA:
    case USCRIPT_MALAYALAM:
    case USCRIPT_SINHALA:
    case USCRIPT_THAI:
    case USCRIPT_LAO:
    case USCRIPT_KHMER:
    case USCRIPT_MYANMAR:
    case USCRIPT_TIBETAN:
    case USCRIPT_MONGOLIAN:
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_HANGUL:
      return true;
    default:
      return false;
  }
}

// Parts of emoji sequences that ZWJ legitimately joins ("👩‍💻", "🏳️‍🌈",
// "👩🏽‍💻").
bool IsEmojiPart(char32_t cp) {
  const auto c = static_cast<UChar32>(cp);
  return cp != 0 && (u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) ||
                     u_hasBinaryProperty(c, UCHAR_EMOJI_MODIFIER) ||
                     u_hasBinaryProperty(c, UCHAR_REGIONAL_INDICATOR));
}

std::string CodePointName(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

// The visible characters around a position of the ORIGINAL input. The original is not at hand,
// but the view is, with its map back to the original: the view character just before an
// original offset is the one whose source starts before it. Removed characters have no view
// bytes, so neighbours skip over other invisible characters, as a reader's eye does.
// Lookups are meant in increasing order of position: each gallops forward from the last one, so
// a document with many marks costs O(marks * log(distance)), not O(marks * log(size)).
class Neighbours {
 public:
  Neighbours(std::string_view view, const core::OffsetMap& map) : view_(view), map_(map) {}

  // The visible code point ending at or before original offset `pos`, or 0.
  char32_t Before(uint32_t pos) {
    uint32_t q = FirstAtOrAfter(pos);
    if (q == 0) return 0;
    uint32_t p = q - 1;
    while (p > 0 && (static_cast<unsigned char>(view_[p]) & 0xC0) == 0x80) --p;
    return Decode(p);
  }

  // The visible code point starting at or after original offset `pos`, or 0.
  char32_t After(uint32_t pos) {
    uint32_t r = FirstAtOrAfter(pos);
    return r < view_.size() ? Decode(r) : 0;
  }

 private:
  char32_t Decode(uint32_t at) const {
    char32_t cp = 0;
    return core::DecodeUtf8(view_, at, cp) > 0 ? cp : 0;
  }

  // First view byte whose source begins at or after `pos` (view size if none).
  uint32_t FirstAtOrAfter(uint32_t pos) {
    const auto n = static_cast<uint32_t>(view_.size());
    auto before = [&](uint32_t p) { return map_.ToSource({p, p + 1}).begin < pos; };
    uint32_t lo = pos >= last_pos_ ? cursor_ : 0;  // every p < lo is before `pos`
    uint32_t hi = lo;
    uint64_t step = 1;
    while (hi < n && before(hi)) {
      lo = hi + 1;
      hi = static_cast<uint32_t>(std::min<uint64_t>(n, hi + step));
      step *= 2;
    }
    while (lo < hi) {  // the answer is in [lo, hi]; before() is monotone
      uint32_t mid = lo + (hi - lo) / 2;
      if (before(mid)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    cursor_ = lo;
    last_pos_ = pos;
    return lo;
  }

  std::string_view view_;
  const core::OffsetMap& map_;
  uint32_t cursor_ = 0;
  uint32_t last_pos_ = 0;
};

// Whole-text facts some judgements need, computed on first use.
class TextFacts {
 public:
  explicit TextFacts(std::string_view view) : view_(view) {}

  // Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms (U+0590..U+08FF,
  // U+FB1D..U+FDFF, U+FE70..U+FEFF).
  bool HasRtlLetters() {
    if (!rtl_known_) {
      rtl_known_ = true;
      for (size_t i = 0; i < view_.size() && !rtl_; ++i) {
        auto b = static_cast<unsigned char>(view_[i]);
        if (b < 0xD6) continue;
        char32_t cp = 0;
        if (core::DecodeUtf8(view_, i, cp) == 0) continue;
        rtl_ = (cp >= 0x0590 && cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF) ||
               (cp >= 0xFE70 && cp <= 0xFEFF);
      }
    }
    return rtl_;
  }

  bool MostlyLatin() {
    if (!latin_known_) {
      latin_known_ = true;
      uint64_t ascii_letters = 0;
      uint64_t other = 0;  // non-ASCII characters (lead bytes), letters or not: a bound
      for (char c : view_) {
        auto b = static_cast<unsigned char>(c);
        if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') ++ascii_letters;
        if (b >= 0xC2 && b < 0xF5) ++other;
      }
      latin_ = other * kForeignShareDivisor <= ascii_letters + other;
    }
    return latin_;
  }

 private:
  std::string_view view_;
  bool rtl_known_ = false;
  bool rtl_ = false;
  bool latin_known_ = false;
  bool latin_ = false;
};

void ClassifyZeroWidth(const Mark& m, Neighbours& around, std::vector<Item>& out) {
  // A byte order mark opening the text is an encoding signature, not hidden content.
  if (m.cp == 0xFEFF && m.span.begin == 0) return;
  const char32_t prev = around.Before(m.span.begin);
  const char32_t next = around.After(m.span.end);
  if (m.cp == 0x200D && IsEmojiPart(prev) && IsEmojiPart(next)) return;
  if (IsJoiningScriptLetter(prev) && IsJoiningScriptLetter(next)) return;
  const bool in_word = IsWordChar(prev) && IsWordChar(next);
  out.push_back({Kind::kZeroWidth,
                 m.span,
                 in_word ? kZeroWidthInWordScore : kZeroWidthScore,
                 in_word ? "inside_word" : "between_words",
                 {m.cp}});
}

void ClassifyBidi(const Mark& m, TextFacts& facts, std::vector<Item>& out) {
  const bool rtl = facts.HasRtlLetters();
  double score = 0;
  std::string_view sub;
  if (m.cp == 0x202D || m.cp == 0x202E) {
    score = rtl ? kBidiOverrideInRtlScore : kBidiOverrideScore;
    sub = "override";
  } else if (m.cp == 0x202A || m.cp == 0x202B || (m.cp >= 0x2066 && m.cp <= 0x2068)) {
    score = rtl ? kBidiOpenInRtlScore : kBidiOpenScore;
    sub = "embedding";
  } else if (m.cp == 0x202C || m.cp == 0x2069) {
    score = rtl ? kBidiOpenInRtlScore : kBidiCloseScore;
    sub = "embedding_end";
  } else {
    if (rtl) return;  // LRM, RLM and ALM are how right-to-left text is written correctly
    score = kBidiMarkScore;
    sub = "directional_mark";
  }
  out.push_back({Kind::kBidiControl, m.span, score, sub, {m.cp}});
}

void ClassifyControl(const Mark& m, std::vector<Item>& out) {
  double score = kControlScore;
  std::string_view sub = "control";
  if (m.cp == 0x1B) {
    score = kEscapeScore;
    sub = "escape";
  } else if (m.cp == 0x00 || m.cp == 0x08) {
    score = kNulOrBackspaceScore;
    sub = m.cp == 0 ? "nul" : "backspace";
  }
  out.push_back({Kind::kControl, m.span, score, sub, {m.cp}});
}

// Runs of contiguous marks of one kind, for the judgements that need the whole run.
// Returns the index one past the run starting at `i`.
size_t RunEnd(std::span<const Mark> marks, size_t i, bool (*member)(const Mark&)) {
  size_t j = i + 1;
  while (j < marks.size() && member(marks[j]) && marks[j].span.begin == marks[j - 1].span.end) {
    ++j;
  }
  return j;
}

bool IsTagMark(const Mark& m) { return m.kind == MarkKind::kTagCharacter; }
bool IsVariationMark(const Mark& m) {
  return m.kind == MarkKind::kInvisibleOther && IsVariationSelector(m.cp);
}
bool IsConfusableMark(const Mark& m) { return m.kind == MarkKind::kConfusable; }

// A subdivision flag (England, Scotland, Wales): U+1F3F4, tag letters naming the region, and
// U+E007F CANCEL TAG (Unicode TS #51, "emoji tag sequences").
bool IsFlagTagSequence(std::span<const Mark> run, Neighbours& around) {
  if (run.size() < 3 || run.size() > 8 || run.back().cp != 0xE007F) return false;
  for (size_t k = 0; k + 1 < run.size(); ++k) {
    char32_t c = run[k].cp - 0xE0000;
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return around.Before(run.front().span.begin) == 0x1F3F4;
}

std::string TagPayload(const Item& item) {
  std::string payload;
  for (char32_t cp : item.cps) {
    if (cp >= 0xE0020 && cp <= 0xE007E) payload += static_cast<char>(cp - 0xE0000);
  }
  return payload;
}

std::string Describe(const Item& group) {
  switch (group.kind) {
    case Kind::kTagCharacters: {
      std::string payload = TagPayload(group);
      if (payload.empty()) return "tag characters x" + std::to_string(group.count);
      return "tag payload: " + MaskPreview(payload);
    }
    case Kind::kMixedScript:
    case Kind::kConfusable: {
      std::vector<UScriptCode> scripts;
      for (char32_t cp : group.cps) {
        UScriptCode s = ScriptOf(cp);
        if (s != USCRIPT_LATIN && scripts.size() < kMaxNamed &&
            std::find(scripts.begin(), scripts.end(), s) == scripts.end()) {
          scripts.push_back(s);
        }
      }
      std::string names;
      for (UScriptCode s : scripts) {
        if (!names.empty()) names += "+";
        const char* name = uscript_getName(s);
        names += name != nullptr ? name : "?";
      }
      if (group.kind == Kind::kConfusable) {
        return names + " look-alike letters x" + std::to_string(group.cps.size());
      }
      return "Latin+" + names +
             (group.count == 1 ? " word" : " words x" + std::to_string(group.count));
    }
    default: {
      std::vector<char32_t> distinct;
      for (char32_t cp : group.cps) {
        if (distinct.size() < kMaxNamed &&
            std::find(distinct.begin(), distinct.end(), cp) == distinct.end()) {
          distinct.push_back(cp);
        }
      }
      std::string s;
      for (char32_t cp : distinct) {
        if (!s.empty()) s += ",";
        s += CodePointName(cp);
      }
      return s + " x" + std::to_string(group.count);
    }
  }
}

constexpr std::string_view kDetectorIds[kHiddenTextKindCount] = {
    "hidden_text.zero_width", "hidden_text.bidi_control", "hidden_text.tag_characters",
    "hidden_text.invisible",  "hidden_text.control",      "hidden_text.mixed_script",
    "hidden_text.confusable",
};

class HiddenTextDetector final : public Detector {
 public:
  explicit HiddenTextDetector(HiddenTextConfig config) : config_(std::move(config)) {}
  std::string_view id() const override { return "hidden_text"; }

  void Scan(const ScanView& view, std::span<const PatternMatch>,
            std::vector<Finding>& out) const override {
    // Marks exist for the document only; decoded views are reported by the detectors that
    // read their text.
    if (view.normalized == nullptr || view.normalized->marks.empty()) return;
    std::span<const Mark> marks = view.normalized->marks;
    Neighbours around(view.text, view.normalized->map);
    TextFacts facts(view.text);
    std::vector<Item> items;

    // Words the normalizer found mixing scripts; the confusable marks inside them are part of
    // that finding rather than findings of their own.
    std::vector<Item> mixed;
    for (const Mark& m : marks) {
      if (m.kind == MarkKind::kMixedScript) {
        mixed.push_back({Kind::kMixedScript, m.span, kMixedScriptScore, "word", {}});
      }
    }
    size_t next_mixed = 0;

    for (size_t i = 0; i < marks.size();) {
      const Mark& m = marks[i];
      switch (m.kind) {
        case MarkKind::kZeroWidth:
          ClassifyZeroWidth(m, around, items);
          break;
        case MarkKind::kBidiControl:
          ClassifyBidi(m, facts, items);
          break;
        case MarkKind::kControl:
          ClassifyControl(m, items);
          break;
        case MarkKind::kTagCharacter: {
          size_t end = RunEnd(marks, i, IsTagMark);
          std::span<const Mark> run = marks.subspan(i, end - i);
          if (!IsFlagTagSequence(run, around)) {
            Item item{Kind::kTagCharacters,
                      {run.front().span.begin, run.back().span.end},
                      kTagScore,
                      "smuggled_text",
                      {},
                      static_cast<int>(run.size())};
            for (const Mark& t : run) item.cps.push_back(t.cp);
            items.push_back(std::move(item));
          }
          i = end;
          continue;
        }
        case MarkKind::kInvisibleOther: {
          if (IsVariationSelector(m.cp)) {
            // One selector picks a glyph variant (emoji or text style, a CJK variant); a run of
            // them carries data, one byte per selector.
            size_t end = RunEnd(marks, i, IsVariationMark);
            if (end - i >= 2) {
              Item item{Kind::kInvisible,
                        {m.span.begin, marks[end - 1].span.end},
                        kVariationRunScore,
                        "variation_selector_run",
                        {},
                        static_cast<int>(end - i)};
              for (size_t k = i; k < end; ++k) item.cps.push_back(marks[k].cp);
              items.push_back(std::move(item));
            }
            i = end;
            continue;
          }
          const bool soft_hyphen = m.cp == 0x00AD;
          items.push_back({Kind::kInvisible,
                           m.span,
                           soft_hyphen ? kSoftHyphenScore : kInvisibleScore,
                           soft_hyphen ? "soft_hyphen" : "default_ignorable",
                           {m.cp}});
          break;
        }
        case MarkKind::kConfusable: {
          // Inside a mixed-script word: remember the look-alike for the word's preview.
          while (next_mixed < mixed.size() && mixed[next_mixed].span.end <= m.span.begin) {
            ++next_mixed;
          }
          if (next_mixed < mixed.size() && mixed[next_mixed].span.begin <= m.span.begin &&
              m.span.end <= mixed[next_mixed].span.end) {
            mixed[next_mixed].cps.push_back(m.cp);
            break;
          }
          // Otherwise a word written wholly in look-alikes (the normalizer only marks words that
          // fold completely to ASCII). Single letters are ordinary words in Cyrillic or Greek
          // text ("а", "о", "с"), and a foreign word is unremarkable in foreign text.
          size_t end = RunEnd(marks, i, IsConfusableMark);
          if (end - i >= 2 && facts.MostlyLatin()) {
            Item item{Kind::kConfusable,
                      {m.span.begin, marks[end - 1].span.end},
                      kConfusableScore,
                      "word",
                      {},
                      1};
            for (size_t k = i; k < end; ++k) item.cps.push_back(marks[k].cp);
            items.push_back(std::move(item));
          }
          i = end;
          continue;
        }
        case MarkKind::kMixedScript:  // collected above
        case MarkKind::kInvalidUtf8:  // reported by the engine itself
          break;
      }
      ++i;
    }
    for (Item& word : mixed) {
      // The normalizer folds some Latin letters too (dotless "ı" looks like "i"): a Turkish
      // word is not mixed-script. Nor is a word glued to digits of another script
      // ("lastname২০৬" in a Bengali table). A word counts only with a foreign look-alike letter.
      bool foreign = std::any_of(word.cps.begin(), word.cps.end(), [](char32_t cp) {
        return ScriptOf(cp) != USCRIPT_LATIN && u_isalpha(static_cast<UChar32>(cp));
      });
      if (foreign) items.push_back(std::move(word));
    }
    Emit(items, out);
  }

 private:
  void Emit(std::vector<Item>& items, std::vector<Finding>& out) const {
    std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
      return a.kind != b.kind ? a.kind < b.kind : a.span.begin < b.span.begin;
    });
    std::vector<Item> groups;
    for (Item& item : items) {
      if (!config_.kinds[static_cast<size_t>(item.kind)]) continue;
      if (!groups.empty() && groups.back().kind == item.kind &&
          item.span.begin <= groups.back().span.end + kGroupGap) {
        Item& g = groups.back();
        g.span.end = std::max(g.span.end, item.span.end);
        if (item.score > g.score) {
          g.score = item.score;
          g.subcategory = item.subcategory;
        }
        g.count += item.count;
        g.cps.insert(g.cps.end(), item.cps.begin(), item.cps.end());
        continue;
      }
      groups.push_back(std::move(item));
    }
    std::stable_sort(groups.begin(), groups.end(),
                     [](const Item& a, const Item& b) { return a.span.begin < b.span.begin; });
    size_t emitted = 0;
    for (const Item& g : groups) {
      if (g.score < config_.min_score) continue;
      if (emitted++ == config_.max_findings) break;
      Finding f;
      f.detector = std::string(kDetectorIds[static_cast<size_t>(g.kind)]);
      f.category = Category::kHiddenText;
      f.subcategory = std::string(g.subcategory);
      f.score = g.score;
      f.start = g.span.begin;
      f.end = g.span.end;
      f.preview = Describe(g);
      f.via = "@original";  // spans are already in the original input (see hidden_text.h)
      out.push_back(std::move(f));
    }
  }

  HiddenTextConfig config_;
};

}  // namespace

std::unique_ptr<Detector> MakeHiddenTextDetector(HiddenTextConfig config) {
  return std::make_unique<HiddenTextDetector>(std::move(config));
}

}  // namespace frontseat::detectors
