// The training pipeline (see train.h).
#include "eval/train.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include <boost/json.hpp>
#include <fasttext/args.h>
#include <fasttext/fasttext.h>

#include "core/normalizer.h"
#include "detectors/classifier/classifier.h"
#include "detectors/classifier/fasttext_model.h"
#include "detectors/classifier/tokenize.h"
#include "eval/calibrate.h"
#include "eval/metrics.h"
#include "eval/split.h"
#include "eval/synthetic_benign.h"
#include "eval/train_spec.h"
#include "frontseat/guard.h"

namespace frontseat::eval {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

struct Row {
  std::string text;
  std::string label;
  std::string category;
  std::string key;  // SplitKey(text): the normalized token line
};

// Sets the project generates itself ("builtin:..."): training material only, never split off
// for validation or test, and never part of the regrouping `eval --split` does.
constexpr std::string_view kBuiltinSetPrefix = "builtin:";
bool IsBuiltinSet(std::string_view set) { return set.starts_with(kBuiltinSetPrefix); }

Result<std::vector<Row>> ReadSet(const std::string& data_dir, const std::string& set) {
  if (IsBuiltinSet(set)) {
    if (set != "builtin:synthetic_benign") {
      return Status::Invalid("unknown built-in set \"" + set + "\"; known: builtin:synthetic_benign");
    }
    std::vector<Row> rows;
    for (auto& r : SyntheticBenignInstructions()) rows.push_back({r.text, "benign", r.category, ""});
    return rows;
  }
  std::string path = (fs::path(data_dir) / set / (set + ".jsonl")).string();
  std::ifstream in(path);
  if (!in) return Status::Invalid(path + ": cannot open (is --data-dir right?)");
  std::vector<Row> rows;
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    boost::system::error_code ec;
    json::value v = json::parse(line, ec);
    const json::object* obj = ec ? nullptr : v.if_object();
    const json::value* text = obj ? obj->if_contains("text") : nullptr;
    const json::value* label = obj ? obj->if_contains("label") : nullptr;
    if (!text || !text->is_string() || !label || !label->is_string()) {
      return Status::Invalid(path + ":" + std::to_string(n) +
                             ": expected a JSON object with string text and label");
    }
    Row r;
    r.text = std::string(text->get_string());
    r.label = std::string(label->get_string());
    if (const json::value* c = obj->if_contains("category"); c && c->is_string()) {
      r.category = std::string(c->get_string());
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

uint64_t HashOf(std::string_view s, uint64_t seed) {
  uint64_t h = 1469598103934665603ull ^ (seed * 0x9e3779b97f4a7c15ull);
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h ^ (h >> 29);
}

struct Example {
  const Row* row;
  std::string cls;
  Split split;
  std::string set;
};

std::string TrainLine(const Example& e, int max_tokens) {
  // Keep the head of a long text: fastText averages over the whole line, and the detector
  // scores windows of similar length.
  std::string_view key = e.row->key;
  int tokens = 0;
  for (size_t i = 0; i < key.size(); ++i) {
    if (key[i] == ' ' && ++tokens == max_tokens) {
      key = key.substr(0, i);
      break;
    }
  }
  return "__label__" + e.cls + " " + std::string(key) + "\n";
}

json::object RatiosJson(const Confusion& c, std::optional<double> auc) {
  Ratios r = ComputeRatios(c);
  auto num = [](std::optional<double> v) -> json::value {
    if (!v) return nullptr;
    return std::round(*v * 1e4) / 1e4;
  };
  return {{"precision", num(r.precision)}, {"recall", num(r.recall)}, {"f1", num(r.f1)},
          {"fpr", num(r.fpr)},             {"auc", num(auc)},          {"tp", c.tp},
          {"fp", c.fp},                    {"fn", c.fn},               {"tn", c.tn}};
}

// Confusion and AUC of scores against a threshold.
json::object Score(const std::vector<double>& pos, const std::vector<double>& neg, double threshold) {
  Confusion c;
  for (double s : pos) c.Add(true, s >= threshold);
  for (double s : neg) c.Add(false, s >= threshold);
  return RatiosJson(c, RocAuc(pos, neg));
}

Status TrainModel(const ModelSpec& m, const std::vector<Example>& examples, uint64_t seed,
                  const std::string& out_dir, std::string& model_path) {
  std::vector<const Example*> train;
  for (const Example& e : examples) {
    if (e.split == Split::kTrain) train.push_back(&e);
  }
  // A fixed, label-mixing order: by hash of the token line.
  std::sort(train.begin(), train.end(), [&](const Example* a, const Example* b) {
    uint64_t ha = HashOf(a->row->key, seed), hb = HashOf(b->row->key, seed);
    return ha != hb ? ha < hb : a->row->key < b->row->key;
  });
  std::string train_file = (fs::path(out_dir) / (m.name + ".train.txt")).string();
  {
    std::ofstream out(train_file, std::ios::binary);
    for (const Example* e : train) out << TrainLine(*e, m.fasttext.max_train_tokens);
    if (!out) return Status::Invalid(train_file + ": cannot write");
  }
  fasttext::Args args;
  args.input = train_file;
  args.model = fasttext::model_name::sup;
  args.loss = fasttext::loss_name::softmax;
  args.dim = m.fasttext.dim;
  args.epoch = m.fasttext.epoch;
  args.lr = m.fasttext.lr;
  args.wordNgrams = m.fasttext.word_ngrams;
  args.minn = m.fasttext.minn;
  args.maxn = m.fasttext.maxn;
  args.bucket = m.fasttext.bucket;
  args.minCount = 1;
  args.thread = 1;
  args.seed = static_cast<int>(seed);
  args.verbose = 0;
  args.saveOutput = false;
  fasttext::FastText ft;
  try {
    ft.train(args);
    if (m.fasttext.quantize) {
      fasttext::Args q = args;
      q.qnorm = m.fasttext.qnorm;
      q.qout = false;
      q.dsub = static_cast<size_t>(m.fasttext.dsub);
      q.cutoff = static_cast<size_t>(m.fasttext.cutoff);
      q.retrain = false;
      ft.quantize(q);
      model_path = (fs::path(out_dir) / (m.name + ".ftz")).string();
    } else {
      model_path = (fs::path(out_dir) / (m.name + ".bin")).string();
    }
    ft.saveModel(model_path);
  } catch (const std::exception& e) {
    return Status::Invalid("training " + m.name + " failed: " + e.what());
  }
  fs::remove(train_file);
  return Status::Ok();
}

constexpr std::string_view kBuiltinSpec =
#include "train_spec.inc"
    ;

}  // namespace

std::string_view BuiltinTrainSpecYaml() { return kBuiltinSpec; }

Result<std::unordered_map<std::string, Split>> SplitsFromSpec(
    const TrainSpec& spec, const std::string& data_dir, const std::vector<std::string>& extra_keys) {
  std::vector<std::string> keys;
  for (const std::string& name : spec.AllSets()) {
    if (IsBuiltinSet(name)) continue;
    auto rows = ReadSet(data_dir, name);
    if (!rows.ok()) return rows.status();
    for (const Row& r : rows.value()) keys.push_back(SplitKey(r.text));
  }
  auto splits = AssignSplits(keys, spec.split);
  std::vector<std::string> extra;
  for (const std::string& k : extra_keys) {
    if (!splits.count(k)) extra.push_back(k);
  }
  for (auto& [k, sp] : AssignSplits(extra, spec.split)) splits.emplace(k, sp);
  return splits;
}

Result<std::string> Train(const TrainOptions& options) {
  auto spec_result = LoadTrainSpec(options.spec_path);
  if (!spec_result.ok()) return spec_result.status();
  const TrainSpec& spec = spec_result.value();
  auto log = [&](const std::string& s) {
    if (!options.quiet) std::cerr << "train: " << s << "\n";
  };
  std::error_code ec;
  fs::create_directories(options.out_dir, ec);
  if (ec) return Status::Invalid(options.out_dir + ": cannot create: " + ec.message());

  // 1-2. Every set once, with its token lines.
  std::map<std::string, std::vector<Row>> sets;
  std::vector<std::string> keys;
  for (const std::string& name : spec.AllSets()) {
    auto rows = ReadSet(options.data_dir, name);
    if (!rows.ok()) return rows.status();
    for (Row& r : rows.value()) {
      r.key = SplitKey(r.text);
      if (!IsBuiltinSet(name)) keys.push_back(r.key);
    }
    log(name + ": " + std::to_string(rows.value().size()) + " rows");
    sets[name] = std::move(rows).value();
  }
  // 3. One split for all.
  auto splits = AssignSplits(keys, spec.split);
  for (const auto& [name, rows] : sets) {
    if (!IsBuiltinSet(name)) continue;
    for (const Row& r : rows) splits.emplace(r.key, Split::kTrain);  // a dev text keeps its side
  }

  json::object report;
  report["seed"] = spec.seed;
  json::object split_sizes;
  for (const auto& [name, rows] : sets) {
    uint64_t n[3] = {0, 0, 0};
    for (const Row& r : rows) ++n[static_cast<int>(splits.at(r.key))];
    split_sizes[name] = {{"train", n[0]}, {"validation", n[1]}, {"test", n[2]}};
  }
  report["splits"] = split_sizes;

  // 4. Models.
  json::object models_json;
  std::map<std::string, std::string> model_paths;
  std::map<std::string, std::vector<Example>> model_examples;
  for (const ModelSpec& m : spec.models) {
    std::vector<Example>& examples = model_examples[m.name];
    std::map<std::string, uint64_t> class_counts;
    for (const SetSpec& s : m.sets) {
      std::vector<Example> set_examples;
      for (const Row& r : sets.at(s.set)) {
        std::string cls = ClassOf(s, r.label, r.category, m.negative_class);
        if (cls.empty()) continue;
        set_examples.push_back({&r, cls, splits.at(r.key), s.set});
      }
      if (s.sample > 0) {
        // Keep at most `sample` training rows, the ones with the smallest hash.
        std::vector<Example*> train;
        for (Example& e : set_examples) {
          if (e.split == Split::kTrain) train.push_back(&e);
        }
        if (train.size() > s.sample) {
          std::sort(train.begin(), train.end(), [&](const Example* a, const Example* b) {
            return HashOf(a->row->key, spec.seed + 1) < HashOf(b->row->key, spec.seed + 1);
          });
          std::set<const Row*> drop;
          for (size_t i = s.sample; i < train.size(); ++i) drop.insert(train[i]->row);
          std::erase_if(set_examples, [&](const Example& e) {
            return e.split == Split::kTrain && drop.count(e.row);
          });
        }
      }
      for (Example& e : set_examples) {
        if (e.split == Split::kTrain) ++class_counts[e.cls];
        examples.push_back(std::move(e));
      }
    }
    log(m.name + ": training on " + std::to_string(std::count_if(examples.begin(), examples.end(),
        [](const Example& e) { return e.split == Split::kTrain; })) + " rows");
    std::string path;
    Status st = TrainModel(m, examples, spec.seed, options.out_dir, path);
    if (!st.ok()) return st;
    model_paths[m.name] = path;
    auto model = detectors::FastTextModel::LoadFile(path);
    if (!model.ok()) return model.status();
    int negative = model.value()->LabelIndex(m.negative_class);
    if (negative < 0) {
      return Status::Invalid(m.name + ": no training row has the negative class \"" +
                             m.negative_class + "\"");
    }
    // The model alone, windowed as the detector does, at 0.5, per split.
    json::object mj;
    json::object counts;
    for (const auto& [cls, n] : class_counts) counts[cls] = n;
    mj["train_rows_per_class"] = counts;
    mj["file"] = fs::path(path).filename().string();
    mj["bytes"] = static_cast<uint64_t>(fs::file_size(path));
    for (Split sp : {Split::kValidation, Split::kTest}) {
      std::vector<double> pos, neg;
      for (const Example& e : examples) {
        if (e.split != sp) continue;
        detectors::Tokens t = detectors::Tokenize(core::Normalize(e.row->text).text);
        double s = std::max(0.0, detectors::ScoreWindows(*model.value(), t, detectors::ClassifierConfig{}.window, detectors::ClassifierConfig{}.stride, negative).score);
        (e.cls == m.negative_class ? neg : pos).push_back(s);
      }
      mj[std::string(SplitName(sp))] = Score(pos, neg, 0.5);
    }
    models_json[m.name] = mj;
    log(m.name + ": " + json::serialize(mj["test"]));
  }
  report["models"] = models_json;

  // 5. Calibration through the real pipeline (normalization, decoders, windows).
  json::object cal_json;
  std::string cal_yaml =
      "# Written by `frontseat train` (models/train.yaml): paste into a policy's categories.\n";
  for (const CalibrationSpec& c : spec.calibrations) {
    std::string policy = "version: 1\ndetectors:\n";
    for (const auto& [id, cfg] : c.detectors) {
      std::string config = cfg;
      if (id.ends_with(".classifier")) {
        std::string name = id.substr(0, id.find('.'));
        auto it = model_paths.find(name);
        if (it == model_paths.end()) {
          return Status::Invalid("calibration." + c.category + ": no model \"" + name +
                                 "\" for " + id);
        }
        config = "{ model: \"" + it->second + "\" }";
      }
      policy += "  " + id + ": " + config + "\n";
    }
    auto guard = Guard::Create(ParsePolicy(policy, "calibration." + c.category));
    if (!guard.ok()) return guard.status();
    std::vector<std::string> feature_ids = c.linear;
    feature_ids.insert(feature_ids.end(), c.logit.begin(), c.logit.end());
    auto features_of = [&](const Row& r) {
      std::vector<double> best(feature_ids.size(), 0.0);
      for (const Finding& f : guard.value()->RawFindings(r.text)) {
        for (size_t i = 0; i < feature_ids.size(); ++i) {
          if (f.detector == feature_ids[i] || f.detector.starts_with(feature_ids[i] + ".")) {
            best[i] = std::max(best[i], f.score);
          }
        }
      }
      for (size_t i = c.linear.size(); i < best.size(); ++i) best[i] = ClippedLogit(best[i]);
      return best;
    };
    const ModelSpec* model = nullptr;
    for (const ModelSpec& m : spec.models) {
      if (m.name == c.model) model = &m;
    }
    std::vector<std::vector<double>> x[3];
    std::vector<bool> y[3];
    std::vector<std::string> set_of[3];
    std::set<std::pair<std::string, std::string>> seen;  // (set, key): each text once
    for (const SetSpec& s : model->sets) {
      for (const Row& r : sets.at(s.set)) {
        bool pos = std::count(c.positive_labels.begin(), c.positive_labels.end(), r.label) > 0;
        bool neg = std::count(c.negative_labels.begin(), c.negative_labels.end(), r.label) > 0 &&
                   (c.negative_sets.empty() ||
                    std::count(c.negative_sets.begin(), c.negative_sets.end(), s.set) > 0);
        Split sp = splits.at(r.key);
        if ((!pos && !neg) || sp == Split::kTrain || !seen.insert({s.set, r.key}).second) continue;
        x[static_cast<int>(sp)].push_back(features_of(r));
        y[static_cast<int>(sp)].push_back(pos);
        set_of[static_cast<int>(sp)].push_back(s.set);
      }
    }
    const int val = static_cast<int>(Split::kValidation), test = static_cast<int>(Split::kTest);
    LogisticModel lr = FitLogistic(x[val], y[val]);
    std::vector<double> val_pos, val_neg, test_pos, test_neg;
    for (size_t i = 0; i < x[val].size(); ++i) (y[val][i] ? val_pos : val_neg).push_back(lr.Score(x[val][i]));
    for (size_t i = 0; i < x[test].size(); ++i) (y[test][i] ? test_pos : test_neg).push_back(lr.Score(x[test][i]));
    double threshold = std::ceil(ThresholdForFpr(val_neg, spec.target_fpr) * 1e6) / 1e6;
    json::object cj;
    cj["bias"] = lr.bias;
    json::object w;
    for (size_t i = 0; i < feature_ids.size(); ++i) w[feature_ids[i]] = lr.weights[i];
    cj["weights"] = w;
    cj["threshold"] = threshold;
    cj["validation"] = Score(val_pos, val_neg, threshold);
    cj["test"] = Score(test_pos, test_neg, threshold);
    // Per set on validation (what the spec may be tuned on; test figures are `frontseat eval`'s).
    json::object per_set;
    std::map<std::string, Confusion> by_set;
    for (size_t i = 0; i < x[val].size(); ++i) {
      by_set[set_of[val][i]].Add(y[val][i], lr.Score(x[val][i]) >= threshold);
    }
    for (const auto& [name, conf] : by_set) per_set[name] = RatiosJson(conf, std::nullopt);
    cj["validation_per_set"] = per_set;
    cal_json[c.category] = cj;
    log(c.category + ": threshold " + std::to_string(threshold) + " test " +
        json::serialize(cj["test"]));
    char buf[64];
    std::string block = "  " + c.category + ":\n    threshold: ";
    std::snprintf(buf, sizeof buf, "%.6f", threshold);
    block += std::string(buf) + "\n    combine:\n";
    std::snprintf(buf, sizeof buf, "%.6f", lr.bias);
    block += "      bias: " + std::string(buf) + "\n";
    auto weights_block = [&](const char* kind, size_t from, size_t to) {
      if (from == to) return;
      block += std::string("      ") + kind + ": {";
      for (size_t i = from; i < to; ++i) {
        std::snprintf(buf, sizeof buf, "%.6f", lr.weights[i]);
        block += (i > from ? ", " : " ") + feature_ids[i] + ": " + buf;
      }
      block += " }\n";
    };
    weights_block("linear", 0, c.linear.size());
    weights_block("logit", c.linear.size(), feature_ids.size());
    cal_yaml += block;
  }
  report["calibration"] = cal_json;
  std::ofstream(fs::path(options.out_dir) / "calibration.yaml") << cal_yaml;
  std::string out = json::serialize(report);
  std::ofstream(fs::path(options.out_dir) / "report.json") << out << "\n";
  return out;
}

}  // namespace frontseat::eval
