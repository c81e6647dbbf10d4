// Parsing of the train spec (see train_spec.h).
#include "eval/train_spec.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "detectors/common/config_errors.h"

namespace frontseat::eval {
namespace {

using detectors::ConfigErrors;

std::map<std::string, std::string> ReadStringMap(const YAML::Node& node, const std::string& path,
                                                 ConfigErrors& errors) {
  std::map<std::string, std::string> out;
  if (!node.IsMap()) {
    errors.Add(node, path, "expected a map of name: name");
    return out;
  }
  for (const auto& kv : node) {
    if (!kv.second.IsScalar() || kv.second.Scalar().empty()) {
      errors.Add(kv.second, path + "." + kv.first.Scalar(), "expected a non-empty string");
      continue;
    }
    out[kv.first.Scalar()] = kv.second.Scalar();
  }
  return out;
}

std::vector<std::string> ReadList(const YAML::Node& node, const std::string& path,
                                  ConfigErrors& errors) {
  std::vector<std::string> out;
  detectors::ReadStringList(node, path, errors, out);
  return out;
}

void ReadInt(const YAML::Node& node, const std::string& path, int lo, int hi, ConfigErrors& errors,
             int& out) {
  uint64_t v = 0;
  if (node && detectors::ReadUint(node, path, static_cast<uint64_t>(lo), static_cast<uint64_t>(hi),
                                  errors, v)) {
    out = static_cast<int>(v);
  }
}

FastTextSpec ParseFastText(const YAML::Node& node, const std::string& path, ConfigErrors& errors) {
  FastTextSpec f;
  if (!node) return f;
  detectors::CheckKnownKeys(node, path,
                            {"dim", "epoch", "lr", "word_ngrams", "minn", "maxn", "bucket",
                             "max_train_tokens", "quantize", "cutoff", "dsub", "qnorm"},
                            errors);
  ReadInt(node["dim"], path + ".dim", 2, 1000, errors, f.dim);
  ReadInt(node["epoch"], path + ".epoch", 1, 1000, errors, f.epoch);
  if (node["lr"]) detectors::ReadDouble(node["lr"], path + ".lr", 1e-4, 10.0, errors, f.lr);
  ReadInt(node["word_ngrams"], path + ".word_ngrams", 1, 5, errors, f.word_ngrams);
  ReadInt(node["minn"], path + ".minn", 0, 10, errors, f.minn);
  ReadInt(node["maxn"], path + ".maxn", 0, 10, errors, f.maxn);
  ReadInt(node["bucket"], path + ".bucket", 0, 10000000, errors, f.bucket);
  ReadInt(node["max_train_tokens"], path + ".max_train_tokens", 1, 1 << 20, errors,
          f.max_train_tokens);
  if (node["quantize"]) detectors::ReadBool(node["quantize"], path + ".quantize", errors, f.quantize);
  ReadInt(node["cutoff"], path + ".cutoff", 0, 10000000, errors, f.cutoff);
  ReadInt(node["dsub"], path + ".dsub", 1, 100, errors, f.dsub);
  if (node["qnorm"]) detectors::ReadBool(node["qnorm"], path + ".qnorm", errors, f.qnorm);
  // fastText divides by bucket when hashing char n-grams: bucket 0 with minn > 0 is SIGFPE.
  if ((f.minn > 0 || f.word_ngrams > 1) && f.bucket == 0) {
    errors.Add(node, path + ".bucket", "must be > 0 when minn > 0 or word_ngrams > 1");
  }
  if (f.maxn < f.minn) errors.Add(node, path + ".maxn", "must be >= minn");
  return f;
}

}  // namespace

std::vector<std::string> TrainSpec::AllSets() const {
  std::vector<std::string> out;
  for (const ModelSpec& m : models) {
    for (const SetSpec& s : m.sets) out.push_back(s.set);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string ClassOf(const SetSpec& set, std::string_view label, std::string_view category,
                    std::string_view negative_class) {
  auto it = set.labels.find(std::string(label));
  if (it == set.labels.end()) return {};
  if (it->second == negative_class) return it->second;
  for (const auto& [key, cls] : set.categories) {
    if (category == key ||
        (category.size() > key.size() && category.starts_with(key) &&
         (category[key.size()] == ':' || category[key.size()] == '/'))) {
      return cls;
    }
  }
  return it->second;
}

Result<TrainSpec> ParseTrainSpec(std::string_view yaml, std::string_view name) {
  auto loaded = detectors::LoadYaml(yaml, name);
  if (!loaded.ok()) return loaded.status();
  const YAML::Node& root = loaded.value();
  ConfigErrors errors;
  TrainSpec spec;
  if (!root.IsMap()) return Status::Invalid(std::string(name) + ": expected a map at the top");
  detectors::CheckKnownKeys(root, "", {"seed", "split", "target_fpr", "models", "calibration"},
                            errors);
  if (root["seed"]) detectors::ReadUint(root["seed"], "seed", 0, UINT32_MAX, errors, spec.seed);
  spec.split.seed = spec.seed;
  if (const YAML::Node s = root["split"]) {
    detectors::CheckKnownKeys(s, "split", {"validation_percent", "test_percent"}, errors);
    uint64_t v = 0;
    if (s["validation_percent"] &&
        detectors::ReadUint(s["validation_percent"], "split.validation_percent", 1, 45, errors, v)) {
      spec.split.validation_percent = static_cast<uint32_t>(v);
    }
    if (s["test_percent"] &&
        detectors::ReadUint(s["test_percent"], "split.test_percent", 1, 45, errors, v)) {
      spec.split.test_percent = static_cast<uint32_t>(v);
    }
  }
  if (root["target_fpr"]) {
    detectors::ReadDouble(root["target_fpr"], "target_fpr", 0.0, 0.5, errors, spec.target_fpr);
  }
  const YAML::Node models = root["models"];
  if (!models || !models.IsMap() || models.size() == 0) {
    errors.Add(models ? models : root, "models", "expected a map of model name: settings");
  } else {
    for (const auto& kv : models) {
      ModelSpec m;
      m.name = kv.first.Scalar();
      std::string path = "models." + m.name;
      const YAML::Node& node = kv.second;
      if (!node.IsMap()) {
        errors.Add(node, path, "expected a map");
        continue;
      }
      detectors::CheckKnownKeys(node, path, {"negative_class", "fasttext", "sets"}, errors);
      if (node["negative_class"]) m.negative_class = node["negative_class"].as<std::string>("");
      m.fasttext = ParseFastText(node["fasttext"], path + ".fasttext", errors);
      const YAML::Node sets = node["sets"];
      if (!sets || !sets.IsSequence() || sets.size() == 0) {
        errors.Add(sets ? sets : node, path + ".sets", "expected a non-empty list of sets");
        continue;
      }
      for (size_t i = 0; i < sets.size(); ++i) {
        const YAML::Node& sn = sets[i];
        std::string sp = path + ".sets[" + std::to_string(i) + "]";
        if (!sn.IsMap()) {
          errors.Add(sn, sp, "expected a map with set and labels");
          continue;
        }
        detectors::CheckKnownKeys(sn, sp, {"set", "labels", "categories", "sample", "repeat"}, errors);
        SetSpec s;
        if (!sn["set"] || !sn["set"].IsScalar()) {
          errors.Add(sn, sp + ".set", "required: the data set's name");
        } else {
          s.set = sn["set"].Scalar();
        }
        if (!sn["labels"]) {
          errors.Add(sn, sp + ".labels", "required: a map of source label: class");
        } else {
          s.labels = ReadStringMap(sn["labels"], sp + ".labels", errors);
        }
        if (sn["categories"]) s.categories = ReadStringMap(sn["categories"], sp + ".categories", errors);
        if (sn["sample"]) detectors::ReadUint(sn["sample"], sp + ".sample", 1, 1u << 30, errors, s.sample);
        if (sn["repeat"]) detectors::ReadUint(sn["repeat"], sp + ".repeat", 1, 100, errors, s.repeat);
        m.sets.push_back(std::move(s));
      }
      spec.models.push_back(std::move(m));
    }
  }
  if (const YAML::Node cal = root["calibration"]) {
    if (!cal.IsMap()) {
      errors.Add(cal, "calibration", "expected a map of category: settings");
    } else {
      for (const auto& kv : cal) {
        CalibrationSpec c;
        c.category = kv.first.Scalar();
        std::string path = "calibration." + c.category;
        const YAML::Node& node = kv.second;
        detectors::CheckKnownKeys(node, path,
                                  {"model", "detectors", "linear", "logit", "positive_labels",
                                   "negative_labels", "negative_sets"},
                                  errors);
        c.model = node["model"] ? node["model"].as<std::string>("") : "";
        if (std::none_of(spec.models.begin(), spec.models.end(),
                         [&](const ModelSpec& m) { return m.name == c.model; })) {
          errors.Add(node["model"] ? node["model"] : node, path + ".model",
                     "expected the name of a model in `models`");
        }
        if (const YAML::Node d = node["detectors"]; d && d.IsMap()) {
          for (const auto& dk : d) {
            YAML::Emitter e;
            e << YAML::Flow << dk.second;
            c.detectors[dk.first.Scalar()] = dk.second.IsNull() ? "{}" : std::string(e.c_str());
          }
        } else {
          errors.Add(node, path + ".detectors", "required: a map of detector id: config");
        }
        if (node["linear"]) c.linear = ReadList(node["linear"], path + ".linear", errors);
        if (node["logit"]) c.logit = ReadList(node["logit"], path + ".logit", errors);
        c.positive_labels = node["positive_labels"]
                                ? ReadList(node["positive_labels"], path + ".positive_labels", errors)
                                : std::vector<std::string>{};
        c.negative_labels = node["negative_labels"]
                                ? ReadList(node["negative_labels"], path + ".negative_labels", errors)
                                : std::vector<std::string>{"benign"};
        if (node["negative_sets"]) {
          c.negative_sets = ReadList(node["negative_sets"], path + ".negative_sets", errors);
        }
        if (c.positive_labels.empty()) {
          errors.Add(node, path + ".positive_labels", "required: the labels that should be flagged");
        }
        if (c.linear.empty() && c.logit.empty()) {
          errors.Add(node, path, "expected at least one detector in linear or logit");
        }
        spec.calibrations.push_back(std::move(c));
      }
    }
  }
  if (!errors.empty()) return Status::Invalid(errors.Format(name));
  return spec;
}

Result<TrainSpec> LoadTrainSpec(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::Invalid(path + ": cannot open the train spec");
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseTrainSpec(ss.str(), path);
}

}  // namespace frontseat::eval
