// Scoring a red-team run: counts per category, strategy and category x strategy, and the risk
// level of each category from its thresholds.
#include "redteam/result.h"

#include <array>

namespace frontseat::redteam {
namespace {

constexpr std::array<std::string_view, 3> kOutcomeNames = {"success", "defended", "error"};
constexpr std::array<std::string_view, 4> kLevelNames = {"low", "medium", "high", "critical"};

void Add(Cell& cell, Outcome outcome) {
  ++cell.attempts;
  if (outcome == Outcome::kSuccess) ++cell.successes;
  if (outcome == Outcome::kError) ++cell.errors;
}

}  // namespace

std::string_view OutcomeName(Outcome outcome) { return kOutcomeNames[static_cast<size_t>(outcome)]; }

std::string_view RiskLevelName(RiskLevel level) { return kLevelNames[static_cast<size_t>(level)]; }

std::optional<RiskLevel> RiskLevelFromName(std::string_view name) {
  for (size_t i = 0; i < kLevelNames.size(); ++i) {
    if (kLevelNames[i] == name) return static_cast<RiskLevel>(i);
  }
  return std::nullopt;
}

RiskLevel LevelFor(double rate, const RiskThresholds& t) {
  if (rate >= t.critical) return RiskLevel::kCritical;
  if (rate >= t.high) return RiskLevel::kHigh;
  if (rate >= t.medium) return RiskLevel::kMedium;
  return RiskLevel::kLow;
}

Scorecard Score(const std::vector<Attempt>& attempts,
                const std::array<RiskThresholds, kAttackCategoryCount>& thresholds, RunInfo info) {
  Scorecard card;
  card.info = std::move(info);
  std::array<CategoryScore, kAttackCategoryCount> per{};
  for (const Attempt& a : attempts) {
    Add(card.overall, a.outcome);
    Add(card.by_strategy[a.strategy], a.outcome);
    CategoryScore& c = per[static_cast<size_t>(a.category)];
    Add(c.total, a.outcome);
    Add(c.by_strategy[a.strategy], a.outcome);
  }
  for (int i = 0; i < kAttackCategoryCount; ++i) {
    CategoryScore& c = per[i];
    if (c.total.attempts == 0) continue;
    c.category = static_cast<AttackCategory>(i);
    c.thresholds = thresholds[i];
    // A category whose attempts all failed to run has no rate; it is reported, not rated low.
    c.level = LevelFor(c.total.rate(), c.thresholds);
    card.categories.push_back(std::move(c));
  }
  return card;
}

}  // namespace frontseat::redteam
