// Are the eval figures right? Each case is small enough to compute by hand: confusion ratios
// (including the 0/0 cases that must stay undefined), ROC AUC with ties, recall at a target FPR
// with the threshold chosen on the negatives, and nearest-rank percentiles.
#include "eval/metrics.h"

#include <gtest/gtest.h>

#include <vector>

namespace frontseat::eval {
namespace {

TEST(ComputeRatios, MatchesHandComputedFigures) {
  // tp 6, fp 2, fn 3, tn 9: precision 6/8, recall 6/9, F1 12/17, FPR 2/11, accuracy 15/20.
  Ratios r = ComputeRatios({.tp = 6, .fp = 2, .fn = 3, .tn = 9});
  EXPECT_DOUBLE_EQ(*r.precision, 0.75);
  EXPECT_DOUBLE_EQ(*r.recall, 6.0 / 9.0);
  EXPECT_DOUBLE_EQ(*r.f1, 12.0 / 17.0);
  EXPECT_DOUBLE_EQ(*r.fpr, 2.0 / 11.0);
  EXPECT_DOUBLE_EQ(*r.accuracy, 0.75);
}

TEST(ComputeRatios, F1IsHarmonicMeanOfPrecisionAndRecall) {
  Ratios r = ComputeRatios({.tp = 7, .fp = 5, .fn = 1, .tn = 0});
  EXPECT_DOUBLE_EQ(*r.f1, 2 * *r.precision * *r.recall / (*r.precision + *r.recall));
}

TEST(ComputeRatios, LeavesZeroOverZeroUndefined) {
  // Only negatives, none flagged: precision and recall and F1 have no data; FPR is 0.
  Ratios r = ComputeRatios({.tp = 0, .fp = 0, .fn = 0, .tn = 4});
  EXPECT_FALSE(r.precision.has_value());
  EXPECT_FALSE(r.recall.has_value());
  EXPECT_FALSE(r.f1.has_value());
  EXPECT_DOUBLE_EQ(*r.fpr, 0.0);
  EXPECT_DOUBLE_EQ(*r.accuracy, 1.0);

  Ratios empty = ComputeRatios({});
  EXPECT_FALSE(empty.accuracy.has_value());
  EXPECT_FALSE(empty.fpr.has_value());
}

TEST(ComputeRatios, F1IsZeroWhenEverythingIsMissed) {
  Ratios r = ComputeRatios({.tp = 0, .fp = 0, .fn = 3, .tn = 1});
  EXPECT_FALSE(r.precision.has_value());
  EXPECT_DOUBLE_EQ(*r.recall, 0.0);
  EXPECT_DOUBLE_EQ(*r.f1, 0.0);
}

TEST(Confusion, AddCountsEachOutcome) {
  Confusion c;
  c.Add(true, true);
  c.Add(true, false);
  c.Add(false, true);
  c.Add(false, false);
  c.Add(false, false);
  EXPECT_EQ(c.tp, 1u);
  EXPECT_EQ(c.fn, 1u);
  EXPECT_EQ(c.fp, 1u);
  EXPECT_EQ(c.tn, 2u);
  EXPECT_EQ(c.total(), 5u);
}

TEST(RocAuc, IsOneForPerfectSeparationAndZeroForInverted) {
  std::vector<double> pos{0.9, 0.8};
  std::vector<double> neg{0.1, 0.2, 0.3};
  EXPECT_DOUBLE_EQ(*RocAuc(pos, neg), 1.0);
  EXPECT_DOUBLE_EQ(*RocAuc(neg, pos), 0.0);
}

TEST(RocAuc, CountsTiesAsOneHalf) {
  // Pairs (p, n): (0.5, 0.5) tie = 0.5, (0.5, 0.1) win, (0.9, 0.5) win, (0.9, 0.1) win → 3.5 / 4.
  std::vector<double> pos{0.5, 0.9};
  std::vector<double> neg{0.5, 0.1};
  EXPECT_DOUBLE_EQ(*RocAuc(pos, neg), 0.875);
}

TEST(RocAuc, MatchesPairCountingOnAMixedExample) {
  // pos {0.8, 0.4, 0.4}, neg {0.4, 0.3, 0.9}: wins 0.8>0.4, 0.8>0.3, 0.4>0.3 twice = 4,
  // ties 0.4=0.4 twice = 1 → 5 / 9.
  std::vector<double> pos{0.8, 0.4, 0.4};
  std::vector<double> neg{0.4, 0.3, 0.9};
  EXPECT_DOUBLE_EQ(*RocAuc(pos, neg), 5.0 / 9.0);
}

TEST(RocAuc, IsOneHalfWhenAllScoresAreEqual) {
  std::vector<double> pos{0, 0, 0};
  std::vector<double> neg{0, 0};
  EXPECT_DOUBLE_EQ(*RocAuc(pos, neg), 0.5);
}

TEST(RocAuc, IsUndefinedWithoutBothClasses) {
  std::vector<double> some{0.1, 0.2};
  std::vector<double> none;
  EXPECT_FALSE(RocAuc(some, none).has_value());
  EXPECT_FALSE(RocAuc(none, some).has_value());
}

TEST(RecallAtFalsePositiveRate, PicksSmallestThresholdWithinTarget) {
  // 10 negatives: 0.0 .. 0.9. At 10 % one negative may be above the threshold, so the threshold
  // is the second-largest negative, 0.8: only 0.9 is above it (FPR 0.1).
  std::vector<double> neg{0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
  std::vector<double> pos{0.95, 0.85, 0.8, 0.5};
  RecallAtFpr r = RecallAtFalsePositiveRate(pos, neg, 0.10);
  EXPECT_DOUBLE_EQ(*r.threshold, 0.8);
  EXPECT_DOUBLE_EQ(*r.fpr, 0.1);
  EXPECT_DOUBLE_EQ(*r.recall, 0.5);  // 0.95 and 0.85; 0.8 is not strictly above

  // Below one negative's worth (1 % of 10), nothing negative may be flagged: threshold 0.9.
  RecallAtFpr strict = RecallAtFalsePositiveRate(pos, neg, 0.01);
  EXPECT_DOUBLE_EQ(*strict.threshold, 0.9);
  EXPECT_DOUBLE_EQ(*strict.fpr, 0.0);
  EXPECT_DOUBLE_EQ(*strict.recall, 0.25);
}

TEST(RecallAtFalsePositiveRate, TiedNegativesCannotBeSplit) {
  // 4 negatives at 0.7 and 96 at 0: at 5 % the threshold can be 0 (4 above it, FPR 0.04), at
  // 2 % it must be 0.7 (nothing above it).
  std::vector<double> neg(96, 0.0);
  neg.insert(neg.end(), 4, 0.7);
  std::vector<double> pos{0.7, 0.5, 0.0};
  RecallAtFpr five = RecallAtFalsePositiveRate(pos, neg, 0.05);
  EXPECT_DOUBLE_EQ(*five.threshold, 0.0);
  EXPECT_DOUBLE_EQ(*five.fpr, 0.04);
  EXPECT_DOUBLE_EQ(*five.recall, 2.0 / 3.0);
  RecallAtFpr two = RecallAtFalsePositiveRate(pos, neg, 0.02);
  EXPECT_DOUBLE_EQ(*two.threshold, 0.7);
  EXPECT_DOUBLE_EQ(*two.fpr, 0.0);
  EXPECT_DOUBLE_EQ(*two.recall, 0.0);
}

TEST(RecallAtFalsePositiveRate, CountsExactlyTheTargetShareOfNegatives) {
  // 5 % of 100 is 5 negatives even though 0.05 * 100 is not exactly 5 in binary.
  std::vector<double> neg;
  for (int i = 0; i < 100; ++i) neg.push_back(i / 100.0);
  std::vector<double> pos{0.945};
  RecallAtFpr r = RecallAtFalsePositiveRate(pos, neg, 0.05);
  EXPECT_DOUBLE_EQ(*r.threshold, 0.94);
  EXPECT_DOUBLE_EQ(*r.fpr, 0.05);
  EXPECT_DOUBLE_EQ(*r.recall, 1.0);
}

TEST(RecallAtFalsePositiveRate, IsUndefinedWithoutBothClasses) {
  std::vector<double> some{0.1};
  std::vector<double> none;
  RecallAtFpr r = RecallAtFalsePositiveRate(some, none, 0.01);
  EXPECT_FALSE(r.threshold.has_value());
  EXPECT_FALSE(r.recall.has_value());
  EXPECT_DOUBLE_EQ(r.target_fpr, 0.01);
  EXPECT_FALSE(RecallAtFalsePositiveRate(none, some, 0.01).recall.has_value());
}

TEST(Percentile, UsesNearestRank) {
  std::vector<double> v{5, 1, 4, 2, 3};
  EXPECT_DOUBLE_EQ(Percentile(v, 0.5), 3);
  EXPECT_DOUBLE_EQ(Percentile(v, 0.99), 5);
  EXPECT_DOUBLE_EQ(Percentile(v, 0.0), 1);
  EXPECT_DOUBLE_EQ(Percentile({}, 0.5), 0);
  std::vector<double> hundred;
  for (int i = 1; i <= 100; ++i) hundred.push_back(i);
  EXPECT_DOUBLE_EQ(Percentile(hundred, 0.99), 99);
  EXPECT_DOUBLE_EQ(Percentile(hundred, 0.5), 50);
}

}  // namespace
}  // namespace frontseat::eval
