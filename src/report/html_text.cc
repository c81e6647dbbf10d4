// UTF-8 repair, HTML escaping and number formatting for the report renderers. Attack prompts and
// model answers are hostile by design (markup, invalid bytes, control characters), and every one
// of them reaches the page through Escape.
#include "report/html_text.h"

#include <charconv>
#include <cmath>

namespace frontseat::report::html {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence at the start of `s` (RFC 3629, Unicode table 3-7), or 0.
size_t ValidSequenceLength(std::string_view s) {
  const auto b = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;  // overlong
    if (c == 0xED) hi = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;  // overlong
    if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (s.size() < len) return 0;
  if (b(1) < lo || b(1) > hi) return 0;
  for (size_t i = 2; i < len; ++i) {
    if (b(i) < 0x80 || b(i) > 0xBF) return 0;
  }
  return len;
}

// Control characters make no sense in a report and several are parse errors in HTML; tab,
// newline and carriage return are kept for <pre> blocks.
bool IsUnwantedControl(unsigned char c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
}

}  // namespace

std::string ValidUtf8(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    const size_t len = ValidSequenceLength(in.substr(i));
    if (len == 0 || (len == 1 && IsUnwantedControl(static_cast<unsigned char>(in[i])))) {
      out += kReplacement;
      ++i;
      continue;
    }
    out.append(in.substr(i, len));
    i += len;
  }
  return out;
}

std::string Escape(std::string_view in) {
  const std::string valid = ValidUtf8(in);
  std::string out;
  out.reserve(valid.size() + valid.size() / 8);
  for (char c : valid) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

size_t CodePoints(std::string_view valid) {
  size_t n = 0;
  for (char c : valid) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

Excerpt Cut(std::string_view in, size_t max_chars) {
  Excerpt e;
  e.text = ValidUtf8(in);
  size_t chars = 0;
  for (size_t i = 0; i < e.text.size(); ++i) {
    if ((static_cast<unsigned char>(e.text[i]) & 0xC0) == 0x80) continue;  // continuation
    if (chars == max_chars) {
      e.more_chars = CodePoints(std::string_view(e.text).substr(i));
      e.text.resize(i);
      break;
    }
    ++chars;
  }
  return e;
}

std::string Fixed(double value, int decimals) {
  if (!std::isfinite(value)) return "0";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, decimals);
  if (ec != std::errc()) return "0";  // only for magnitudes no report shows
  std::string s(buf, end);
  if (s.starts_with("-0") && s.find_first_not_of("0.", 1) == std::string::npos) {
    s.erase(0, 1);  // "-0.0" from a tiny negative value reads as an error
  }
  return s;
}

std::string Percent(double rate) { return Fixed(rate * 100.0, 1) + "%"; }

}  // namespace frontseat::report::html
