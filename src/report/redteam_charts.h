// The inline SVG charts of the red-team HTML report (redteam_html.cc), drawn from the scorecard
// at render time: the category x strategy heat map, success rate per category against its risk
// thresholds, and success rate per strategy. Each function returns one <svg> element (or a short
// <p> note when there is nothing to draw) whose ids and classes the browser test relies on:
//   heat map        svg#heatmap,         rect.cell (data-rate, data-category, data-strategy)
//   category bars   svg#category-bars,   rect.bar, rect.threshold (data-level)
//   strategy bars   svg#strategy-bars,   rect.bar
// Pure functions: the same scorecard gives the same bytes. All names are escaped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "redteam/result.h"

namespace frontseat::report {

// Fill colour for a success rate: light green at 0, through yellow and orange near the default
// thresholds (5%, 15%, 30%), to dark red at 100%. "#rrggbb".
std::string RateColour(double rate);

// The strategies that label the heat map's columns: the run's strategy list in its order, then
// any strategy that has attempts but is missing from the list, by name.
std::vector<std::string> ReportStrategies(const redteam::Scorecard& scorecard);

std::string HeatMapSvg(const redteam::Scorecard& scorecard,
                       const std::vector<std::string>& strategies);
std::string CategoryBarsSvg(const redteam::Scorecard& scorecard);
std::string StrategyBarsSvg(const redteam::Scorecard& scorecard,
                            const std::vector<std::string>& strategies);

// The colour legend of the heat map and strategy bars, as HTML.
std::string RateLegendHtml();

}  // namespace frontseat::report
