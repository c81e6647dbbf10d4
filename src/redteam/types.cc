// Names of attack categories and the seeded randomness strategies share.
#include "redteam/types.h"

#include <array>

namespace frontseat::redteam {
namespace {

constexpr std::array<std::string_view, kAttackCategoryCount> kCategoryNames = {
    "harmful",          "direct_injection",   "indirect_injection", "system_prompt_extraction",
    "pii_exfiltration", "secret_exfiltration"};

// FNV-1a, 64 bit: a stable, platform-independent hash for deriving per-attack seeds (std::hash
// may differ between standard libraries, which would change attacks between builds).
uint64_t Fnv1a(uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace

std::string_view AttackCategoryName(AttackCategory category) {
  return kCategoryNames[static_cast<size_t>(category)];
}

std::optional<AttackCategory> AttackCategoryFromName(std::string_view name) {
  for (size_t i = 0; i < kCategoryNames.size(); ++i) {
    if (kCategoryNames[i] == name) return static_cast<AttackCategory>(i);
  }
  return std::nullopt;
}

Rng Rng::For(uint64_t run_seed, std::string_view seed_id, std::string_view strategy) {
  uint64_t h = 0xcbf29ce484222325ULL ^ run_seed;
  h *= 0x100000001b3ULL;
  h = Fnv1a(h, seed_id);
  h = Fnv1a(h ^ 0xff, strategy);  // 0xff cannot occur in UTF-8, so ("ab","c") != ("a","bc")
  return Rng(h);
}

// SplitMix64 (Steele, Lea, Flood 2014): full period, good enough mixing for choosing templates.
uint64_t Rng::Next() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t Rng::Below(uint64_t n) {
  // Rejection sampling keeps the choice unbiased for any n.
  const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t x;
  do {
    x = Next();
  } while (x >= limit);
  return x % n;
}

}  // namespace frontseat::redteam
