// A fastText supervised model, loaded once and shared read-only by every scan thread.
//
// The model's input is a line of tokens from Tokenize() (tokenize.h). Predict returns one
// probability per label, in the model's label order (labels()).
//
// Cost: one dictionary lookup and one hashed n-gram lookup per token (plus char n-grams when the
// model has them), a dim-wide vector sum per id, and a labels x dim product. A quantized (.ftz)
// model decodes each row from product-quantizer codes on the fly.
//
// Thread-safety: Predict is const and keeps its scratch in locals.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "frontseat/status.h"

namespace fasttext {
class FastText;
}

namespace frontseat::detectors {

class FastTextModel {
 public:
  // From a .bin or .ftz file written by fastText (or `frontseat train`).
  static Result<std::shared_ptr<const FastTextModel>> LoadFile(const std::string& path);
  // From the bytes of such a file; `name` is used in error messages.
  static Result<std::shared_ptr<const FastTextModel>> LoadBytes(std::string_view bytes,
                                                               std::string_view name);
  ~FastTextModel();

  // Label names without the "__label__" prefix, in the model's order.
  const std::vector<std::string>& labels() const { return labels_; }
  // Index of `label` in labels(), or -1.
  int LabelIndex(std::string_view label) const;
  // Probabilities of every label for one line of space-separated tokens (softmax; they sum to 1).
  void Predict(std::string_view line, std::vector<float>& probs) const;
  bool quantized() const;

 private:
  FastTextModel() = default;
  static Result<std::shared_ptr<const FastTextModel>> Load(std::istream& in, std::string_view name);
  std::unique_ptr<fasttext::FastText> ft_;
  std::vector<std::string> labels_;
};

}  // namespace frontseat::detectors
