// Metric math for `frontseat eval` (see metrics.h). Everything here is deterministic: sorts are
// over plain doubles and ties are resolved by value, never by input order.
#include "eval/metrics.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace frontseat::eval {

namespace {

std::optional<double> Ratio(uint64_t num, uint64_t den) {
  if (den == 0) return std::nullopt;
  return static_cast<double>(num) / static_cast<double>(den);
}

}  // namespace

Ratios ComputeRatios(const Confusion& c) {
  Ratios r;
  r.precision = Ratio(c.tp, c.tp + c.fp);
  r.recall = Ratio(c.tp, c.tp + c.fn);
  // 2tp / (2tp + fp + fn) equals the harmonic mean of precision and recall when both exist, and
  // is still defined (0) when one of them is 0/0 but there were errors.
  r.f1 = Ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn);
  r.fpr = Ratio(c.fp, c.fp + c.tn);
  r.accuracy = Ratio(c.tp + c.tn, c.total());
  return r;
}

std::optional<double> RocAuc(std::span<const double> positive_scores,
                             std::span<const double> negative_scores) {
  const size_t p = positive_scores.size();
  const size_t n = negative_scores.size();
  if (p == 0 || n == 0) return std::nullopt;
  // (score, is_positive), sorted by score; each run of equal scores gets the average of the
  // 1-based ranks it spans, which is what makes ties count one half.
  std::vector<std::pair<double, bool>> all;
  all.reserve(p + n);
  for (double s : positive_scores) all.emplace_back(s, true);
  for (double s : negative_scores) all.emplace_back(s, false);
  std::sort(all.begin(), all.end());
  double positive_rank_sum = 0;
  for (size_t i = 0; i < all.size();) {
    size_t j = i;
    while (j < all.size() && all[j].first == all[i].first) ++j;
    const double average_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
    for (size_t k = i; k < j; ++k) {
      if (all[k].second) positive_rank_sum += average_rank;
    }
    i = j;
  }
  const double pd = static_cast<double>(p);
  const double u = positive_rank_sum - pd * (pd + 1) / 2.0;
  return u / (pd * static_cast<double>(n));
}

RecallAtFpr RecallAtFalsePositiveRate(std::span<const double> positive_scores,
                                      std::span<const double> negative_scores, double target_fpr) {
  RecallAtFpr r;
  r.target_fpr = target_fpr;
  if (positive_scores.empty() || negative_scores.empty()) return r;
  std::vector<double> neg(negative_scores.begin(), negative_scores.end());
  std::sort(neg.begin(), neg.end(), std::greater<>());
  const size_t n = neg.size();
  // The small epsilon keeps e.g. 0.05 · 100 from flooring to 4 through rounding error.
  const double allowed_real = std::floor(target_fpr * static_cast<double>(n) + 1e-9);
  const size_t allowed = allowed_real < 0 ? 0 : static_cast<size_t>(allowed_real);
  uint64_t flagged_negatives = 0;
  if (allowed >= n) {
    // Only reachable with target_fpr >= 1: every negative may be flagged, so everything is.
    r.threshold = -std::numeric_limits<double>::infinity();
    flagged_negatives = n;
  } else {
    // With t = the (allowed + 1)-th largest score, at most `allowed` negatives are strictly
    // above t, and any smaller t would flag at least allowed + 1 of them.
    const double t = neg[allowed];
    r.threshold = t;
    flagged_negatives = static_cast<uint64_t>(
        std::count_if(neg.begin(), neg.end(), [t](double s) { return s > t; }));
  }
  const double t = *r.threshold;
  const auto hits = std::count_if(positive_scores.begin(), positive_scores.end(),
                                  [t](double s) { return s > t; });
  r.fpr = static_cast<double>(flagged_negatives) / static_cast<double>(n);
  r.recall = static_cast<double>(hits) / static_cast<double>(positive_scores.size());
  return r;
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double rank = std::ceil(std::clamp(p, 0.0, 1.0) * static_cast<double>(values.size()));
  const size_t index = rank < 1 ? 0 : static_cast<size_t>(rank) - 1;
  return values[std::min(index, values.size() - 1)];
}

}  // namespace frontseat::eval
