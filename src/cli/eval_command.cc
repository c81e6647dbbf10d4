// `frontseat eval` (see eval_command.h): option checks, one data set at a time through the
// evaluator, then rendering as a table and as JSON. Sets are loaded and evaluated one after the
// other so memory holds one set at a time.
#include "cli/eval_command.h"

#include "cli/train_command.h"
#include "eval/split.h"
#include "eval/train.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <optional>
#include <thread>
#include <tuple>

#include <boost/json.hpp>

#include "eval/evaluator.h"
#include "frontseat/guard.h"
#include "policy/policy.h"

namespace frontseat::cli {

namespace {

std::vector<std::string> SplitLabels(const std::string& list) {
  std::vector<std::string> labels;
  size_t begin = 0;
  while (begin <= list.size()) {
    size_t end = list.find(',', begin);
    if (end == std::string::npos) end = list.size();
    std::string label = list.substr(begin, end - begin);
    label.erase(0, label.find_first_not_of(" \t"));
    label.erase(label.find_last_not_of(" \t") + 1);
    if (!label.empty() && std::find(labels.begin(), labels.end(), label) == labels.end()) {
      labels.push_back(label);
    }
    begin = end + 1;
  }
  return labels;
}

std::string Fixed(std::optional<double> v, int decimals) {
  if (!v || !std::isfinite(*v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, *v);
  return buf;
}

// Pads to `width` display columns; counts UTF-8 code points, not bytes, so "µs" lines up.
std::string Pad(const std::string& s, size_t width, bool left_align) {
  size_t columns = 0;
  for (unsigned char c : s) columns += (c & 0xC0) != 0x80;
  if (columns >= width) return s;
  std::string fill(width - columns, ' ');
  return left_align ? s + fill : fill + s;
}

// Ratios round to 6 decimals in JSON: enough for any set we have, and stable across libm versions.
boost::json::value JsonRatio(std::optional<double> v) {
  if (!v || !std::isfinite(*v)) return nullptr;
  return std::round(*v * 1e6) / 1e6;
}

boost::json::object JsonMetrics(const eval::Confusion& c) {
  const eval::Ratios r = eval::ComputeRatios(c);
  return {{"tp", c.tp},
          {"fp", c.fp},
          {"fn", c.fn},
          {"tn", c.tn},
          {"precision", JsonRatio(r.precision)},
          {"recall", JsonRatio(r.recall)},
          {"f1", JsonRatio(r.f1)},
          {"fpr", JsonRatio(r.fpr)},
          {"accuracy", JsonRatio(r.accuracy)}};
}

boost::json::object JsonSet(const eval::SetResult& s) {
  boost::json::array categories;
  for (const auto& c : s.categories) {
    categories.push_back(
        boost::json::object{{"name", c.name}, {"metrics", JsonMetrics(c.confusion)}});
  }
  boost::json::object set{{"name", s.name},
                          {"rows", s.rows},
                          {"skipped", s.skipped},
                          {"malformed", s.malformed},
                          {"metrics", JsonMetrics(s.confusion)},
                          {"latency_us",
                           {{"p50", std::round(s.latency_p50_us * 10) / 10},
                            {"p99", std::round(s.latency_p99_us * 10) / 10}}},
                          {"docs_per_second", std::round(s.docs_per_second)},
                          {"categories", std::move(categories)},
                          {"sweep", nullptr}};
  if (s.sweep) {
    boost::json::array at;
    for (const auto& a : s.sweep->at_fpr) {
      at.push_back(boost::json::object{{"target_fpr", a.target_fpr},
                                       {"threshold", JsonRatio(a.threshold)},
                                       {"fpr", JsonRatio(a.fpr)},
                                       {"recall", JsonRatio(a.recall)}});
    }
    set["sweep"] = boost::json::object{
        {"score", "max raw finding score"},
        {"threshold_rule",
         "smallest threshold with FPR <= target on this set's negatives; flagged when score > "
         "threshold"},
        {"auc", JsonRatio(s.sweep->auc)},
        {"recall_at_fpr", std::move(at)}};
  }
  return set;
}

// What an --errors line and a --rows line share: where the row is, what it should have been, and
// the decision with its findings (previews are masked by the engine; the text is the user's own
// data, written as is).
boost::json::object JsonRowDecision(const std::string& set, const eval::LabeledDoc& doc,
                                    const Decision& decision) {
  boost::json::object scores;
  for (size_t c = 0; c < kCategoryCount; ++c) {
    if (decision.scores[c] > 0) {
      scores[CategoryName(static_cast<Category>(c))] = JsonRatio(decision.scores[c]);
    }
  }
  boost::json::array findings;
  for (const Finding& f : decision.findings) {
    findings.push_back(boost::json::object{{"detector", f.detector},
                                           {"category", CategoryName(f.category)},
                                           {"subcategory", f.subcategory},
                                           {"score", JsonRatio(f.score)},
                                           {"start", f.start},
                                           {"end", f.end},
                                           {"via", f.via}});
  }
  return {{"set", set},
          {"line", doc.line},
          {"label", doc.label},
          {"category", doc.category},
          {"action", ActionName(decision.action)},
          {"scores", std::move(scores)},
          {"findings", std::move(findings)},
          {"text", doc.text}};
}

// One misclassified row (--errors).
boost::json::object JsonError(const std::string& set, const eval::RowError& e) {
  boost::json::object o = JsonRowDecision(set, *e.doc, e.decision);
  o["error"] = e.doc->positive ? "false_negative" : "false_positive";
  return o;
}

// One evaluated row (--rows): also its outcome and every detector's highest raw score.
boost::json::object JsonRow(const std::string& set, const eval::RowRecord& r) {
  boost::json::object o = JsonRowDecision(set, *r.doc, r.decision);
  o["outcome"] = r.doc->positive ? (r.flagged ? "tp" : "fn") : (r.flagged ? "fp" : "tn");
  o["flagged"] = r.flagged;
  boost::json::object raw;
  for (const auto& [detector, score] : r.raw_scores) raw[detector] = JsonRatio(score);
  o["raw_scores"] = std::move(raw);
  return o;
}

struct Columns {
  size_t name = 24;
};

void PrintHeader(std::ostream& out, const Columns& cols) {
  out << Pad("set / category", cols.name, true);
  for (const char* h : {"rows", "TP", "FP", "FN", "TN"}) out << Pad(h, 8, false);
  for (const char* h : {"precision", "recall", "F1", "FPR", "accuracy"}) out << Pad(h, 10, false);
  for (const char* h : {"p50 µs", "p99 µs", "docs/s"}) out << Pad(h, 10, false);
  out << '\n';
}

void PrintRow(std::ostream& out, const Columns& cols, const std::string& name,
              const eval::Confusion& c, const eval::SetResult* set) {
  const eval::Ratios r = eval::ComputeRatios(c);
  out << Pad(name, cols.name, true);
  for (uint64_t v : {c.total(), c.tp, c.fp, c.fn, c.tn}) out << Pad(std::to_string(v), 8, false);
  for (auto v : {r.precision, r.recall, r.f1, r.fpr, r.accuracy}) {
    out << Pad(Fixed(v, 4), 10, false);
  }
  if (set != nullptr) {
    out << Pad(Fixed(set->latency_p50_us, 1), 10, false)
        << Pad(Fixed(set->latency_p99_us, 1), 10, false)
        << Pad(Fixed(set->docs_per_second, 0), 10, false);
  }
  out << '\n';
}

void PrintSweep(std::ostream& out, const Columns& cols,
                const std::vector<eval::SetResult>& results) {
  out << "\nsweep: score = max raw finding score per document; for each target FPR the threshold "
         "is the\nsmallest one whose FPR <= target on the same set's negatives (flagged when score "
         "> threshold)\n";
  out << Pad("set", cols.name, true) << Pad("ROC AUC", 10, false);
  for (double t : eval::kSweepTargets) {
    char h[32];
    std::snprintf(h, sizeof h, "R@%g%%FPR", t * 100);
    out << Pad(h, 12, false) << Pad("thresh", 9, false);
  }
  out << '\n';
  for (const auto& s : results) {
    if (!s.sweep) continue;
    out << Pad(s.name, cols.name, true) << Pad(Fixed(s.sweep->auc, 4), 10, false);
    for (const auto& a : s.sweep->at_fpr) {
      out << Pad(Fixed(a.recall, 4), 12, false) << Pad(Fixed(a.threshold, 3), 9, false);
    }
    out << '\n';
  }
}

}  // namespace

int RunEval(const EvalOptions& options, std::ostream& out, std::ostream& err) {
  if (options.data.empty()) {
    err << "frontseat eval: no data (use --data FILE.jsonl)\n";
    return 2;
  }
  eval::LabelSets labels{SplitLabels(options.positive), SplitLabels(options.negative)};
  if (labels.positive.empty() || labels.negative.empty()) {
    err << "frontseat eval: --positive and --negative each need at least one label\n";
    return 2;
  }
  for (const std::string& label : labels.positive) {
    if (std::find(labels.negative.begin(), labels.negative.end(), label) != labels.negative.end()) {
      err << "frontseat eval: label \"" << label << "\" is in both --positive and --negative\n";
      return 2;
    }
  }
  auto guard = Guard::Create(LoadPolicyOrDefault(options.policy_path));
  if (!guard.ok()) {
    err << "frontseat eval: policy error:\n" << guard.status().message() << "\n";
    return 2;
  }
  eval::EvalSettings settings;
  settings.sweep = options.sweep;
  settings.collect_errors = !options.errors_path.empty();
  settings.collect_rows = !options.rows_path.empty();
  // Opened before the evaluation, so a bad path fails before minutes of work.
  std::ofstream errors_out, rows_out;
  for (auto [wanted, path, out, flag] :
       {std::tuple{settings.collect_errors, &options.errors_path, &errors_out, "--errors"},
        std::tuple{settings.collect_rows, &options.rows_path, &rows_out, "--rows"}}) {
    if (!wanted) continue;
    out->open(*path, std::ios::binary | std::ios::trunc);
    if (!*out) {
      err << "frontseat eval: " << flag << ": cannot write " << *path << "\n";
      return 2;
    }
  }
  for (const std::string& name : SplitLabels(options.categories)) {
    auto category = CategoryFromName(name);
    if (!category) {
      err << "frontseat eval: --categories: unknown category \"" << name << "\"\n";
      return 2;
    }
    settings.categories.push_back(*category);
  }
  settings.threads =
      options.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : options.threads;

  std::optional<eval::Split> split;
  if (!options.split.empty()) {
    for (eval::Split s : {eval::Split::kTrain, eval::Split::kValidation, eval::Split::kTest}) {
      if (eval::SplitName(s) == options.split) split = s;
    }
    if (!split) {
      err << "frontseat eval: --split: expected train, validation or test; got \"" << options.split
          << "\"\n";
      return 2;
    }
  }

  bool input_error = false;
  std::vector<eval::LabeledSet> sets;
  for (const std::string& path : options.data) {
    auto set = eval::LoadLabeledJsonl(path, labels);
    if (!set.ok()) {
      err << "frontseat eval: " << set.status().message() << "\n";
      input_error = true;
      continue;
    }
    for (const std::string& e : set->errors) err << "frontseat eval: skipped: " << e << "\n";
    input_error |= !set->errors.empty();
    sets.push_back(std::move(set).value());
  }
  std::string split_note;
  if (split) {
    auto spec = options.train_spec.empty()
                    ? eval::ParseTrainSpec(eval::BuiltinTrainSpecYaml(), "<built-in train spec>")
                    : eval::LoadTrainSpec(options.train_spec);
    if (!spec.ok()) {
      err << "frontseat eval: " << spec.status().message() << "\n";
      return 2;
    }
    std::vector<std::string> keys;
    for (const auto& set : sets) {
      for (const auto& d : set.docs) keys.push_back(eval::SplitKey(d.text));
    }
    auto splits = eval::SplitsFromSpec(spec.value(), ResolveDataDir(options.data_dir), keys);
    if (!splits.ok()) {
      err << "frontseat eval: --split: " << splits.status().message() << "\n";
      return 2;
    }
    for (auto& set : sets) {
      std::erase_if(set.docs, [&](const eval::LabeledDoc& d) {
        return splits.value().at(eval::SplitKey(d.text)) != *split;
      });
    }
    split_note = "   split: " + options.split;
  }
  const auto start = std::chrono::steady_clock::now();
  std::vector<eval::SetResult> results;
  for (const auto& set : sets) results.push_back(eval::EvaluateSet(**guard, set, settings));

  Columns cols;
  for (const auto& s : results) {
    cols.name = std::max(cols.name, s.name.size() + 2);
    for (const auto& c : s.categories) cols.name = std::max(cols.name, c.name.size() + 4);
  }
  const std::string& policy_name = (*guard)->policy().name;
  out << "policy: " << policy_name << "   positive: " << options.positive
      << "   negative: " << options.negative << "   threads: " << settings.threads
      << "   counting: "
      << (options.categories.empty() ? "any action but allow" : options.categories) << split_note
      << "\n\n";
  PrintHeader(out, cols);
  for (const auto& s : results) {
    PrintRow(out, cols, s.name, s.confusion, &s);
    for (const auto& c : s.categories) PrintRow(out, cols, "  " + c.name, c.confusion, nullptr);
  }
  if (options.sweep) PrintSweep(out, cols, results);
  out.flush();

  uint64_t rows = 0;
  uint64_t skipped = 0;
  uint64_t malformed = 0;
  for (const auto& s : results) {
    rows += s.rows;
    skipped += s.skipped;
    malformed += s.malformed;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  char summary[256];
  std::snprintf(summary, sizeof summary,
                "frontseat eval: %zu set(s), %llu rows evaluated, %llu skipped (other labels), "
                "%llu malformed, %.2f s\n",
                results.size(), static_cast<unsigned long long>(rows),
                static_cast<unsigned long long>(skipped),
                static_cast<unsigned long long>(malformed), seconds);
  err << summary;

  // One JSON line per item of `items` (a SetResult member) of every set; false if the file failed.
  auto write_lines = [&](std::ofstream& file, const std::string& path, const char* flag,
                         auto items, auto to_json) {
    for (const auto& s : results) {
      for (const auto& item : s.*items) {
        file << boost::json::serialize(to_json(s.name, item)) << '\n';
      }
    }
    file.close();
    if (!file) err << "frontseat eval: " << flag << ": cannot write " << path << "\n";
    return static_cast<bool>(file);
  };
  if (settings.collect_errors && !write_lines(errors_out, options.errors_path, "--errors",
                                              &eval::SetResult::errors, JsonError)) {
    return 2;
  }
  if (settings.collect_rows &&
      !write_lines(rows_out, options.rows_path, "--rows", &eval::SetResult::rows_out, JsonRow)) {
    return 2;
  }

  if (!options.json_path.empty()) {
    boost::json::array sets;
    for (const auto& s : results) sets.push_back(JsonSet(s));
    boost::json::array positive(labels.positive.begin(), labels.positive.end());
    boost::json::array negative(labels.negative.begin(), labels.negative.end());
    boost::json::object root{{"policy", policy_name},
                             {"positive_labels", std::move(positive)},
                             {"negative_labels", std::move(negative)},
                             {"threads", settings.threads},
                             {"categories", options.categories},
                             {"sets", std::move(sets)}};
    std::ofstream json(options.json_path, std::ios::binary | std::ios::trunc);
    json << boost::json::serialize(root) << '\n';
    json.close();
    if (!json) {
      err << "frontseat eval: cannot write " << options.json_path << "\n";
      return 2;
    }
  }
  return input_error ? 2 : 0;
}

}  // namespace frontseat::cli
