// A fastText supervised model, loaded once and shared read-only by every scan thread.
//
// The model's input is a line of tokens from Tokenize() (tokenize.h). Predict returns one
// probability per label, in the model's label order (labels()).
//
// Cost: one dictionary lookup and one hashed n-gram lookup per token (plus char n-grams when the
// model has them), a dim-wide vector sum per id, and a labels x dim product. Predict goes through
// fastText (a quantized .ftz model decodes each row from product-quantizer codes on the fly); the
// fast path below reads rows decoded once at load.
//
// Thread-safety: every method is const; scratch is in locals or thread-local.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "frontseat/status.h"

namespace fasttext {
class FastText;
}

namespace frontseat::detectors {

struct Tokens;

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
  // Probabilities of every label for one line of space-separated tokens (softmax; they sum to 1),
  // through fastText's own line reader: the reference the fast path below is tested against.
  void Predict(std::string_view line, std::vector<float>& probs) const;
  bool quantized() const;

  // The fast path used by the detectors: the input matrix is decoded to floats once at load, the
  // rows of every token (its word, and the bigram with the next token) are looked up once for
  // the whole text, and each window
  // [begin, end) is then scored as fastText would score the line "tokens[begin..end) </s>":
  // the mean of its rows, times the output matrix, softmax. Same ids, same rows as fastText's
  // getLine + predict (the order of float additions differs, so probabilities agree to ~1e-6).
  class TokenRows {
   public:
    size_t size() const { return hashes_.size(); }
   private:
    friend class FastTextModel;
    std::vector<int32_t> hashes_;  // fastText word hash of each token, as int32
    std::vector<int32_t> word_;    // input row of the token's word, -1 when not in the vocabulary
    std::vector<int32_t> bigram_;  // input row of the bigram (i, i + 1), size() - 1 of them
  };
  // fastText's hash of a word (Dictionary::hash), which names its bigram buckets. It does not
  // depend on the model, so texts scored by several models are hashed once (shared_tokens.h).
  static uint32_t WordHash(std::string_view word);
  // Rows for `tokens` (each a token as Tokenize produced it). Only for models without char
  // n-grams and with word_ngrams <= 2 (FastPathSupported); others use Predict.
  void Lookup(const std::vector<std::string_view>& tokens, TokenRows& rows) const;
  // The same for a Tokenize result whose WordHash values are already known (hashes[i] is the
  // hash of token i).
  void Lookup(const Tokens& tokens, std::span<const uint32_t> hashes, TokenRows& rows) const;
  void PredictWindow(const TokenRows& rows, size_t begin, size_t end, std::vector<float>& probs) const;
  bool FastPathSupported() const { return fast_path_; }

 private:
  struct Impl;
  FastTextModel();
  static Result<std::shared_ptr<const FastTextModel>> Load(std::istream& in, std::string_view name);
  template <typename TokenAt>
  void LookupRows(size_t n, TokenAt token, std::span<const uint32_t> hashes, TokenRows& rows) const;
  template <size_t kWidth>
  size_t SumWindowRows(const TokenRows& rows, size_t begin, size_t end, size_t offset,
                       float* h) const;
  size_t SumWindowRowsTail(const TokenRows& rows, size_t begin, size_t end, size_t offset,
                           float* h) const;
  std::unique_ptr<Impl> impl_;
  std::vector<std::string> labels_;
  bool fast_path_ = false;
};

}  // namespace frontseat::detectors
