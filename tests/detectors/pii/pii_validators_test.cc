// Questions: are the pure checks behind the pii detector right on their own, against published
// test vectors where there are some (Keccak-256, BIP 173/350, EIP-55, card issuer ranges, E.164
// country codes), and do the context helpers read only whole words in their window?
// These run without the engine, so a failure here points at the validator, not the pipeline.
#include <gtest/gtest.h>

#include <string>

#include "detectors/pii/context.h"
#include "detectors/pii/crypto_wallet.h"
#include "detectors/pii/keccak.h"
#include "detectors/pii/network.h"
#include "detectors/pii/phone.h"
#include "detectors/pii/validators.h"

namespace frontseat::detectors::pii {
namespace {

std::string Hex(const std::array<uint8_t, 32>& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  for (uint8_t b : bytes) {
    s += kDigits[b >> 4];
    s += kDigits[b & 15];
  }
  return s;
}

TEST(PiiKeccak, MatchesPublishedKeccak256Vectors) {
  // Keccak-256 (original padding), as Ethereum uses it; SHA3-256 of "" would be a7ffc6f8...
  EXPECT_EQ(Hex(Keccak256("")), "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  EXPECT_EQ(Hex(Keccak256("abc")),
            "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
}

TEST(PiiKeccak, MatchesTheQuickBrownFoxVector) {
  EXPECT_EQ(Hex(Keccak256("The quick brown fox jumps over the lazy dog")),
            "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15");
}

TEST(PiiKeccak, HandlesInputsAcrossTheRateBoundary) {
  // 135, 136 and 137 bytes straddle the 136-byte rate: the padding lands in the same block or
  // in a new one. Different inputs, different digests, and no out-of-bounds access (ASan).
  std::string a(135, 'a'), b(136, 'a'), c(137, 'a'), d(400, 'a');
  EXPECT_NE(Hex(Keccak256(a)), Hex(Keccak256(b)));
  EXPECT_NE(Hex(Keccak256(b)), Hex(Keccak256(c)));
  EXPECT_NE(Hex(Keccak256(c)), Hex(Keccak256(d)));
}

TEST(PiiCryptoWallet, ChecksBase58CheckAddresses) {
  EXPECT_TRUE(Base58CheckAddressValid("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"));
  EXPECT_TRUE(Base58CheckAddressValid("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"));
  EXPECT_FALSE(Base58CheckAddressValid("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"));
  EXPECT_FALSE(Base58CheckAddressValid("1A1zP1eP5QGefi2DMPTfTL5SLmv7Divf0a"));  // '0' not base58
  EXPECT_FALSE(Base58CheckAddressValid("1111111111111111111114oLvT3"));  // checksum off by one
  EXPECT_FALSE(Base58CheckAddressValid(""));
}

TEST(PiiCryptoWallet, ChecksBech32AndBech32mAddresses) {
  // BIP 173 / BIP 350 test vectors.
  EXPECT_TRUE(SegwitAddressValid("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"));
  EXPECT_TRUE(SegwitAddressValid("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7"));
  EXPECT_TRUE(SegwitAddressValid("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"));
  // Witness v0 with a bech32m checksum, and mixed case: both invalid.
  EXPECT_FALSE(SegwitAddressValid("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh"));
  EXPECT_FALSE(SegwitAddressValid("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7KV8F3T4"));
  EXPECT_FALSE(SegwitAddressValid("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5"));
  EXPECT_FALSE(SegwitAddressValid("ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"));  // other hrp
}

TEST(PiiCryptoWallet, ChecksEip55MixedCase) {
  // Examples from EIP-55.
  for (const char* a :
       {"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"}) {
    EXPECT_EQ(CheckEip55(a), Eip55::kValid) << a;
  }
  EXPECT_EQ(CheckEip55("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"), Eip55::kInvalid);
  EXPECT_EQ(CheckEip55("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"), Eip55::kNoChecksum);
  EXPECT_EQ(CheckEip55("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED"), Eip55::kNoChecksum);
  EXPECT_EQ(CheckEip55("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe"), Eip55::kInvalid);
}

TEST(PiiCards, KnowsIssuerPrefixesAndLengths) {
  EXPECT_EQ(CardBrand("4111111111111111"), "visa");
  EXPECT_EQ(CardBrand("4222222222222"), "visa");           // 13 digits
  EXPECT_FALSE(CardBrand("411111111111111").has_value());  // Visa has no 15-digit numbers
  EXPECT_EQ(CardBrand("5555555555554444"), "mastercard");
  EXPECT_EQ(CardBrand("2223000048400011"), "mastercard");
  EXPECT_EQ(CardBrand("378282246310005"), "amex");
  EXPECT_EQ(CardBrand("6011111111111117"), "discover");
  EXPECT_EQ(CardBrand("3530111333300000"), "jcb");
  EXPECT_EQ(CardBrand("30569309025904"), "diners");
  EXPECT_EQ(CardBrand("6759649826438453"), "maestro");
  EXPECT_FALSE(CardBrand("9111111111111111").has_value());
  EXPECT_FALSE(CardBrand("7111111111111111").has_value());
}

TEST(PiiSsn, AppliesSsaRanges) {
  EXPECT_TRUE(SsnRangesValid("536", "22", "8765"));
  EXPECT_FALSE(SsnRangesValid("000", "22", "8765"));
  EXPECT_FALSE(SsnRangesValid("666", "22", "8765"));
  EXPECT_FALSE(SsnRangesValid("900", "22", "8765"));
  EXPECT_FALSE(SsnRangesValid("999", "22", "8765"));
  EXPECT_FALSE(SsnRangesValid("536", "00", "8765"));
  EXPECT_FALSE(SsnRangesValid("536", "22", "0000"));
}

TEST(PiiIpv6, ParsesRfc4291TextForms) {
  EXPECT_TRUE(Ipv6Valid("2001:0db8:85a3:0000:0000:8a2e:0370:7334"));
  EXPECT_TRUE(Ipv6Valid("2001:db8::8a2e:370:7334"));
  EXPECT_TRUE(Ipv6Valid("::1"));
  EXPECT_TRUE(Ipv6Valid("fe80::"));
  EXPECT_TRUE(Ipv6Valid("::ffff:192.0.2.128"));
  EXPECT_FALSE(Ipv6Valid("1:2:3:4:5:6:7"));       // 7 groups without "::"
  EXPECT_FALSE(Ipv6Valid("1:2:3:4:5:6:7:8:9"));   // 9 groups
  EXPECT_FALSE(Ipv6Valid("1::2::3"));             // two "::"
  EXPECT_FALSE(Ipv6Valid("12345::1"));            // group of five
  EXPECT_FALSE(Ipv6Valid("::ffff:300.0.2.128"));  // bad embedded IPv4
  EXPECT_FALSE(Ipv6Valid("1:2:3:4:5:6:7::8"));    // "::" standing for nothing
  EXPECT_FALSE(Ipv6Valid("g::1"));
}

TEST(PiiPhone, KnowsE164CountryCodes) {
  EXPECT_EQ(CountryCodeLength("14155550123"), 1);
  EXPECT_EQ(CountryCodeLength("447911123456"), 2);
  EXPECT_EQ(CountryCodeLength("35312345678"), 3);  // Ireland
  EXPECT_EQ(CountryCodeLength("79161234567"), 1);  // Russia
  EXPECT_EQ(CountryCodeLength("2812345678"), 0);   // 28x is spare
  EXPECT_EQ(CountryCodeLength("80112345678"), 0);  // 801 is spare
  EXPECT_EQ(CountryCodeLength(""), 0);
}

TEST(PiiPhone, AppliesNanpRules) {
  EXPECT_TRUE(NanpValid("415", "867"));
  EXPECT_FALSE(NanpValid("115", "867"));  // area starts with 1
  EXPECT_FALSE(NanpValid("415", "067"));  // exchange starts with 0
  EXPECT_FALSE(NanpValid("411", "867"));  // N11 service code
  EXPECT_FALSE(NanpValid("41", "867"));
}

TEST(PiiContext, MatchesWholeWordsAndStemsInTheWindow) {
  constexpr std::string_view kWords[] = {"tel", "phon*"};
  std::string_view text = "hotel 12345 x";
  EXPECT_FALSE(HasContextWord(text, 6, 11, kWords));  // "tel" inside "hotel" is not a word
  text = "Telephone: 12345";
  EXPECT_FALSE(HasContextWord(text, 11, 16, kWords));  // "telephone" is not "phon*"
  text = "Phones: 12345";
  EXPECT_TRUE(HasContextWord(text, 8, 13, kWords));
  text = "tel 12345";
  EXPECT_TRUE(HasContextWord(text, 4, 9, kWords));
  text = "tel\n12345";
  EXPECT_FALSE(HasContextWord(text, 4, 9, kWords, 48, 24, /*same_line=*/true));
  text = "phone ............................................................ 12345";
  EXPECT_FALSE(HasContextWord(text, 67, 72, kWords));  // outside the 48-byte window
}

TEST(PiiContext, SeesNumbersGluedToNeighbours) {
  EXPECT_TRUE(GluedToNeighbours("a12345", 1, 6));
  EXPECT_TRUE(GluedToNeighbours("3.14159", 2, 7));
  EXPECT_TRUE(GluedToNeighbours("12345-6", 0, 5));
  EXPECT_FALSE(GluedToNeighbours("(12345)", 1, 6));
  EXPECT_FALSE(GluedToNeighbours("12345-Office", 0, 5));
  EXPECT_FALSE(GluedToNeighbours("12345.", 0, 5));
}

}  // namespace
}  // namespace frontseat::detectors::pii
