// Tokenizer for the learned classifiers (see tokenize.h).
#include "detectors/classifier/tokenize.h"

#include <algorithm>
#include <array>

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "core/utf8.h"

namespace frontseat::detectors {
namespace {

constexpr size_t kMaxWordBytes = 32;

enum class Kind { kSpace, kWord, kAlone };

bool IsSpaceLike(char32_t cp) { return u_isUWhiteSpace(static_cast<UChar32>(cp)) || cp < 0x20; }

constexpr Kind ClassifyAscii(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
    return Kind::kWord;
  }
  if (c <= 0x20 || c == 0x7f) return Kind::kSpace;
  return Kind::kAlone;
}

// Most scanned text is ASCII: a table lookup instead of the branches above (and of ICU below).
constexpr auto kAsciiKind = [] {
  std::array<Kind, 128> table{};
  for (int c = 0; c < 128; ++c) {
    table[static_cast<size_t>(c)] = ClassifyAscii(static_cast<unsigned char>(c));
  }
  return table;
}();

Kind Classify(char32_t cp) {
  if (cp < 0x80) return kAsciiKind[cp];
  if (IsSpaceLike(cp)) return Kind::kSpace;
  UChar32 c = static_cast<UChar32>(cp);
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode script = uscript_getScript(c, &status);
  if (script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA ||
      script == USCRIPT_HANGUL || script == USCRIPT_THAI) {
    return Kind::kAlone;
  }
  int8_t type = u_charType(c);
  if (u_isalnum(c) || type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK) {
    return Kind::kWord;
  }
  if (type == U_UNASSIGNED || type == U_FORMAT_CHAR || type == U_CONTROL_CHAR) return Kind::kSpace;
  return Kind::kAlone;
}

void AppendLower(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
    return;
  }
  core::AppendUtf8(out, static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp))));
}

}  // namespace

Tokens Tokenize(std::string_view text, size_t max_tokens) {
  Tokens t;
  t.buffer.reserve(text.size() + text.size() / 4 + 8);
  // About one token per 4 bytes of prose; a guess that avoids most regrowth.
  t.starts.reserve(std::min(max_tokens, text.size() / 4 + 16));
  t.text_starts.reserve(std::min(max_tokens, text.size() / 4 + 16));
  size_t i = 0;
  bool in_word = false;
  size_t word_start = 0;  // in buffer
  size_t digits = 0;      // digits in the current word, when it has only digits
  bool all_digits = true;
  auto end_word = [&] {
    if (!in_word) return;
    if (all_digits && digits >= 5) t.buffer.replace(word_start, std::string::npos, "00000");
    t.buffer += ' ';
    in_word = false;
  };
  while (i < text.size()) {
    char32_t cp = static_cast<unsigned char>(text[i]);
    size_t here = i;
    Kind kind;
    if (cp < 0x80) {
      ++i;
      kind = kAsciiKind[cp];
    } else {
      int len = core::DecodeUtf8(text, i, cp);
      i += len > 0 ? static_cast<size_t>(len) : 1;
      if (len <= 0) continue;
      kind = Classify(cp);
    }
    if (kind == Kind::kWord) {
      if (!in_word) {
        if (t.starts.size() >= max_tokens) break;
        in_word = true;
        word_start = t.buffer.size();
        t.starts.push_back(static_cast<uint32_t>(word_start));
        t.text_starts.push_back(static_cast<uint32_t>(here));
        digits = 0;
        all_digits = true;
      }
      if (cp < 0x80) {
        // The rest of an ASCII run in one go (most of the text): the same bytes, limit and
        // digit count as the character-by-character path below.
        size_t run_end = i;
        while (run_end < text.size() && static_cast<unsigned char>(text[run_end]) < 0x80 &&
               kAsciiKind[static_cast<unsigned char>(text[run_end])] == Kind::kWord) {
          ++run_end;
        }
        const size_t used = t.buffer.size() - word_start;
        const size_t room = used < kMaxWordBytes ? kMaxWordBytes - used : 0;
        const size_t take = std::min(room, run_end - here);
        const size_t at = t.buffer.size();
        t.buffer.append(text.substr(here, take));
        for (size_t k = at; k < t.buffer.size(); ++k) {
          char& c = t.buffer[k];
          bool digit = c >= '0' && c <= '9';
          all_digits = all_digits && digit;
          digits += digit;
          if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
        }
        i = run_end;
        continue;
      }
      if (t.buffer.size() - word_start >= kMaxWordBytes) continue;
      bool digit = cp >= '0' && cp <= '9';
      all_digits = all_digits && digit;
      digits += digit;
      AppendLower(t.buffer, cp);
      continue;
    }
    end_word();
    if (kind == Kind::kSpace) continue;
    if (t.starts.size() >= max_tokens) break;
    t.starts.push_back(static_cast<uint32_t>(t.buffer.size()));
    t.text_starts.push_back(static_cast<uint32_t>(here));
    AppendLower(t.buffer, cp);
    t.buffer += ' ';
  }
  end_word();
  return t;
}

}  // namespace frontseat::detectors
