// Inline SVG charts for the red-team report. Layout is computed here in pixels; text widths are
// estimated (about 7 px per character at 12 px sans-serif) because no font metrics are available
// at render time, so labels get generous margins and long names are cut with a tooltip (<title>)
// carrying the full name. Every chart has a viewBox, so CSS can scale it to the page width.
#include "report/redteam_charts.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <set>

#include "report/html_text.h"

namespace frontseat::report {
namespace {

using html::Escape;
using html::Fixed;
using html::Percent;
using redteam::Cell;

constexpr double kCharWidth = 7.0;  // estimated width of one character at 12 px
constexpr size_t kMaxLabelChars = 32;
constexpr const char* kEmptyFill = "#eef0f3";  // no attempts
constexpr const char* kErrorFill = "#d5d9df";  // attempts, but every one failed to run

struct Stop {
  double rate;
  int r, g, b;
};
// Anchored at the default risk thresholds so a cell's colour reads like the category badges.
constexpr std::array<Stop, 6> kStops = {{{0.00, 0xe3, 0xf2, 0xe6},
                                         {0.05, 0xff, 0xf1, 0xb8},
                                         {0.15, 0xfd, 0xc2, 0x72},
                                         {0.30, 0xf2, 0x7d, 0x4c},
                                         {0.60, 0xcf, 0x2e, 0x26},
                                         {1.00, 0x75, 0x0b, 0x0b}}};

// Dark fills get white text; the switch point is where contrast with #1f2328 drops below 4.5:1.
bool IsDark(double rate) { return rate >= 0.42; }

std::string Num(double v) { return Fixed(v, 1); }

// Label text cut to kMaxLabelChars characters, escaped.
std::string Label(std::string_view name) {
  html::Excerpt e = html::Cut(name, kMaxLabelChars);
  return Escape(e.text) + (e.more_chars ? "\xE2\x80\xA6" : "");
}

double LabelWidth(const std::vector<std::string>& names) {
  size_t chars = 0;
  for (const std::string& n : names) {
    chars = std::max(chars, std::min(html::CodePoints(html::ValidUtf8(n)), kMaxLabelChars + 1));
  }
  return std::max(80.0, static_cast<double>(chars) * kCharWidth + 16.0);
}

std::string CellSummary(const Cell& c) {
  std::string s = std::to_string(c.successes) + " of " + std::to_string(c.attempts - c.errors) +
                  " judged attempts succeeded";
  if (c.errors) s += ", " + std::to_string(c.errors) + " error" + (c.errors == 1 ? "" : "s");
  return s;
}

std::string SvgOpen(std::string_view id, double width, double height, std::string_view label) {
  // No xmlns: inline SVG in an HTML document gets its namespace from the parser.
  return "<svg id=\"" + std::string(id) + "\" class=\"chart\" width=\"" + Num(width) +
         "\" height=\"" + Num(height) + "\" viewBox=\"0 0 " + Num(width) + " " + Num(height) +
         "\" role=\"img\" aria-label=\"" + std::string(label) + "\">\n";
}

// A horizontal bar chart's axis: the smallest scale (with a round tick step) that holds `max`.
struct Axis {
  double max;
  double step;
};
Axis AxisFor(double max) {
  constexpr std::array<Axis, 6> kAxes = {
      {{0.1, 0.02}, {0.2, 0.05}, {0.4, 0.1}, {0.6, 0.1}, {0.8, 0.2}, {1.0, 0.2}}};
  for (const Axis& a : kAxes) {
    if (max <= a.max + 1e-9) return a;
  }
  return kAxes.back();
}

struct BarRow {
  std::string name;
  Cell cell;
  const redteam::RiskThresholds* thresholds = nullptr;  // drawn as marks when set
  std::string fill;
  std::string note;  // after the value: "high"
};

constexpr std::array<const char*, 3> kThresholdNames = {"medium", "high", "critical"};
constexpr std::array<const char*, 3> kThresholdLetters = {"M", "H", "C"};
constexpr std::array<const char*, 3> kThresholdColours = {"#b7791f", "#c05621", "#9b2c2c"};

std::string BarChart(std::string_view id, std::string_view label, const std::vector<BarRow>& rows) {
  std::vector<std::string> names;
  double max = 0;
  for (const BarRow& r : rows) {
    names.push_back(r.name);
    max = std::max(max, r.cell.rate());
    if (r.thresholds) max = std::max(max, r.thresholds->critical);
  }
  const Axis axis = AxisFor(max);
  const double left = LabelWidth(names), plot = 440, right = 210, top = 18, row_h = 34, bar_h = 18;
  const double height = top + row_h * static_cast<double>(rows.size()) + 28;
  const auto x_of = [&](double rate) { return left + std::min(rate, axis.max) / axis.max * plot; };

  std::string s = SvgOpen(id, left + plot + right, height, label);
  // Grid and tick labels.
  const double bottom = top + row_h * static_cast<double>(rows.size());
  for (int i = 0; static_cast<double>(i) * axis.step <= axis.max + 1e-9; ++i) {
    const double t = static_cast<double>(i) * axis.step, x = x_of(t);
    s += "<line class=\"grid\" x1=\"" + Num(x) + "\" y1=\"" + Num(top - 4) + "\" x2=\"" + Num(x) +
         "\" y2=\"" + Num(bottom) + "\"/>";
    s += "<text class=\"tick\" x=\"" + Num(x) + "\" y=\"" + Num(bottom + 16) +
         "\" text-anchor=\"middle\">" + Fixed(t * 100, 0) + "%</text>\n";
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    const BarRow& r = rows[i];
    const double y = top + row_h * static_cast<double>(i) + (row_h - bar_h) / 2;
    const double judged = static_cast<double>(r.cell.attempts - r.cell.errors);
    s += "<g class=\"row\">";
    s += "<text class=\"label\" x=\"" + Num(left - 10) + "\" y=\"" + Num(y + bar_h / 2 + 4) +
         "\" text-anchor=\"end\">" + Label(r.name) + "<title>" + Escape(r.name) + "</title></text>";
    s += "<rect class=\"track\" x=\"" + Num(left) + "\" y=\"" + Num(y) + "\" width=\"" + Num(plot) +
         "\" height=\"" + Num(bar_h) + "\"/>";
    // A judged 0% bar is drawn as a 2 px stub so "nothing succeeded" differs from "not run".
    const double w = judged == 0 ? 0 : std::max(2.0, x_of(r.cell.rate()) - left);
    s += "<rect class=\"bar\" x=\"" + Num(left) + "\" y=\"" + Num(y) + "\" width=\"" + Num(w) +
         "\" height=\"" + Num(bar_h) + "\" fill=\"" + r.fill + "\" data-rate=\"" +
         Fixed(r.cell.rate(), 4) + "\"><title>" + Escape(r.name) + ": " + Percent(r.cell.rate()) +
         " (" + CellSummary(r.cell) + ")</title></rect>";
    if (r.thresholds) {
      const std::array<double, 3> t = {r.thresholds->medium, r.thresholds->high,
                                       r.thresholds->critical};
      for (size_t k = 0; k < t.size(); ++k) {
        if (t[k] > axis.max + 1e-9) continue;  // off the scale (the axis covers 100% at most)
        const double x = x_of(t[k]);
        s += "<rect class=\"threshold\" data-level=\"" + std::string(kThresholdNames[k]) +
             "\" x=\"" + Num(x - 1.25) + "\" y=\"" + Num(y - 4) + "\" width=\"2.5\" height=\"" +
             Num(bar_h + 8) + "\" fill=\"" + kThresholdColours[k] +
             "\" stroke=\"#fff\" stroke-width=\"0.75\"><title>" + kThresholdNames[k] +
             " threshold: " + Percent(t[k]) + "</title></rect>";
        s += "<text class=\"mark\" x=\"" + Num(x) + "\" y=\"" + Num(y - 6) +
             "\" text-anchor=\"middle\" fill=\"" + kThresholdColours[k] + "\">" +
             kThresholdLetters[k] + "</text>";
      }
    }
    std::string value = judged == 0 ? "no judged attempts"
                                    : Percent(r.cell.rate()) + "  \xC2\xB7  " +
                                          std::to_string(r.cell.successes) + "/" +
                                          std::to_string(r.cell.attempts - r.cell.errors);
    if (!r.note.empty()) value += "  \xC2\xB7  " + r.note;
    s += "<text class=\"value\" x=\"" + Num(left + plot + 10) + "\" y=\"" + Num(y + bar_h / 2 + 4) +
         "\">" + Escape(value) + "</text></g>\n";
  }
  s += "</svg>\n";
  return s;
}

}  // namespace

std::string RateColour(double rate) {
  rate = std::clamp(std::isfinite(rate) ? rate : 0.0, 0.0, 1.0);
  size_t i = 1;
  while (i + 1 < kStops.size() && rate > kStops[i].rate) ++i;
  const Stop& a = kStops[i - 1];
  const Stop& b = kStops[i];
  const double f = (rate - a.rate) / (b.rate - a.rate);
  const auto mix = [&](int x, int y) {
    return static_cast<int>(std::lround(x + (y - x) * std::clamp(f, 0.0, 1.0)));
  };
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b));
  return buf;
}

std::vector<std::string> ReportStrategies(const redteam::Scorecard& scorecard) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const std::string& s : scorecard.info.strategies) {
    if (seen.insert(s).second) out.push_back(s);
  }
  for (const auto& [name, cell] : scorecard.by_strategy) {  // std::map: sorted by name
    if (seen.insert(name).second) out.push_back(name);
  }
  return out;
}

std::string HeatMapSvg(const redteam::Scorecard& scorecard,
                       const std::vector<std::string>& strategies) {
  if (scorecard.categories.empty() || strategies.empty()) {
    return "<p class=\"note\">No attempts: nothing to map.</p>\n";
  }
  std::vector<std::string> rows;
  for (const redteam::CategoryScore& c : scorecard.categories) {
    rows.emplace_back(redteam::AttackCategoryName(c.category));
  }
  size_t longest = 0;
  for (const std::string& s : strategies) {
    longest = std::max(longest, std::min(html::CodePoints(html::ValidUtf8(s)), kMaxLabelChars + 1));
  }
  // Column labels are rotated 45 degrees: a label of n characters needs about n * 7 * sin(45)
  // pixels above the grid and as much to the right of its column.
  const double slant = static_cast<double>(longest) * kCharWidth * 0.71;
  const double left = LabelWidth(rows), top = slant + 24, cell_w = 76, cell_h = 42, gap = 3;
  const double width = left + cell_w * static_cast<double>(strategies.size()) + slant + 10;
  const double height = top + cell_h * static_cast<double>(rows.size()) + 8;

  std::string s = SvgOpen("heatmap", width, height, "Attack success rate by category and strategy");
  s += "<text class=\"axis-title\" x=\"" + Num(left - 10) + "\" y=\"" + Num(top - 8) +
       "\" text-anchor=\"end\">category \\ strategy</text>\n";
  for (size_t j = 0; j < strategies.size(); ++j) {
    const double cx = left + cell_w * (static_cast<double>(j) + 0.5);
    s += "<text class=\"col-label\" transform=\"translate(" + Num(cx - 4) + " " + Num(top - 8) +
         ") rotate(-45)\">" + Label(strategies[j]) + "<title>" + Escape(strategies[j]) +
         "</title></text>\n";
  }
  for (size_t i = 0; i < scorecard.categories.size(); ++i) {
    const redteam::CategoryScore& c = scorecard.categories[i];
    const double y = top + cell_h * static_cast<double>(i);
    s += "<text class=\"label\" x=\"" + Num(left - 10) + "\" y=\"" + Num(y + cell_h / 2 + 4) +
         "\" text-anchor=\"end\">" + Escape(rows[i]) + "</text>\n";
    for (size_t j = 0; j < strategies.size(); ++j) {
      const auto it = c.by_strategy.find(strategies[j]);
      const Cell cell = it == c.by_strategy.end() ? Cell{} : it->second;
      const bool judged = cell.attempts > cell.errors;
      const double x = left + cell_w * static_cast<double>(j);
      const std::string fill = cell.attempts == 0 ? kEmptyFill
                               : judged           ? RateColour(cell.rate())
                                                  : kErrorFill;
      const std::string rate = judged ? Fixed(cell.rate(), 4) : "none";
      const std::string tip =
          Escape(rows[i]) + " \xC3\x97 " + Escape(strategies[j]) + ": " +
          (cell.attempts == 0 ? std::string("no attempts")
                              : (judged ? Percent(cell.rate()) + ", " : "") + CellSummary(cell));
      s += "<g><rect class=\"cell\" x=\"" + Num(x + gap / 2) + "\" y=\"" + Num(y + gap / 2) +
           "\" width=\"" + Num(cell_w - gap) + "\" height=\"" + Num(cell_h - gap) +
           "\" rx=\"3\" fill=\"" + fill + "\" data-category=\"" + Escape(rows[i]) +
           "\" data-strategy=\"" + Escape(strategies[j]) + "\" data-rate=\"" + rate +
           "\" data-attempts=\"" + std::to_string(cell.attempts) + "\"><title>" + tip +
           "</title></rect>";
      const std::string ink = judged && IsDark(cell.rate()) ? " dark" : "";
      const double cx = x + cell_w / 2;
      if (cell.attempts == 0) {
        s += "<text class=\"cell-text empty\" x=\"" + Num(cx) + "\" y=\"" +
             Num(y + cell_h / 2 + 5) + "\" text-anchor=\"middle\">\xE2\x80\x93</text>";
      } else {
        s += "<text class=\"cell-text" + ink + "\" x=\"" + Num(cx) + "\" y=\"" +
             Num(y + cell_h / 2 - 1) + "\" text-anchor=\"middle\">" +
             (judged ? Percent(cell.rate()) : std::string("error")) + "</text>";
        std::string counts =
            std::to_string(cell.successes) + "/" + std::to_string(cell.attempts - cell.errors);
        if (cell.errors) counts += " +" + std::to_string(cell.errors) + "e";
        s += "<text class=\"cell-sub" + ink + "\" x=\"" + Num(cx) + "\" y=\"" +
             Num(y + cell_h / 2 + 12) + "\" text-anchor=\"middle\">" + counts + "</text>";
      }
      s += "</g>\n";
    }
  }
  s += "</svg>\n";
  return s;
}

std::string CategoryBarsSvg(const redteam::Scorecard& scorecard) {
  if (scorecard.categories.empty()) return "<p class=\"note\">No attempts: nothing to chart.</p>\n";
  static constexpr std::array<const char*, 4> kLevelFills = {"#48a868", "#e0a526", "#e07b39",
                                                             "#c53030"};
  std::vector<BarRow> rows;
  for (const redteam::CategoryScore& c : scorecard.categories) {
    BarRow r;
    r.name = redteam::AttackCategoryName(c.category);
    r.cell = c.total;
    r.thresholds = &c.thresholds;
    r.fill = kLevelFills[static_cast<size_t>(c.level)];
    r.note = std::string(redteam::RiskLevelName(c.level));
    rows.push_back(std::move(r));
  }
  return BarChart("category-bars", "Attack success rate per category with risk thresholds", rows);
}

std::string StrategyBarsSvg(const redteam::Scorecard& scorecard,
                            const std::vector<std::string>& strategies) {
  std::vector<BarRow> rows;
  for (const std::string& name : strategies) {
    const auto it = scorecard.by_strategy.find(name);
    if (it == scorecard.by_strategy.end() || it->second.attempts == 0) continue;
    BarRow r;
    r.name = name;
    r.cell = it->second;
    r.fill = RateColour(r.cell.rate());
    rows.push_back(std::move(r));
  }
  if (rows.empty()) return "<p class=\"note\">No attempts: nothing to chart.</p>\n";
  return BarChart("strategy-bars", "Attack success rate per strategy over all categories", rows);
}

std::string RateLegendHtml() {
  std::string s = "<div class=\"legend\">Success rate: ";
  for (double r : {0.0, 0.05, 0.15, 0.30, 0.60, 1.0}) {
    s += "<span class=\"swatch\" style=\"background:" + RateColour(r) + "\"></span>" +
         Fixed(r * 100, 0) + "% ";
  }
  s += "<span class=\"swatch\" style=\"background:" + std::string(kEmptyFill) +
       "\"></span>no attempts <span class=\"swatch\" style=\"background:" + kErrorFill +
       "\"></span>only errors</div>\n";
  return s;
}

}  // namespace frontseat::report
