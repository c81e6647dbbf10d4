// Logistic-regression calibration of detector scores into one probability per category, and
// the threshold that holds a target false-positive rate (used by `frontseat train`).
#pragma once

#include <span>
#include <vector>

#include "policy/policy.h"

namespace frontseat::eval {

struct LogisticModel {
  double bias = 0;
  std::vector<double> weights;
  double Score(std::span<const double> features) const;  // sigmoid(bias + w . x)
};

// Fits by Newton's method (IRLS) with a small L2 penalty (`l2`, not applied to the bias), with
// positives and negatives weighted to equal total mass so the larger side does not set the
// intercept. Deterministic. `features[i]` has one value per feature; all rows the same length.
LogisticModel FitLogistic(const std::vector<std::vector<double>>& features,
                          const std::vector<bool>& positive, double l2 = 1e-3);

// The smallest threshold t such that flagging scores >= t flags at most `target_fpr` of
// `negative_scores` (nudged just above the largest negative score that must pass).
double ThresholdForFpr(std::vector<double> negative_scores, double target_fpr);

// Classifier probabilities enter as ClippedLogit (policy/policy.h), as in the policy's combine.
using frontseat::ClippedLogit;

}  // namespace frontseat::eval
