// The train spec parser: every error at once, and the label/category mapping.
#include "eval/train_spec.h"

#include <gtest/gtest.h>

#include "eval/train.h"

namespace frontseat::eval {
namespace {

TEST(TrainSpecTest, BuiltinSpecParsesAndNamesNoNonCommercialSet) {
  auto spec = ParseTrainSpec(BuiltinTrainSpecYaml(), "builtin");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  ASSERT_EQ(spec->models.size(), 2u);
  auto sets = spec->AllSets();
  // alpaca_harmless is CC BY-NC: evaluation only, never in a shipped model.
  EXPECT_EQ(std::count(sets.begin(), sets.end(), "alpaca_harmless"), 0);
  EXPECT_EQ(spec->calibrations.size(), 2u);
}

TEST(TrainSpecTest, ReportsEveryErrorWithItsLine) {
  auto spec = ParseTrainSpec(R"(seed: 1
models:
  m:
    fasttext: { dimm: 3, bucket: 0, word_ngrams: 2 }
    sets:
      - { set: a, labels: { x: pos }, extra: 1 }
      - { labels: { x: pos } }
calibration:
  c: { model: nope, logit: [m.classifier], positive_labels: [x] }
)",
                             "spec.yaml");
  ASSERT_FALSE(spec.ok());
  const std::string& m = spec.status().message();
  EXPECT_NE(m.find("spec.yaml:4: models.m.fasttext.dimm"), std::string::npos) << m;
  EXPECT_NE(m.find("models.m.fasttext.bucket"), std::string::npos) << m;
  EXPECT_NE(m.find("models.m.sets[0].extra"), std::string::npos) << m;
  EXPECT_NE(m.find("models.m.sets[1].set"), std::string::npos) << m;
  EXPECT_NE(m.find("calibration.c.model"), std::string::npos) << m;
  EXPECT_NE(m.find("calibration.c.detectors"), std::string::npos) << m;
}

TEST(TrainSpecTest, CategoriesOverrideLabelsByExactNameOrPrefix) {
  SetSpec s;
  s.labels = {{"harmful", "harmful"}, {"benign", "benign"}};
  s.categories = {{"vcr", "S1"}, {"Violence", "S1"}, {"hate", "S10"}};
  EXPECT_EQ(ClassOf(s, "harmful", "vcr:violent_crimes"), "S1");
  EXPECT_EQ(ClassOf(s, "harmful", "Violence"), "S1");
  EXPECT_EQ(ClassOf(s, "harmful", "hate/slur"), "S10");
  EXPECT_EQ(ClassOf(s, "harmful", "vcrx"), "harmful");
  EXPECT_EQ(ClassOf(s, "benign", ""), "benign");
  EXPECT_EQ(ClassOf(s, "benign", "vcr"), "benign");  // never turns a negative into a hazard
  EXPECT_EQ(ClassOf(s, "unsafe", "vcr"), "");
}

}  // namespace
}  // namespace frontseat::eval
