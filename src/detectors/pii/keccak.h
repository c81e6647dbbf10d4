// Keccak-256, the hash Ethereum uses (the original Keccak submission's padding, 0x01, not the
// FIPS 202 SHA3-256 padding, 0x06, so OpenSSL's SHA3-256 gives different digests; OpenSSL 3.0
// has no Keccak-256). Needed for the EIP-55 mixed-case checksum of Ethereum addresses.
// Small, unoptimised (a few microseconds for a 40-byte input): it only runs on the rare matches
// of the Ethereum address pattern.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace frontseat::detectors::pii {

std::array<uint8_t, 32> Keccak256(std::string_view data);

}  // namespace frontseat::detectors::pii
