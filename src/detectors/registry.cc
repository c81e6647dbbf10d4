// The detector registry: id → factory, in one explicit list (see registry.h for why).
#include "detectors/registry.h"

#include <functional>
#include <string>

#include <yaml-cpp/yaml.h>

#include "detectors/classifier/classifier.h"
#include "detectors/hidden_text/hidden_text.h"
#include "detectors/injection_heuristic/injection_heuristic.h"
#include "detectors/pii/pii.h"
#include "detectors/secret/secret.h"

namespace frontseat::detectors {
namespace {

using Factory = std::function<std::unique_ptr<Detector>(const YAML::Node&, std::string_view,
                                                        ConfigErrors&)>;

// Builds a detector from its parsed config, or returns nullptr if parsing recorded errors.
template <typename ParseFn, typename MakeFn>
Factory Build(ParseFn parse, MakeFn make) {
  return [parse, make](const YAML::Node& node, std::string_view path,
                       ConfigErrors& errors) -> std::unique_ptr<Detector> {
    auto config = parse(node, path, errors);
    if (!config) return nullptr;
    return make(std::move(*config));
  };
}

// The classifier detectors load a model, which can fail after the config parsed cleanly.
Factory BuildClassifier(std::string_view id) {
  return [id](const YAML::Node& node, std::string_view path,
              ConfigErrors& errors) -> std::unique_ptr<Detector> {
    auto config = ParseClassifierConfig(node, path, errors);
    if (!config) return nullptr;
    auto detector = MakeClassifierDetector(id, std::move(*config));
    if (!detector.ok()) {
      errors.Add(node, std::string(path) + ".model", detector.status().message());
      return nullptr;
    }
    return std::move(detector).value();
  };
}

struct Entry {
  std::string_view id;
  Factory factory;
};

const std::vector<Entry>& Registry() {
  static const std::vector<Entry> kRegistry = {
      {"secret", Build(ParseSecretConfig, MakeSecretDetector)},
      {"pii", Build(ParsePiiConfig, MakePiiDetector)},
      {"injection.heuristic", Build(ParseInjectionHeuristicConfig, MakeInjectionHeuristicDetector)},
      {"hidden_text", Build(ParseHiddenTextConfig, MakeHiddenTextDetector)},
      {"injection.classifier", BuildClassifier("injection.classifier")},
      {"harmful.classifier", BuildClassifier("harmful.classifier")},
  };
  return kRegistry;
}

}  // namespace

std::unique_ptr<Detector> CreateDetector(std::string_view id, const YAML::Node& config,
                                         std::string_view path, ConfigErrors& errors) {
  for (const Entry& entry : Registry()) {
    if (entry.id == id) return entry.factory(config, path, errors);
  }
  std::string known;
  for (const Entry& entry : Registry()) {
    if (!known.empty()) known += ", ";
    known += entry.id;
  }
  errors.Add(config, path, "unknown detector \"" + std::string(id) + "\"; known: " + known);
  return nullptr;
}

std::vector<std::string_view> DetectorIds() {
  std::vector<std::string_view> ids;
  for (const Entry& entry : Registry()) ids.push_back(entry.id);
  return ids;
}

}  // namespace frontseat::detectors
