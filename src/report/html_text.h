// Text helpers for the HTML renderers in src/report/: making untrusted bytes valid UTF-8,
// escaping them for HTML and inline SVG, cutting excerpts at a character boundary, and formatting
// numbers the same way on every machine (no locale). The report code depends only on the result
// types, so it carries this small UTF-8 decoder instead of using src/core/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace frontseat::report::html {

// `in` with every invalid UTF-8 sequence (bad lead or continuation byte, overlong form, surrogate,
// code point above U+10FFFF, truncated sequence) and every control character other than tab,
// newline and carriage return (C0, DEL) replaced by U+FFFD, one replacement per bad byte.
// The result is always valid UTF-8 and never contains a NUL.
std::string ValidUtf8(std::string_view in);

// ValidUtf8(in) with & < > " ' as character references: safe in element content and in
// double- or single-quoted attribute values, in HTML and in inline SVG alike.
std::string Escape(std::string_view in);

// The first `max_chars` characters (code points) of ValidUtf8(in), and how many were left out.
struct Excerpt {
  std::string text;  // valid UTF-8, not escaped
  size_t more_chars = 0;
};
Excerpt Cut(std::string_view in, size_t max_chars);

// Number of code points in valid UTF-8.
size_t CodePoints(std::string_view valid);

// `value` with `decimals` digits after the point ("12.5"), locale-independent. Non-finite
// values print as "0".
std::string Fixed(double value, int decimals);

// A rate in [0, 1] as a percentage with one decimal: "12.5%".
std::string Percent(double rate);

}  // namespace frontseat::report::html
