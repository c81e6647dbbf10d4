// Keccak-256 (see keccak.h). Reference: "The Keccak reference", version 3.0, and the compact
// public-domain implementation style of tiny_sha3 (M.-J. O. Saarinen): keccak-f[1600] with 24
// rounds over 25 little-endian 64-bit lanes, rate 1088 bits (136 bytes) for a 256-bit digest.
#include "detectors/pii/keccak.h"

namespace frontseat::detectors::pii {
namespace {

constexpr uint64_t kRoundConstants[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};
// Rotation offsets and lane order of the combined rho and pi steps, walking the pi permutation
// from lane 1.
constexpr int kRotations[24] = {1,  3,  6,  10, 15, 21, 28, 36, 45, 55, 2,  14,
                                27, 41, 56, 8,  25, 43, 62, 18, 39, 61, 20, 44};
constexpr int kPiLanes[24] = {10, 7,  11, 17, 18, 3, 5,  16, 8,  21, 24, 4,
                              15, 23, 19, 13, 12, 2, 20, 14, 22, 9,  6,  1};
constexpr size_t kRate = 136;

uint64_t Rotl(uint64_t x, int n) { return (x << n) | (x >> (64 - n)); }

void KeccakF1600(uint64_t st[25]) {
  for (uint64_t rc : kRoundConstants) {
    uint64_t bc[5];
    for (int i = 0; i < 5; ++i) bc[i] = st[i] ^ st[i + 5] ^ st[i + 10] ^ st[i + 15] ^ st[i + 20];
    for (int i = 0; i < 5; ++i) {
      uint64_t t = bc[(i + 4) % 5] ^ Rotl(bc[(i + 1) % 5], 1);
      for (int j = 0; j < 25; j += 5) st[j + i] ^= t;
    }
    uint64_t t = st[1];
    for (int i = 0; i < 24; ++i) {
      int j = kPiLanes[i];
      uint64_t tmp = st[j];
      st[j] = Rotl(t, kRotations[i]);
      t = tmp;
    }
    for (int j = 0; j < 25; j += 5) {
      for (int i = 0; i < 5; ++i) bc[i] = st[j + i];
      for (int i = 0; i < 5; ++i) st[j + i] ^= (~bc[(i + 1) % 5]) & bc[(i + 2) % 5];
    }
    st[0] ^= rc;
  }
}

// Absorbs one rate-sized block (lanes are little-endian, whatever the host's byte order).
void Absorb(uint64_t st[25], const uint8_t* block) {
  for (size_t i = 0; i < kRate / 8; ++i) {
    uint64_t lane = 0;
    for (int b = 7; b >= 0; --b) lane = (lane << 8) | block[i * 8 + b];
    st[i] ^= lane;
  }
  KeccakF1600(st);
}

}  // namespace

std::array<uint8_t, 32> Keccak256(std::string_view data) {
  uint64_t st[25] = {};
  const auto* p = reinterpret_cast<const uint8_t*>(data.data());
  size_t n = data.size();
  while (n >= kRate) {
    Absorb(st, p);
    p += kRate;
    n -= kRate;
  }
  uint8_t last[kRate] = {};
  for (size_t i = 0; i < n; ++i) last[i] = p[i];
  last[n] ^= 0x01;  // Keccak padding (pad10*1); SHA3 would use 0x06 here
  last[kRate - 1] ^= 0x80;
  Absorb(st, last);
  std::array<uint8_t, 32> out{};
  for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<uint8_t>(st[i / 8] >> (8 * (i % 8)));
  return out;
}

}  // namespace frontseat::detectors::pii
