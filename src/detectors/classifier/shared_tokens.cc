// Per-thread memo of the last tokenized view (see shared_tokens.h).
#include "detectors/classifier/shared_tokens.h"

#include <string>

#include "detectors/classifier/fasttext_model.h"

namespace frontseat::detectors {
namespace {

constexpr size_t kMaxMemoBytes = 1u << 20;

struct Memo {
  bool valid = false;
  std::string text;  // a copy: the view's bytes may be freed and reused by the next scan
  size_t max_tokens = 0;
  HashedTokens result;
};

}  // namespace

const HashedTokens& TokenizeShared(std::string_view text, size_t max_tokens) {
  thread_local Memo memo;
  if (memo.valid && memo.max_tokens == max_tokens && std::string_view(memo.text) == text) {
    return memo.result;
  }
  memo.valid = false;
  memo.result.tokens = Tokenize(text, max_tokens);
  const Tokens& tokens = memo.result.tokens;
  memo.result.hashes.resize(tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    memo.result.hashes[i] = FastTextModel::WordHash(tokens.Line(i, i + 1));
  }
  if (text.size() <= kMaxMemoBytes) {
    memo.text.assign(text);
    memo.max_tokens = max_tokens;
    memo.valid = true;
  } else {
    memo.text.clear();
    memo.text.shrink_to_fit();
  }
  return memo.result;
}

}  // namespace frontseat::detectors
