// Context helpers for the pii validators (see context.h). Everything here reads a bounded window
// around a match, so a validator's cost does not grow with the document.
#include "detectors/pii/context.h"

namespace frontseat::detectors::pii {
namespace {

bool IsJoiner(char c) { return c == '.' || c == ',' || c == '-' || c == '/' || c == ':'; }

// Longest context word we look for is well under this; a word cut by the window edge is
// extended by at most this many bytes so "telephone" is read whole, not as "ephone".
constexpr uint32_t kMaxWordExtension = 24;

bool WordMatches(std::string_view word, std::string_view entry) {
  if (!entry.empty() && entry.back() == '*') {
    std::string_view stem = entry.substr(0, entry.size() - 1);
    return word.size() >= stem.size() && word.substr(0, stem.size()) == stem;
  }
  return word == entry;
}

bool ScanWords(std::string_view text, uint32_t lo, uint32_t hi, ContextWords words) {
  char buf[32];
  uint32_t i = lo;
  while (i < hi) {
    if (!IsAsciiAlpha(text[i])) {
      ++i;
      continue;
    }
    uint32_t start = i;
    while (i < hi && IsAsciiAlpha(text[i])) ++i;
    uint32_t len = i - start;
    if (len > sizeof(buf)) continue;  // longer than any context word
    for (uint32_t k = 0; k < len; ++k) buf[k] = ToLowerAscii(text[start + k]);
    std::string_view word(buf, len);
    for (std::string_view entry : words) {
      if (WordMatches(word, entry)) return true;
    }
  }
  return false;
}

}  // namespace

std::vector<DigitGroup> DigitGroups(std::string_view text, uint32_t begin, uint32_t end) {
  std::vector<DigitGroup> groups;
  uint32_t i = begin;
  while (i < end) {
    if (!IsDigit(text[i])) {
      ++i;
      continue;
    }
    uint32_t g = i;
    while (i < end && IsDigit(text[i])) ++i;
    groups.push_back({g, i});
  }
  return groups;
}

bool GluedBefore(std::string_view text, uint32_t begin) {
  char before = ByteBefore(text, begin);
  if (IsAsciiAlnum(before) || before == '_') return true;
  return IsJoiner(before) && IsDigit(ByteBefore(text, begin, 2));
}

bool GluedAfter(std::string_view text, uint32_t end) {
  char after = ByteAt(text, end);
  if (IsAsciiAlnum(after) || after == '_') return true;
  return IsJoiner(after) && IsDigit(ByteAt(text, uint64_t{end} + 1));
}

bool GluedToNeighbours(std::string_view text, uint32_t begin, uint32_t end) {
  return GluedBefore(text, begin) || GluedAfter(text, end);
}

bool HasContextWord(std::string_view text, uint32_t begin, uint32_t end, ContextWords words,
                    uint32_t before, uint32_t after, bool same_line) {
  uint32_t lo = begin > before ? begin - before : 0;
  for (uint32_t k = 0; k < kMaxWordExtension && lo > 0 && IsAsciiAlpha(text[lo - 1]); ++k) --lo;
  uint64_t hi64 = uint64_t{end} + after;
  uint32_t hi =
      hi64 < text.size() ? static_cast<uint32_t>(hi64) : static_cast<uint32_t>(text.size());
  for (uint32_t k = 0; k < kMaxWordExtension && hi < text.size() && IsAsciiAlpha(text[hi]); ++k) {
    ++hi;
  }
  if (same_line) {
    for (uint32_t i = begin; i > lo; --i) {
      if (text[i - 1] == '\n') {
        lo = i;
        break;
      }
    }
    for (uint32_t i = end; i < hi; ++i) {
      if (text[i] == '\n') {
        hi = i;
        break;
      }
    }
  }
  return ScanWords(text, lo, begin, words) || (end < hi && ScanWords(text, end, hi, words));
}

}  // namespace frontseat::detectors::pii
