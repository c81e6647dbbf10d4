// `frontseat train`: fastText classifiers from labeled JSONL, a calibrated combined score per
// category, and a report, all from one spec file (models/train.yaml).
//
//   frontseat train --spec models/train.yaml --data-dir ../shared/data --out models/
//
// Steps (deterministic: fixed seeds, one training thread, sorted inputs):
//   1. read every set the spec names from DATA_DIR/<set>/<set>.jsonl and map each row's label
//      (and category, for hazard codes) to a class; rows with unmapped labels are skipped;
//   2. normalize and tokenize every text exactly as the detectors do (classifier/tokenize.h);
//   3. split all texts of all models at once into train / validation / test (split.h: hash of
//      the token line, near-duplicates grouped), so a text is on the same side for every model;
//   4. per model: write the training rows (shuffled by hash), train fastText supervised,
//      quantize when the spec says so, save OUT/<model>.ftz (or .bin);
//   5. per calibrated category: run the detectors it combines over the validation rows, fit a
//      logistic regression on their scores (logit of classifier probabilities), and choose the
//      threshold that keeps the false-positive rate on benign validation rows at target_fpr;
//   6. write OUT/report.json (per model and category: validation and test precision, recall,
//      F1, FPR, AUC and counts, plus data and split sizes) and OUT/calibration.yaml (the
//      `combine` blocks to paste into a policy).
// Test rows are only ever scored for the report, never used to choose anything.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "eval/split.h"
#include "eval/train_spec.h"

#include "frontseat/status.h"

namespace frontseat::eval {

struct TrainOptions {
  std::string spec_path;
  std::string data_dir;
  std::string out_dir;
  bool quiet = false;  // no progress lines on stderr
};

// Runs the whole pipeline; the report JSON is also returned for printing.
Result<std::string> Train(const TrainOptions& options);

// The split `frontseat train` gave each text of the spec's sets (keyed by SplitKey), computed
// again from DATA_DIR; `extra_keys` (texts of other sets, e.g. an evaluation-only set) are
// grouped among themselves with the same rule, never with training texts.
Result<std::unordered_map<std::string, Split>> SplitsFromSpec(
    const TrainSpec& spec, const std::string& data_dir, const std::vector<std::string>& extra_keys);

// The train spec shipped with the models (models/train.yaml, embedded at build time).
std::string_view BuiltinTrainSpecYaml();

}  // namespace frontseat::eval
