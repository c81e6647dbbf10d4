// Logistic calibration and the false-positive-rate threshold used by `frontseat train`.
#include "eval/calibrate.h"

#include <cmath>

#include <gtest/gtest.h>

namespace frontseat::eval {
namespace {

TEST(CalibrateTest, FitSeparatesAndWeightsTheInformativeFeature) {
  std::vector<std::vector<double>> x;
  std::vector<bool> y;
  for (int i = 0; i < 400; ++i) {
    double signal = (i % 2 == 0 ? 1.0 : -1.0) + ((i * 37) % 100 - 50) / 40.0;
    double noise = ((i * 53) % 100 - 50) / 50.0;
    x.push_back({signal, noise});
    y.push_back(i % 2 == 0);
  }
  LogisticModel m = FitLogistic(x, y);
  ASSERT_EQ(m.weights.size(), 2u);
  EXPECT_GT(m.weights[0], 0.5);
  EXPECT_LT(std::fabs(m.weights[1]), std::fabs(m.weights[0]) / 4);
  EXPECT_GT(m.Score(std::vector<double>{2.0, 0.0}), 0.9);
  EXPECT_LT(m.Score(std::vector<double>{-2.0, 0.0}), 0.1);
  // Deterministic.
  LogisticModel again = FitLogistic(x, y);
  EXPECT_EQ(again.bias, m.bias);
  EXPECT_EQ(again.weights, m.weights);
}

TEST(CalibrateTest, ClassBalanceDoesNotMoveTheBoundaryToTheMajority) {
  std::vector<std::vector<double>> x;
  std::vector<bool> y;
  for (int i = 0; i < 900; ++i) x.push_back({-1.0 + (i % 10) / 100.0}), y.push_back(false);
  for (int i = 0; i < 100; ++i) x.push_back({1.0 - (i % 10) / 100.0}), y.push_back(true);
  LogisticModel m = FitLogistic(x, y, 0.01);
  EXPECT_NEAR(m.Score(std::vector<double>{0.0}), 0.5, 0.05);
}

TEST(CalibrateTest, ThresholdHoldsTheTargetFalsePositiveRate) {
  std::vector<double> neg;
  for (int i = 0; i < 200; ++i) neg.push_back(i / 200.0);
  double t = ThresholdForFpr(neg, 0.01);  // 2 of 200 may be flagged: 0.99 and 0.995
  int flagged = 0;
  for (double s : neg) flagged += s >= t;
  EXPECT_EQ(flagged, 2);
  EXPECT_GT(t, 0.985);
  EXPECT_EQ(ThresholdForFpr({}, 0.01), 0.5);
}

TEST(CalibrateTest, ClippedLogitIsBounded) {
  EXPECT_NEAR(ClippedLogit(0.5), 0.0, 1e-12);
  EXPECT_NEAR(ClippedLogit(0.0), -ClippedLogit(1.0), 1e-9);
  EXPECT_LT(ClippedLogit(0.0), -11.0);
  EXPECT_TRUE(std::isfinite(ClippedLogit(0.0)));
}

}  // namespace
}  // namespace frontseat::eval
