// Fuzz target for suite files: any bytes, parsed as a CSV suite and as a JSONL suite, must give
// seeds or FILE:LINE errors, never a crash, a hang or unbounded memory; the raw CSV parser is
// checked on its own too.
//
// Invariants checked (abort() on violation): CSV record lines rise and stay within the input's
// line count; every error line names the file; every seed has a valid UTF-8, non-blank goal, an
// id naming the file, a hazard only when harmful, and a marker exactly when it is an injection.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "redteam/csv_table.h"
#include "redteam/suite.h"
#include "redteam/transforms.h"

namespace {

using namespace frontseat::redteam;

[[noreturn]] void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "redteam_suite_fuzz: invariant violated: %s (%s)\n", what, detail.c_str());
  std::abort();
}

void CheckSuite(std::string_view bytes, const std::string& path, SuiteFormat format) {
  auto seeds = ParseSuite(bytes, path, format);
  if (!seeds.ok()) {
    const std::string& msg = seeds.status().message();
    size_t start = 0;
    while (start < msg.size()) {
      size_t nl = msg.find('\n', start);
      std::string_view line = std::string_view(msg).substr(start, nl - start);
      if (!line.starts_with(path) && !line.starts_with("... and ")) Fail("error without FILE", msg);
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
    return;
  }
  for (const Seed& s : *seeds) {
    if (!s.id.starts_with(path + ":")) Fail("id", s.id);
    if (!IsValidUtf8(s.goal)) Fail("goal not UTF-8", s.id);
    if (s.goal.find_first_not_of(" \t\r\n") == std::string::npos) Fail("blank goal", s.id);
    bool injection = s.category == AttackCategory::kDirectInjection ||
                     s.category == AttackCategory::kIndirectInjection;
    if (injection == s.success_marker.empty()) Fail("marker", s.id);
    if (!s.hazard.empty() && s.category != AttackCategory::kHarmful) Fail("hazard", s.id);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  CsvTable table = ParseCsv(bytes);
  uint64_t lines = 1;
  for (char c : bytes) lines += c == '\n';
  uint64_t last = 0;
  for (const CsvRecord& r : table.records) {
    if (r.line <= last || r.line > lines) Fail("record line", std::to_string(r.line));
    last = r.line;
  }
  for (const CsvError& e : table.errors) {
    if (e.line == 0 || e.line > lines) Fail("error line", std::to_string(e.line));
  }
  CheckSuite(bytes, "fuzz.csv", SuiteFormat::kCsv);
  CheckSuite(bytes, "fuzz.jsonl", SuiteFormat::kJsonl);
  return 0;
}
