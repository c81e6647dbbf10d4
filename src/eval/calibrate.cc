// Logistic calibration (see calibrate.h).
#include "eval/calibrate.h"

#include <algorithm>
#include <cmath>

namespace frontseat::eval {

double LogisticModel::Score(std::span<const double> features) const {
  double z = bias;
  for (size_t i = 0; i < weights.size() && i < features.size(); ++i) z += weights[i] * features[i];
  return 1.0 / (1.0 + std::exp(-z));
}

LogisticModel FitLogistic(const std::vector<std::vector<double>>& features,
                          const std::vector<bool>& positive, double l2) {
  const size_t n = features.size();
  const size_t k = n ? features[0].size() : 0;
  const size_t d = k + 1;  // bias first
  double pos = 0, neg = 0;
  for (bool p : positive) (p ? pos : neg) += 1;
  const double wpos = pos > 0 ? 0.5 * static_cast<double>(n) / pos : 0;
  const double wneg = neg > 0 ? 0.5 * static_cast<double>(n) / neg : 0;
  std::vector<double> beta(d, 0.0);
  for (int iter = 0; iter < 50; ++iter) {
    std::vector<double> grad(d, 0.0);
    std::vector<double> hess(d * d, 0.0);
    for (size_t i = 0; i < n; ++i) {
      double z = beta[0];
      for (size_t j = 0; j < k; ++j) z += beta[j + 1] * features[i][j];
      double p = 1.0 / (1.0 + std::exp(-z));
      double w = positive[i] ? wpos : wneg;
      double r = w * ((positive[i] ? 1.0 : 0.0) - p);
      double h = w * p * (1 - p);
      for (size_t a = 0; a < d; ++a) {
        double xa = a == 0 ? 1.0 : features[i][a - 1];
        grad[a] += r * xa;
        for (size_t b = 0; b < d; ++b) {
          double xb = b == 0 ? 1.0 : features[i][b - 1];
          hess[a * d + b] += h * xa * xb;
        }
      }
    }
    for (size_t a = 1; a < d; ++a) {
      grad[a] -= l2 * static_cast<double>(n) * beta[a];
      hess[a * d + a] += l2 * static_cast<double>(n);
    }
    hess[0] += 1e-9;
    // Solve hess * step = grad by Gaussian elimination with partial pivoting (d is tiny).
    std::vector<double> m = hess, rhs = grad;
    for (size_t c = 0; c < d; ++c) {
      size_t piv = c;
      for (size_t r = c + 1; r < d; ++r) {
        if (std::fabs(m[r * d + c]) > std::fabs(m[piv * d + c])) piv = r;
      }
      if (std::fabs(m[piv * d + c]) < 1e-12) continue;
      if (piv != c) {
        for (size_t b = 0; b < d; ++b) std::swap(m[c * d + b], m[piv * d + b]);
        std::swap(rhs[c], rhs[piv]);
      }
      for (size_t r = 0; r < d; ++r) {
        if (r == c) continue;
        double f = m[r * d + c] / m[c * d + c];
        for (size_t b = c; b < d; ++b) m[r * d + b] -= f * m[c * d + b];
        rhs[r] -= f * rhs[c];
      }
    }
    double change = 0;
    for (size_t a = 0; a < d; ++a) {
      double step = std::fabs(m[a * d + a]) < 1e-12 ? 0 : rhs[a] / m[a * d + a];
      beta[a] += step;
      change = std::max(change, std::fabs(step));
    }
    if (change < 1e-10) break;
  }
  LogisticModel model;
  model.bias = beta[0];
  model.weights.assign(beta.begin() + 1, beta.end());
  return model;
}

double ThresholdForFpr(std::vector<double> negative_scores, double target_fpr) {
  if (negative_scores.empty()) return 0.5;
  std::sort(negative_scores.begin(), negative_scores.end(), std::greater<>());
  size_t allowed = static_cast<size_t>(std::floor(target_fpr * static_cast<double>(negative_scores.size())));
  if (allowed >= negative_scores.size()) return 0.0;
  // Everything strictly above the (allowed+1)-th largest negative may be flagged.
  double t = std::nextafter(negative_scores[allowed], 2.0);
  return std::min(t, 1.0);
}

}  // namespace frontseat::eval
