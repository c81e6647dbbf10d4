// The normalizer (see normalizer.h). Three passes, each building an OffsetMap back to the
// previous text; the maps are chained so the final view maps to the input bytes:
//   1. clean: validate UTF-8, drop invisible / control / tag characters (marking each);
//   2. NFKC with ICU's Edits, which say exactly which source bytes became which output bytes;
//   3. fold confusable letters to ASCII, one code point at a time, via ICU's skeletons.
#include "core/normalizer.h"

#include <unicode/edits.h>
#include <unicode/normalizer2.h>
#include <unicode/bytestream.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <unordered_map>

#include "core/utf8.h"

namespace frontseat::core {

std::string_view MarkKindName(MarkKind kind) {
  switch (kind) {
    case MarkKind::kInvalidUtf8: return "invalid_utf8";
    case MarkKind::kZeroWidth: return "zero_width";
    case MarkKind::kBidiControl: return "bidi_control";
    case MarkKind::kTagCharacter: return "tag_character";
    case MarkKind::kInvisibleOther: return "invisible";
    case MarkKind::kControl: return "control";
    case MarkKind::kConfusable: return "confusable";
    case MarkKind::kMixedScript: return "mixed_script";
  }
  return "unknown";
}

namespace {

bool IsZeroWidth(char32_t cp) {
  return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF ||
         cp == 0x180E || (cp >= 0x2061 && cp <= 0x2064);
}

bool IsBidiControl(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
         cp == 0x200F || cp == 0x061C;
}

bool IsControl(char32_t cp) {
  return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7F && cp <= 0x9F);
}

// Pass 1. Returns the cleaned text and fills marks, the tag payload and the map.
std::string Clean(std::string_view in, const NormalizeOptions& options, NormalizedText& out,
                  OffsetMap& map) {
  std::string clean;
  clean.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    // Fast path: copy a run of printable ASCII (and tab, LF, CR) as one linear piece.
    size_t j = i;
    while (j < in.size()) {
      auto c = static_cast<unsigned char>(in[j]);
      if (c >= 0x80 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) break;
      ++j;
    }
    if (j > i) {
      map.Append(static_cast<uint32_t>(i), static_cast<uint32_t>(j - i),
                 static_cast<uint32_t>(j - i));
      clean.append(in.data() + i, j - i);
      i = j;
      continue;
    }
    char32_t cp = 0;
    int len = DecodeUtf8(in, i, cp);
    if (len == 0) {
      // One mark per run of invalid bytes; each byte is dropped from the view.
      auto pos = static_cast<uint32_t>(i);
      if (!out.marks.empty() && out.marks.back().kind == MarkKind::kInvalidUtf8 &&
          out.marks.back().span.end == pos) {
        out.marks.back().span.end = pos + 1;
      } else {
        out.marks.push_back({MarkKind::kInvalidUtf8, {pos, pos + 1}, 0});
      }
      ++i;
      continue;
    }
    auto span = Span{static_cast<uint32_t>(i), static_cast<uint32_t>(i + len)};
    MarkKind kind{};
    bool remove = false;
    if (cp < 0x80 && !IsControl(cp)) {
      // fast path for the common case
    } else if (cp >= 0xE0000 && cp <= 0xE007F) {
      kind = MarkKind::kTagCharacter;
      remove = true;
      if (cp >= 0xE0020 && cp <= 0xE007E) {
        out.tag_payload += static_cast<char>(cp - 0xE0000);
        out.tag_payload_map.Append(span.begin, span.end - span.begin, 1);
      }
    } else if (IsControl(cp)) {
      kind = MarkKind::kControl;
      remove = true;
    } else if (IsBidiControl(cp)) {
      kind = MarkKind::kBidiControl;
      remove = options.remove_invisible;
    } else if (IsZeroWidth(cp)) {
      kind = MarkKind::kZeroWidth;
      remove = options.remove_invisible;
    } else if (u_hasBinaryProperty(static_cast<UChar32>(cp), UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
      kind = MarkKind::kInvisibleOther;
      remove = options.remove_invisible;
    }
    if (remove) {
      out.marks.push_back({kind, span, cp});
    } else {
      map.Append(span.begin, len, len);
      clean.append(in.data() + i, len);
    }
    i += len;
  }
  return clean;
}

const icu::Normalizer2* Nfkc() {
  static const icu::Normalizer2* nfkc = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return nfkc;
}

// Pass 2. NFKC with an exact edit map; returns false (leaving `text` as is) if ICU fails.
bool ApplyNfkc(std::string& text, OffsetMap& map) {
  const icu::Normalizer2* nfkc = Nfkc();
  if (nfkc == nullptr) return false;
  UErrorCode status = U_ZERO_ERROR;
  icu::StringPiece piece(text.data(), static_cast<int32_t>(text.size()));
  if (nfkc->isNormalizedUTF8(piece, status) && U_SUCCESS(status)) return true;
  status = U_ZERO_ERROR;
  std::string out;
  icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(text.size()));
  icu::Edits edits;
  nfkc->normalizeUTF8(0, piece, sink, &edits, status);
  if (U_FAILURE(status)) return false;
  OffsetMap step;  // out → text
  icu::Edits::Iterator it = edits.getFineIterator();
  while (it.next(status)) {
    step.Append(static_cast<uint32_t>(it.sourceIndex()), static_cast<uint32_t>(it.oldLength()),
                static_cast<uint32_t>(it.newLength()));
  }
  if (U_FAILURE(status)) return false;
  map = step.Then(map);
  text = std::move(out);
  return true;
}

const USpoofChecker* SpoofChecker() {
  static const USpoofChecker* checker = [] {
    UErrorCode status = U_ZERO_ERROR;
    USpoofChecker* sc = uspoof_open(&status);
    return U_SUCCESS(status) ? sc : nullptr;
  }();
  return checker;
}

// The ASCII letter or digit that `cp` imitates per ICU's confusables data, or 0.
// ICU's skeleton is ~1 µs per call, so results are cached per thread.
char Confusable(char32_t cp) {
  // Bounded: distinct code points are at most ~150k, but an attacker should not be able to
  // grow a per-thread map without limit; past the bound, results are computed and not kept.
  constexpr size_t kMaxCached = 65536;
  thread_local std::unordered_map<char32_t, char> cache;
  auto it = cache.find(cp);
  if (it != cache.end()) return it->second;
  char result = 0;
  const USpoofChecker* sc = SpoofChecker();
  if (sc != nullptr) {
    UChar in[2];
    int32_t in_len = 0;
    U16_APPEND_UNSAFE(in, in_len, static_cast<UChar32>(cp));
    UChar out[8];
    UErrorCode status = U_ZERO_ERROR;
    int32_t n = uspoof_getSkeleton(sc, 0, in, in_len, out, 8, &status);
    if (U_SUCCESS(status) && n == 1 && out[0] < 0x80 &&
        ((out[0] >= 'a' && out[0] <= 'z') || (out[0] >= 'A' && out[0] <= 'Z') ||
         (out[0] >= '0' && out[0] <= '9'))) {
      result = static_cast<char>(out[0]);
    }
  }
  if (cache.size() < kMaxCached) cache.emplace(cp, result);
  return result;
}

// Locale-free and inlined: std::isalnum is a libc call per byte on the hot ASCII path.
inline bool IsAsciiAlnum(char32_t c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

bool IsLatinLetter(char32_t cp) {
  if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
  UErrorCode status = U_ZERO_ERROR;
  return u_isalpha(static_cast<UChar32>(cp)) &&
         uscript_getScript(static_cast<UChar32>(cp), &status) == USCRIPT_LATIN;
}

// Pass 3. Folds confusable letters to ASCII everywhere (harmless for detection), and marks them
// only in words that become all-ASCII by folding: "pаypal" with a Cyrillic "а" is a spoof, while
// an ordinary Russian word, which keeps letters with no ASCII look-alike, is not.
void FoldConfusables(std::string& text, OffsetMap& map, std::vector<Mark>& marks) {
  if (IsPlainAscii(text)) return;  // nothing to fold (controls were removed in pass 1)
  std::string out;
  out.reserve(text.size());
  OffsetMap step;  // out → text
  bool changed = false;
  bool in_word = false;
  bool word_latin = false;    // has genuine Latin letters
  bool word_foreign = false;  // has non-Latin letters that do not fold
  uint32_t word_begin = 0;
  std::vector<Mark> pending;  // confusable marks of the current word
  auto end_word = [&](uint32_t word_end) {
    if (!pending.empty() && !word_foreign) {
      marks.insert(marks.end(), pending.begin(), pending.end());
      if (word_latin) marks.push_back({MarkKind::kMixedScript, map.ToSource({word_begin, word_end}), 0});
    }
    pending.clear();
    in_word = word_latin = word_foreign = false;
  };
  size_t i = 0;
  while (i < text.size()) {
    // Fast path: a run of ASCII only updates the word state and is copied as one piece.
    size_t j = i;
    while (j < text.size() && static_cast<unsigned char>(text[j]) < 0x80) {
      if (IsAsciiAlnum(static_cast<unsigned char>(text[j]))) {
        if (!in_word) {
          in_word = true;
          word_begin = static_cast<uint32_t>(j);
        }
        word_latin = true;
      } else if (in_word) {
        end_word(static_cast<uint32_t>(j));
      }
      ++j;
    }
    if (j > i) {
      out.append(text, i, j - i);
      step.Append(static_cast<uint32_t>(i), static_cast<uint32_t>(j - i),
                  static_cast<uint32_t>(j - i));
      i = j;
      continue;
    }
    char32_t cp = 0;
    int len = DecodeUtf8(text, i, cp);
    if (len == 0) {  // cannot happen after pass 1; keep the byte
      cp = static_cast<unsigned char>(text[i]);
      len = 1;
    }
    auto pos = static_cast<uint32_t>(i);
    bool letter = cp < 0x80 ? IsAsciiAlnum(cp)
                            : u_isalnum(static_cast<UChar32>(cp)) != 0;
    if (!letter) {
      if (in_word) end_word(pos);
    } else if (!in_word) {
      in_word = true;
      word_begin = pos;
    }
    char folded = 0;
    if (cp >= 0x80 && letter) {
      // A decimal digit of any script folds to its value (Bengali "৪" is 4, though it looks
      // like 8); other letters fold to the ASCII character they imitate.
      folded = u_charType(static_cast<UChar32>(cp)) == U_DECIMAL_DIGIT_NUMBER
                   ? static_cast<char>('0' + u_charDigitValue(static_cast<UChar32>(cp)))
                   : Confusable(cp);
    }
    if (folded != 0) {
      out += folded;
      step.Append(pos, static_cast<uint32_t>(len), 1);
      changed = true;
      // Only a letter from another script is a spoof; Latin letters such as Turkish "ı" and
      // non-ASCII digits are folded for matching but are ordinary text, so they are not marked.
      if (IsLatinLetter(cp)) {
        word_latin = true;
      } else if (u_isalpha(static_cast<UChar32>(cp))) {
        pending.push_back({MarkKind::kConfusable,
                           map.ToSource({pos, pos + static_cast<uint32_t>(len)}), cp});
      }
    } else {
      out.append(text, i, len);
      step.Append(pos, static_cast<uint32_t>(len), static_cast<uint32_t>(len));
      if (letter) {
        if (IsLatinLetter(cp)) {
          word_latin = true;
        } else if (cp >= 0x80 && u_isalpha(static_cast<UChar32>(cp))) {
          word_foreign = true;
        }
      }
    }
    i += len;
  }
  if (in_word) end_word(static_cast<uint32_t>(text.size()));
  if (!changed) return;
  map = step.Then(map);
  text = std::move(out);
}

}  // namespace

NormalizedText Normalize(std::string_view input, const NormalizeOptions& options) {
  NormalizedText result;
  if (IsPlainAscii(input)) {
    result.text.assign(input);
    result.map = OffsetMap::Identity(static_cast<uint32_t>(input.size()));
    result.identity = true;
    return result;
  }
  OffsetMap map;
  std::string text = Clean(input, options, result, map);
  if (options.nfkc) ApplyNfkc(text, map);
  if (options.fold_confusables) {
    FoldConfusables(text, map, result.marks);
    std::stable_sort(result.marks.begin(), result.marks.end(),
                     [](const Mark& a, const Mark& b) { return a.span.begin < b.span.begin; });
  }
  result.text = std::move(text);
  result.map = std::move(map);
  return result;
}

}  // namespace frontseat::core
