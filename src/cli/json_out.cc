// JSON rendering of decisions (see json_out.h). Strings are made valid UTF-8 and escaped by
// Boost.JSON; the object itself is written by hand so numbers keep a plain, stable form.
#include "cli/json_out.h"

#include <boost/json.hpp>

#include <cstdio>

#include "core/utf8.h"

namespace frontseat::cli {

namespace {
// Boost.JSON passes invalid UTF-8 through unchanged, which would make the output line invalid
// JSON for strict readers; replace each invalid byte with U+FFFD.
std::string ValidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    int len = core::DecodeUtf8(s, i, cp);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.substr(i, len));
      i += len;
    }
  }
  return out;
}

// Escapes through Boost.JSON (after making the bytes valid UTF-8) and appends a quoted string.
void AppendString(std::string& out, std::string_view s) {
  out += boost::json::serialize(boost::json::string(ValidUtf8(s)));
}

// Scores with at most 3 decimals, no exponent: 0.95, 1, 0.123 (Boost.JSON would print 9.5E-1).
void AppendScore(std::string& out, double score) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", score);
  std::string v = buf;
  while (v.size() > 1 && v.back() == '0') v.pop_back();
  if (v.back() == '.') v.pop_back();
  out += v;
}

}  // namespace

std::string DecisionToJson(std::string_view source, uint64_t line, const Decision& decision) {
  std::string out = "{\"source\":";
  AppendString(out, source);
  out += ",\"line\":";
  out += line > 0 ? std::to_string(line) : "null";
  out += ",\"action\":\"";
  out += ActionName(decision.action);
  out += "\",\"findings\":[";
  bool first = true;
  for (const Finding& f : decision.findings) {
    out += first ? "{" : ",{";
    first = false;
    out += "\"detector\":";
    AppendString(out, f.detector);
    out += ",\"category\":\"";
    out += CategoryName(f.category);
    out += "\"";
    if (!f.subcategory.empty()) {
      out += ",\"subcategory\":";
      AppendString(out, f.subcategory);
    }
    out += ",\"score\":";
    AppendScore(out, f.score);
    out += ",\"start\":" + std::to_string(f.start) + ",\"end\":" + std::to_string(f.end);
    out += ",\"preview\":";
    AppendString(out, f.preview);
    if (!f.via.empty()) {
      out += ",\"via\":";
      AppendString(out, f.via);
    }
    out += "}";
  }
  out += "],\"redacted\":";
  if (decision.redacted) {
    AppendString(out, *decision.redacted);
  } else {
    out += "null";
  }
  out += "}";
  return out;
}

}  // namespace frontseat::cli
