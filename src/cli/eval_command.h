// `frontseat eval`: run a policy over labeled JSONL data sets and report how well it flags what it
// should (labels in --positive) and passes what it should (labels in --negative): confusion
// counts, precision, recall, F1, false-positive rate, accuracy, per data set and per category,
// with per-document latency (p50, p99) and documents per second. `--sweep` adds ROC AUC and
// recall at 1 %, 2 % and 5 % false-positive rate over the raw detector scores.
//
// Output: an aligned table on `out`, a one-line summary (plus any row errors) on `err`, and with
// `json_path` the same figures as one JSON object. Undefined ratios print as "-" (null in JSON).
//
// Exit status: 0 the run completed; 2 an input or usage error (no data, a file that cannot be
// read, a bad policy, bad label lists, or malformed rows, which are reported as FILE:LINE and
// skipped while the run goes on).
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace frontseat::cli {

struct EvalOptions {
  std::vector<std::string> data;  // labeled JSONL files; each is one data set, named by its stem
  std::string policy_path;        // empty: the built-in default policy
  std::string positive = "injection,jailbreak,harmful,unsafe";  // comma-separated labels
  std::string negative = "benign";
  std::string json_path;  // empty: no JSON file
  // Misclassified rows as JSONL, one per line (see RunEval); empty: not written.
  std::string errors_path;
  // Every evaluated row as JSONL (decision, outcome, raw detector scores); empty: not written.
  std::string rows_path;
  bool sweep = false;
  unsigned threads = 1;    // 0 = one per core
  std::string categories;  // comma-separated categories that count; empty: any non-allow action
  // Evaluate only the rows `frontseat train` put in this split (train, validation or test), as
  // given by the train spec (empty: the one shipped with the models) over --data-dir.
  std::string split;
  std::string train_spec;
  std::string data_dir;  // empty: $FRONTSEAT_DATA_DIR, else ../shared/data
};

int RunEval(const EvalOptions& options, std::ostream& out, std::ostream& err);

}  // namespace frontseat::cli
