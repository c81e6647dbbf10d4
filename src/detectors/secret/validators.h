// Value validators of the secret detector: the checks that turn a pattern match into a finding
// or reject it. The detector (secret.cc) trims a match to its value and then applies, in order,
// the placeholder filter, the rule's entropy floor and the rule's RuleCheck (rules.h), which maps
// to one of the functions here; the keyword test of generic assignments is in keywords.h.
//
// Three families:
//   - checksums and structural decodes of vendor formats (GitHub/npm CRC-32, age bech32, JWT,
//     Discord, Atlassian DC, HTTP Basic): a random string of the right shape almost never passes;
//   - the placeholder filter ("xxxx", "your_api_key", "123456", hyphenated phrases);
//   - judgements of free-form values after a keyword (passwords, tokens, URL passwords): the
//     value must look like a secret rather than like code, a path, a word or a reference.
//
// All functions are pure, thread-safe and linear in their input; a few allocate a lowered or
// decoded copy of it.
#pragma once

#include <string_view>

namespace frontseat::detectors::secret {

// --- Checksums and structural decodes ----------------------------------------------------------

// GitHub (ghp_/gho_/ghu_/ghs_/ghr_) and npm (npm_) tokens: <prefix>_<random><checksum>, where the
// checksum is base62(crc32(random)) in 6 characters, alphabet 0-9A-Za-z, left-padded with '0'.
bool Crc32Base62Valid(std::string_view token);

// BIP-173 bech32 checksum over the whole string (either case), as age secret keys use it, but
// without BIP-173's 90-character limit.
bool Bech32Valid(std::string_view s);

// RFC 7519 JWS in compact form: three segments, header and payload base64url JSON objects, the
// header naming "alg" or "typ", a signature of at least 16 characters.
bool JwtValid(std::string_view token);

// A Discord bot token: its first segment decodes to the bot's numeric user id (a snowflake).
bool DiscordBotTokenValid(std::string_view token);

// A Jira/Confluence Data Center PAT: base64 of "<12-digit id>:<random bytes>".
bool AtlassianDcPatValid(std::string_view token);

// The base64 of an HTTP Basic credential: printable "user:password" whose password is neither a
// placeholder nor a reference.
bool PlausibleBasicAuth(std::string_view b64);

// --- Placeholders and randomness ---------------------------------------------------------------

// True for what people write where a secret goes: sample markers ("example", "changeme",
// "your_", "<token>", "${SECRET}"), one repeated character, six characters counting up or down
// ("123456", "abcdef"). With `phrases`, also three or more lowercase words that make up most of
// the value ("this-is-not-a-real-webhook-token"); rules for values a human sets pass false.
bool IsPlaceholderValue(std::string_view v, bool phrases);

// A value so random (20+ characters, all of lower, upper and digit, >= 4 bits/char) that a
// misleading name around it (secret_path, token_id) does not outweigh it.
bool StronglyRandom(std::string_view v);

// --- Values after a keyword ----------------------------------------------------------------------
// `next` is the character after the value in the text ('\0' at its end): a value followed by '('
// is a function call, not a secret.

// A password a person set: not a reference, path, word or e-mail address; letters plus a digit
// or a symbol.
bool PlausiblePassword(std::string_view v, char next);

// A generated token: at least 8 characters (12 when `strict`), letters with digits (or mixed case
// when 16+ long), Shannon entropy of at least `min_entropy` (lowered for short values, which
// cannot reach it), and not an identifier, reference, URL, path, e-mail address or phrase.
bool PlausibleToken(std::string_view v, char next, bool strict, double min_entropy);

// A value whose context (a CLI flag, a SQL clause) is the evidence: 3+ characters, not a
// reference, a type or literal word, or a placeholder.
bool PlausibleContextValue(std::string_view v, char next);

// The password of scheme://user:password@host (`match` is the whole URL match). Documentation
// favourites (user:password, postgres:postgres, guest:guest) and references are rejected.
bool PlausibleUrlPassword(std::string_view match, std::string_view password);

}  // namespace frontseat::detectors::secret
