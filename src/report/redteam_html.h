// The red-team report as one self-contained HTML file (no network, no external scripts, fonts
// or images): run information, a category x strategy heat map of attack success rates, success
// rate per category against its risk thresholds, success per strategy, and the worst examples
// (successful attempts, most damaging categories first) with their evidence. Charts are inline
// SVG drawn at render time, so the file opens offline in any browser.
//
// A pure function of the result model: the same inputs give the same bytes. All user and model
// text is HTML-escaped.
#pragma once

#include <string>
#include <vector>

#include "redteam/result.h"

namespace frontseat::report {

struct RedteamHtmlOptions {
  size_t max_examples = 30;          // worst examples shown
  size_t max_example_chars = 2000;   // prompt / response excerpts are cut here
};

std::string RenderRedteamHtml(const redteam::Scorecard& scorecard,
                              const std::vector<redteam::Attempt>& attempts,
                              const RedteamHtmlOptions& options = {});

}  // namespace frontseat::report
