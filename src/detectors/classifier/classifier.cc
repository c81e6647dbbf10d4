// The classifier detectors (see classifier.h).
#include "detectors/classifier/classifier.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <span>

#include "detectors/classifier/shared_tokens.h"
#include "detectors/classifier/structured_text.h"
#include "detectors/classifier/tokenize.h"
#include "detectors/common/excerpt.h"

namespace frontseat::detectors {

// Bytes of the models embedded at build time (embedded_models.cc); empty when absent.
std::string_view EmbeddedModelBytes(std::string_view name);

namespace {

class ClassifierDetector final : public Detector {
 public:
  ClassifierDetector(std::string id, Category category, ClassifierConfig config,
                     std::shared_ptr<const FastTextModel> model, int negative)
      : id_(std::move(id)), category_(category), config_(std::move(config)),
        model_(std::move(model)), negative_(negative) {}

  std::string_view id() const override { return id_; }

  void Scan(const ScanView& view, std::span<const PatternMatch>,
            std::vector<Finding>& out) const override {
    // A JSON or HTML/XML document is scored on the words it carries (structured_text.h); its
    // finding then spans the whole view, since those words are not one run of the original.
    thread_local std::string words;
    const bool structured = StructuredText(view.text, words);
    const std::string_view scored = structured ? std::string_view(words) : view.text;
    const HashedTokens& shared = TokenizeShared(scored, config_.max_tokens);
    const Tokens& tokens = shared.tokens;
    if (tokens.size() == 0) return;
    WindowScore best = ScoreWindows(*model_, shared, config_.window, config_.stride, negative_);
    if (best.score < config_.min_score) return;
    uint32_t start = structured ? 0 : tokens.text_starts[best.begin];
    size_t stop = structured || best.end >= tokens.size() ? view.text.size()
                                                          : tokens.text_starts[best.end];
    while (stop > start && static_cast<unsigned char>(view.text[stop - 1]) <= ' ') --stop;
    Finding f;
    f.detector = id_;
    f.category = category_;
    if (best.label >= 0) f.subcategory = model_->labels()[static_cast<size_t>(best.label)];
    f.score = std::clamp(best.score, 0.0, 1.0);
    f.start = start;
    f.end = stop;
    f.preview = TextExcerpt(view.text.substr(start, stop - start));
    out.push_back(std::move(f));
  }

 private:
  std::string id_;
  Category category_;
  ClassifierConfig config_;
  std::shared_ptr<const FastTextModel> model_;
  int negative_;
};

}  // namespace

namespace {

WindowScore ScoreWindowsOf(const FastTextModel& model, const Tokens& tokens,
                           std::span<const uint32_t> hashes, size_t window, size_t stride,
                           int negative) {
  WindowScore best;
  if (tokens.size() == 0) return best;
  // Per-thread scratch: a scan should not allocate per view once the thread is warm.
  thread_local std::vector<float> probs;
  thread_local FastTextModel::TokenRows rows;
  const bool fast = model.FastPathSupported();
  if (fast) model.Lookup(tokens, hashes, rows);
  for (size_t begin = 0;; begin += stride) {
    size_t end = std::min(begin + window, tokens.size());
    if (fast) {
      model.PredictWindow(rows, begin, end, probs);
    } else {
      model.Predict(tokens.Line(begin, end), probs);
    }
    double total = 0;
    for (float p : probs) total += p;
    // A window fastText could not score (no known token) carries no evidence.
    double score = total > 0 ? 1.0 - probs[static_cast<size_t>(negative)] / total : 0.0;
    if (score > best.score) {
      best.score = score;
      best.begin = begin;
      best.end = end;
      best.label = -1;
      float top = -1;
      for (size_t i = 0; i < probs.size(); ++i) {
        if (static_cast<int>(i) != negative && probs[i] > top) {
          top = probs[i];
          best.label = static_cast<int>(i);
        }
      }
    }
    if (end == tokens.size()) break;
  }
  return best;
}

}  // namespace

WindowScore ScoreWindows(const FastTextModel& model, const HashedTokens& tokens, size_t window,
                         size_t stride, int negative) {
  return ScoreWindowsOf(model, tokens.tokens, tokens.hashes, window, stride, negative);
}

WindowScore ScoreWindows(const FastTextModel& model, const Tokens& tokens, size_t window,
                         size_t stride, int negative) {
  std::vector<uint32_t> hashes;
  if (model.FastPathSupported()) {
    hashes.reserve(tokens.size());
    for (size_t i = 0; i < tokens.size(); ++i) {
      hashes.push_back(FastTextModel::WordHash(tokens.Line(i, i + 1)));
    }
  }
  return ScoreWindowsOf(model, tokens, hashes, window, stride, negative);
}

Result<std::shared_ptr<const FastTextModel>> BuiltinModel(std::string_view name) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const FastTextModel>, std::less<>> cache;
  std::lock_guard lock(mu);
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  std::string_view bytes = EmbeddedModelBytes(name);
  if (bytes.empty()) {
    return Status::Invalid("no built-in \"" + std::string(name) +
                           "\" model in this build (models/" + std::string(name) +
                           ".ftz was missing at build time); set `model:` to a model file");
  }
  auto model = FastTextModel::LoadBytes(bytes, "built-in model \"" + std::string(name) + "\"");
  if (!model.ok()) return model.status();
  cache.emplace(std::string(name), model.value());
  return model.value();
}

Result<std::unique_ptr<Detector>> MakeClassifierDetector(std::string_view id,
                                                         ClassifierConfig config) {
  bool injection = id == "injection.classifier";
  std::string_view builtin = injection ? "injection" : "harmful";
  auto model = config.model == "builtin" ? BuiltinModel(builtin)
                                         : FastTextModel::LoadFile(config.model);
  if (!model.ok()) return model.status();
  int negative = model.value()->LabelIndex(config.negative_label);
  if (negative < 0) {
    std::string labels;
    for (const auto& l : model.value()->labels()) labels += (labels.empty() ? "" : ", ") + l;
    return Status::Invalid("the model has no label \"" + config.negative_label +
                           "\" (negative_label); its labels: " + labels);
  }
  return std::unique_ptr<Detector>(new ClassifierDetector(
      std::string(id), injection ? Category::kPromptInjection : Category::kHarmful,
      std::move(config), std::move(model).value(), negative));
}

}  // namespace frontseat::detectors
