// `frontseat scan`: scan files (text, JSONL, CSV, stdin) with a policy and write one JSON line per
// document to stdout, a summary to stderr.
//
// Exit status: 0 nothing flagged, 1 something flagged (any action other than allow),
// 2 an input or usage error (a file that cannot be read, a bad policy, or malformed records,
// which are reported with their file and line and skipped while scanning goes on).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "cli/input_readers.h"
#include "frontseat/guard.h"

namespace frontseat::cli {

struct ScanOptions {
  std::string policy_path;  // empty: the built-in default policy
  std::vector<std::string> inputs;
  ReadOptions read;
  RedactStyle redact = RedactStyle::kMask;
  unsigned threads = 1;
  bool progress = true;  // a progress bar when stderr is a terminal
};

int RunScan(const ScanOptions& options, std::ostream& out, std::ostream& err);

}  // namespace frontseat::cli
