// The evaluation runner behind `frontseat eval`: reads labeled JSONL (`text`, `label`, optional
// `category`), runs a Guard over every row and gathers confusion counts per data set and per
// category, per-document latency and, on request, the score sweep (ROC AUC, recall at fixed
// false-positive rates). Rendering the results is the CLI's job (cli/eval_command.cc).
//
//   eval::LabelSets labels{{"injection", "jailbreak"}, {"benign"}};
//   auto set = eval::LoadLabeledJsonl("data/x.jsonl", labels);
//   if (!set.ok()) ...;                       // the file could not be opened
//   for (const auto& e : set->errors) ...;    // "x.jsonl:17: ..." rows that were skipped
//   eval::SetResult r = eval::EvaluateSet(guard, *set, {.sweep = true, .threads = 1});
//
// Determinism: every figure except latency and throughput depends only on the input rows and the
// policy; categories come out sorted by name, whatever the thread count.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "eval/metrics.h"
#include "frontseat/guard.h"
#include "frontseat/status.h"

namespace frontseat::eval {

// Which `label` values count as should-be-flagged and which as should-pass. A row whose label is
// in neither is counted as skipped, not as an error.
struct LabelSets {
  std::vector<std::string> positive;
  std::vector<std::string> negative;
};

struct LabeledDoc {
  std::string text;
  bool positive = false;
  std::string category;  // empty when the row has none
  std::string label;     // the row's `label` as written
  uint64_t line = 0;     // 1-based line in the file
};

struct LabeledSet {
  std::string name;  // the file's stem
  std::string path;
  std::vector<LabeledDoc> docs;
  uint64_t skipped = 0;             // rows with a label in neither set
  std::vector<std::string> errors;  // "FILE:LINE: what is wrong", one per malformed row
};

// Reads a whole labeled JSONL file into memory (eval sets are small; the sweep needs every score
// at once anyway). Blank lines are ignored; a line that is not a JSON object, or whose `text` or
// `label` is missing or not a string, or whose `category` is present but not a string, is
// recorded in `errors` and skipped. Fails only when the file cannot be opened.
Result<LabeledSet> LoadLabeledJsonl(const std::string& path, const LabelSets& labels);

struct EvalSettings {
  bool sweep = false;
  unsigned threads = 1;  // >= 1
  // Categories that count. Empty: a document is flagged when the policy's action is anything
  // but allow (PII redaction included). Otherwise only findings of these categories whose action
  // is not allow flag it, and only their scores enter the sweep: evaluating prompt injection on
  // documents full of e-mail addresses should not count their redaction as a detection.
  std::vector<Category> categories;
  // Keep the decision of every misclassified row (false positives and false negatives) in
  // SetResult::errors, so a user can read what the policy got wrong and why.
  bool collect_errors = false;
  // Keep every row's decision, and the highest raw score of each detector on it (RawFindings:
  // before thresholds and calibration), in SetResult::rows_out: per-row results for a user's own
  // analysis (threshold choice, combining detectors) without re-running the policy.
  bool collect_rows = false;
};

// The false-positive rates the sweep reports recall at.
inline constexpr double kSweepTargets[] = {0.01, 0.02, 0.05};

struct SweepResult {
  std::optional<double> auc;
  std::vector<RecallAtFpr> at_fpr;  // one per kSweepTargets entry
};

struct CategoryResult {
  std::string name;
  Confusion confusion;
};

// A misclassified row: where it is, what it is, and what the policy decided about it.
struct RowError {
  const LabeledDoc* doc = nullptr;  // points into the evaluated LabeledSet
  Decision decision;
};

// One evaluated row: what the policy decided, whether that counts as flagged, and the highest
// raw score each detector gave it (detectors with no finding are absent).
struct RowRecord {
  const LabeledDoc* doc = nullptr;  // points into the evaluated LabeledSet
  Decision decision;
  bool flagged = false;
  std::map<std::string, double> raw_scores;  // detector id -> highest RawFindings score
};

struct SetResult {
  std::string name;
  uint64_t rows = 0;  // rows evaluated (positive + negative)
  uint64_t skipped = 0;
  uint64_t malformed = 0;
  Confusion confusion;
  std::vector<CategoryResult> categories;  // sorted by name; rows without one are "(none)"
  double latency_p50_us = 0;
  double latency_p99_us = 0;
  double docs_per_second = 0;  // rows / wall time of the Check pass
  std::optional<SweepResult> sweep;
  std::vector<RowError> errors;  // in input order; filled when EvalSettings::collect_errors
  std::vector<RowRecord> rows_out;  // every row, in input order; when EvalSettings::collect_rows
};

// Runs `guard` over the set. A row is flagged when Check's action is not allow. Latency is the
// steady_clock time of each Check call, measured inside whichever worker ran it; with more than
// one thread the docs/s figure is the whole pass's throughput. The sweep scores each document
// by the maximum score over RawFindings (0 when there are none), in a second, untimed pass.
SetResult EvaluateSet(const Guard& guard, const LabeledSet& set, const EvalSettings& settings);

}  // namespace frontseat::eval
