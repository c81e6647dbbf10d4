// The spec file of `frontseat train` (models/train.yaml): which sets train which model, how
// labels and categories map to classes, fastText settings, and the calibration to fit.
// Every key is checked; errors come back all at once as "FILE:LINE: KEY: message".
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "eval/split.h"
#include "frontseat/status.h"

namespace frontseat::eval {

struct SetSpec {
  std::string set;                            // DATA_DIR/<set>/<set>.jsonl
  std::map<std::string, std::string> labels;  // source label -> class
  // Source category -> class, overriding the label's class. A key matches a category equal to
  // it or starting with it followed by ':' or '/' ("vcr" matches "vcr:violent_crimes").
  std::map<std::string, std::string> categories;
  uint64_t sample = 0;  // keep at most this many training rows of the set (0 = all), by hash
};

struct FastTextSpec {
  int dim = 32;
  int epoch = 20;
  double lr = 0.5;
  int word_ngrams = 2;
  int minn = 0;
  int maxn = 0;
  int bucket = 200000;
  int max_train_tokens = 512;  // tokens of a training text kept (the head)
  bool quantize = true;
  int cutoff = 0;              // quantize: keep this many rows (0 = all)
  int dsub = 2;
  bool qnorm = true;
};

struct ModelSpec {
  std::string name;  // "injection" -> OUT/injection.ftz, detector injection.classifier
  std::string negative_class = "benign";
  FastTextSpec fasttext;
  std::vector<SetSpec> sets;
};

struct CalibrationSpec {
  std::string category;                  // policy category, e.g. "prompt_injection"
  std::string model;                     // whose sets give the validation rows
  std::map<std::string, std::string> detectors;  // detector id -> YAML config ("{}" ok)
  std::vector<std::string> linear;       // detector ids entering as their score
  std::vector<std::string> logit;        // detector ids entering as logit(score)
  std::vector<std::string> positive_labels;  // source labels that should be flagged
  std::vector<std::string> negative_labels;  // source labels that should pass
  // Sets whose negative rows set the threshold (empty: all of the model's sets). Hard contrast
  // sets (non-hateful tweets next to hateful ones) train the model but are not the benign
  // traffic the false-positive target is about.
  std::vector<std::string> negative_sets;
};

struct TrainSpec {
  uint64_t seed = 1;
  SplitOptions split;
  double target_fpr = 0.01;
  std::vector<ModelSpec> models;
  std::vector<CalibrationSpec> calibrations;
  // Every set named by any model, sorted (what `eval --split` regroups).
  std::vector<std::string> AllSets() const;
};

Result<TrainSpec> LoadTrainSpec(const std::string& path);
Result<TrainSpec> ParseTrainSpec(std::string_view yaml, std::string_view name);

// The class a row of `set` gets, or "" when its label is not mapped. Categories refine only
// labels that map to a class other than `negative_class`.
std::string ClassOf(const SetSpec& set, std::string_view label, std::string_view category,
                    std::string_view negative_class = "benign");

}  // namespace frontseat::eval
