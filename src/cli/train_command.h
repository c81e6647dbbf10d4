// `frontseat train`: trains the learned classifiers and their calibration from a spec
// (models/train.yaml) over labeled JSONL data, writing OUT/<model>.ftz, OUT/calibration.yaml and
// OUT/report.json (see src/eval/train.h for the steps and models/MODEL_CARD.md for the shipped
// result). Exit status: 0 trained; 2 a bad spec, missing data, or a failed training.
#pragma once

#include <ostream>
#include <string>

namespace frontseat::cli {

struct TrainCommandOptions {
  std::string spec = "models/train.yaml";
  std::string data_dir;  // empty: $FRONTSEAT_DATA_DIR, else ../shared/data
  std::string out = "models";
  bool quiet = false;
};

int RunTrain(const TrainCommandOptions& options, std::ostream& out, std::ostream& err);

// --data-dir, else $FRONTSEAT_DATA_DIR, else ../shared/data.
std::string ResolveDataDir(const std::string& flag);

}  // namespace frontseat::cli
