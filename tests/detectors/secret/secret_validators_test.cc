// Question: does each value validator of the secret detector (validators.h) accept what its
// comment promises and reject the near-misses around it? Vendor checksums and structures are
// checked against tokens built here with small reference encoders (CRC-32, base62, bech32,
// base64), each paired with the same token spoiled in one place; placeholder and free-form
// judgements are checked on values that differ from an accepted one in one property.
#include "detectors/secret/validators.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace frontseat::detectors::secret {
namespace {

// --- Reference encoders ------------------------------------------------------------------------

// CRC-32 as in zlib (IEEE, reflected 0xEDB88320), written bit by bit with a branch.
uint32_t ReferenceCrc32(std::string_view s) {
  uint32_t crc = 0xFFFFFFFFu;
  for (char ch : s) {
    crc ^= static_cast<unsigned char>(ch);
    for (int bit = 0; bit < 8; ++bit) {
      if (crc & 1u) {
        crc = (crc >> 1) ^ 0xEDB88320u;
      } else {
        crc >>= 1;
      }
    }
  }
  return crc ^ 0xFFFFFFFFu;
}

// base62 in 6 characters, alphabet 0-9A-Za-z, most significant first, left-padded with '0'.
std::string Base62Six(uint32_t n) {
  static constexpr std::string_view kAlphabet =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string out(6, '0');
  for (int i = 5; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kAlphabet[n % 62];
    n /= 62;
  }
  return out;
}

// <prefix>_<random><base62(crc32(random))>, the GitHub / npm token layout.
std::string ChecksummedToken(std::string_view prefix, std::string_view random) {
  return std::string(prefix) + "_" + std::string(random) + Base62Six(ReferenceCrc32(random));
}

// BIP-173 bech32 encoder (lowercase), straight from the specification's reference code.
uint32_t Bech32Polymod(const std::vector<uint8_t>& values) {
  static constexpr uint32_t kGen[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  uint32_t chk = 1;
  for (uint8_t v : values) {
    uint32_t top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (int i = 0; i < 5; ++i) {
      if ((top >> i) & 1) chk ^= kGen[i];
    }
  }
  return chk;
}

std::string Bech32Encode(std::string_view hrp, const std::vector<uint8_t>& data) {
  static constexpr std::string_view kCharset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  std::vector<uint8_t> values;
  for (char c : hrp) values.push_back(static_cast<uint8_t>(static_cast<unsigned char>(c) >> 5));
  values.push_back(0);
  for (char c : hrp) values.push_back(static_cast<uint8_t>(static_cast<unsigned char>(c) & 31));
  values.insert(values.end(), data.begin(), data.end());
  values.insert(values.end(), 6, 0);
  uint32_t mod = Bech32Polymod(values) ^ 1;
  std::string out = std::string(hrp) + "1";
  for (uint8_t d : data) out += kCharset[d];
  for (int i = 0; i < 6; ++i) out += kCharset[(mod >> (5 * (5 - i))) & 31];
  return out;
}

// `n` 5-bit values that look random enough for a key.
std::vector<uint8_t> FiveBitData(size_t n) {
  std::vector<uint8_t> data;
  for (size_t i = 0; i < n; ++i) data.push_back(static_cast<uint8_t>((i * 7 + 3) % 32));
  return data;
}

// RFC 4648 base64; `url` picks the URL-safe alphabet, `pad` appends '='.
std::string Base64(std::string_view in, bool url, bool pad) {
  std::string_view alphabet = url
                                  ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                                  : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    uint32_t v = (static_cast<uint32_t>(static_cast<unsigned char>(in[i])) << 16) |
                 (static_cast<uint32_t>(static_cast<unsigned char>(in[i + 1])) << 8) |
                 static_cast<uint32_t>(static_cast<unsigned char>(in[i + 2]));
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  size_t rest = in.size() - i;
  if (rest == 1) {
    uint32_t v = static_cast<uint32_t>(static_cast<unsigned char>(in[i])) << 16;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    if (pad) out += "==";
  } else if (rest == 2) {
    uint32_t v = (static_cast<uint32_t>(static_cast<unsigned char>(in[i])) << 16) |
                 (static_cast<uint32_t>(static_cast<unsigned char>(in[i + 1])) << 8);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    if (pad) out += "=";
  }
  return out;
}

std::string B64Url(std::string_view in) { return Base64(in, /*url=*/true, /*pad=*/false); }

// A 43-character HS256-sized signature.
constexpr std::string_view kSignature = "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

std::string Jwt(std::string_view header_json, std::string_view payload_json,
                std::string_view signature = kSignature) {
  return B64Url(header_json) + "." + B64Url(payload_json) + "." + std::string(signature);
}

// A 20-character value of all three classes, all characters distinct (entropy log2(20) ~ 4.32).
constexpr std::string_view kRandom20 = "Q7mZp2XtLr8Kw4Vn9Bs3";

// --- The reference encoders themselves -----------------------------------------------------------

TEST(SecretValidators, ReferenceEncodersMatchPublishedVectors) {
  EXPECT_EQ(ReferenceCrc32("123456789"), 0xCBF43926u);  // the CRC-32 check value
  EXPECT_EQ(Base62Six(0), "000000");
  EXPECT_EQ(Base62Six(61), "00000z");
  EXPECT_EQ(Base62Six(62), "000010");
  EXPECT_EQ(Bech32Encode("a", {}), "a12uel5l");  // BIP-173 valid vector
  EXPECT_EQ(B64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"), "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9");
  EXPECT_EQ(Base64("user:pass", false, true), "dXNlcjpwYXNz");
  EXPECT_EQ(Base64("ab", false, true), "YWI=");
}

// --- Crc32Base62Valid ----------------------------------------------------------------------------

TEST(SecretValidators, GithubTokenWithCorrectChecksumIsAccepted) {
  std::string token = ChecksummedToken("ghp", "aB3dE5fG7hJ9kL1mN2pQ4rS6tU8v");
  ASSERT_EQ(token.size(), 4u + 28u + 6u);
  EXPECT_TRUE(Crc32Base62Valid(token)) << token;
}

TEST(SecretValidators, EveryGithubPrefixAndNpmUseTheSameChecksum) {
  for (std::string_view prefix : {"gho", "ghu", "ghs", "ghr", "npm"}) {
    std::string token = ChecksummedToken(prefix, "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1H");
    EXPECT_TRUE(Crc32Base62Valid(token)) << token;
  }
}

TEST(SecretValidators, GithubTokenWithWrongChecksumIsRejected) {
  std::string token = ChecksummedToken("ghp", "aB3dE5fG7hJ9kL1mN2pQ4rS6tU8v");
  std::string bad = token;
  bad.back() = bad.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(Crc32Base62Valid(bad)) << bad;
}

TEST(SecretValidators, GithubTokenWithOneRandomCharacterChangedIsRejected) {
  std::string token = ChecksummedToken("ghp", "aB3dE5fG7hJ9kL1mN2pQ4rS6tU8v");
  std::string bad = token;
  bad[10] = bad[10] == 'x' ? 'y' : 'x';
  EXPECT_FALSE(Crc32Base62Valid(bad)) << bad;
}

TEST(SecretValidators, TokenWithoutUnderscoreOrTooShortBodyIsRejected) {
  std::string token = ChecksummedToken("ghp", "aB3dE5fG7hJ9kL1mN2pQ4rS6tU8v");
  std::string no_underscore = token;
  no_underscore[3] = 'x';
  EXPECT_FALSE(Crc32Base62Valid(no_underscore));
  EXPECT_FALSE(Crc32Base62Valid("ghp_abc123"));  // 6 characters after '_': checksum only
  EXPECT_FALSE(Crc32Base62Valid(""));
}

TEST(SecretValidators, ChecksumOverOneCharacterBodyIsAccepted) {
  // The shortest body the check reads: 1 random character and 6 of checksum.
  EXPECT_TRUE(Crc32Base62Valid(ChecksummedToken("npm", "a")));
}

// --- Bech32Valid ---------------------------------------------------------------------------------

TEST(SecretValidators, Bip173ValidVectorsAreAccepted) {
  EXPECT_TRUE(Bech32Valid("A12UEL5L"));
  EXPECT_TRUE(Bech32Valid("a12uel5l"));
  EXPECT_TRUE(Bech32Valid("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw"));
  EXPECT_TRUE(Bech32Valid("split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w"));
}

TEST(SecretValidators, AgeSecretKeyBuiltWithBech32IsAcceptedInEitherCase) {
  std::string key = Bech32Encode("age-secret-key-", FiveBitData(52));
  ASSERT_EQ(key.size(), 74u);
  EXPECT_TRUE(Bech32Valid(key)) << key;
  std::string upper = key;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(Bech32Valid(upper)) << upper;
}

TEST(SecretValidators, Bech32LongerThanNinetyCharactersIsAccepted) {
  std::string s = Bech32Encode("age-secret-key-", FiveBitData(120));
  ASSERT_GT(s.size(), 90u);
  EXPECT_TRUE(Bech32Valid(s));
}

TEST(SecretValidators, Bech32WithOneCharacterChangedIsRejected) {
  std::string key = Bech32Encode("age-secret-key-", FiveBitData(52));
  for (size_t pos : {size_t{3}, size_t{20}, key.size() - 1}) {
    std::string bad = key;
    bad[pos] = bad[pos] == 'q' ? 'p' : 'q';
    EXPECT_FALSE(Bech32Valid(bad)) << bad;
  }
}

TEST(SecretValidators, Bech32WithoutHumanReadablePartOrChecksumIsRejected) {
  EXPECT_FALSE(Bech32Valid("1qzzfhee"));  // empty HRP (BIP-173 invalid vector)
  EXPECT_FALSE(Bech32Valid("a1qqqqq"));   // fewer than 6 checksum characters after '1'
  EXPECT_FALSE(Bech32Valid("noseparator"));
  EXPECT_FALSE(Bech32Valid(""));
}

TEST(SecretValidators, Bech32WithCharacterOutsideCharsetIsRejected) {
  std::string key = Bech32Encode("age-secret-key-", FiveBitData(52));
  std::string bad = key;
  bad[20] = 'b';  // 'b', 'i', 'o' and '1' are not in the data charset
  EXPECT_FALSE(Bech32Valid(bad));
}

TEST(SecretValidators, Bech32ChecksumOfUppercaseHrpIsRejected) {
  // BIP-173 invalid vector: checksum computed over the uppercase HRP.
  EXPECT_FALSE(Bech32Valid("A1G7SGD8"));
}

// --- JwtValid ------------------------------------------------------------------------------------

TEST(SecretValidators, JwtWithAlgHeaderAndJsonPayloadIsAccepted) {
  EXPECT_TRUE(JwtValid(Jwt(R"({"alg":"HS256","typ":"JWT"})", R"({"sub":"1234567890"})")));
}

TEST(SecretValidators, JwtWhoseHeaderNamesOnlyTypIsAccepted) {
  EXPECT_TRUE(JwtValid(Jwt(R"({"typ":"JWT"})", R"({"sub":"42"})")));
}

TEST(SecretValidators, JwtHeaderWithoutAlgOrTypIsRejected) {
  EXPECT_FALSE(JwtValid(Jwt(R"({"kid":"k1"})", R"({"sub":"42"})")));
}

TEST(SecretValidators, JwtWhoseSegmentsAreNotJsonObjectsIsRejected) {
  EXPECT_FALSE(JwtValid(Jwt(R"({"alg":"HS256"})", "hello world")));
  EXPECT_FALSE(JwtValid(Jwt(R"(["alg","HS256"])", R"({"sub":"42"})")));
  EXPECT_FALSE(JwtValid("not-base64!." + B64Url(R"({"sub":"42"})") + "." +
                        std::string(kSignature)));
}

TEST(SecretValidators, JwtWithOtherThanThreeSegmentsIsRejected) {
  std::string header = B64Url(R"({"alg":"HS256"})");
  std::string payload = B64Url(R"({"sub":"42"})");
  EXPECT_FALSE(JwtValid(header + "." + payload));
  EXPECT_FALSE(JwtValid(header + "." + payload + "." + std::string(kSignature) + "." +
                        std::string(kSignature)));
  // A JWE's five segments.
  EXPECT_FALSE(JwtValid(header + ".key." + payload + ".tag." + std::string(kSignature)));
  EXPECT_FALSE(JwtValid("no dots at all"));
}

TEST(SecretValidators, JwtSignatureMustBeAtLeastSixteenCharacters) {
  EXPECT_TRUE(JwtValid(Jwt(R"({"alg":"HS256"})", R"({"sub":"42"})", "abcdefghijklmnop")));
  EXPECT_FALSE(JwtValid(Jwt(R"({"alg":"HS256"})", R"({"sub":"42"})", "abcdefghijklmno")));
  EXPECT_FALSE(JwtValid(Jwt(R"({"alg":"HS256"})", R"({"sub":"42"})", "")));
}

TEST(SecretValidators, JwtHeaderWithLeadingWhitespaceIsAccepted) {
  EXPECT_TRUE(JwtValid(Jwt(" {\"alg\":\"none\"}", "\n{\"sub\":\"42\"}")));
}

// --- DiscordBotTokenValid ------------------------------------------------------------------------

std::string DiscordToken(std::string_view id) {
  return B64Url(id) + ".GhIjKl.abcdefghijklmnopqrstuvwxyz0";
}

TEST(SecretValidators, DiscordTokenWhoseFirstSegmentIsASnowflakeIsAccepted) {
  EXPECT_TRUE(DiscordBotTokenValid(DiscordToken("123456789012345678")));  // 18 digits
  EXPECT_TRUE(DiscordBotTokenValid(DiscordToken("12345678901234567")));   // 17 digits
  EXPECT_TRUE(DiscordBotTokenValid(DiscordToken("12345678901234567890")));  // 20 digits
}

TEST(SecretValidators, DiscordTokenWithNonNumericIdIsRejected) {
  EXPECT_FALSE(DiscordBotTokenValid(DiscordToken("12345678901234567a")));
  EXPECT_FALSE(DiscordBotTokenValid(DiscordToken("abcdefghijklmnopqr")));
}

TEST(SecretValidators, DiscordTokenWithIdOfWrongLengthIsRejected) {
  EXPECT_FALSE(DiscordBotTokenValid(DiscordToken("1234567890123456")));       // 16 digits
  EXPECT_FALSE(DiscordBotTokenValid(DiscordToken("123456789012345678901")));  // 21 digits
  EXPECT_FALSE(DiscordBotTokenValid(""));
}

// --- AtlassianDcPatValid -------------------------------------------------------------------------

std::string RandomBytes(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += static_cast<char>((i * 37 + 11) & 0xff);
  return out;
}

TEST(SecretValidators, AtlassianPatOfTwelveDigitIdAndRandomBytesIsAccepted) {
  EXPECT_TRUE(AtlassianDcPatValid(Base64("123456789012:" + RandomBytes(20), false, false)));
  EXPECT_TRUE(AtlassianDcPatValid(Base64("987654321098:" + RandomBytes(20), false, true)));
  EXPECT_TRUE(AtlassianDcPatValid(Base64("000000000001:x", false, false)));  // 14 bytes
}

TEST(SecretValidators, AtlassianPatWithoutColonAfterTwelveDigitsIsRejected) {
  EXPECT_FALSE(AtlassianDcPatValid(Base64("12345678901:" + RandomBytes(20), false, false)));
  EXPECT_FALSE(AtlassianDcPatValid(Base64("1234567890123:" + RandomBytes(20), false, false)));
  EXPECT_FALSE(AtlassianDcPatValid(Base64(RandomBytes(33), false, false)));
}

TEST(SecretValidators, AtlassianPatWithNonDigitIdIsRejected) {
  EXPECT_FALSE(AtlassianDcPatValid(Base64("12345678901a:" + RandomBytes(20), false, false)));
}

TEST(SecretValidators, AtlassianPatTooShortToHoldARandomPartIsRejected) {
  EXPECT_FALSE(AtlassianDcPatValid(Base64("123456789012:", false, false)));  // 13 bytes
  EXPECT_FALSE(AtlassianDcPatValid(""));
}

// --- PlausibleBasicAuth --------------------------------------------------------------------------

TEST(SecretValidators, BasicAuthOfUserAndRealPasswordIsAccepted) {
  EXPECT_TRUE(PlausibleBasicAuth(Base64("alice:s3cr3tPw!", false, false)));
  EXPECT_TRUE(PlausibleBasicAuth(Base64("bob:Tr0ub4dor&3x", false, true)));  // padded "=="
}

TEST(SecretValidators, BasicAuthWithoutUserOrPasswordIsRejected) {
  EXPECT_FALSE(PlausibleBasicAuth(Base64("alices3cr3tPw", false, false)));  // no colon
  EXPECT_FALSE(PlausibleBasicAuth(Base64(":s3cr3tPw!", false, false)));     // no user
  EXPECT_FALSE(PlausibleBasicAuth(Base64("alice:", false, false)));          // no password
}

TEST(SecretValidators, BasicAuthThatDecodesToUnprintableBytesIsRejected) {
  EXPECT_FALSE(PlausibleBasicAuth(Base64("alice:s3cr\x01tPw!", false, false)));
  EXPECT_FALSE(PlausibleBasicAuth(Base64("alice:s3cr\xc3\xa9tPw", false, false)));
}

TEST(SecretValidators, BasicAuthWithPlaceholderOrReferencePasswordIsRejected) {
  EXPECT_FALSE(PlausibleBasicAuth(Base64("alice:changeme", false, false)));
  EXPECT_FALSE(PlausibleBasicAuth(Base64("alice:123456", false, false)));
  EXPECT_FALSE(PlausibleBasicAuth(Base64("alice:$PASSWORD", false, false)));
  EXPECT_FALSE(PlausibleBasicAuth(Base64("alice:${PASSWORD}", false, false)));
}

// --- IsPlaceholderValue --------------------------------------------------------------------------

TEST(SecretValidators, SampleMarkersArePlaceholders) {
  for (std::string_view v : {"your_api_key", "EXAMPLE-TOKEN-1", "changeme", "<token>",
                             "${SECRET}", "REDACTED", "insert-key-here", "dummy-value-9"}) {
    EXPECT_TRUE(IsPlaceholderValue(v, false)) << v;
  }
}

TEST(SecretValidators, RepeatedCharacterAndEmptyValueArePlaceholders) {
  EXPECT_TRUE(IsPlaceholderValue("", false));
  EXPECT_TRUE(IsPlaceholderValue("***", false));
  EXPECT_TRUE(IsPlaceholderValue("000", false));
  EXPECT_TRUE(IsPlaceholderValue("xxxxxxxxxxxx", false));
}

TEST(SecretValidators, SixCharactersCountingUpOrDownArePlaceholders) {
  EXPECT_TRUE(IsPlaceholderValue("123456", false));
  EXPECT_TRUE(IsPlaceholderValue("654321", false));
  EXPECT_TRUE(IsPlaceholderValue("abcdef", false));
  EXPECT_TRUE(IsPlaceholderValue("AbCdEf", false));
  EXPECT_TRUE(IsPlaceholderValue("Q7m-123456-Zp2", false));
  EXPECT_FALSE(IsPlaceholderValue("12345", false));  // a run of five is not enough
}

TEST(SecretValidators, RandomLookingValueIsNotAPlaceholder) {
  EXPECT_FALSE(IsPlaceholderValue(kRandom20, false));
  EXPECT_FALSE(IsPlaceholderValue(kRandom20, true));
  EXPECT_FALSE(IsPlaceholderValue("hunter2", false));
}

TEST(SecretValidators, HyphenatedPhraseIsAPlaceholderOnlyWithPhrases) {
  EXPECT_TRUE(IsPlaceholderValue("this-is-not-a-real-webhook-token", true));
  EXPECT_FALSE(IsPlaceholderValue("this-is-not-a-real-webhook-token", false));
}

TEST(SecretValidators, WordyVendorPrefixOnRandomTailIsNotAPhrase) {
  // Three words, but under 40% of the value.
  EXPECT_FALSE(IsPlaceholderValue("api-key-for-Q7mZp2XtLr8Kw4Vn9Bs3Hy6Jd5Gf", true));
}

TEST(SecretValidators, ShortMarkerInsideStronglyRandomValueIsNotAPlaceholder) {
  // "todo" between letters in a 24+ character random value is chance, not a marker.
  EXPECT_FALSE(IsPlaceholderValue("Q7mZp2XtodoLr8Kw4Vn9Bs3Hy", false));
}

TEST(SecretValidators, ShortMarkerAsAWordOfItsOwnIsAPlaceholderEvenInRandomValue) {
  EXPECT_TRUE(IsPlaceholderValue("Q7mZp2X9todo2Lr8Kw4Vn9Bs3Hy", false));
}

TEST(SecretValidators, ShortMarkerInShortValueIsAPlaceholder) {
  EXPECT_TRUE(IsPlaceholderValue("todo", false));
  EXPECT_TRUE(IsPlaceholderValue("key-here", false));
  EXPECT_TRUE(IsPlaceholderValue("Xnullx9", false));
}

// --- StronglyRandom ------------------------------------------------------------------------------

TEST(SecretValidators, TwentyMixedCharactersOfHighEntropyAreStronglyRandom) {
  EXPECT_TRUE(StronglyRandom(kRandom20));
}

TEST(SecretValidators, NineteenCharactersAreNotStronglyRandom) {
  EXPECT_FALSE(StronglyRandom(kRandom20.substr(0, 19)));
}

TEST(SecretValidators, ValueMissingACharacterClassIsNotStronglyRandom) {
  EXPECT_FALSE(StronglyRandom("q7mzp2xtlr8kw4vn9bs3"));  // no upper case
  EXPECT_FALSE(StronglyRandom("QWmZpEXtLrRKwTVnYBsU"));  // no digit
  EXPECT_FALSE(StronglyRandom("Q7MZP2XTLR8KW4VN9BS3"));  // no lower case
}

TEST(SecretValidators, LowEntropyValueIsNotStronglyRandom) {
  EXPECT_FALSE(StronglyRandom("aA1aA1aA1aA1aA1aA1aA"));
}

// --- PlausiblePassword ---------------------------------------------------------------------------

TEST(SecretValidators, PasswordWithLettersAndDigitOrSymbolIsPlausible) {
  EXPECT_TRUE(PlausiblePassword("hunter2", '\0'));
  EXPECT_TRUE(PlausiblePassword("Tr0ub4dor&3", '"'));
  EXPECT_TRUE(PlausiblePassword("letme!n", '\0'));
}

TEST(SecretValidators, PasswordOfLettersOnlyIsNotPlausible) {
  EXPECT_FALSE(PlausiblePassword("letmein", '\0'));
  // Separators of identifiers and paths do not count as symbols.
  EXPECT_FALSE(PlausiblePassword("let-me_in", '\0'));
}

TEST(SecretValidators, PasswordShorterThanFourCharactersIsNotPlausible) {
  EXPECT_FALSE(PlausiblePassword("a1!", '\0'));
}

TEST(SecretValidators, PasswordFollowedByParenthesisIsAFunctionCall) {
  EXPECT_TRUE(PlausiblePassword("getPassword1", '\0'));
  EXPECT_FALSE(PlausiblePassword("getPassword1", '('));
}

TEST(SecretValidators, PasswordThatIsAReferenceIsNotPlausible) {
  for (std::string_view v : {"$DB_PASS1", "${DB_PASS}", "$(cat pw1)", "$env:DB_PASS",
                             "%DB_PASS1%", "config.db_password", "process.env.DB_PASS",
                             "DB_PASSWORD", "DB_PASSWORD_2", ":password", "@token", "0xdeadbeef"}) {
    EXPECT_FALSE(PlausiblePassword(v, '\0')) << v;
  }
}

TEST(SecretValidators, DottedPasswordWithSeveralDigitsIsNotAMemberPath) {
  EXPECT_TRUE(PlausiblePassword("my.pass12", '\0'));
  EXPECT_FALSE(PlausiblePassword("my.pass1", '\0'));  // one digit: settings.KEY2 style
}

TEST(SecretValidators, PasswordThatIsATypeOrLiteralWordIsNotPlausible) {
  EXPECT_FALSE(PlausiblePassword("password", '\0'));
  EXPECT_FALSE(PlausiblePassword("Required", '\0'));
}

TEST(SecretValidators, PasswordThatIsAPathUrlOrEmailIsNotPlausible) {
  EXPECT_FALSE(PlausiblePassword("/etc/secrets/db1", '\0'));
  EXPECT_FALSE(PlausiblePassword("./pw1.txt", '\0'));
  EXPECT_FALSE(PlausiblePassword("https://vault1.local", '\0'));
  EXPECT_FALSE(PlausiblePassword("admin1@example.com", '\0'));
}

TEST(SecretValidators, StronglyRandomPasswordStartingWithSlashIsPlausible) {
  EXPECT_TRUE(PlausiblePassword("/Q7mZp2XtLr8Kw4Vn9Bs3", '\0'));
}

// --- PlausibleToken ------------------------------------------------------------------------------

TEST(SecretValidators, RandomTokenOfLettersAndDigitsIsPlausible) {
  EXPECT_TRUE(PlausibleToken("a8Fk29XmQ0zLp4Rt", '\0', /*strict=*/true, 3.5));
  EXPECT_TRUE(PlausibleToken(kRandom20, '\0', /*strict=*/false, 4.0));
}

TEST(SecretValidators, StrictTokenNeedsTwelveCharactersOtherwiseEight) {
  EXPECT_TRUE(PlausibleToken("a8Fk29Xm", '\0', /*strict=*/false, 3.5));
  EXPECT_FALSE(PlausibleToken("a8Fk29Xm", '\0', /*strict=*/true, 3.5));
  EXPECT_FALSE(PlausibleToken("a8Fk29X", '\0', /*strict=*/false, 3.5));
}

TEST(SecretValidators, ShortTokenIsHeldToALowerEntropyFloor) {
  // 8 distinct characters give 3 bits; a floor of 4.0 is lowered to 0.9 * log2(8) = 2.7.
  EXPECT_TRUE(PlausibleToken("a8Fk29Xm", '\0', /*strict=*/false, 4.0));
}

TEST(SecretValidators, LowEntropyTokenIsNotPlausible) {
  EXPECT_FALSE(PlausibleToken("a1a1a1a1a1a1", '\0', /*strict=*/false, 3.0));
}

TEST(SecretValidators, TokenOfLettersOnlyNeedsMixedCaseAndSixteenCharacters) {
  EXPECT_TRUE(PlausibleToken("qwErtyUiopAsDfGh", '\0', /*strict=*/false, 3.5));
  EXPECT_FALSE(PlausibleToken("qwErtyUiopAsDfG", '\0', /*strict=*/false, 3.5));  // 15
  EXPECT_FALSE(PlausibleToken("qwertyuiopasdfgh", '\0', /*strict=*/false, 3.5));  // one case
}

TEST(SecretValidators, IdentifierLikeTokenIsNotPlausible) {
  EXPECT_FALSE(PlausibleToken("attached_file_0", '\0', false, 3.0));
  EXPECT_FALSE(PlausibleToken("oauth2-client-v1", '\0', false, 3.0));
  EXPECT_FALSE(PlausibleToken("ZAQWS-XCDER-VBGTR", '\0', false, 3.0));
}

TEST(SecretValidators, TokenThatIsAReferenceUrlOrEmailIsNotPlausible) {
  EXPECT_FALSE(PlausibleToken("process.env.API_TOKEN", '\0', false, 3.0));
  EXPECT_FALSE(PlausibleToken("${API_TOKEN}", '\0', false, 3.0));
  EXPECT_FALSE(PlausibleToken("a8Fk29XmQ0zLp4Rt", '(', false, 3.0));
  // Not strongly random (no upper case), so the URL shape decides.
  EXPECT_FALSE(PlausibleToken("https://example.com/a8fk29x", '\0', false, 3.0));
  EXPECT_FALSE(PlausibleToken("bot12345@example.com", '\0', false, 3.0));
  EXPECT_FALSE(PlausibleToken("undefined", '\0', false, 0.0));
}

// --- PlausibleContextValue -----------------------------------------------------------------------

TEST(SecretValidators, ContextValueOfThreeOrMoreCharactersIsPlausible) {
  EXPECT_TRUE(PlausibleContextValue("hunter2", '\0'));
  // Unlike a password, a context value may be letters only: the flag is the evidence.
  EXPECT_TRUE(PlausibleContextValue("letmein", '\0'));
  EXPECT_TRUE(PlausibleContextValue("q9z", ' '));
}

TEST(SecretValidators, ContextValueTooShortIsNotPlausible) {
  EXPECT_FALSE(PlausibleContextValue("q9", '\0'));
}

TEST(SecretValidators, ContextValueThatIsAReferenceWordOrPlaceholderIsNotPlausible) {
  EXPECT_FALSE(PlausibleContextValue("$PASS", '\0'));
  EXPECT_FALSE(PlausibleContextValue("readPw", '('));
  EXPECT_FALSE(PlausibleContextValue("string", '\0'));
  EXPECT_FALSE(PlausibleContextValue("NULL", '\0'));
  EXPECT_FALSE(PlausibleContextValue("xxxxxx", '\0'));
  EXPECT_FALSE(PlausibleContextValue("<password>", '\0'));
}

// --- PlausibleUrlPassword ------------------------------------------------------------------------

TEST(SecretValidators, UrlPasswordThatLooksSetIsPlausible) {
  EXPECT_TRUE(PlausibleUrlPassword("postgres://app:Xk92mPq7@db.internal:5432/prod", "Xk92mPq7"));
  EXPECT_TRUE(PlausibleUrlPassword("postgres://root:admin2@h", "admin2"));
}

TEST(SecretValidators, UrlPasswordEqualToUserIsNotPlausible) {
  EXPECT_FALSE(PlausibleUrlPassword("postgres://postgres:postgres@localhost/db", "postgres"));
  EXPECT_FALSE(PlausibleUrlPassword("postgres://Admin2:admin2@h", "admin2"));  // either case
}

TEST(SecretValidators, DocumentationFavouriteUrlPasswordIsNotPlausible) {
  EXPECT_FALSE(PlausibleUrlPassword("amqp://guest:guest@localhost", "guest"));
  EXPECT_FALSE(PlausibleUrlPassword("ftp://bob:admin@host", "admin"));
  EXPECT_FALSE(PlausibleUrlPassword("ftp://bob:Test@host", "Test"));
  EXPECT_FALSE(PlausibleUrlPassword("https://user:password@host", "password"));
}

TEST(SecretValidators, UrlPasswordThatIsShortPlaceholderOrReferenceIsNotPlausible) {
  EXPECT_FALSE(PlausibleUrlPassword("redis://:pw@host", "pw"));
  EXPECT_FALSE(PlausibleUrlPassword("mysql://root:xxxxxx@db", "xxxxxx"));
  EXPECT_FALSE(PlausibleUrlPassword("mysql://root:$DBPASS@db", "$DBPASS"));
  EXPECT_FALSE(PlausibleUrlPassword("mysql://root:%DBPASS%@db", "%DBPASS%"));
  EXPECT_FALSE(PlausibleUrlPassword("mysql://root:{pw9}@db", "{pw9}"));
}

}  // namespace
}  // namespace frontseat::detectors::secret
