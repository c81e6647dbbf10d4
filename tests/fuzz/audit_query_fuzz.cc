// Fuzz target for the flag and time parsing of `frontseat audit query` (audit::ParseQueryFlags,
// audit::ParseTimeUs) and for the event checks the store runs on the JSON fields it is given
// (audit::ValidateEvent). Input: up to six lines, the values of --since, --until, --tenant,
// --action, --category and --limit in that order; a line "~" (or a missing line) means the flag
// was not given. The whole input is also parsed as one time, and validated as categories_json
// and findings_json.
//
// Invariants checked (abort() on violation): a rejected flag set has a message naming a flag
// ("--..."); an accepted one has since < until, each time equal to ParseTimeUs of its text and
// inside the store's range, and a limit from 1 to 1e9; every accepted time prints with
// FormatTimeUs and parses back to the same microsecond.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_store.h"
#include "audit/query.h"
#include "audit/time_text.h"

namespace {

using frontseat::audit::FormatTimeUs;
using frontseat::audit::ParseTimeUs;

constexpr int64_t kMaxTimeUs = 253402300799999999;

[[noreturn]] void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "audit_query_fuzz: invariant violated: %s (%s)\n", what, detail.c_str());
  std::abort();
}

void CheckTime(std::string_view text) {
  auto t = ParseTimeUs(text);
  if (!t.ok()) {
    if (t.status().message().empty()) Fail("time error without a message", std::string(text));
    return;
  }
  if (*t < 0 || *t > kMaxTimeUs) Fail("time out of range", std::to_string(*t));
  std::string printed = FormatTimeUs(*t);
  auto back = ParseTimeUs(printed);
  if (!back.ok() || *back != *t) Fail("FormatTimeUs does not round-trip", printed);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  CheckTime(input);

  std::vector<std::optional<std::string>> fields(6);
  size_t start = 0;
  for (size_t i = 0; i < fields.size() && start <= input.size(); ++i) {
    size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    std::string_view line = input.substr(start, end - start);
    if (line != "~") fields[i] = std::string(line);
    start = end + 1;
  }
  frontseat::audit::QueryFlags flags{fields[0], fields[1], fields[2],
                                     fields[3], fields[4], fields[5]};
  for (const auto& f : fields) {
    if (f) CheckTime(*f);
  }
  auto filter = frontseat::audit::ParseQueryFlags(flags);
  if (!filter.ok()) {
    if (filter.status().message().rfind("--", 0) != 0) {
      Fail("flag error does not name its flag", filter.status().message());
    }
  } else {
    const auto& f = *filter;
    if (f.since_us.has_value() != flags.since.has_value()) Fail("since lost", "");
    if (f.until_us.has_value() != flags.until.has_value()) Fail("until lost", "");
    if (f.since_us && *f.since_us != *ParseTimeUs(*flags.since)) Fail("since differs", "");
    if (f.until_us && *f.until_us != *ParseTimeUs(*flags.until)) Fail("until differs", "");
    if (f.since_us && f.until_us && *f.since_us >= *f.until_us) Fail("since >= until", "");
    if (flags.limit && (f.limit < 1 || f.limit > 1000000000)) Fail("limit out of range", "");
    if (!flags.limit && f.limit != 0) Fail("limit without --limit", "");
    if (f.action && !frontseat::audit::IsKnownAction(*f.action)) Fail("unknown action", *f.action);
    if (f.category && f.category->empty()) Fail("empty category accepted", "");
  }

  frontseat::audit::Event event;
  event.action = "allow";
  event.categories_json = std::string(input);
  frontseat::Status s = frontseat::audit::ValidateEvent(event, size_t{1} << 20);
  if (!s.ok() && s.message().rfind("categories_json", 0) != 0) {
    Fail("categories_json error does not name the field", s.message());
  }
  event.categories_json = "{}";
  event.findings_json = std::string(input);
  s = frontseat::audit::ValidateEvent(event, size_t{1} << 20);
  if (!s.ok() && s.message().rfind("findings_json", 0) != 0) {
    Fail("findings_json error does not name the field", s.message());
  }
  return 0;
}
