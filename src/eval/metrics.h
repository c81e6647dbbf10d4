// Metric math for `frontseat eval`: confusion counts to ratios, ROC AUC and recall at a target
// false-positive rate. Pure functions over counts and scores, no I/O, so every figure the eval
// command prints can be checked by hand in a unit test.
//
// Undefined ratios (a 0/0, e.g. precision when nothing was flagged) are std::nullopt rather than
// 0 or NaN: "no data" and "always wrong" must not look alike in a report.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace frontseat::eval {

// Positive = a row whose label says it should be flagged; "flagged" = the guard did not allow it.
struct Confusion {
  uint64_t tp = 0;  // positive, flagged
  uint64_t fp = 0;  // negative, flagged
  uint64_t fn = 0;  // positive, allowed
  uint64_t tn = 0;  // negative, allowed

  void Add(bool positive, bool flagged) {
    if (positive) {
      ++(flagged ? tp : fn);
    } else {
      ++(flagged ? fp : tn);
    }
  }
  uint64_t total() const { return tp + fp + fn + tn; }
};

struct Ratios {
  std::optional<double> precision;  // tp / (tp + fp)
  std::optional<double> recall;     // tp / (tp + fn)
  std::optional<double> f1;         // 2 tp / (2 tp + fp + fn)
  std::optional<double> fpr;        // fp / (fp + tn)
  std::optional<double> accuracy;   // (tp + tn) / total
};

Ratios ComputeRatios(const Confusion& c);

// ROC AUC as the Mann–Whitney U statistic divided by P·N: the probability that a random positive
// scores above a random negative, ties counting one half (average ranks). nullopt when either
// side is empty. O((P + N) log(P + N)).
std::optional<double> RocAuc(std::span<const double> positive_scores,
                             std::span<const double> negative_scores);

// Recall at a target false-positive rate. A document is flagged when its score is strictly above
// the threshold; the threshold is the smallest t whose FPR on `negative_scores` is <= target_fpr,
// which is the (floor(target · N) + 1)-th largest negative score. Choosing it on the same
// negatives it is measured on makes this an optimistic, in-sample figure.
struct RecallAtFpr {
  double target_fpr = 0;
  std::optional<double> threshold;  // nullopt when there are no positives or no negatives
  std::optional<double> fpr;        // the FPR actually reached (<= target_fpr)
  std::optional<double> recall;
};

RecallAtFpr RecallAtFalsePositiveRate(std::span<const double> positive_scores,
                                      std::span<const double> negative_scores, double target_fpr);

// Nearest-rank percentile (p in [0, 1]) of `values`; 0 when empty. Sorts its copy.
double Percentile(std::vector<double> values, double p);

}  // namespace frontseat::eval
