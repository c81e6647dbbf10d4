// The red-team report page: run information, per-category summary, the charts from
// redteam_charts.cc and the worst examples, as one HTML file with inline CSS and SVG and no
// script. A Content-Security-Policy meta tag forbids scripts and every network fetch, so even
// an escaping mistake could not run attack text or make the page phone home.
//
// Worst examples are the successful attempts, ordered by how damaging a success in their
// category is, then by strategy name, seed id and plan index (for a stable order):
//   harmful, secret_exfiltration, pii_exfiltration, system_prompt_extraction,
//   indirect_injection, direct_injection.
// Harmful content and leaked secrets do direct damage; leaked personal data is next; a leaked
// system prompt helps further attacks; an injection success shows control, not yet damage, and
// an indirect one (through retrieved content) is the harder to notice.
#include "report/redteam_html.h"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

#include "report/html_text.h"
#include "report/redteam_charts.h"

namespace frontseat::report {
namespace {

using html::Escape;
using html::Fixed;
using html::Percent;
using redteam::AttackCategory;
using redteam::Attempt;
using redteam::Cell;
using redteam::Scorecard;

constexpr std::array<AttackCategory, redteam::kAttackCategoryCount> kSeverityOrder = {
    AttackCategory::kHarmful,           AttackCategory::kSecretExfiltration,
    AttackCategory::kPiiExfiltration,   AttackCategory::kSystemPromptExtraction,
    AttackCategory::kIndirectInjection, AttackCategory::kDirectInjection};

size_t SeverityRank(AttackCategory c) {
  return static_cast<size_t>(std::find(kSeverityOrder.begin(), kSeverityOrder.end(), c) -
                             kSeverityOrder.begin());
}

constexpr std::string_view kCss = R"css(
:root { --ink: #1f2328; --muted: #59636e; --line: #d8dee4; --panel: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; color: var(--ink); background: #fff;
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main, header { max-width: 1180px; margin: 0 auto; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
.sub, .note, .caption { color: var(--muted); }
.stats { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.stat { background: var(--panel); border: 1px solid var(--line); border-radius: 6px;
  padding: 8px 16px; min-width: 130px; }
.stat b { display: block; font-size: 22px; }
.stat span { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
dl.info { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
dl.info dt { color: var(--muted); }
dl.info dd { margin: 0; overflow-wrap: anywhere; unicode-bidi: isolate; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12.5px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); unicode-bidi: isolate; }
th { background: var(--panel); font-weight: 600; }
table.narrow { width: auto; min-width: 40%; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 600; border-top: 2px solid var(--line); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px;
  font-weight: 600; color: #fff; }
.level-low { background: #2f855a; } .level-medium { background: #b7791f; }
.level-high { background: #c05621; } .level-critical { background: #9b2c2c; }
.cat { background: #e8eaf6; color: #283593; }
.chart-box { overflow-x: auto; }
svg.chart { display: block; max-width: 100%; height: auto; font-size: 12px; font-family: inherit; }
svg .label, svg .col-label, svg .value { fill: var(--ink); }
svg .tick, svg .axis-title { fill: var(--muted); font-size: 11px; }
svg .grid { stroke: #e5e9ee; stroke-width: 1; }
svg .track { fill: #f3f5f7; }
svg .cell-text { font-size: 13px; font-weight: 600; fill: var(--ink); }
svg .cell-sub { font-size: 10px; fill: var(--ink); }
svg .dark { fill: #fff; }
svg .empty { fill: #8b949e; }
svg .mark { font-size: 9px; font-weight: 700; }
.legend { margin: 6px 0 0; color: var(--muted); font-size: 12px; }
.swatch { display: inline-block; width: 14px; height: 10px; margin: 0 3px 0 8px;
  border: 1px solid #c9d1d9; vertical-align: -1px; }
.example { border: 1px solid var(--line); border-radius: 6px; margin: 16px 0; padding: 10px 14px;
  break-inside: avoid; }
.example h3 { font-size: 14px; margin: 0 0 8px; display: flex; flex-wrap: wrap; gap: 6px 10px;
  align-items: baseline; }
.example h3 .meta { color: var(--muted); font-weight: 400; }
.msg { margin: 6px 0; }
.role { display: inline-block; font-size: 11px; font-weight: 600; text-transform: uppercase;
  color: var(--muted); margin-bottom: 2px; }
pre { margin: 0; padding: 8px 10px; background: var(--panel); border: 1px solid var(--line);
  border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: isolate; }
.response pre { background: #fff5f5; border-color: #f1c4c4; }
.more { color: var(--muted); font-style: italic; font-size: 12px; }
ul.evidence { margin: 4px 0 0; padding-left: 20px; }
ul.evidence li { unicode-bidi: isolate; }
footer { max-width: 1180px; margin: 40px auto 0; color: var(--muted); font-size: 12px; }
@media print {
  body { padding: 0; font-size: 12px; }
  h2 { break-after: avoid; }
  .chart-box { overflow: visible; }
  pre { white-space: pre-wrap; }
}
)css";

std::string Count(uint64_t n) { return std::to_string(n); }

std::string RateText(const Cell& c) {
  return c.attempts > c.errors ? Percent(c.rate()) : std::string("\xE2\x80\x93");
}

std::string Duration(double seconds) {
  std::string s = Fixed(seconds, 1) + " s";
  if (seconds >= 60) {
    const auto total = static_cast<uint64_t>(seconds);
    s += " (" + Count(total / 60) + " min " + Count(total % 60) + " s)";
  }
  return s;
}

void Header(const Scorecard& card, std::string& out) {
  const redteam::RunInfo& info = card.info;
  out += "<header>\n<h1>frontseat red-team report</h1>\n<p class=\"sub\">Target <b>" +
         Escape(info.target.empty() ? "(unnamed)" : info.target) + "</b>";
  if (!info.model.empty()) out += ", model <b>" + Escape(info.model) + "</b>";
  out += "</p>\n<div class=\"stats\">";
  const auto stat = [&](std::string_view label, const std::string& value) {
    out += "<div class=\"stat\"><b>" + value + "</b><span>" + std::string(label) + "</span></div>";
  };
  stat("attempts", Count(card.overall.attempts));
  stat("successful attacks", Count(card.overall.successes));
  stat("errors", Count(card.overall.errors));
  stat("attack success rate", RateText(card.overall));
  out += "</div>\n<dl class=\"info\">\n";
  const auto row = [&](std::string_view key, const std::string& escaped_value) {
    out += "<dt>" + std::string(key) + "</dt><dd>" + escaped_value + "</dd>\n";
  };
  const auto code = [](const std::string& v) {
    return v.empty() ? std::string("\xE2\x80\x93") : "<code>" + Escape(v) + "</code>";
  };
  row("target", code(info.target));
  row("model", code(info.model));
  row("seed", "<code>" + Count(info.seed) + "</code>");
  row("build", code(info.build_id));
  row("policy hash", code(info.policy_hash));
  row("suite version", code(info.suite_version));
  std::string strategies;
  for (const std::string& s : info.strategies) {
    strategies += (strategies.empty() ? "" : ", ") + ("<code>" + Escape(s) + "</code>");
  }
  row("strategies", strategies.empty() ? "\xE2\x80\x93" : strategies);
  row("started", code(info.started_at));
  row("duration", Duration(info.duration_s));
  out += "</dl>\n</header>\n";
}

void Summary(const Scorecard& card, std::string& out) {
  out += "<section id=\"summary\">\n<h2>Summary by category</h2>\n";
  if (card.categories.empty()) {
    out += "<p class=\"note\">This run has no attempts.</p>\n</section>\n";
    return;
  }
  out +=
      "<p class=\"caption\">Success rate = successful attacks / (attempts \xE2\x88\x92 errors). "
      "A category's risk level is the highest threshold its rate reaches.</p>\n"
      "<table>\n<thead><tr><th>category</th><th class=\"num\">attempts</th>"
      "<th class=\"num\">successes</th><th class=\"num\">errors</th>"
      "<th class=\"num\">success rate</th><th>risk</th>"
      "<th>thresholds (medium / high / critical)</th></tr></thead>\n<tbody>\n";
  for (const redteam::CategoryScore& c : card.categories) {
    const std::string level(redteam::RiskLevelName(c.level));
    out += "<tr><td>" + Escape(redteam::AttackCategoryName(c.category)) +
           "</td><td class=\"num\">" + Count(c.total.attempts) + "</td><td class=\"num\">" +
           Count(c.total.successes) + "</td><td class=\"num\">" + Count(c.total.errors) +
           "</td><td class=\"num\">" + RateText(c.total) + "</td><td>";
    // A category whose attempts all failed has no rate: show that, not "low".
    out += c.total.attempts > c.total.errors
               ? "<span class=\"badge level-" + level + "\">" + level + "</span>"
               : std::string("<span class=\"note\">not rated (only errors)</span>");
    out += "</td><td>" + Percent(c.thresholds.medium) + " / " + Percent(c.thresholds.high) + " / " +
           Percent(c.thresholds.critical) + "</td></tr>\n";
  }
  out += "<tr class=\"total\"><td>all categories</td><td class=\"num\">" +
         Count(card.overall.attempts) + "</td><td class=\"num\">" + Count(card.overall.successes) +
         "</td><td class=\"num\">" + Count(card.overall.errors) + "</td><td class=\"num\">" +
         RateText(card.overall) + "</td><td></td><td></td></tr>\n";
  out += "</tbody>\n</table>\n</section>\n";
}

void Charts(const Scorecard& card, std::string& out) {
  const std::vector<std::string> strategies = ReportStrategies(card);
  out +=
      "<section id=\"heatmap-section\">\n<h2>Success rate by category and strategy</h2>\n"
      "<p class=\"caption\">Each cell: success rate, then successes / judged attempts "
      "(+ errors). \xE2\x80\x93 means the strategy was not run on the category.</p>\n"
      "<div class=\"chart-box\">\n" +
      HeatMapSvg(card, strategies) + "</div>\n" + RateLegendHtml() + "</section>\n";
  out +=
      "<section id=\"category-section\">\n<h2>Success rate per category against its "
      "thresholds</h2>\n<p class=\"caption\">Bar colour is the risk level; the marks "
      "M, H and C are the category's medium, high and critical thresholds.</p>\n"
      "<div class=\"chart-box\">\n" +
      CategoryBarsSvg(card) + "</div>\n</section>\n";
  out +=
      "<section id=\"strategy-section\">\n<h2>Success rate per strategy (all categories)"
      "</h2>\n<div class=\"chart-box\">\n" +
      StrategyBarsSvg(card, strategies) + "</div>\n</section>\n";
}

// An escaped excerpt in a <pre>, with a note when it was cut.
std::string Block(std::string_view text, size_t max_chars) {
  html::Excerpt e = html::Cut(text, max_chars);
  std::string s = "<pre>" + Escape(e.text) + "</pre>";
  if (e.more_chars) {
    s += "<div class=\"more\">\xE2\x80\xA6 (" + Count(e.more_chars) + " more character" +
         (e.more_chars == 1 ? "" : "s") + ")</div>";
  }
  return s;
}

void Examples(const std::vector<Attempt>& attempts, const RedteamHtmlOptions& options,
              std::string& out) {
  std::vector<const Attempt*> wins;
  for (const Attempt& a : attempts) {
    if (a.outcome == redteam::Outcome::kSuccess) wins.push_back(&a);
  }
  std::sort(wins.begin(), wins.end(), [](const Attempt* a, const Attempt* b) {
    const size_t ra = SeverityRank(a->category), rb = SeverityRank(b->category);
    if (ra != rb) return ra < rb;
    if (a->strategy != b->strategy) return a->strategy < b->strategy;
    if (a->seed_id != b->seed_id) return a->seed_id < b->seed_id;
    return a->index < b->index;
  });
  out += "<section id=\"worst-examples\">\n<h2>Worst examples</h2>\n";
  if (wins.empty()) {
    out +=
        "<p class=\"note\">No successful attacks in this run: there are no examples to show."
        "</p>\n</section>\n";
    return;
  }
  const size_t shown = std::min(wins.size(), options.max_examples);
  out += "<p class=\"caption\">Showing " + Count(shown) + " of " + Count(wins.size()) +
         " successful attacks, most damaging categories first (harmful, secret_exfiltration, "
         "pii_exfiltration, system_prompt_extraction, indirect_injection, direct_injection), "
         "then by strategy and seed. Texts are cut at " +
         Count(options.max_example_chars) + " characters.</p>\n";
  for (size_t i = 0; i < shown; ++i) {
    const Attempt& a = *wins[i];
    out += "<article class=\"example\">\n<h3><span>#" + Count(i + 1) +
           "</span><span class=\"badge cat\">" + Escape(redteam::AttackCategoryName(a.category)) +
           "</span>";
    if (!a.hazard.empty())
      out += "<span class=\"meta\">hazard <b>" + Escape(a.hazard) + "</b></span>";
    out += "<span class=\"meta\">strategy <b>" + Escape(a.strategy) +
           "</b></span><span class=\"meta\">seed <code>" + Escape(a.seed_id) +
           "</code></span><span class=\"meta\">attempt " + Count(a.index) +
           "</span></h3>\n<div class=\"prompt\">\n";
    for (const redteam::Message& m : a.prompt) {
      out += "<div class=\"msg\"><span class=\"role\">" + Escape(m.role) + "</span>" +
             Block(m.content, options.max_example_chars) + "</div>\n";
    }
    out += "</div>\n<div class=\"msg response\"><span class=\"role\">target response</span>" +
           Block(a.response, options.max_example_chars) + "</div>\n";
    if (!a.evidence.empty()) {
      out += "<ul class=\"evidence\">";
      for (const redteam::Evidence& e : a.evidence) {
        out += "<li><b>" + Escape(e.kind) + "</b>: " + Escape(e.detail) + "</li>";
      }
      out += "</ul>\n";
    }
    out += "</article>\n";
  }
  out += "</section>\n";
}

// Attempts that failed to run are left out of every rate; the operator still needs to know why.
void Errors(const std::vector<Attempt>& attempts, std::string& out) {
  std::map<std::string, uint64_t> by_message;
  for (const Attempt& a : attempts) {
    if (a.outcome == redteam::Outcome::kError) ++by_message[html::Cut(a.error, 300).text];
  }
  if (by_message.empty()) return;
  std::vector<std::pair<std::string, uint64_t>> rows(by_message.begin(), by_message.end());
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  constexpr size_t kMaxRows = 10;
  out +=
      "<section id=\"errors\">\n<h2>Errors</h2>\n<p class=\"caption\">Attempts that failed "
      "to run are not counted in any success rate.</p>\n<table class=\"narrow\">\n<thead><tr>"
      "<th class=\"num\">attempts</th><th>error</th></tr></thead>\n<tbody>\n";
  for (size_t i = 0; i < rows.size() && i < kMaxRows; ++i) {
    out += "<tr><td class=\"num\">" + Count(rows[i].second) + "</td><td><code>" +
           Escape(rows[i].first.empty() ? "(no message)" : rows[i].first) + "</code></td></tr>\n";
  }
  out += "</tbody>\n</table>\n";
  if (rows.size() > kMaxRows) {
    out += "<p class=\"note\">" + Count(rows.size() - kMaxRows) + " more distinct errors.</p>\n";
  }
  out += "</section>\n";
}

}  // namespace

std::string RenderRedteamHtml(const Scorecard& scorecard, const std::vector<Attempt>& attempts,
                              const RedteamHtmlOptions& options) {
  std::string out;
  out.reserve(64 * 1024);
  out +=
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; img-src data:\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"frontseat redteam\">\n<title>frontseat red-team "
      "report: " +
      Escape(scorecard.info.target) + "</title>\n<style>" + std::string(kCss) +
      "</style>\n</head>\n<body>\n";
  Header(scorecard, out);
  out += "<main>\n";
  Summary(scorecard, out);
  Charts(scorecard, out);
  Examples(attempts, options, out);
  Errors(attempts, out);
  out += "</main>\n<footer>Generated by frontseat redteam. Seed " + Count(scorecard.info.seed) +
         ", build " + Escape(scorecard.info.build_id) + ", policy " +
         Escape(scorecard.info.policy_hash) + ", suite " + Escape(scorecard.info.suite_version) +
         ". Prompts and responses are shown as text; nothing on this page runs or loads "
         "anything.</footer>\n</body>\n</html>\n";
  return out;
}

}  // namespace frontseat::report
