// Question: how much of the labelled prompt injection and jailbreak data does the injection
// heuristic flag (recall per set), and how much ordinary text does it flag by mistake (false
// positive rate per benign set), at its default min_score 0.5 and at 0.4 (the setting README.md
// suggests for documents and tool output)?
//
// Positives: jailbreak_classification (in-the-wild jailbreaks), jbb_artifacts (PAIR, GCG, random
// search, JBC, DSN attack prompts), cyberseceval_prompt_injection (18 languages),
// bipia_indirect_injection (instructions planted in emails, tables, code). Negatives: the benign
// rows of jailbreak_classification and bipia_indirect_injection, self_instruct_benign,
// gsm8k_benign, alpaca_harmless. See ../shared/data/README.md. A document is flagged when some
// injection.heuristic finding on it reaches the threshold (findings carry the document's combined
// score). The bar checked here is the heuristic's promise, precision: FPR <= 2% on every benign
// set; recall is printed (and held above floors a little under the measured values, to catch
// regressions). Set INJECTION_QUALITY_VERBOSE=1 to print false positives. Skips without the data.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "detectors/injection_heuristic/injection_heuristic.h"
#include "engine/engine.h"
#include "testing/scan_testing.h"

namespace frontseat {
namespace {

struct Set {
  const char* name;
  const char* label;  // rows with this label are scored
  bool positive;
  double min_recall_at_default;  // floor for positives, unused for negatives
};

constexpr Set kSets[] = {
    {"jailbreak_classification", "jailbreak", true, 0.60},
    {"jbb_artifacts", "jailbreak", true, 0.38},
    {"cyberseceval_prompt_injection", "injection", true, 0.11},
    {"bipia_indirect_injection", "injection", true, 0.0},
    {"jailbreak_classification", "benign", false, 0},
    {"bipia_indirect_injection", "benign", false, 0},
    {"self_instruct_benign", "benign", false, 0},
    {"gsm8k_benign", "benign", false, 0},
    {"alpaca_harmless", "benign", false, 0},
};

constexpr double kMaxFalsePositiveRate = 0.02;

TEST(InjectionHeuristicQuality, HighPrecisionOnBenignSetsAndRecallPerAttackSet) {
  const std::string dir = testing::DataDir();
  if (dir.empty()) GTEST_SKIP() << "no data directory (set FRONTSEAT_DATA_DIR)";

  // min_score 0 so every document's combined score is visible; thresholds are applied here.
  detectors::InjectionHeuristicConfig config;
  config.min_score = 0.0;
  std::vector<std::unique_ptr<Detector>> list;
  list.push_back(detectors::MakeInjectionHeuristicDetector(config));
  auto engine = engine::Engine::Create(std::move(list));
  ASSERT_TRUE(engine.ok()) << engine.status().message();

  const bool verbose = std::getenv("INJECTION_QUALITY_VERBOSE") != nullptr;
  std::printf("\n%-30s %-9s %6s %12s %12s\n", "set", "label", "rows", "flagged@0.5", "flagged@0.4");
  int sets_read = 0;
  for (const Set& set : kSets) {
    const std::filesystem::path path =
        std::filesystem::path(dir) / set.name / (std::string(set.name) + ".jsonl");
    std::ifstream in(path);
    if (!in) {
      std::printf("%-30s absent\n", set.name);
      continue;
    }
    ++sets_read;
    int rows = 0;
    int at_default = 0;
    int at_low = 0;
    std::string line;
    int line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      if (line.empty()) continue;
      boost::system::error_code ec;
      boost::json::value row = boost::json::parse(line, ec);
      ASSERT_FALSE(ec) << path << ":" << line_no << ": " << ec.message();
      const boost::json::object& obj = row.as_object();
      if (obj.at("label").as_string() != set.label) continue;
      const std::string text(obj.at("text").as_string());
      ++rows;
      double score = 0;
      std::string first;
      for (const Finding& f : (*engine)->Scan(text)) {
        if (f.category != Category::kPromptInjection) continue;
        score = std::max(score, f.score);
        if (first.empty()) first = f.subcategory + ": " + f.preview;
      }
      at_default += score >= 0.5;
      at_low += score >= 0.4;
      if (verbose && !set.positive && score >= 0.4) {
        std::printf("FP %.2f %s | %.120s\n", score, first.c_str(), text.c_str());
      }
    }
    ASSERT_GT(rows, 0) << path << " holds no " << set.label << " rows";
    const double rate = static_cast<double>(at_default) / rows;
    std::printf("%-30s %-9s %6d %6d %5.3f %6d %5.3f\n", set.name, set.label, rows, at_default, rate,
                at_low, static_cast<double>(at_low) / rows);
    if (set.positive) {
      EXPECT_GE(rate, set.min_recall_at_default) << set.name << ": recall regressed";
    } else {
      EXPECT_LE(rate, kMaxFalsePositiveRate) << set.name << ": false positive rate too high";
    }
  }
  if (sets_read == 0) GTEST_SKIP() << "none of the data sets is present in " << dir;
}

}  // namespace
}  // namespace frontseat
