// Text helpers shared by the pii validators: byte classes, the characters around a match, and
// context words ("phone", "card", "ssn") near it. A number is far more likely to be a phone
// number when "call me at" precedes it, so context raises a finding's score; a few formats
// (a bare 9-digit SSN) are only reported with context.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace frontseat::detectors::pii {

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool IsAsciiAlnum(char c) { return IsDigit(c) || IsAsciiAlpha(c); }
inline bool IsHexDigit(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
inline char ToLowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// The byte at `pos`, or '\0' when `pos` is outside `text` (so callers need no bounds checks).
inline char ByteAt(std::string_view text, uint64_t pos) {
  return pos < text.size() ? text[pos] : '\0';
}
inline char ByteBefore(std::string_view text, uint32_t pos, uint32_t back = 1) {
  return pos >= back ? text[pos - back] : '\0';
}

// True when the match [begin, end) is glued to a longer number or word: a letter, digit or
// underscore touches it, or a '.', ',', '-', '/' or ':' joins it to a digit ("3.14 159",
// "2023-555-1234", "12/34"). Such runs are parts of bigger tokens, not entities of their own.
bool GluedToNeighbours(std::string_view text, uint32_t begin, uint32_t end);
bool GluedBefore(std::string_view text, uint32_t begin);  // the left half of the test
bool GluedAfter(std::string_view text, uint32_t end);     // the right half

// Adds `bonus` to a score when context words were found, capped at 0.95: context makes a
// finding likelier, never certain.
inline double WithContext(double score, bool context, double bonus) {
  double s = context ? score + bonus : score;
  return s > 0.95 ? 0.95 : s;
}

// A maximal run of ASCII digits inside a numeric run the patterns found.
struct DigitGroup {
  uint32_t begin;
  uint32_t end;
  uint32_t size() const { return end - begin; }
};

// The digit groups of text[begin, end), in order. The bytes between two groups are their
// separator (text.substr(a.end, b.begin - a.end)).
std::vector<DigitGroup> DigitGroups(std::string_view text, uint32_t begin, uint32_t end);

// The separator between consecutive groups when it is exactly one byte, else '\0'.
inline char SingleSeparator(std::string_view text, const DigitGroup& a, const DigitGroup& b) {
  return b.begin == a.end + 1 ? text[a.end] : '\0';
}

// A context word list entry: a lowercase word, or a stem ending in '*' that matches every word
// starting with it ("phon*" matches "phone", "phones", "phoned").
using ContextWords = std::span<const std::string_view>;

// True if one of `words` occurs as a whole ASCII word in the `before` bytes before `begin` or the
// `after` bytes after `end`. Case-insensitive. With `same_line`, the window stops at line breaks
// (for words that only qualify what is on their own line, like "Apt." in an address field).
// Cost O(before + after).
bool HasContextWord(std::string_view text, uint32_t begin, uint32_t end, ContextWords words,
                    uint32_t before = 48, uint32_t after = 24, bool same_line = false);

}  // namespace frontseat::detectors::pii
