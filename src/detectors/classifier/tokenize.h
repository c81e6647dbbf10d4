// The token stream the learned classifiers see, shared by `frontseat train` and the classifier
// detectors so a model is always fed exactly what it was trained on.
//
// Input is the engine's normalized view (NFKC, invisible characters removed, look-alikes folded).
// Tokens:
//   - runs of letters, digits and combining marks, lower-cased (ICU simple case mapping);
//     a run longer than 32 bytes is cut, and runs of 5+ digits become "00000" so numbers do
//     not flood the vocabulary;
//   - each ideograph, kana or hangul syllable alone (those scripts are written without spaces);
//   - each other visible character (punctuation, symbols, emoji) alone, since "###", "<|" and
//     "{{" are part of what injections look like.
// White space separates tokens and is dropped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace frontseat::detectors {

struct Tokens {
  std::string buffer;                 // the tokens, each followed by one space
  std::vector<uint32_t> starts;       // offset of token i in buffer
  std::vector<uint32_t> text_starts;  // offset of token i in the tokenized text
  size_t size() const { return starts.size(); }
  // Tokens [begin, end) as one space-separated line (a view into buffer).
  std::string_view Line(size_t begin, size_t end) const {
    if (begin >= end || begin >= starts.size()) return {};
    size_t from = starts[begin];
    size_t to = end < starts.size() ? starts[end] - 1 : buffer.size() - 1;
    return std::string_view(buffer).substr(from, to - from);
  }
};

// Tokenizes at most `max_tokens` tokens of `text` (which must be valid UTF-8).
Tokens Tokenize(std::string_view text, size_t max_tokens = SIZE_MAX);

}  // namespace frontseat::detectors
