// Validators of cryptocurrency wallet addresses. A wallet address is pseudonymous but links a
// person to every payment they made, so it is treated as personal data. Each format carries a
// checksum, which is what separates an address from a random base58 or hex string:
//   - Bitcoin P2PKH / P2SH ("1...", "3..."): base58check, the first 4 bytes of
//     SHA-256(SHA-256(version + hash160)) appended (Bitcoin wiki, "Base58Check encoding").
//   - Bitcoin segwit ("bc1..."): bech32 (BIP 173) for witness version 0, bech32m (BIP 350) for
//     versions 1 to 16, with the witness program lengths those BIPs allow.
//   - Ethereum ("0x" + 40 hex): EIP-55 mixed-case checksum over Keccak-256 of the lowercase hex.
//     All-lowercase or all-uppercase addresses carry no checksum and get a lower score.
#pragma once

#include <string_view>

#include "detectors/pii/candidate.h"

namespace frontseat::detectors::pii {

// Pure checks on the address text alone (no context), exposed for tests.
bool Base58CheckAddressValid(std::string_view address);  // mainnet P2PKH (0x00) / P2SH (0x05)
bool SegwitAddressValid(std::string_view address);       // "bc1..." / "tb1...", any one case
enum class Eip55 { kInvalid, kValid, kNoChecksum };
Eip55 CheckEip55(std::string_view address);  // "0x" + 40 hex digits

// Validators for the patterns in pii.cc (see candidate.h for the contract).
void ValidateBase58Address(std::string_view text, uint32_t begin, uint32_t end,
                           std::vector<Candidate>& out);
void ValidateSegwitAddress(std::string_view text, uint32_t begin, uint32_t end,
                           std::vector<Candidate>& out);
void ValidateEthereumAddress(std::string_view text, uint32_t begin, uint32_t end,
                             std::vector<Candidate>& out);

}  // namespace frontseat::detectors::pii
