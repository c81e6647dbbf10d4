// fastText model loading and prediction (see fasttext_model.h).
#include "detectors/classifier/fasttext_model.h"

#include <cmath>
#include <fstream>
#include <istream>
#include <streambuf>

#include <fasttext/fasttext.h>

namespace frontseat::detectors {
namespace {

constexpr std::string_view kLabelPrefix = "__label__";
constexpr int32_t kFastTextMagic = 793712314;  // FASTTEXT_FILEFORMAT_MAGIC_INT32
constexpr int32_t kFastTextVersion = 12;       // FASTTEXT_VERSION of 0.9.2

// A read-only istream over bytes we do not own (fastText reads models and lines from streams).
class SpanBuf : public std::streambuf {
 public:
  explicit SpanBuf(std::string_view bytes) {
    char* p = const_cast<char*>(bytes.data());
    setg(p, p, p + bytes.size());
  }
};

}  // namespace

FastTextModel::~FastTextModel() = default;

Result<std::shared_ptr<const FastTextModel>> FastTextModel::Load(std::istream& in,
                                                                std::string_view name) {
  std::shared_ptr<FastTextModel> model(new FastTextModel());
  model->ft_ = std::make_unique<fasttext::FastText>();
  // The file starts with fastText's magic number and format version; loadModel(istream&)
  // expects the stream just past them (loadModel(path) checks them itself).
  int32_t magic = 0, version = 0;
  in.read(reinterpret_cast<char*>(&magic), sizeof magic);
  in.read(reinterpret_cast<char*>(&version), sizeof version);
  if (!in || magic != kFastTextMagic || version > kFastTextVersion) {
    return Status::Invalid(std::string(name) + ": not a fastText model (bad header)");
  }
  try {
    model->ft_->loadModel(in);
  } catch (const std::exception& e) {
    return Status::Invalid(std::string(name) + ": not a fastText model: " + e.what());
  }
  fasttext::Args args = model->ft_->getArgs();
  if (args.model != fasttext::model_name::sup) {
    return Status::Invalid(std::string(name) + ": not a supervised fastText model");
  }
  auto dict = model->ft_->getDictionary();
  for (int32_t i = 0; i < dict->nlabels(); ++i) {
    std::string label = dict->getLabel(i);
    if (label.starts_with(kLabelPrefix)) label.erase(0, kLabelPrefix.size());
    model->labels_.push_back(std::move(label));
  }
  if (model->labels_.size() < 2) {
    return Status::Invalid(std::string(name) + ": the model has fewer than two labels");
  }
  return std::shared_ptr<const FastTextModel>(std::move(model));
}

Result<std::shared_ptr<const FastTextModel>> FastTextModel::LoadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Invalid(path + ": cannot open the model file");
  return Load(in, path);
}

Result<std::shared_ptr<const FastTextModel>> FastTextModel::LoadBytes(std::string_view bytes,
                                                                     std::string_view name) {
  SpanBuf buf(bytes);
  std::istream in(&buf);
  return Load(in, name);
}

int FastTextModel::LabelIndex(std::string_view label) const {
  for (size_t i = 0; i < labels_.size(); ++i) {
    if (labels_[i] == label) return static_cast<int>(i);
  }
  return -1;
}

bool FastTextModel::quantized() const { return ft_->isQuant(); }

void FastTextModel::Predict(std::string_view line, std::vector<float>& probs) const {
  probs.assign(labels_.size(), 0.0f);
  // Training lines end in a newline, which fastText reads as the end-of-sentence token "</s>";
  // a line scored without it would be one token short of what the model learned on.
  thread_local std::string scratch;
  scratch.assign(line);
  scratch += '\n';
  SpanBuf buf(scratch);
  std::istream in(&buf);
  std::vector<int32_t> words, labels;
  ft_->getDictionary()->getLine(in, words, labels);
  if (words.empty()) {
    // fastText cannot score an empty line; an empty text carries no evidence either way.
    return;
  }
  fasttext::Predictions predictions;
  ft_->predict(static_cast<int32_t>(labels_.size()), words, predictions, 0.0);
  for (const auto& [log_prob, index] : predictions) {
    if (index >= 0 && static_cast<size_t>(index) < probs.size()) {
      probs[static_cast<size_t>(index)] = std::exp(log_prob);
    }
  }
}

}  // namespace frontseat::detectors
