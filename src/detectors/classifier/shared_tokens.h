// The token stream of one view, shared by the classifier detectors of a scan. Both
// `injection.classifier` and `harmful.classifier` tokenize the same view the same way (tokenize.h)
// and hash every token with fastText's word hash (FastTextModel::WordHash), so the second
// detector to see a view reuses the first's work instead of repeating it (it was a third of the
// classifiers' cost on a 4 KB document).
//
// Thread-safety: the memo is per thread (like the rest of a scan's scratch); the engine scans a
// document's views one after the other on one thread, so the detectors of a view meet it there.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "detectors/classifier/tokenize.h"

namespace frontseat::detectors {

struct HashedTokens {
  Tokens tokens;
  std::vector<uint32_t> hashes;  // FastTextModel::WordHash of each token
};

// Tokenize(text, max_tokens) plus the hash of each token. When the previous call on this thread
// had the same bytes and the same limit, its result is returned as is (the result is a function
// of exactly those, so a stale memo cannot be returned). The reference stays valid until the
// next call on this thread. Texts over 1 MB are not kept: copying them to compare later would
// cost more than the tokenization it saves, and a thread should not hold on to them.
const HashedTokens& TokenizeShared(std::string_view text, size_t max_tokens);

}  // namespace frontseat::detectors
