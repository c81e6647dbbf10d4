// Cryptocurrency address validators (see crypto_wallet.h for the formats and references).
// Each runs only on a pattern match of at most 90 bytes, so the big-number base58 decoding and
// the hashes cost microseconds per match and nothing on text without candidates.
#include "detectors/pii/crypto_wallet.h"

#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <string>

#include "detectors/pii/context.h"
#include "detectors/pii/keccak.h"

namespace frontseat::detectors::pii {
namespace {

constexpr std::string_view kWalletContext[] = {
    "wallet*",  "btc",       "bitcoin*", "eth",  "ether",  "ethereum",
    "crypto*",  "address*",  "addr",     "send", "sent",   "pay*",
    "deposit*", "withdraw*", "usdt",     "usdc", "token*", "transfer*"};

// Base58 alphabet value of a byte, -1 if the byte is not in the alphabet (0, O, I, l excluded).
int Base58Value(char c) {
  static constexpr std::string_view kAlphabet =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  size_t pos = kAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

bool Sha256(const uint8_t* data, size_t size, uint8_t out[32]) {
  unsigned int len = 0;
  return EVP_Digest(data, size, out, &len, EVP_sha256(), nullptr) == 1 && len == 32;
}

// BIP 173 checksum polynomial over GF(32).
uint32_t Bech32Polymod(const uint8_t* values, size_t size) {
  static constexpr uint32_t kGen[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  uint32_t chk = 1;
  for (size_t i = 0; i < size; ++i) {
    uint32_t top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ values[i];
    for (int b = 0; b < 5; ++b) {
      if ((top >> b) & 1) chk ^= kGen[b];
    }
  }
  return chk;
}

constexpr uint32_t kBech32Const = 1;
constexpr uint32_t kBech32mConst = 0x2bc830a3;  // BIP 350

}  // namespace

bool Base58CheckAddressValid(std::string_view address) {
  if (address.size() < 26 || address.size() > 35) return false;
  // Fixed-width big-endian decoding into the 25 bytes a P2PKH/P2SH address holds; a value that
  // does not fit is not such an address.
  std::array<uint8_t, 25> bytes{};
  for (char c : address) {
    int v = Base58Value(c);
    if (v < 0) return false;
    uint32_t carry = static_cast<uint32_t>(v);
    for (size_t j = bytes.size(); j-- > 0;) {
      carry += 58u * bytes[j];
      bytes[j] = static_cast<uint8_t>(carry & 0xff);
      carry >>= 8;
    }
    if (carry != 0) return false;
  }
  // Each leading '1' encodes one leading zero byte, and the rest of the number has none.
  size_t ones = 0;
  while (ones < address.size() && address[ones] == '1') ++ones;
  size_t zeros = 0;
  while (zeros < bytes.size() && bytes[zeros] == 0) ++zeros;
  if (ones != zeros) return false;
  if (bytes[0] != 0x00 && bytes[0] != 0x05) return false;
  uint8_t h1[32];
  uint8_t h2[32];
  if (!Sha256(bytes.data(), 21, h1) || !Sha256(h1, 32, h2)) return false;
  for (int i = 0; i < 4; ++i) {
    if (h2[i] != bytes[21 + i]) return false;
  }
  return true;
}

bool SegwitAddressValid(std::string_view address) {
  static constexpr std::string_view kCharset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  if (address.size() < 14 || address.size() > 90) return false;
  bool lower = false;
  bool upper = false;
  std::string s;
  s.reserve(address.size());
  for (char c : address) {
    lower = lower || (c >= 'a' && c <= 'z');
    upper = upper || (c >= 'A' && c <= 'Z');
    s += ToLowerAscii(c);
  }
  if (lower && upper) return false;  // BIP 173: mixed case is invalid
  size_t sep = s.rfind('1');
  if (sep == std::string::npos || sep == 0 || s.size() - sep - 1 < 6) return false;
  std::string_view hrp(s.data(), sep);
  if (hrp != "bc" && hrp != "tb") return false;
  // hrp expansion (high bits, 0, low bits) followed by the data values.
  std::array<uint8_t, 2 * 2 + 1 + 90> values{};
  size_t n = 0;
  for (char c : hrp) values[n++] = static_cast<uint8_t>(c >> 5);
  values[n++] = 0;
  for (char c : hrp) values[n++] = static_cast<uint8_t>(c & 31);
  size_t data_begin = n;
  for (size_t i = sep + 1; i < s.size(); ++i) {
    size_t v = kCharset.find(s[i]);
    if (v == std::string_view::npos) return false;
    values[n++] = static_cast<uint8_t>(v);
  }
  uint32_t polymod = Bech32Polymod(values.data(), n);
  if (polymod != kBech32Const && polymod != kBech32mConst) return false;
  // Witness version, then the program regrouped from 5-bit to 8-bit values without padding.
  uint8_t version = values[data_begin];
  if (version > 16) return false;
  if ((version == 0) != (polymod == kBech32Const)) return false;
  uint32_t acc = 0;
  int bits = 0;
  size_t program_size = 0;
  for (size_t i = data_begin + 1; i + 6 < n; ++i) {
    acc = (acc << 5) | values[i];
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      ++program_size;
    }
  }
  if (bits >= 5 || (acc & ((1u << bits) - 1)) != 0) return false;  // non-zero or long padding
  if (program_size < 2 || program_size > 40) return false;
  if (version == 0 && program_size != 20 && program_size != 32) return false;
  return true;
}

Eip55 CheckEip55(std::string_view address) {
  if (address.size() != 42 || address[0] != '0' || address[1] != 'x') return Eip55::kInvalid;
  std::string_view hex = address.substr(2);
  bool lower = false;
  bool upper = false;
  std::string lowered;
  lowered.reserve(40);
  for (char c : hex) {
    if (!IsHexDigit(c)) return Eip55::kInvalid;
    lower = lower || (c >= 'a' && c <= 'f');
    upper = upper || (c >= 'A' && c <= 'F');
    lowered += ToLowerAscii(c);
  }
  if (!(lower && upper)) return Eip55::kNoChecksum;
  // A letter is upper case exactly when the matching nibble of the hash is >= 8.
  std::array<uint8_t, 32> hash = Keccak256(lowered);
  for (size_t i = 0; i < 40; ++i) {
    char c = hex[i];
    if (IsDigit(c)) continue;
    int nibble = (i % 2 == 0) ? (hash[i / 2] >> 4) : (hash[i / 2] & 0x0f);
    bool want_upper = nibble >= 8;
    if (want_upper != (c >= 'A' && c <= 'F')) return Eip55::kInvalid;
  }
  return Eip55::kValid;
}

void ValidateBase58Address(std::string_view text, uint32_t begin, uint32_t end,
                           std::vector<Candidate>& out) {
  if (!Base58CheckAddressValid(text.substr(begin, end - begin))) return;
  // 32 checksum bits: a random string passes one time in four billion.
  out.push_back({PiiEntity::kCryptoWallet, begin, end, 0.95});
}

void ValidateSegwitAddress(std::string_view text, uint32_t begin, uint32_t end,
                           std::vector<Candidate>& out) {
  std::string_view address = text.substr(begin, end - begin);
  if (!SegwitAddressValid(address)) return;
  // Testnet coins have no value; a testnet address says little about a person.
  bool testnet = ToLowerAscii(address[0]) == 't';
  out.push_back({PiiEntity::kCryptoWallet, begin, end, testnet ? 0.5 : 0.95});
}

void ValidateEthereumAddress(std::string_view text, uint32_t begin, uint32_t end,
                             std::vector<Candidate>& out) {
  std::string_view address = text.substr(begin, end - begin);
  // The zero address and other one- or two-symbol runs are burn addresses and placeholders.
  bool seen[16] = {};
  int distinct = 0;
  for (char c : address.substr(2)) {
    int v = IsDigit(c) ? c - '0' : ToLowerAscii(c) - 'a' + 10;
    if (v < 0 || v > 15) return;
    if (!seen[v]) ++distinct;
    seen[v] = true;
  }
  if (distinct <= 2) return;
  switch (CheckEip55(address)) {
    case Eip55::kInvalid:
      return;  // mixed case that fails the checksum: a typo or not an address
    case Eip55::kValid:
      out.push_back({PiiEntity::kCryptoWallet, begin, end, 0.95});
      return;
    case Eip55::kNoChecksum: {
      // 0x + 40 hex is also a hash prefix, a storage key or a contract in code; context decides.
      bool context = HasContextWord(text, begin, end, kWalletContext);
      out.push_back({PiiEntity::kCryptoWallet, begin, end, context ? 0.75 : 0.5});
      return;
    }
  }
}

}  // namespace frontseat::detectors::pii
