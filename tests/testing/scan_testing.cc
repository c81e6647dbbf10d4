// Test support, see scan_testing.h.
#include "testing/scan_testing.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>

#include "detectors/registry.h"
#include "engine/engine.h"

namespace frontseat::testing {

std::vector<Finding> ScanWith(std::string_view id, std::string_view text,
                              std::string_view yaml_config) {
  YAML::Node config = yaml_config.empty() ? YAML::Node() : YAML::Load(std::string(yaml_config));
  detectors::ConfigErrors errors;
  auto detector = detectors::CreateDetector(id, config, id, errors);
  if (!detector) {
    std::string all;
    for (const auto& e : errors.errors()) all += e.key + ": " + e.message + "\n";
    ADD_FAILURE() << "cannot build detector " << id << ": " << all;
    return {};
  }
  std::vector<std::unique_ptr<Detector>> list;
  list.push_back(std::move(detector));
  auto engine = engine::Engine::Create(std::move(list));
  if (!engine.ok()) {
    ADD_FAILURE() << "cannot build engine: " << engine.status().message();
    return {};
  }
  return (*engine)->Scan(text);
}

bool HasDetector(const std::vector<Finding>& findings, std::string_view detector) {
  for (const Finding& f : findings) {
    if (f.detector == detector) return true;
  }
  return false;
}

std::string SpanText(std::string_view text, const Finding& finding) {
  if (finding.start > text.size() || finding.end > text.size() || finding.start > finding.end) {
    return "<bad span>";
  }
  return std::string(text.substr(finding.start, finding.end - finding.start));
}

std::string DataDir() {
  const char* env = std::getenv("FRONTSEAT_DATA_DIR");
  std::filesystem::path dir = env != nullptr && *env != '\0'
                                  ? std::filesystem::path(env)
                                  : std::filesystem::path(FRONTSEAT_SOURCE_DIR) / ".." / "shared" / "data";
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return "";
  return std::filesystem::canonical(dir, ec).string();
}

std::string SourceDir() { return FRONTSEAT_SOURCE_DIR; }

}  // namespace frontseat::testing
