// Questions: does the pii detector, run through the real engine, find each entity in the formats
// people write it in (true positives), stay quiet on the look-alikes that fail a checksum, a range
// or a format rule (near misses), and still find entities hidden by obfuscation the normalizer and
// decoders undo? Every finding must carry the entity's span in the original bytes, the rule id,
// category pii, the entity as subcategory, a score in [0, 1] and a masked preview.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>
#include <thread>
#include <vector>

#include "detectors/registry.h"
#include "engine/engine.h"
#include "frontseat/finding.h"
#include "testing/scan_testing.h"

namespace frontseat {
namespace {

using testing::SpanText;

// One engine with the default pii config for the whole file: building one compiles the pattern
// set, which takes longer than the scans themselves (testing::ScanWith builds one per call).
const engine::Engine* DefaultEngine() {
  static const std::unique_ptr<engine::Engine> kEngine = [] {
    detectors::ConfigErrors errors;
    std::vector<std::unique_ptr<Detector>> list;
    list.push_back(detectors::CreateDetector("pii", YAML::Node(), "pii", errors));
    auto engine = engine::Engine::Create(std::move(list));
    return engine.ok() ? std::move(engine).value() : nullptr;
  }();
  return kEngine.get();
}

std::vector<Finding> Scan(std::string_view text) {
  const engine::Engine* engine = DefaultEngine();
  if (engine == nullptr) {
    ADD_FAILURE() << "cannot build an engine with the pii detector";
    return {};
  }
  return engine->Scan(text);
}

std::vector<Finding> Only(const std::vector<Finding>& findings, std::string_view rule) {
  std::vector<Finding> out;
  for (const Finding& f : findings) {
    if (f.detector == rule) out.push_back(f);
  }
  return out;
}

std::string Describe(std::string_view text, const std::vector<Finding>& findings) {
  std::string s;
  for (const Finding& f : findings) {
    s += "  " + f.detector + " [" + SpanText(text, f) + "] score " + std::to_string(f.score) + "\n";
  }
  return s.empty() ? "  (no findings)\n" : s;
}

struct Hit {
  const char* rule;
  const char* text;
  const char* span;  // the exact bytes the finding must cover
};

// Scans each case and expects exactly one finding of the rule, covering `span`.
void ExpectHits(const std::vector<Hit>& cases) {
  for (const Hit& c : cases) {
    SCOPED_TRACE(c.text);
    std::vector<Finding> all = Scan(c.text);
    std::vector<Finding> found = Only(all, c.rule);
    ASSERT_EQ(found.size(), 1u) << "want one " << c.rule << " in: " << c.text << "\n"
                                << Describe(c.text, all);
    EXPECT_EQ(SpanText(c.text, found[0]), c.span);
    EXPECT_EQ(found[0].category, Category::kPii);
    EXPECT_GT(found[0].score, 0.0);
    EXPECT_LE(found[0].score, 1.0);
  }
}

// Scans each text and expects no finding of the rule.
void ExpectNone(const char* rule, const std::vector<const char*>& texts) {
  for (const char* text : texts) {
    SCOPED_TRACE(text);
    std::vector<Finding> all = Scan(text);
    EXPECT_TRUE(Only(all, rule).empty()) << "unexpected " << rule << " in: " << text << "\n"
                                         << Describe(text, all);
  }
}

double ScoreOf(const char* rule, const char* text) {
  std::vector<Finding> found = Only(Scan(text), rule);
  return found.empty() ? -1.0 : found[0].score;
}

// --- email -----------------------------------------------------------------------------------

TEST(PiiEmailDetector, FindsAddressesInProse) {
  ExpectHits({
      {"pii.email", "write to jane.doe@mailbox.org today", "jane.doe@mailbox.org"},
      {"pii.email", "Contact: J.Smith+news@sub.mail.co.uk.", "J.Smith+news@sub.mail.co.uk"},
      {"pii.email", "<a href=\"mailto:ops_team@corp-example.io\">", "ops_team@corp-example.io"},
      {"pii.email", "email: Ola.Nordmann@posten.no", "Ola.Nordmann@posten.no"},
  });
}

TEST(PiiEmailDetector, IgnoresLookAlikes) {
  ExpectNone("pii.email", {
                              "an @mention and user@localhost",
                              "icon@2x.png and logo@3x.svg",
                              "npm install left-pad@1.3.0",
                              "a@b",
                              "double..dot@mail.com is invalid",
                              "bad@-domain.com",
                          });
}

TEST(PiiEmailDetector, ScoresDocumentationDomainsLower) {
  EXPECT_LT(ScoreOf("pii.email", "see user@example.com"), 0.5);
  EXPECT_GE(ScoreOf("pii.email", "see user@mailbox.org"), 0.8);
}

// --- phone -----------------------------------------------------------------------------------

TEST(PiiPhoneDetector, FindsInternationalNumbers) {
  ExpectHits({
      {"pii.phone", "call +1 (415) 867-5309 now", "+1 (415) 867-5309"},
      {"pii.phone", "London office +44 20 7946 0958.", "+44 20 7946 0958"},
      {"pii.phone", "Stockholm: +46 (0)8 123 456 78", "+46 (0)8 123 456 78"},
      {"pii.phone", "Desk: +41 (0)44 668 18 00", "+41 (0)44 668 18 00"},
      {"pii.phone", "mobile +447911123456", "+447911123456"},
      {"pii.phone", "from the US dial 001-212-736-5000", "001-212-736-5000"},
      {"pii.phone", "Tel. +33 1 42 68 53 00", "+33 1 42 68 53 00"},
      {"pii.phone", "Moscow +7 495 123-45-67", "+7 495 123-45-67"},
      {"pii.phone", "Tokyo +81 3-1234-5678", "+81 3-1234-5678"},
      {"pii.phone", "(+44) 20 7946 0958 is the desk", "(+44) 20 7946 0958"},
  });
}

TEST(PiiPhoneDetector, FindsNanpNumbersInEveryCommonFormat) {
  ExpectHits({
      {"pii.phone", "ring (415) 867-5309 after six", "(415) 867-5309"},
      {"pii.phone", "my number is 415-867-5309", "415-867-5309"},
      {"pii.phone", "or 415.867.5309", "415.867.5309"},
      {"pii.phone", "toll free 1-800-273-8255", "1-800-273-8255"},
      {"pii.phone", "desk (212)736-5000", "(212)736-5000"},
      {"pii.phone", "fax 212-736-5000x123", "212-736-5000x123"},
      {"pii.phone", "call 212-736-5000 ext. 42", "212-736-5000 ext. 42"},
  });
}

TEST(PiiPhoneDetector, FindsNationalFormats) {
  ExpectHits({
      {"pii.phone", "Belgian mobile: 0494 92 82 32", "0494 92 82 32"},
      {"pii.phone", "appelez le 01.84.17.61.18", "01.84.17.61.18"},
      {"pii.phone", "Sydney (02) 9374 4000", "(02) 9374 4000"},
      {"pii.phone", "phone: 030 1234567", "030 1234567"},
      {"pii.phone", "call me at 467 3395 tonight", "467 3395"},
      {"pii.phone", "Telefon 089-2180 2000", "089-2180 2000"},
  });
}

TEST(PiiPhoneDetector, FindsBareTenDigitsOnlyWithContextOrNanpValid) {
  ExpectHits({
      {"pii.phone", "Fax: 3660170548", "3660170548"},   // not NANP-valid, but "fax"
      {"pii.phone", "at 4158675309 ok", "4158675309"},  // NANP-valid: 415 / 867
  });
  ExpectNone("pii.phone", {"build 1700000000 finished", "ticket 0123456789"});
}

TEST(PiiPhoneDetector, FindsSeveralNumbersInOneRun) {
  const char* text = "lines 415-867-5309 415-867-5310";
  std::vector<Finding> found = Only(Scan(text), "pii.phone");
  ASSERT_EQ(found.size(), 2u) << Describe(text, found);
  EXPECT_EQ(SpanText(text, found[0]), "415-867-5309");
  EXPECT_EQ(SpanText(text, found[1]), "415-867-5310");
}

TEST(PiiPhoneDetector, RejectsDatesTimesVersionsMoneyAndLongRuns) {
  ExpectNone("pii.phone", {
                              "released on 2023-01-15 at noon",
                              "due 15.01.2023",
                              "meeting 12/03/2024 10:30",
                              "at 12:30:45 sharp",
                              "version 10.0.19041.1 installed",
                              "see v1.2.3 and 3.14159",
                              "it cost $1 234 567 in total",
                              "budget 12 500 000 euros",
                              "ISBN 978-3-16-148410-0",
                              "id 123456789012345678901234567890",
                              "pi is 3.1415926535",
                              "from 1999 2000 2001",
                              "+28 123 456 789",  // 28 is not an assigned country code
                              "score 10-12",
                          });
}

TEST(PiiPhoneDetector, ScoresInternationalNumbersHighWhateverTheCountryCode) {
  // Country code 7 is one digit long like the NANP's 1; only "+1" gets the NANP checks.
  EXPECT_GE(ScoreOf("pii.phone", "Moscow +7 495 123-45-67"), 0.85);
  EXPECT_GE(ScoreOf("pii.phone", "NYC +1 212 736 5000"), 0.85);
  EXPECT_LT(ScoreOf("pii.phone", "bad +1 012 736 5000"), 0.85);  // area code 012 is not NANP
}

TEST(PiiPhoneDetector, ContextRaisesTheScore) {
  double bare = ScoreOf("pii.phone", "the value 0494 92 82 32 here");
  double called = ScoreOf("pii.phone", "please call 0494 92 82 32");
  ASSERT_GT(bare, 0.0);
  EXPECT_GT(called, bare);
}

// --- payment cards ---------------------------------------------------------------------------

TEST(PiiCreditCardDetector, FindsLuhnValidCardsOfKnownNetworks) {
  ExpectHits({
      {"pii.credit_card", "visa 4111111111111111 exp 12/29", "4111111111111111"},
      {"pii.credit_card", "card: 4111 1111 1111 1111", "4111 1111 1111 1111"},
      {"pii.credit_card", "mc 5555-5555-5555-4444", "5555-5555-5555-4444"},
      {"pii.credit_card", "amex 3782 822463 10005", "3782 822463 10005"},
      {"pii.credit_card", "discover 6011111111111117", "6011111111111117"},
      {"pii.credit_card", "jcb 3530111333300000", "3530111333300000"},
      {"pii.credit_card", "diners 30569309025904", "30569309025904"},
      {"pii.credit_card", "mastercard 2-series 2223000048400011", "2223000048400011"},
  });
}

TEST(PiiCreditCardDetector, RejectsBadLuhnUnknownPrefixesAndMixedSeparators) {
  ExpectNone("pii.credit_card", {
                                    "card 4111111111111112",     // Luhn fails
                                    "card 4111 1111-1111 1111",  // mixed separators
                                    "num 9111111111111111",      // no network starts with 91
                                    "id 41111111111111111111",   // 22 digits
                                    "ref 4111111111111111-2",    // glued to more digits
                                    "v4111111111111111",         // glued to a word
                                });
}

TEST(PiiCreditCardDetector, CardContextRaisesTheScore) {
  EXPECT_GT(ScoreOf("pii.credit_card", "my credit card is 4111111111111111"),
            ScoreOf("pii.credit_card", "the value 4111111111111111"));
}

// --- IBAN ------------------------------------------------------------------------------------

TEST(PiiIbanDetector, FindsIbansWithAndWithoutSpacesInAnyCase) {
  ExpectHits({
      {"pii.iban", "IBAN GB82 WEST 1234 5698 7654 32 please", "GB82 WEST 1234 5698 7654 32"},
      {"pii.iban", "pay to GB82WEST12345698765432.", "GB82WEST12345698765432"},
      {"pii.iban", "de89370400440532013000 (lower case)", "de89370400440532013000"},
      {"pii.iban", "FR14 2004 1010 0505 0001 3M02 606", "FR14 2004 1010 0505 0001 3M02 606"},
      {"pii.iban", "account DE89 3704 0044 0532 0130 00 from", "DE89 3704 0044 0532 0130 00"},
  });
}

TEST(PiiIbanDetector, RejectsBadCheckDigitsAndLengths) {
  ExpectNone("pii.iban", {
                             "GB83 WEST 1234 5698 7654 32",  // check digits off by one
                             "GB82 WEST 1234 5698 7654 3",   // one character short
                             "XX82WEST12345698765432",       // no such country
                             "GB82 WES T123 4569 8765 432",  // not in blocks of four
                         });
}

// --- US SSN ----------------------------------------------------------------------------------

TEST(PiiUsSsnDetector, FindsValidDashedAndSpacedNumbers) {
  ExpectHits({
      {"pii.us_ssn", "SSN: 536-22-8765", "536-22-8765"},
      {"pii.us_ssn", "social security number 536 22 8765", "536 22 8765"},
      {"pii.us_ssn", "my ssn is 536228765", "536228765"},
      {"pii.us_ssn", "it is 772-10-4312.", "772-10-4312"},
  });
}

TEST(PiiUsSsnDetector, RejectsInvalidRangesAndBareNumbersWithoutContext) {
  ExpectNone("pii.us_ssn", {
                               "SSN 000-12-3456",  // area 000
                               "SSN 666-12-3456",  // area 666
                               "SSN 900-12-3456",  // area 9xx (ITINs)
                               "SSN 536-00-8765",  // group 00
                               "SSN 536-22-0000",  // serial 0000
                               "zip+4 536228765",  // bare nine digits, no context
                               "ref 1536-22-87650",
                           });
}

TEST(PiiUsSsnDetector, ScoresTheTextbookExampleLow) {
  EXPECT_LT(ScoreOf("pii.us_ssn", "SSN 123-45-6789"), 0.5);
  EXPECT_GE(ScoreOf("pii.us_ssn", "SSN 536-22-8765"), 0.9);
}

// --- IP and MAC ------------------------------------------------------------------------------

TEST(PiiIpDetector, FindsIpv4AndIpv6Addresses) {
  ExpectHits({
      {"pii.ipv4", "login from 81.2.69.142 failed", "81.2.69.142"},
      {"pii.ipv4", "server at 10.0.0.1:8080", "10.0.0.1"},
      {"pii.ipv6", "client 2a00:1450:4001:81b::200e connected", "2a00:1450:4001:81b::200e"},
      {"pii.ipv6", "host 6e40:4041:c617:e898:c11:40d2:c669:2eb4",
       "6e40:4041:c617:e898:c11:40d2:c669:2eb4"},
      {"pii.ipv6", "mapped ::ffff:81.2.69.142 here", "::ffff:81.2.69.142"},
      {"pii.ipv6", "[fe80::1ff:fe23:4567:890a]:443", "fe80::1ff:fe23:4567:890a"},
  });
}

TEST(PiiIpDetector, RejectsOutOfRangeOctetsVersionsAndNonAddresses) {
  ExpectNone("pii.ipv4", {
                             "999.1.1.1",
                             "256.0.0.1",
                             "1.2.3.4.5",
                             "version 1.2.3.4",
                             "v 10.0.0.1",
                             "01.84.17.61.18",
                         });
  ExpectNone("pii.ipv6", {
                             "std::vector<int> v;",
                             "at 12:30:45",
                             "1:2:3:4:5:6:7:8:9",
                             "::1",
                             "a::b",
                             "00:1A:2B:3C:4D:5E",
                         });
}

TEST(PiiMacDetector, FindsColonDashAndDotForms) {
  ExpectHits({
      {"pii.mac", "MAC 00:1A:2B:3C:4D:5E", "00:1A:2B:3C:4D:5E"},
      {"pii.mac", "ether 00-1a-2b-3c-4d-5e up", "00-1a-2b-3c-4d-5e"},
      {"pii.mac", "cisco 001a.2b3c.4d5e", "001a.2b3c.4d5e"},
  });
  ExpectNone("pii.mac", {"00:1A-2B:3C:4D:5E", "00:00:00:00:00:00", "00:1A:2B:3C:4D:5E:6F"});
}

// --- crypto wallets --------------------------------------------------------------------------

TEST(PiiCryptoWalletDetector, FindsChecksummedAddresses) {
  ExpectHits({
      // Bitcoin base58check P2PKH (the genesis block's address) and P2SH (Bitcoin wiki).
      {"pii.crypto_wallet", "send to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
       "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"},
      {"pii.crypto_wallet", "p2sh 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
       "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"},
      // BIP 173 and BIP 350 test vectors.
      {"pii.crypto_wallet", "bech32 bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
       "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"},
      {"pii.crypto_wallet", "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
       "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"},
      {"pii.crypto_wallet",
       "taproot bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
       "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"},
      // EIP-55 examples.
      {"pii.crypto_wallet", "eth 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
       "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"},
      {"pii.crypto_wallet", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
       "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"},
      // No checksum (all lower case): reported, with a lower score.
      {"pii.crypto_wallet", "wallet 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
       "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"},
  });
}

TEST(PiiCryptoWalletDetector, RejectsBrokenChecksums) {
  ExpectNone("pii.crypto_wallet",
             {
                 "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb",          // base58check fails
                 "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",  // bech32 checksum fails
                 "bc1qw508d6qejxtdg4y5r3zarvaRy0c5xw7kv8f3t4",  // mixed case
                 "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",  // EIP-55 case wrong
                 "0x0000000000000000000000000000000000000000",  // the zero address
             });
}

TEST(PiiCryptoWalletDetector, ScoresUnchecksummedEthereumAddressesLower) {
  EXPECT_GT(ScoreOf("pii.crypto_wallet", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
            ScoreOf("pii.crypto_wallet", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"));
}

// --- overlaps, findings, obfuscation ---------------------------------------------------------

TEST(PiiDetector, ReportsOneEntityWhereFormatsOverlap) {
  // A grouped card number is also a run of digit groups; only the card is reported.
  const char* text = "card 4111 1111 1111 1111 thanks";
  std::vector<Finding> all = Scan(text);
  ASSERT_EQ(all.size(), 1u) << Describe(text, all);
  EXPECT_EQ(all[0].detector, "pii.credit_card");
}

TEST(PiiDetector, FindingsCarryRuleSubcategoryAndMaskedPreview) {
  const char* text = "write to jane.doe@mailbox.org or call +44 20 7946 0958";
  std::vector<Finding> all = Scan(text);
  ASSERT_EQ(all.size(), 2u) << Describe(text, all);
  EXPECT_EQ(all[0].detector, "pii.email");
  EXPECT_EQ(all[0].subcategory, "email");
  EXPECT_EQ(all[1].detector, "pii.phone");
  EXPECT_EQ(all[1].subcategory, "phone");
  for (const Finding& f : all) {
    EXPECT_EQ(f.preview, MaskPreview(SpanText(text, f)));
    EXPECT_EQ(f.preview.find("mailbox"), std::string::npos);
    EXPECT_EQ(f.preview.find("7946"), std::string::npos);
  }
}

TEST(PiiDetector, FindsNothingInPlainProseAndEmptyInput) {
  EXPECT_TRUE(Scan("").empty());
  const char* prose =
      "In 1998 the team of 12 moved to a new office on 5th Avenue; by 2004 it had 250 people "
      "and revenue grew 3.5% a year. Chapter 7, pages 120-135, covers the 2008 crisis.";
  std::vector<Finding> all = Scan(prose);
  EXPECT_TRUE(all.empty()) << Describe(prose, all);
}

TEST(PiiDetector, SurvivesInvalidUtf8AndNulBytes) {
  std::string text = "call \xff\xfe 415-867-5309 ";
  text += std::string(1, '\0');
  text += " mail a@mailbox.org \xc3";
  std::vector<Finding> all = Scan(text);
  EXPECT_TRUE(testing::HasDetector(all, "pii.phone")) << Describe(text, all);
  EXPECT_TRUE(testing::HasDetector(all, "pii.email")) << Describe(text, all);
}

TEST(PiiDetector, StaysLinearOnLongDigitRuns) {
  // 200 KB of digit groups and separators: many candidate runs, each validated in a bounded
  // window. Mostly a guard against quadratic behaviour (the test would time out).
  std::string text;
  for (int i = 0; text.size() < 200000; ++i) text += std::to_string(i * 7919 % 100000) + " - ";
  std::vector<Finding> all = Scan(text);
  SUCCEED() << all.size() << " findings";
}

TEST(PiiDetector, GivesTheSameFindingsFromManyThreads) {
  const engine::Engine* engine = DefaultEngine();
  ASSERT_NE(engine, nullptr);
  const std::string text =
      "mail jane.doe@mailbox.org, card 4111 1111 1111 1111, call +44 20 7946 0958, "
      "IBAN GB82 WEST 1234 5698 7654 32, SSN 536-22-8765, host 81.2.69.142 ";
  const size_t want = engine->Scan(text).size();
  EXPECT_GE(want, 6u);
  std::vector<std::thread> threads;
  std::vector<size_t> got(4, 0);
  for (size_t t = 0; t < got.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        if (engine->Scan(text).size() != want) return;
      }
      got[t] = want;
    });
  }
  for (std::thread& t : threads) t.join();
  for (size_t g : got) EXPECT_EQ(g, want);
}

// Regression: vectorscan 5.4.9 (Debian 12) misses matches that end in the last vector of a
// buffer on AVX-512 machines, depending on the text's length and its address in memory
// (fixed upstream in VectorCamp/vectorscan PRs #375 and #378). An address at the very end of a
// message must be found whatever the message's length.
TEST(PiiEmailDetector, FindsAddressEndingTheTextAtEveryLength) {
  const engine::Engine* engine = DefaultEngine();
  ASSERT_NE(engine, nullptr);
  int missed = 0;
  for (int n = 0; n < 160; ++n) {
    const std::string text = std::string(n, '.') + " write to jane.doe@mailbox.org";
    if (!testing::HasDetector(engine->Scan(text), "pii.email")) {
      ++missed;
      ADD_FAILURE() << "missed with " << n << " bytes before the address";
    }
    if (missed > 5) break;
  }
}

// These depend on the normalizer (zero-width removal, NFKC) and the decoders (base64).
TEST(PiiEmailDetector, FindsAddressSplitByZeroWidthSpace) {
  const std::string text = "write to jane.doe\u200b@mailbox\u200b.org today";
  std::vector<Finding> found = Only(Scan(text), "pii.email");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(SpanText(text, found[0]), "jane.doe\u200b@mailbox\u200b.org");
}

TEST(PiiCreditCardDetector, FindsCardWrittenInFullwidthDigits) {
  const std::string text = "card ４１１１ １１１１ １１１１ １１１１ ok";
  std::vector<Finding> found = Only(Scan(text), "pii.credit_card");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(SpanText(text, found[0]), "４１１１ １１１１ １１１１ １１１１");
}

TEST(PiiEmailDetector, FindsAddressInsideBase64) {
  // base64 of "please write to jane.doe@mailbox.org today"
  const std::string encoded = "cGxlYXNlIHdyaXRlIHRvIGphbmUuZG9lQG1haWxib3gub3JnIHRvZGF5";
  const std::string text = "decode this: " + encoded + " thanks";
  std::vector<Finding> found = Only(Scan(text), "pii.email");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_FALSE(found[0].via.empty());
  // The span points into the encoded run of the original text.
  EXPECT_GE(found[0].start, text.find(encoded));
  EXPECT_LE(found[0].end, text.find(encoded) + encoded.size());
}

TEST(PiiCreditCardDetector, FindsCardInsideBase64) {
  // base64 of "my card is 4111 1111 1111 1111"
  const std::string text = "blob bXkgY2FyZCBpcyA0MTExIDExMTEgMTExMSAxMTEx end";
  EXPECT_TRUE(testing::HasDetector(Scan(text), "pii.credit_card"));
}

}  // namespace
}  // namespace frontseat
