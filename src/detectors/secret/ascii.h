// ASCII byte classes and small string helpers shared by the secret detector's files (secret.cc,
// validators.cc, keywords.cc). Credential formats and the identifiers around them are ASCII, so
// these look at single bytes and never at locale or Unicode properties: a byte of a multi-byte
// UTF-8 sequence is in no class here.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <iterator>
#include <string>
#include <string_view>

namespace frontseat::detectors::secret {

inline bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
inline bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAlpha(char c) { return IsLower(c) || IsUpper(c); }
inline bool IsAlnum(char c) { return IsAlpha(c) || IsDigit(c); }
inline bool IsBase64Char(char c) { return IsAlnum(c) || c == '+' || c == '/' || c == '='; }
inline char ToLower(char c) { return IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
// True if `c` is one of the characters of `set`. strchr alone would also find the terminating
// NUL; text may hold NUL bytes.
inline bool IsIn(char c, const char* set) { return c != '\0' && std::strchr(set, c) != nullptr; }

// `s` with ASCII letters lowered; other bytes unchanged.
inline std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ToLower(c);
  return out;
}

inline bool StartsWith(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}
inline bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// True if `s` equals one of the words of a constant word list (exact, case-sensitive).
template <size_t N>
bool OneOf(std::string_view s, const std::string_view (&set)[N]) {
  return std::find(std::begin(set), std::end(set), s) != std::end(set);
}

// `w` without its trailing digits ("file0" -> "file", "sha256" -> "sha").
inline std::string_view StripDigits(std::string_view w) {
  while (!w.empty() && IsDigit(w.back())) w.remove_suffix(1);
  return w;
}

}  // namespace frontseat::detectors::secret
