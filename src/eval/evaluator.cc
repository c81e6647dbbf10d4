// The evaluation runner (see evaluator.h). Rows are parsed with a Boost.JSON DOM per line: unlike
// the streaming scan readers, eval needs three fields per row and its inputs are small.
//
// Thread model: with N > 1 threads, workers pull row indices from an atomic counter and write
// each row's result into its own slot, so the aggregation afterwards runs in input order and the
// counts do not depend on scheduling.
#include "eval/evaluator.h"

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "policy/policy.h"

namespace frontseat::eval {

namespace {

bool Contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// The message for a malformed row, or empty when the row parsed.
std::string ParseRow(std::string_view line, uint64_t line_number, const LabelSets& labels,
                     LabeledSet& set, std::optional<LabeledDoc>& doc) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(line, ec);
  if (ec) return "invalid JSON: " + ec.message();
  if (!v.is_object()) return "expected a JSON object";
  const boost::json::object& obj = v.get_object();
  const boost::json::value* text = obj.if_contains("text");
  const boost::json::value* label = obj.if_contains("label");
  const boost::json::value* category = obj.if_contains("category");
  if (text == nullptr || !text->is_string()) return "field \"text\": expected a string";
  if (label == nullptr || !label->is_string()) return "field \"label\": expected a string";
  if (category != nullptr && !category->is_string() && !category->is_null()) {
    return "field \"category\": expected a string";
  }
  const std::string_view label_value = label->get_string();
  const bool positive = Contains(labels.positive, label_value);
  if (!positive && !Contains(labels.negative, label_value)) {
    ++set.skipped;
    return {};
  }
  LabeledDoc d;
  d.text = std::string(text->get_string());
  d.positive = positive;
  d.label = std::string(label_value);
  d.line = line_number;
  if (category != nullptr && category->is_string()) {
    d.category = std::string(category->get_string());
  }
  doc = std::move(d);
  return {};
}

bool Listed(const EvalSettings& settings, Category c) {
  return settings.categories.empty() ||
         std::find(settings.categories.begin(), settings.categories.end(), c) !=
             settings.categories.end();
}

// Whether a decision flags the document, given the categories that count (see EvalSettings).
bool Counts(const Guard& guard, const EvalSettings& settings, const Decision& d) {
  if (settings.categories.empty()) return d.action != Action::kAllow;
  for (const Finding& f : d.findings) {
    if (Listed(settings, f.category) &&
        guard.policy().categories[static_cast<size_t>(f.category)].action != Action::kAllow) {
      return true;
    }
  }
  return false;
}

struct RowOutcome {
  bool flagged = false;
  double latency_us = 0;
  std::optional<Decision> decision;  // kept for misclassified rows when collecting errors
};

void RunRows(const Guard& guard, const LabeledSet& set, const EvalSettings& settings,
             std::vector<RowOutcome>& outcomes) {
  auto check = [&](size_t i) {
    auto start = std::chrono::steady_clock::now();
    Decision d = guard.Check(set.docs[i].text);
    auto stop = std::chrono::steady_clock::now();
    outcomes[i].flagged = Counts(guard, settings, d);
    outcomes[i].latency_us = std::chrono::duration<double, std::micro>(stop - start).count();
    if (settings.collect_rows ||
        (settings.collect_errors && outcomes[i].flagged != set.docs[i].positive)) {
      outcomes[i].decision = std::move(d);
    }
  };
  if (settings.threads <= 1 || set.docs.size() <= 1) {
    for (size_t i = 0; i < set.docs.size(); ++i) check(i);
    return;
  }
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < set.docs.size(); i = next++) check(i);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < settings.threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

}  // namespace

Result<LabeledSet> LoadLabeledJsonl(const std::string& path, const LabelSets& labels) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open file");
  LabeledSet set;
  set.path = path;
  set.name = std::filesystem::path(path).stem().string();
  std::string line;
  uint64_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string_view view = line;
    // A UTF-8 byte order mark before the first row is not part of it.
    if (line_number == 1 && view.starts_with("\xEF\xBB\xBF")) view.remove_prefix(3);
    if (view.find_first_not_of(" \t") == std::string_view::npos) continue;
    std::optional<LabeledDoc> doc;
    std::string problem = ParseRow(view, line_number, labels, set, doc);
    if (!problem.empty()) {
      set.errors.push_back(path + ":" + std::to_string(line_number) + ": " + problem);
      continue;
    }
    if (doc) set.docs.push_back(std::move(*doc));
  }
  if (in.bad()) return Status::Io(path + ": read error");
  return set;
}

SetResult EvaluateSet(const Guard& guard, const LabeledSet& set, const EvalSettings& settings) {
  SetResult r;
  r.name = set.name;
  r.rows = set.docs.size();
  r.skipped = set.skipped;
  r.malformed = set.errors.size();

  std::vector<RowOutcome> outcomes(set.docs.size());
  // One untimed check first: the first call on a thread sets up per-thread scratch and would
  // otherwise land in p99 on small sets.
  if (!set.docs.empty()) (void)guard.Check(set.docs.front().text);
  auto start = std::chrono::steady_clock::now();
  RunRows(guard, set, settings, outcomes);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.docs_per_second = seconds > 0 ? static_cast<double>(set.docs.size()) / seconds : 0;

  // Only label "(none)" when a set mixes rows with and without a category; a set without any
  // categories gets no category rows at all.
  const bool any_category = std::any_of(set.docs.begin(), set.docs.end(),
                                        [](const LabeledDoc& d) { return !d.category.empty(); });
  std::map<std::string, Confusion> by_category;
  std::vector<double> latencies;
  latencies.reserve(outcomes.size());
  for (size_t i = 0; i < set.docs.size(); ++i) {
    const LabeledDoc& doc = set.docs[i];
    r.confusion.Add(doc.positive, outcomes[i].flagged);
    if (any_category) {
      by_category[doc.category.empty() ? "(none)" : doc.category].Add(doc.positive,
                                                                      outcomes[i].flagged);
    }
    latencies.push_back(outcomes[i].latency_us);
    if (!outcomes[i].decision) continue;
    if (settings.collect_rows) {
      r.rows_out.push_back({&doc, *outcomes[i].decision, outcomes[i].flagged, {}});
    }
    if (settings.collect_errors && outcomes[i].flagged != doc.positive) {
      r.errors.push_back({&doc, std::move(*outcomes[i].decision)});
    }
  }
  for (auto& [name, confusion] : by_category) r.categories.push_back({name, confusion});
  r.latency_p50_us = Percentile(latencies, 0.50);
  r.latency_p99_us = Percentile(std::move(latencies), 0.99);

  // A second, untimed pass over the raw findings: the sweep's scores and the rows' raw scores.
  std::vector<double> positive_scores;
  std::vector<double> negative_scores;
  if (settings.sweep || settings.collect_rows) {
    for (size_t i = 0; i < set.docs.size(); ++i) {
      const LabeledDoc& doc = set.docs[i];
      double score = 0;
      for (const Finding& f : guard.RawFindings(doc.text)) {
        if (Listed(settings, f.category)) score = std::max(score, f.score);
        if (settings.collect_rows) {
          double& best = r.rows_out[i].raw_scores[f.detector];
          best = std::max(best, f.score);
        }
      }
      (doc.positive ? positive_scores : negative_scores).push_back(score);
    }
  }
  if (settings.sweep) {
    SweepResult sweep;
    sweep.auc = RocAuc(positive_scores, negative_scores);
    for (double target : kSweepTargets) {
      sweep.at_fpr.push_back(RecallAtFalsePositiveRate(positive_scores, negative_scores, target));
    }
    r.sweep = std::move(sweep);
  }
  return r;
}

}  // namespace frontseat::eval
