// Near-duplicate-aware splitting (see split.h).
#include "eval/split.h"

#include <algorithm>
#include <array>
#include <numeric>

#include "core/normalizer.h"
#include "detectors/classifier/tokenize.h"

namespace frontseat::eval {
namespace {

constexpr int kBands = 8;
constexpr int kRows = 4;
constexpr int kHashes = kBands * kRows;
constexpr size_t kShingle = 3;

uint64_t Mix(uint64_t x) {  // splitmix64 finalizer
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

uint64_t Fnv(std::string_view s, uint64_t seed) {
  uint64_t h = 1469598103934665603ull ^ seed;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return Mix(h);
}

struct UnionFind {
  std::vector<uint32_t> parent;
  explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0u); }
  uint32_t Find(uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void Union(uint32_t a, uint32_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
};

std::array<uint64_t, kHashes> Signature(std::string_view key, uint64_t seed) {
  std::array<uint64_t, kHashes> sig;
  sig.fill(UINT64_MAX);
  std::vector<std::string_view> words;
  for (size_t i = 0; i < key.size();) {
    size_t j = key.find(' ', i);
    if (j == std::string_view::npos) j = key.size();
    if (j > i) words.push_back(key.substr(i, j - i));
    i = j + 1;
  }
  size_t n = words.size() >= kShingle ? words.size() - kShingle + 1 : (words.empty() ? 0 : 1);
  for (size_t s = 0; s < n; ++s) {
    uint64_t h = seed;
    for (size_t k = s; k < std::min(words.size(), s + kShingle); ++k) h = Fnv(words[k], h);
    for (int i = 0; i < kHashes; ++i) {
      sig[static_cast<size_t>(i)] =
          std::min(sig[static_cast<size_t>(i)], Mix(h ^ (0x51ed270b27a2f8b1ull * (i + 1))));
    }
  }
  return sig;
}

}  // namespace

std::string_view SplitName(Split split) {
  switch (split) {
    case Split::kTrain: return "train";
    case Split::kValidation: return "validation";
    case Split::kTest: return "test";
  }
  return "train";
}

std::string SplitKey(std::string_view text) {
  core::NormalizedText n = core::Normalize(text);
  detectors::Tokens t = detectors::Tokenize(n.text);
  return std::string(t.Line(0, t.size()));
}

std::unordered_map<std::string, Split> AssignSplits(const std::vector<std::string>& keys,
                                                    const SplitOptions& options) {
  std::vector<std::string> unique = keys;
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  UnionFind groups(unique.size());
  std::unordered_map<uint64_t, uint32_t> bucket_owner;
  bucket_owner.reserve(unique.size() * kBands);
  for (uint32_t i = 0; i < unique.size(); ++i) {
    auto sig = Signature(unique[i], options.seed);
    for (int b = 0; b < kBands; ++b) {
      uint64_t h = Mix(static_cast<uint64_t>(b) + 1);
      for (int r = 0; r < kRows; ++r) h = Mix(h ^ sig[static_cast<size_t>(b * kRows + r)]);
      auto [it, inserted] = bucket_owner.emplace(h, i);
      if (!inserted) groups.Union(i, it->second);
    }
  }
  // A group takes the side of its smallest member hash; min over members is order-independent.
  std::vector<uint64_t> group_hash(unique.size(), UINT64_MAX);
  for (uint32_t i = 0; i < unique.size(); ++i) {
    uint32_t root = groups.Find(i);
    group_hash[root] = std::min(group_hash[root], Fnv(unique[i], options.seed));
  }
  std::unordered_map<std::string, Split> out;
  out.reserve(unique.size());
  for (uint32_t i = 0; i < unique.size(); ++i) {
    uint64_t bucket = group_hash[groups.Find(i)] % 100;
    Split s = Split::kTrain;
    if (bucket < options.test_percent) {
      s = Split::kTest;
    } else if (bucket < options.test_percent + options.validation_percent) {
      s = Split::kValidation;
    }
    out.emplace(unique[i], s);
  }
  return out;
}

}  // namespace frontseat::eval
