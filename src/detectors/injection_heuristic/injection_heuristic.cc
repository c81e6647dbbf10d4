// The injection_heuristic detector: rules.h turned into PatternSpecs at construction, matches
// turned into scored findings per view. The phrasing knowledge lives in rules.h; this file only
// expands the rule dialect and does the scoring.
#include "detectors/injection_heuristic/injection_heuristic.h"

#include <algorithm>
#include <array>
#include <vector>

#include "core/utf8.h"
#include "detectors/common/excerpt.h"
#include "detectors/injection_heuristic/rules.h"

namespace frontseat::detectors {
namespace {

// What a space in a rule stands for: 1 to 6 bytes that are neither word characters nor sentence
// ends. Six bytes cover "--", a few spaces, a typographic quote or dash (3 bytes in UTF-8), and
// markdown emphasis; sentence ends are excluded so a rule never joins two sentences. The class
// is the complement of \w (plus . ! ? ;) so that it never competes with the \w{1,15} word slots
// of the rules: measured, overlapping classes cost several times more vectorscan compile time.
constexpr std::string_view kGap = R"([^\w.!?;]{1,6})";
// NFKC leaves U+2019 (right single quotation mark) alone, and it is what phones and word
// processors type for an apostrophe. The bytes are written out because patterns are matched as
// bytes (vectorscan without UTF-8 mode, RE2 in Latin-1 mode).
constexpr std::string_view kApostrophe = R"((?:'|\xE2\x80\x99))";
// Placeholders may use other placeholders; three rounds are more than rules.h needs, and the
// bound keeps a placeholder that names itself from looping.
constexpr int kPlaceholderRounds = 3;
// Longest preview, in bytes, including the trailing "..." of a cut excerpt.
constexpr size_t kMaxPreview = 60;
// Rounding slack when comparing the combined score with min_score.
constexpr double kScoreTolerance = 1e-9;

std::string ExpandPlaceholders(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    if (in[i] == '{') {
      size_t j = i + 1;
      while (j < in.size() && ((in[j] >= 'A' && in[j] <= 'Z') || in[j] == '_')) ++j;
      if (j > i + 1 && j < in.size() && in[j] == '}') {
        std::string_view name = in.substr(i + 1, j - i - 1);
        const InjectionPlaceholder* found = nullptr;
        for (const InjectionPlaceholder& p : kInjectionPlaceholders) {
          if (p.name == name) found = &p;
        }
        // An unknown name stays as written; RE2 then rejects "{NAME}" and the engine's
        // compile error names the pattern, which the rules test catches first.
        if (found != nullptr) {
          out += found->regex;
          i = j + 1;
          continue;
        }
      }
    }
    out += in[i++];
  }
  return out;
}

// A one-line excerpt of the matched phrase. Injection phrasing is not a secret, so it is shown
// as is (cut to kMaxPreview bytes at a code point boundary), which is what a reviewer needs.
class InjectionHeuristicDetector final : public Detector {
 public:
  explicit InjectionHeuristicDetector(InjectionHeuristicConfig config)
      : config_(std::move(config)) {
    for (const InjectionRule& rule : kInjectionRules) {
      if (!config_.families[static_cast<size_t>(rule.family)]) continue;
      rules_.push_back(&rule);
      patterns_.push_back({ExpandInjectionPattern(rule.regex), rule.case_insensitive});
    }
  }

  std::string_view id() const override { return "injection.heuristic"; }
  std::span<const PatternSpec> Patterns() const override { return patterns_; }

  void Scan(const ScanView& view, std::span<const PatternMatch> matches,
            std::vector<Finding>& out) const override {
    if (matches.empty()) return;
    // Evidence per family is its strongest rule: repeating one kind of phrasing is not more
    // evidence, while distinct kinds are (mostly) independent evidence, hence the noisy-or.
    std::array<double, kInjectionFamilyCount> best{};
    struct Span {
      size_t family;
      uint32_t begin;
      uint32_t end;
    };
    std::vector<Span> spans;
    std::array<int, kInjectionFamilyCount> open;  // per family, index of its last span
    open.fill(-1);
    for (const PatternMatch& m : matches) {
      if (m.pattern >= rules_.size() || m.begin >= m.end || m.end > view.text.size()) continue;
      const InjectionRule& rule = *rules_[m.pattern];
      const auto f = static_cast<size_t>(rule.family);
      best[f] = std::max(best[f], rule.weight);
      // Matches arrive sorted by begin, so overlapping matches of one family (several rules on
      // "ignore all previous instructions") merge into the family's last span.
      if (open[f] >= 0 && spans[open[f]].end >= m.begin) {
        spans[open[f]].end = std::max(spans[open[f]].end, m.end);
      } else {
        open[f] = static_cast<int>(spans.size());
        spans.push_back({f, m.begin, m.end});
      }
    }
    double keep = 1.0;
    for (double w : best) keep *= 1.0 - w;
    const double score = 1.0 - keep;
    // 1 - (1 - 0.6) is 0.59999999999999998: the tolerance keeps a lone rule of weight w
    // reporting at min_score w, as the weights table promises.
    if (spans.empty() || score + kScoreTolerance < config_.min_score) return;

    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
      return a.begin != b.begin ? a.begin < b.begin : a.family < b.family;
    });
    if (spans.size() > config_.max_findings) spans.resize(config_.max_findings);
    for (const Span& s : spans) {
      Finding finding;
      finding.detector = "injection.heuristic";
      finding.category = Category::kPromptInjection;
      finding.subcategory = std::string(kInjectionFamilyNames[s.family]);
      finding.score = score;
      finding.start = s.begin;
      finding.end = s.end;
      finding.preview = TextExcerpt(view.text.substr(s.begin, s.end - s.begin), kMaxPreview);
      out.push_back(std::move(finding));
    }
  }

 private:
  InjectionHeuristicConfig config_;
  std::vector<const InjectionRule*> rules_;  // parallel to patterns_
  std::vector<PatternSpec> patterns_;
};

}  // namespace

std::string ExpandInjectionPattern(std::string_view rule_regex) {
  std::string in(rule_regex);
  for (int round = 0; round < kPlaceholderRounds && in.find('{') != std::string::npos; ++round) {
    std::string next = ExpandPlaceholders(in);
    if (next == in) break;
    in = std::move(next);
  }
  // Spaces and apostrophes are rewritten only outside character classes: inside one they keep
  // their literal meaning ("[a-z' ]").
  std::string out;
  out.reserve(in.size() * 2);
  bool in_class = false;
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '\\' && i + 1 < in.size()) {
      out += c;
      out += in[++i];
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      out += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      // "[]...]" and "[^]...]": a ']' right after the opening is a member, not the end.
      if (i + 1 < in.size() && in[i + 1] == '^') out += in[++i];
      if (i + 1 < in.size() && in[i + 1] == ']') out += in[++i];
      continue;
    }
    if (c == ' ') {
      out += kGap;
    } else if (c == '\'') {
      out += kApostrophe;
    } else {
      out += c;
    }
  }
  return out;
}

std::unique_ptr<Detector> MakeInjectionHeuristicDetector(InjectionHeuristicConfig config) {
  return std::make_unique<InjectionHeuristicDetector>(std::move(config));
}

}  // namespace frontseat::detectors
