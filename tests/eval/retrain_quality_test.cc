// Retrains the shipped models from ../shared/data with the shipped spec and checks the result is
// the shipped result: the same model bytes (training is deterministic: fixed seed, one thread,
// sorted inputs) and the same validation and test figures as models/report.json.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "eval/train.h"
#include "testing/scan_testing.h"

namespace frontseat::eval {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(RetrainQualityTest, RetrainingReproducesTheShippedModelsAndFigures) {
  const std::string data = testing::DataDir();
  if (data.empty()) GTEST_SKIP() << "no labeled data (set FRONTSEAT_DATA_DIR or put ../shared/data)";
  const fs::path models = fs::path(testing::SourceDir()) / "models";
  const fs::path out = fs::temp_directory_path() / ("frontseat-retrain-" + std::to_string(getpid()));
  TrainOptions options{(models / "train.yaml").string(), data, out.string(), true};
  auto report = Train(options);
  ASSERT_TRUE(report.ok()) << report.status().message();

  for (const char* name : {"injection.ftz", "harmful.ftz"}) {
    EXPECT_TRUE(Slurp(out / name) == Slurp(models / name)) << name << " differs from the shipped one";
  }
  auto got = boost::json::parse(report.value()).as_object();
  auto want = boost::json::parse(Slurp(models / "report.json")).as_object();
  EXPECT_EQ(got["splits"], want["splits"]);
  for (const char* section : {"models", "calibration"}) {
    for (const auto& [name, value] : want[section].as_object()) {
      for (const char* split : {"validation", "test"}) {
        const auto& w = value.as_object().at(split).as_object();
        const auto& g = got[section].as_object().at(name).as_object().at(split).as_object();
        for (const char* count : {"tp", "fp", "fn", "tn"}) {
          EXPECT_EQ(g.at(count), w.at(count)) << section << "." << name << "." << split << "." << count;
        }
      }
    }
  }
  for (const auto& [name, value] : want["calibration"].as_object()) {
    EXPECT_NEAR(got["calibration"].as_object().at(name).as_object().at("threshold").to_number<double>(),
                value.as_object().at("threshold").to_number<double>(), 1e-5) << name;
  }
  fs::remove_all(out);
}

}  // namespace
}  // namespace frontseat::eval
