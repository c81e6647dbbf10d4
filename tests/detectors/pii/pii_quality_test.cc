// Question: how many of the labelled email addresses, phone numbers, cards, IBANs, SSNs and IP
// addresses in presidio_synth_pii does the pii detector find (recall per entity type), and how
// many of its findings are labelled (precision)? The bar is recall >= 0.90 per type.
//
// The set is Microsoft presidio-research's synthetic, template-generated sentences (see
// ../shared/data/README.md); its spans are in code points, converted to bytes here. A gold span
// counts as found when a finding of the matching rule overlaps it; a finding counts as correct
// when it overlaps a gold span of its type. Set PII_QUALITY_VERBOSE=1 to print misses and false
// positives. Skips when the data set is absent.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "detectors/registry.h"
#include "engine/engine.h"
#include "testing/scan_testing.h"

namespace frontseat {
namespace {

struct TypeMap {
  const char* gold_type;
  std::vector<std::string> rules;
};

const std::vector<TypeMap>& Types() {
  static const std::vector<TypeMap> kTypes = {
      {"EMAIL_ADDRESS", {"pii.email"}},     {"PHONE_NUMBER", {"pii.phone"}},
      {"CREDIT_CARD", {"pii.credit_card"}}, {"IBAN_CODE", {"pii.iban"}},
      {"US_SSN", {"pii.us_ssn"}},           {"IP_ADDRESS", {"pii.ipv4", "pii.ipv6"}},
  };
  return kTypes;
}

// Byte offset of code point `cp_index` in UTF-8 `s` (the data's offsets count code points).
size_t ByteOffset(const std::string& s, int64_t cp_index) {
  size_t pos = 0;
  for (int64_t i = 0; i < cp_index && pos < s.size(); ++i) {
    unsigned char c = s[pos];
    pos += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  }
  return std::min(pos, s.size());
}

struct Counts {
  int gold = 0;
  int found = 0;         // gold spans overlapped by a finding of the type
  int found_strong = 0;  // ... by a finding with score >= 0.5
  int findings = 0;      // findings of the type
  int correct = 0;       // ... overlapping a gold span of the type
  int findings_strong = 0;
  int correct_strong = 0;
};

bool Overlaps(uint64_t a0, uint64_t a1, uint64_t b0, uint64_t b1) { return a0 < b1 && b0 < a1; }

TEST(PiiQuality, RecallOnPresidioSyntheticPiiIsAtLeastNinetyPercentPerType) {
  std::string dir = testing::DataDir();
  if (dir.empty()) GTEST_SKIP() << "no data directory (set FRONTSEAT_DATA_DIR)";
  std::filesystem::path path =
      std::filesystem::path(dir) / "presidio_synth_pii" / "presidio_synth_pii.jsonl";
  std::ifstream in(path);
  if (!in) GTEST_SKIP() << "data set absent: " << path;

  detectors::ConfigErrors errors;
  std::vector<std::unique_ptr<Detector>> list;
  list.push_back(detectors::CreateDetector("pii", YAML::Node(), "pii", errors));
  ASSERT_TRUE(list.back() != nullptr);
  auto engine = engine::Engine::Create(std::move(list));
  ASSERT_TRUE(engine.ok()) << engine.status().message();

  const bool verbose = std::getenv("PII_QUALITY_VERBOSE") != nullptr;
  std::map<std::string, Counts> counts;
  std::string line;
  int line_no = 0;
  int docs = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    boost::system::error_code ec;
    boost::json::value row = boost::json::parse(line, ec);
    ASSERT_FALSE(ec) << path << ":" << line_no << ": " << ec.message();
    const boost::json::object& obj = row.as_object();
    std::string text(obj.at("text").as_string());
    ++docs;
    struct Gold {
      std::string type;
      size_t begin, end;
    };
    std::vector<Gold> gold;
    for (const auto& span : obj.at("meta").at("spans").as_array()) {
      const auto& s = span.as_object();
      gold.push_back({std::string(s.at("type").as_string()),
                      ByteOffset(text, s.at("start").to_number<int64_t>()),
                      ByteOffset(text, s.at("end").to_number<int64_t>())});
    }
    std::vector<Finding> findings = (*engine)->Scan(text);
    for (const TypeMap& t : Types()) {
      Counts& c = counts[t.gold_type];
      auto of_type = [&](const Finding& f) {
        for (const std::string& r : t.rules) {
          if (f.detector == r) return true;
        }
        return false;
      };
      for (const Gold& g : gold) {
        if (g.type != t.gold_type) continue;
        ++c.gold;
        bool found = false;
        bool strong = false;
        for (const Finding& f : findings) {
          if (of_type(f) && Overlaps(f.start, f.end, g.begin, g.end)) {
            found = true;
            strong = strong || f.score >= 0.5;
          }
        }
        c.found += found;
        c.found_strong += strong;
        if (!found && verbose) {
          std::printf("MISS %-13s %s  | %s\n", t.gold_type,
                      text.substr(g.begin, g.end - g.begin).c_str(), text.c_str());
        }
      }
      for (const Finding& f : findings) {
        if (!of_type(f)) continue;
        bool correct = false;
        for (const Gold& g : gold) {
          correct = correct || (g.type == t.gold_type && Overlaps(f.start, f.end, g.begin, g.end));
        }
        ++c.findings;
        c.correct += correct;
        if (f.score >= 0.5) {
          ++c.findings_strong;
          c.correct_strong += correct;
        }
        if (!correct && verbose) {
          std::string labels;
          for (const Gold& g : gold) {
            if (Overlaps(f.start, f.end, g.begin, g.end)) labels += g.type + " ";
          }
          std::printf("FP   %-13s %s (%.2f) [%s] | %s\n", t.gold_type,
                      testing::SpanText(text, f).c_str(), f.score, labels.c_str(), text.c_str());
        }
      }
    }
  }
  ASSERT_GT(docs, 0) << path << " holds no rows";

  auto ratio = [](int a, int b) { return b == 0 ? 1.0 : static_cast<double>(a) / b; };
  std::printf("\npresidio_synth_pii: %d documents\n", docs);
  std::printf("%-14s %5s %8s %10s %9s %14s %13s\n", "type", "gold", "recall", "precision",
              "findings", "recall@0.5", "prec@0.5");
  for (const TypeMap& t : Types()) {
    const Counts& c = counts[t.gold_type];
    std::printf("%-14s %5d %8.3f %10.3f %9d %14.3f %13.3f\n", t.gold_type, c.gold,
                ratio(c.found, c.gold), ratio(c.correct, c.findings), c.findings,
                ratio(c.found_strong, c.gold), ratio(c.correct_strong, c.findings_strong));
  }
  for (const TypeMap& t : Types()) {
    const Counts& c = counts[t.gold_type];
    EXPECT_GE(ratio(c.found, c.gold), 0.90) << t.gold_type << ": recall below the issue's bar";
  }
}

}  // namespace
}  // namespace frontseat
