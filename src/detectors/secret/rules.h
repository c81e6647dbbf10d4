// The secret detector's rule table: one row per credential format (id, description, pattern,
// score and validator). The detector (secret.cc) compiles the patterns into the engine's shared
// pass and applies each row's validator to the confirmed matches; the tests walk the same table
// to check that every rule has true and false examples. Adding a format is adding one row.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace frontseat::detectors {

// Coarse family of a rule, reported as the finding's subcategory so a policy or a report can
// group findings without knowing every rule id.
enum class RuleGroup : uint8_t {
  kCloud,
  kSourceHost,
  kPayment,
  kMessaging,
  kAi,
  kRegistry,
  kSaas,
  kDatabase,
  kPrivateKey,
  kToken,    // self-contained bearer tokens (JWT) and HTTP authorization values
  kGeneric,  // keyword = value assignments, judged by the value alone
};
std::string_view RuleGroupName(RuleGroup group);

// What a rule checks beyond its pattern, after the placeholder filter and the entropy floor.
enum class RuleCheck : uint8_t {
  kNone,
  // GitHub and npm tokens: the last 6 characters are the CRC-32 (IEEE) of the 30 random
  // characters before them, in base62 (0-9A-Za-z), left-padded with '0'.
  kCrc32Base62,
  kBech32,            // age secret keys: BIP-173 bech32 checksum over the whole key
  kJwt,               // header segment decodes (base64url) to a JSON object naming "alg"/"typ"
  kDiscordBotToken,   // first segment decodes to the bot's numeric user id
  kAtlassianDcPat,    // decodes to "<12-digit id>:<random>" (Jira/Confluence Data Center PAT)
  kBasicAuth,         // base64 decodes to printable "user:password" with a real password
  kPemBlock,          // header found; the span grows over the key body to the END line
  kKeyBody,           // base64 DER/OpenSSH key body; the span grows over its following lines
  kUrlPassword,       // password of scheme://user:password@host
  kPassword,          // a value set by a human: letters plus a digit or symbol, no reference
  kTokenValue,        // keyword assignment: a random-looking token, not code or prose
  kStrictTokenValue,  // like kTokenValue for the weakest keywords ("key"): longer, more random
  kContextValue,      // the context (CLI flag, SQL) is the evidence: no reference or placeholder
};

// For keyword assignments: which word the identifier before the value must contain, so that
// `password_id = 42` or `bypass: x9` is not read as a password. kNone: the pattern suffices.
enum class KeywordFamily : uint8_t {
  kNone,
  kPassword,    // password, passwd, pwd, pw, pass, passphrase and their common misspellings
  kSecret,      // secret, client_secret, SECRET_KEY, ...
  kToken,       // token, access_token, authToken, ...
  kApiKey,      // api_key, apikey, access_key, secret_key, private_key, ...
  kCredential,  // auth, authorization, oauth_*, credential(s), creds
  kKey,         // a bare "key" (the weakest evidence; paired with kStrictTokenValue)
  kAny,         // any of the above (command-line flags, macros)
};

// The alphabet a value continues in after what the pattern matched. Long tokens are matched by
// a distinctive head (`ya29\.[A-Za-z0-9_-]{30}`) and grown here over their alphabet, up to
// SecretRule::max_length: long bounded repetitions make vectorscan's compile slow and widen the
// confirmation window for no gain in precision. A value still going at max_length is not this
// format and is dropped.
enum class Tail : uint8_t {
  kNone,
  kAlnum,      // A-Z a-z 0-9
  kBase64,     // A-Z a-z 0-9 + / =
  kBase64Url,  // A-Z a-z 0-9 - _ =
  kBase64Any,  // both base64 alphabets
  kToken,      // HTTP token68 and friends: A-Z a-z 0-9 - . _ ~ + / = %
  kDotted,     // A-Z a-z 0-9 - _ . (JWTs, Dropbox tokens)
  kQuoted,     // anything up to a double quote or line end
  kValue,      // an unquoted assignment value: no blank, quote, bracket, , ; & or backslash
};

struct SecretRule {
  std::string_view id;           // stable, "secret.<name>"; ends up in policies and audit rows
  std::string_view description;  // one line, for the catalogue and `frontseat` help
  RuleGroup group;
  std::string regex;  // vectorscan/RE2 common subset; group 1 is the secret value
  bool case_insensitive = false;
  double score = 0.9;        // confidence of a validated match
  double min_entropy = 0.0;  // Shannon bits/char of the value; 0 = no floor
  RuleCheck check = RuleCheck::kNone;
  KeywordFamily keywords = KeywordFamily::kNone;
  Tail tail = Tail::kNone;
  uint16_t max_length = 0;  // with a tail: the longest value of the format
};

// The table, in priority order: when findings of two rules overlap, the earlier rule wins (so a
// vendor format beats the generic `password=` rule that also matched it). Built once; the span
// stays valid for the program's lifetime.
std::span<const SecretRule> SecretRules();

// The rule with this id, or nullptr.
const SecretRule* FindSecretRule(std::string_view id);

}  // namespace frontseat::detectors
