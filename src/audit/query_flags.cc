// Parsing of the `frontseat audit query` flags into a QueryFilter (see query.h). Kept apart from
// the SQL side so the fuzz target (tests/fuzz/audit_query_fuzz.cc) can drive it directly.
#include <cstdio>
#include <string>

#include "audit/audit_store.h"
#include "audit/query.h"
#include "audit/time_text.h"

namespace frontseat::audit {

namespace {

// A short, printable echo of what the user typed, for error messages.
std::string Echo(std::string_view s) {
  std::string out = "\"";
  size_t n = 0;
  for (unsigned char c : s) {
    if (++n > 40) {
      out += "...";
      break;
    }
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out + "\"";
}

Result<int64_t> Time(const char* flag, const std::string& text) {
  auto t = ParseTimeUs(text);
  if (!t.ok()) {
    return Status::Invalid(std::string(flag) +
                           ": expected an RFC 3339 time like 2026-11-22T10:00:00Z or Unix seconds; "
                           "got " + Echo(text) + " (" + t.status().message() + ")");
  }
  return t;
}

}  // namespace

Result<QueryFilter> ParseQueryFlags(const QueryFlags& flags) {
  QueryFilter filter;
  if (flags.since) {
    auto t = Time("--since", *flags.since);
    if (!t.ok()) return t.status();
    filter.since_us = *t;
  }
  if (flags.until) {
    auto t = Time("--until", *flags.until);
    if (!t.ok()) return t.status();
    filter.until_us = *t;
  }
  if (filter.since_us && filter.until_us && *filter.since_us >= *filter.until_us) {
    return Status::Invalid("--since must be earlier than --until (the range is since <= time < "
                           "until); got --since " + Echo(*flags.since) + " --until " +
                           Echo(*flags.until));
  }
  filter.tenant = flags.tenant;
  if (flags.action) {
    if (!IsKnownAction(*flags.action)) {
      return Status::Invalid("--action: expected one of allow, flag, redact, block, error, review, "
                             "defer; got " + Echo(*flags.action));
    }
    filter.action = flags.action;
  }
  if (flags.category) {
    if (flags.category->empty()) {
      return Status::Invalid("--category: expected a category name such as secret, pii, "
                             "prompt_injection or harmful; got an empty value");
    }
    filter.category = flags.category;
  }
  if (flags.limit) {
    const std::string& s = *flags.limit;
    uint64_t v = 0;
    bool ok = !s.empty() && s.size() <= 10;
    for (char c : s) {
      if (c < '0' || c > '9') ok = false;
      if (ok) v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    if (!ok || v == 0 || v > 1000000000) {
      return Status::Invalid("--limit: expected a whole number from 1 to 1000000000; got " +
                             Echo(s));
    }
    filter.limit = v;
  }
  return filter;
}

}  // namespace frontseat::audit
