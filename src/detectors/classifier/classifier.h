// The learned classifier detectors: `injection.classifier` (prompt injection and jailbreaks,
// category prompt_injection) and `harmful.classifier` (harmful requests and harmful content,
// category harmful, subcategory = the MLCommons hazard code S1..S14 where the model knows it).
//
// Each wraps a fastText model trained by `frontseat train` (models/README.md, MODEL_CARD.md).
// Per scanned view (the normalized document and every decoded segment) the text is tokenized
// (tokenize.h) and scored in overlapping windows; the highest window wins, and its span becomes
// the finding's span. The score is 1 - P(negative label), the subcategory the most probable
// other label. The policy turns scores into decisions, usually by combining them with the
// heuristic detectors into one calibrated score (policy `combine`, see src/policy/README.md).
//
// Cost: linear in the tokens scored (about twice the text, since windows overlap by half); the two
// classifiers share one tokenization per view (shared_tokens.h). See README.md ("Cost") and
// bench/detectors/*_classifier_bench.cc. Thread-safe: Scan is const; the model is shared
// read-only; scratch is per thread.
#pragma once

#include <memory>
#include <string_view>

#include "detectors/classifier/config.h"
#include "detectors/classifier/fasttext_model.h"
#include "frontseat/detector.h"

namespace frontseat::detectors {

// The best window of a tokenized text: score = 1 - P(negative label) in that window, label =
// the most probable other label, [begin, end) in tokens. score is -1 for an empty text.
struct WindowScore {
  double score = -1;
  int label = -1;
  size_t begin = 0;
  size_t end = 0;
};
struct Tokens;
struct HashedTokens;
WindowScore ScoreWindows(const FastTextModel& model, const Tokens& tokens, size_t window,
                         size_t stride, int negative);
// The same for tokens whose word hashes are known (shared_tokens.h); the detectors use this one.
WindowScore ScoreWindows(const FastTextModel& model, const HashedTokens& tokens, size_t window,
                         size_t stride, int negative);

// `id` is "injection.classifier" or "harmful.classifier"; it picks the category and the
// built-in model. Fails when the model cannot be loaded or lacks the negative label.
Result<std::unique_ptr<Detector>> MakeClassifierDetector(std::string_view id, ClassifierConfig config);

// The model shipped in the binary under `name` ("injection", "harmful"), loaded once.
Result<std::shared_ptr<const FastTextModel>> BuiltinModel(std::string_view name);

}  // namespace frontseat::detectors
