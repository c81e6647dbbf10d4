// The secret detector: hands the rule table (rules.cc) to the engine's shared pattern pass, then
// validates every confirmed match with its rule's checks and turns the survivors into findings.
//
// Validation is where precision comes from. In order, for each match:
//   1. the value is trimmed to what the rule means by "the secret" (PEM blocks grow to their END
//      line, key bodies over their continuation lines, URL-encoded tails are cut);
//   2. placeholders are dropped: "xxxx", "<token>", "${SECRET}", "your_api_key", runs such as
//      "123456"/"abcdef", and hyphenated phrases ("this-is-not-a-real-webhook-token");
//   3. the rule's entropy floor (Shannon bits per character of the value);
//   4. the rule's check: a checksum (GitHub/npm CRC-32, age bech32), a structural decode (JWT,
//      Discord, Atlassian DC, HTTP Basic), or the keyword-and-value heuristics of the generic
//      rules (the identifier must really name a password/secret/token, and the value must look
//      like one rather than like code, a path, a word or a reference).
// Overlapping findings are then reduced to the one of the earliest rule in the table, so a vendor
// format wins over the generic `token = ...` rule that saw the same value.
//
// Scan is const and allocation-light: everything it builds is local to the call.
#include "detectors/secret/secret.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "detectors/common/checksums.h"
#include "detectors/secret/rules.h"

namespace frontseat::detectors {
namespace {

// --- Character classes --------------------------------------------------------------------------

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return IsLower(c) || IsUpper(c); }
bool IsAlnum(char c) { return IsAlpha(c) || IsDigit(c); }
bool IsBase64Char(char c) { return IsAlnum(c) || c == '+' || c == '/' || c == '='; }
char ToLower(char c) { return IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
// strchr would also find the terminating NUL; text may hold NUL bytes.
bool IsIn(char c, const char* set) { return c != '\0' && std::strchr(set, c) != nullptr; }

bool InTail(Tail tail, char c) {
  switch (tail) {
    case Tail::kNone: return false;
    case Tail::kAlnum: return IsAlnum(c);
    case Tail::kBase64: return IsBase64Char(c);
    case Tail::kBase64Url: return IsAlnum(c) || c == '-' || c == '_' || c == '=';
    case Tail::kBase64Any: return IsBase64Char(c) || c == '-' || c == '_';
    case Tail::kToken: return IsAlnum(c) || IsIn(c, "-._~+/=%");
    case Tail::kDotted: return IsAlnum(c) || c == '-' || c == '_' || c == '.';
    case Tail::kQuoted: return c != '"' && c != '\n' && c != '\0';
    case Tail::kValue: return static_cast<unsigned char>(c) > ' ' && !IsIn(c, "\"'`<>(){}[],;&\\");
  }
  return false;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ToLower(c);
  return out;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

template <size_t N>
bool OneOf(std::string_view s, const std::string_view (&set)[N]) {
  return std::find(std::begin(set), std::end(set), s) != std::end(set);
}

struct Classes {
  bool lower = false, upper = false, digit = false, symbol = false;
};

// `symbol` counts punctuation a person adds to a password; '_', '-', '.', '/' and ':' join
// words in identifiers and paths and do not count.
Classes ClassesOf(std::string_view s) {
  Classes c;
  for (char ch : s) {
    if (IsLower(ch)) {
      c.lower = true;
    } else if (IsUpper(ch)) {
      c.upper = true;
    } else if (IsDigit(ch)) {
      c.digit = true;
    } else if (!IsIn(ch, "_-./:")) {
      c.symbol = true;
    }
  }
  return c;
}

// A value so random that a misleading variable name (secret_path, token_id) does not outweigh it.
bool StronglyRandom(std::string_view v) {
  Classes c = ClassesOf(v);
  return v.size() >= 20 && c.lower && c.upper && c.digit && Entropy(v) >= 4.0;
}

// --- Decoding and checksums ----------------------------------------------------------------------

// Base64 with either alphabet, padding optional, stopping at the first character outside it.
// Local rather than core::DecodeBase64 because token segments are unpadded and may be cut short.
std::string DecodeBase64Loose(std::string_view in) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v;
    if (IsUpper(c)) {
      v = c - 'A';
    } else if (IsLower(c)) {
      v = c - 'a' + 26;
    } else if (IsDigit(c)) {
      v = c - '0' + 52;
    } else if (c == '+' || c == '-') {
      v = 62;
    } else if (c == '/' || c == '_') {
      v = 63;
    } else {
      break;
    }
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return out;
}

// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as zlib's crc32().
uint32_t Crc32(std::string_view s) {
  uint32_t crc = 0xffffffffu;
  for (unsigned char c : s) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

// GitHub (ghp_/gho_/ghu_/ghs_/ghr_) and npm (npm_) tokens: <prefix>_<random><checksum>, where
// checksum = base62(crc32(random)) in 6 characters, alphabet 0-9A-Za-z, left-padded with '0'.
bool Crc32Base62Valid(std::string_view token) {
  size_t underscore = token.find('_');
  if (underscore == std::string_view::npos) return false;
  std::string_view body = token.substr(underscore + 1);
  if (body.size() < 7) return false;
  static constexpr char kAlphabet[] =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  uint32_t crc = Crc32(body.substr(0, body.size() - 6));
  char encoded[6];
  for (int i = 5; i >= 0; --i) {
    encoded[i] = kAlphabet[crc % 62];
    crc /= 62;
  }
  return body.substr(body.size() - 6) == std::string_view(encoded, 6);
}

// BIP-173 bech32: the polymod of the expanded human-readable part and the data is 1. age keys
// use it without BIP-173's 90-character limit.
bool Bech32Valid(std::string_view s) {
  static constexpr std::string_view kCharset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  static constexpr uint32_t kGen[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  std::string lower = Lower(s);
  size_t sep = lower.rfind('1');
  if (sep == std::string::npos || sep == 0 || lower.size() - sep < 7) return false;
  uint32_t chk = 1;
  auto step = [&chk](uint32_t v) {
    uint32_t top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (int i = 0; i < 5; ++i) {
      if ((top >> i) & 1) chk ^= kGen[i];
    }
  };
  for (size_t i = 0; i < sep; ++i) step(static_cast<unsigned char>(lower[i]) >> 5);
  step(0);
  for (size_t i = 0; i < sep; ++i) step(static_cast<unsigned char>(lower[i]) & 31);
  for (size_t i = sep + 1; i < lower.size(); ++i) {
    size_t v = kCharset.find(lower[i]);
    if (v == std::string_view::npos) return false;
    step(static_cast<uint32_t>(v));
  }
  return chk == 1;
}

bool StartsJsonObject(std::string_view decoded) {
  size_t i = decoded.find_first_not_of(" \t\r\n");
  return i != std::string_view::npos && decoded[i] == '{';
}

// RFC 7519: header and payload are base64url JSON objects; a JOSE header names its "alg".
bool JwtValid(std::string_view token) {
  size_t dot1 = token.find('.');
  size_t dot2 = token.find('.', dot1 + 1);
  if (dot1 == std::string_view::npos || dot2 == std::string_view::npos) return false;
  // Three segments (a JWS; five would be a JWE, whose payload is encrypted) and a signature of at
  // least 16 characters (HS256 gives 43).
  if (token.find('.', dot2 + 1) != std::string_view::npos || token.size() - dot2 - 1 < 16) {
    return false;
  }
  std::string header = DecodeBase64Loose(token.substr(0, dot1));
  std::string payload = DecodeBase64Loose(token.substr(dot1 + 1, dot2 - dot1 - 1));
  return StartsJsonObject(header) && StartsJsonObject(payload) &&
         (header.find("\"alg\"") != std::string::npos ||
          header.find("\"typ\"") != std::string::npos);
}

// A Discord bot token starts with the base64 of the bot's numeric user id (a snowflake).
bool DiscordBotTokenValid(std::string_view token) {
  std::string id = DecodeBase64Loose(token.substr(0, token.find('.')));
  if (id.size() < 17 || id.size() > 20) return false;
  return std::all_of(id.begin(), id.end(), IsDigit);
}

// Jira/Confluence Data Center PATs are base64 of "<12-digit id>:<20 random bytes>".
bool AtlassianDcPatValid(std::string_view token) {
  std::string raw = DecodeBase64Loose(token);
  if (raw.size() < 14 || raw[12] != ':') return false;
  return std::all_of(raw.begin(), raw.begin() + 12, IsDigit);
}

// --- Placeholders, references and shapes ---------------------------------------------------------

// "123456", "abcdef", "AbCdEf", "654321": six consecutive characters counting up or down, digits
// or letters (of either case). In random base62 such a run has a probability near 4e-8 per
// position, in hex near 1e-6.
bool HasSequentialRun(std::string_view v, int min_run) {
  int up = 1, down = 1;
  for (size_t i = 1; i < v.size(); ++i) {
    char a = ToLower(v[i - 1]), b = ToLower(v[i]);
    bool same_class = (IsDigit(a) && IsDigit(b)) || (IsLower(a) && IsLower(b));
    up = same_class && b == a + 1 ? up + 1 : 1;
    down = same_class && b == a - 1 ? down + 1 : 1;
    if (up >= min_run || down >= min_run) return true;
  }
  return false;
}

// A phrase written into a token's shape: three or more all-lowercase words between separators
// that make up at least 40% of it ("this-is-not-a-real-webhook-token"). The share
// keeps a vendor prefix made of words ("bedrock-api-key-...") from counting.
bool LooksWordy(std::string_view v) {
  int words = 0;
  size_t letters = 0;
  size_t i = 0;
  while (i < v.size()) {
    size_t j = i;
    while (j < v.size() && !IsIn(v[j], "-_. ")) ++j;
    std::string_view seg = v.substr(i, j - i);
    if (seg.size() >= 3 && std::all_of(seg.begin(), seg.end(), IsLower)) {
      ++words;
      letters += seg.size();
    }
    i = j + 1;
  }
  return words >= 3 && letters * 10 >= v.size() * 4;
}

// Placeholders people write where a secret goes. Markers of six letters or more are checked in
// every value. Short ones ("null", "todo", "fake", "here") turn up by chance in long random
// tokens (a given 4-letter string about once per 10^6 positions; some 20 of them would drop ~0.1%
// of real 40-character tokens), so in a strongly random value they count only as a word of their
// own, between non-letters ("9todo2", "_fake_"). `phrases` also rejects hyphenated phrases.
bool IsPlaceholderValue(std::string_view v, bool phrases) {
  if (v.empty() || HasSequentialRun(v, 6)) return true;
  // Every character the same ("***", "000") even below LooksLikePlaceholder's 4-character floor.
  if (std::all_of(v.begin(), v.end(), [&](char c) { return c == v[0]; })) return true;
  if (phrases && LooksWordy(v)) return true;
  std::string lower = Lower(v);
  static constexpr std::string_view kLongMarkers[] = {
      "example", "sample", "placeholder", "changeme", "redacted", "replace",   "dummy",
      "xxxxxx",  "******", "......",      "insert",   "foobar",   "lorem",     "ipsum",
      "notreal", "your_",  "your-",       "yourapi",  "yourkey",  "yourtoken", "secret_key_base"};
  for (std::string_view m : kLongMarkers) {
    if (lower.find(m) != std::string::npos) return true;
  }
  const bool random = v.size() >= 24 && StronglyRandom(v);
  if (!random && LooksLikePlaceholder(v)) return true;
  static constexpr std::string_view kShortMarkers[] = {"your", "here", "null", "none",
                                                       "todo", "fake", "xxxx", "xxx"};
  for (std::string_view m : kShortMarkers) {
    for (size_t at = lower.find(m); at != std::string::npos; at = lower.find(m, at + 1)) {
      bool word = (at == 0 || !IsAlpha(lower[at - 1])) &&
                  (at + m.size() == lower.size() || !IsAlpha(lower[at + m.size()]));
      if (!random || word) return true;
    }
  }
  return false;
}

// Words that stand where a value would be but are not one: types, literals, schema words.
bool IsNonValueWord(std::string_view v) {
  static constexpr std::string_view kWords[] = {
      "true",   "false",  "null",  "nil",      "none",     "undefined", "yes",
      "no",     "on",     "off",   "empty",    "required", "optional",  "string",
      "str",    "int",    "bool",  "boolean",  "object",   "any",       "password",
      "passwd", "secret", "token", "changeme", "default",  "unknown",   "hidden"};
  return OneOf(Lower(v), kWords);
}

bool IsIdentifier(std::string_view s) {
  if (s.empty() || IsDigit(s[0])) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return IsAlnum(c) || c == '_' || c == '$'; });
}

// The value names something instead of being it: a variable, environment or template reference,
// a member path, a function call, a symbol, a YAML tag, a hex literal or a constant's name.
bool IsReference(std::string_view v, char next) {
  if (next == '(') return true;  // getenv(, os.environ.get(, decrypt(
  // $VAR, ${VAR}, $(cmd), and PowerShell's scoped $env:VAR.
  if (v.size() >= 2 && v[0] == '$' &&
      (v[1] == '{' || v[1] == '(' || IsIdentifier(v.substr(1)) ||
       (StartsWith(Lower(v), "$env:") && IsIdentifier(v.substr(5))))) {
    return true;
  }
  if (v.size() >= 2 && v[0] == '%' && (v.back() == '%' || v[1] == '(' || v[1] == '{')) {
    return true;
  }
  // Symbols, parameters and YAML tags (:password, @token, !vault, !Ref) are names: letters only.
  if (v.size() >= 2 && (v[0] == ':' || v[0] == '@' || v[0] == '!') &&
      std::all_of(v.begin() + 1, v.end(), [](char c) { return IsAlpha(c) || c == '_'; })) {
    return true;
  }
  if ((StartsWith(v, "0x") || StartsWith(v, "0X")) &&
      std::all_of(v.begin() + 2, v.end(),
                  [](char c) { return IsDigit(c) || IsIn(c, "abcdefABCDEF"); })) {
    return true;
  }
  // Member paths (config.password, process.env.TOKEN, self.secret), allowing one digit
  // (settings.KEY2) but not the several a dotted password would have.
  if (v.find('.') != std::string_view::npos && std::count_if(v.begin(), v.end(), IsDigit) <= 1) {
    bool all = true;
    size_t i = 0;
    while (i <= v.size()) {
      size_t j = v.find('.', i);
      if (j == std::string_view::npos) j = v.size();
      all = all && IsIdentifier(v.substr(i, j - i));
      i = j + 1;
    }
    if (all) return true;
  }
  // CONSTANT_NAMES (DB_PASSWORD, SECRET_KEY) are references to a value defined elsewhere.
  if (v.find('_') != std::string_view::npos && std::all_of(v.begin(), v.end(), [](char c) {
        return IsUpper(c) || IsDigit(c) || c == '_';
      })) {
    return true;
  }
  return false;
}

bool IsUrlOrPath(std::string_view v) {
  return v.find("://") != std::string_view::npos || StartsWith(v, "/") || StartsWith(v, "./") ||
         StartsWith(v, "~/") || StartsWith(v, "www.");
}

bool IsEmailLike(std::string_view v) {
  size_t at = v.find('@');
  if (at == std::string_view::npos || at == 0) return false;
  std::string_view domain = v.substr(at + 1);
  return domain.find('.') != std::string_view::npos &&
         std::all_of(domain.begin(), domain.end(),
                     [](char c) { return IsAlnum(c) || c == '.' || c == '-'; });
}

std::string_view StripDigits(std::string_view w) {
  while (!w.empty() && IsDigit(w.back())) w.remove_suffix(1);
  return w;
}

// snake_case, kebab-case, dotted or Capitalised words, possibly with a number: an identifier or
// a label ("attached_file_0", "ZAQWS-XCDER-VBGTR"), not a generated secret.
bool IsIdentifierLike(std::string_view v) {
  int segments = 0;
  size_t i = 0;
  while (i <= v.size()) {
    size_t j = i;
    while (j < v.size() && !IsIn(v[j], "-_./:")) ++j;
    std::string_view seg = v.substr(i, j - i);
    if (!seg.empty()) {
      bool lower = std::all_of(seg.begin(), seg.end(), IsLower);
      bool upper = std::all_of(seg.begin(), seg.end(), IsUpper);
      bool capital = IsUpper(seg[0]) && std::all_of(seg.begin() + 1, seg.end(), IsLower);
      bool digits = std::all_of(seg.begin(), seg.end(), IsDigit);
      // A word with a short version or index number: oauth2, v1, sha256, file0.
      std::string_view letters = StripDigits(seg);
      bool numbered = !letters.empty() && seg.size() - letters.size() <= 3 &&
                      std::all_of(letters.begin(), letters.end(), IsLower);
      if (!(lower || upper || capital || digits || numbered)) return false;
      ++segments;
    }
    i = j + 1;
  }
  return segments >= 2;
}

// --- Keyword analysis of generic assignments ----------------------------------------------------

// Splits an identifier into lowercase words at separators and at a lower-to-upper change
// ("clientSecret" -> client, secret). Runs of capitals stay whole ("ANYpassword" -> anypassword),
// which the suffix tests below handle.
std::vector<std::string> SplitWords(std::string_view ident) {
  std::vector<std::string> words;
  std::string cur;
  for (size_t i = 0; i < ident.size(); ++i) {
    char c = ident[i];
    if (!IsAlnum(c)) {
      if (!cur.empty()) words.push_back(cur);
      cur.clear();
      continue;
    }
    if (IsUpper(c) && i > 0 && (IsLower(ident[i - 1]) || IsDigit(ident[i - 1])) && !cur.empty()) {
      words.push_back(cur);
      cur.clear();
    }
    cur += ToLower(c);
  }
  if (!cur.empty()) words.push_back(cur);
  return words;
}

bool IsPasswordWord(std::string_view w) {
  static constexpr std::string_view kExact[] = {
      "pass", "pw", "pwd", "pswd", "passwd", "passphrase", "passcode", "pword", "passwort"};
  static constexpr std::string_view kStarts[] = {"passw", "pasw", "paasw", "psw", "pssw"};
  static constexpr std::string_view kEnds[] = {"password", "passwd", "pwd", "pass", "pw", "pswd"};
  static constexpr std::string_view kNot[] = {"bypass",   "compass",   "surpass",  "trespass",
                                              "overpass", "underpass", "encompass"};
  if (OneOf(w, kExact)) return true;
  for (std::string_view p : kStarts) {
    if (StartsWith(w, p)) return true;
  }
  if (OneOf(w, kNot)) return false;
  for (std::string_view p : kEnds) {
    if (EndsWith(w, p)) return true;
  }
  return false;
}

bool IsSecretWord(std::string_view w) {
  return (StartsWith(w, "secret") && !StartsWith(w, "secretar")) || EndsWith(w, "secret");
}

bool IsTokenWord(std::string_view w) {
  return w == "tkn" || EndsWith(w, "token") || EndsWith(w, "tokens");
}

bool IsCredentialWord(std::string_view w) {
  static constexpr std::string_view kNot[] = {"author",    "authors",     "authored",
                                              "authority", "authorities", "authorship"};
  if (OneOf(w, kNot)) return false;
  return StartsWith(w, "auth") || StartsWith(w, "oauth") || StartsWith(w, "credential") ||
         w == "cred" || w == "creds";
}

bool IsKeyWord(std::string_view w) {
  static constexpr std::string_view kNot[] = {"monkey", "turkey",  "donkey", "hockey",
                                              "jockey", "whiskey", "hotkey"};
  return EndsWith(w, "key") || EndsWith(w, "keys") ? !OneOf(w, kNot) : false;
}

// "api key", "apikey", "secretKey", "ACCESS_KEY": a key word qualified by what kind of key.
bool IsApiKeyAt(const std::vector<std::string>& words, size_t i) {
  static constexpr std::string_view kKinds[] = {"api",        "access",  "secret",  "private",
                                                "auth",       "app",     "client",  "master",
                                                "encryption", "signing", "license", "subscription"};
  std::string_view w = StripDigits(words[i]);
  if (w == "key" || w == "keys") return i > 0 && OneOf(std::string_view(words[i - 1]), kKinds);
  for (std::string_view k : kKinds) {
    if (EndsWith(w, std::string(k) + "key") || EndsWith(w, std::string(k) + "keys")) return true;
  }
  return false;
}

bool IsFamilyWord(KeywordFamily family, const std::vector<std::string>& words, size_t i) {
  std::string_view w = StripDigits(words[i]);
  switch (family) {
    case KeywordFamily::kNone: return true;
    case KeywordFamily::kPassword: return IsPasswordWord(w);
    case KeywordFamily::kSecret: return IsSecretWord(w);
    case KeywordFamily::kToken: return IsTokenWord(w);
    case KeywordFamily::kApiKey: return IsApiKeyAt(words, i);
    case KeywordFamily::kCredential: return IsCredentialWord(w);
    case KeywordFamily::kKey: return IsKeyWord(w);
    case KeywordFamily::kAny:
      return IsPasswordWord(w) || IsSecretWord(w) || IsTokenWord(w) || IsApiKeyAt(words, i) ||
             IsCredentialWord(w) || w == "bearer" || w == "apikey";
  }
  return false;
}

// The identifier's last word says what it holds: `password_length` is a length, `token_url` a
// URL. Such names are not credentials (unless the value is too random to be anything else).
bool IsNonSecretHead(std::string_view w) {
  static constexpr std::string_view kHeads[] = {
      "id",       "ids",     "name",    "names",      "type",    "types",     "length",
      "len",      "size",    "min",     "max",        "count",   "policy",    "policies",
      "mask",     "field",   "fields",  "label",      "hint",    "prompt",    "placeholder",
      "regex",    "pattern", "format",  "file",       "files",   "path",      "paths",
      "dir",      "url",     "uri",     "endpoint",   "header",  "headers",   "param",
      "params",   "env",     "var",     "variable",   "enabled", "enable",    "disabled",
      "required", "expiry",  "expires", "expiration", "ttl",     "timeout",   "lifetime",
      "error",    "errors",  "message", "input",      "form",    "validator", "strength",
      "rule",     "rules",   "manager", "provider",   "version", "location",  "ref",
      "mode",     "method",  "methods", "scheme",     "flow",    "grant",     "strategy",
      "backend",  "server",  "domain",  "host",       "scope",   "scopes",    "status"};
  return OneOf(w, kHeads);
}

// Qualifiers that make a key or token public or non-secret by definition.
bool IsNonSecretQualifier(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "public",      "pub",     "idempotency", "primary",  "foreign", "sort",  "partition",
      "cache",       "routing", "object",      "bucket",   "lookup",  "index", "i18n",
      "translation", "dedup",   "cursor",      "shortcut", "csrf",    "xsrf"};
  return OneOf(w, kWords);
}

// Checks the identifier before the value: it must contain a word of `family`, must not be
// qualified as public/non-secret, and its head word must not name a non-secret attribute.
bool KeyNamesSecret(std::string_view key_text, KeywordFamily family, std::string_view value) {
  if (family == KeywordFamily::kNone) return true;
  size_t i = 0;
  while (i < key_text.size()) {
    size_t j = i;
    while (j < key_text.size() && (IsAlnum(key_text[j]) || IsIn(key_text[j], "_.-"))) {
      ++j;
    }
    if (j == i) {
      ++i;
      continue;
    }
    std::vector<std::string> words = SplitWords(key_text.substr(i, j - i));
    for (size_t k = 0; k < words.size(); ++k) {
      if (!IsFamilyWord(family, words, k)) continue;
      for (size_t q = 0; q < k; ++q) {
        if (IsNonSecretQualifier(words[q])) return false;
      }
      std::string_view head;
      size_t head_index = k;
      for (size_t h = words.size(); h-- > k;) {
        std::string_view w = StripDigits(words[h]);
        if (!w.empty()) {
          head = w;
          head_index = h;
          break;
        }
      }
      if (head_index != k && IsNonSecretHead(head) && !StronglyRandom(value)) return false;
      return true;
    }
    i = j;
  }
  return false;
}

// --- Value judgements ----------------------------------------------------------------------------

// A password a person set: not a reference, path, word or e-mail address; letters plus a digit
// or a symbol (passwords without either are almost always words such as "required").
bool PlausiblePassword(std::string_view v, char next) {
  if (v.size() < 4 || IsReference(v, next) || IsNonValueWord(v) || IsEmailLike(v)) return false;
  if (IsUrlOrPath(v) && !StronglyRandom(v)) return false;
  Classes c = ClassesOf(v);
  return (c.lower || c.upper) && (c.digit || c.symbol);
}

// A generated token: long enough, random enough, letters with digits (or mixed case when long),
// and not an identifier, reference, URL, path or e-mail address.
bool PlausibleToken(std::string_view v, char next, bool strict, double min_entropy) {
  size_t min_len = strict ? 12 : 8;
  if (v.size() < min_len || IsReference(v, next) || IsNonValueWord(v) || IsEmailLike(v) ||
      IsIdentifierLike(v) || LooksWordy(v)) {
    return false;
  }
  if (IsUrlOrPath(v) && !StronglyRandom(v)) return false;
  Classes c = ClassesOf(v);
  bool letters = c.lower || c.upper;
  if (!((letters && c.digit) || (v.size() >= 16 && c.lower && c.upper))) return false;
  // A short string cannot reach a long one's entropy: n distinct characters give log2(n) bits.
  double floor = std::min(min_entropy, 0.9 * std::log2(static_cast<double>(v.size())));
  return Entropy(v) >= floor;
}

bool PlausibleContextValue(std::string_view v, char next) {
  return v.size() >= 3 && !IsReference(v, next) && !IsNonValueWord(v) &&
         !IsPlaceholderValue(v, false);
}

// Password of scheme://user:password@host. Documentation favourites (user:password,
// postgres:postgres, guest:guest) and references are not reported.
bool PlausibleUrlPassword(std::string_view match, std::string_view password) {
  if (password.size() < 3 || IsPlaceholderValue(password, false) || IsNonValueWord(password)) {
    return false;
  }
  if (password[0] == '$' || password[0] == '%' || password[0] == '{') return false;
  static constexpr std::string_view kTrivial[] = {"pass",  "pwd",  "pw",       "test",
                                                  "guest", "user", "username", "admin"};
  std::string lower = Lower(password);
  if (OneOf(std::string_view(lower), kTrivial)) return false;
  size_t scheme = match.find("://");
  if (scheme != std::string_view::npos) {
    std::string_view rest = match.substr(scheme + 3);
    std::string_view user = rest.substr(0, rest.find(':'));
    if (Lower(user) == lower) return false;
  }
  return true;
}

bool PlausibleBasicAuth(std::string_view b64) {
  std::string raw = DecodeBase64Loose(b64);
  size_t colon = raw.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 >= raw.size()) return false;
  for (char c : raw) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) {
      return false;
    }
  }
  std::string_view password = std::string_view(raw).substr(colon + 1);
  return !IsPlaceholderValue(password, false) && !IsReference(password, '\0');
}

// --- Key blocks ----------------------------------------------------------------------------------

// A PEM key is ~1.7 KB (RSA 2048) to ~10 KB (ML-DSA-87); anything further is not its body.
constexpr size_t kMaxKeyBlock = 32 * 1024;

struct Run {
  size_t begin = 0;
  size_t size = 0;
};

Run LongestBase64Run(std::string_view line) {
  Run best, cur;
  for (size_t i = 0; i < line.size(); ++i) {
    if (IsBase64Char(line[i])) {
      if (cur.size == 0) cur.begin = i;
      ++cur.size;
      if (cur.size > best.size) best = cur;
    } else {
      cur.size = 0;
    }
  }
  return best;
}

// Grows a key body over the lines after `from` (the end of its first base64 run): full base64
// lines (>= 40 characters, whatever decorates them: quotes, "+", comment marks, log prefixes),
// then at most one short last line, then an END line if one follows. A line holding another
// "-----" marker ends the body. Returns the new span end.
size_t ExtendKeyBody(std::string_view text, size_t from, bool first_full) {
  size_t end = from;
  size_t pos = from;
  bool previous_full = first_full;
  while (pos < text.size() && pos - from < kMaxKeyBlock) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) break;
    size_t line_begin = nl + 1;
    size_t line_end = text.find('\n', line_begin);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::string_view line = text.substr(line_begin, line_end - line_begin);
    size_t marker = line.find("-----");
    if (marker != std::string_view::npos) {
      if (line.substr(marker, 8) == "-----END") {
        size_t close = line.find("-----", marker + 8);
        end = line_begin + (close != std::string_view::npos ? close + 5 : line.size());
      }
      break;
    }
    Run run = LongestBase64Run(line);
    if (run.size >= 40) {
      end = line_begin + run.begin + run.size;
      previous_full = true;
    } else if (run.size >= 4 && previous_full) {
      end = line_begin + run.begin + run.size;
      previous_full = false;
    } else {
      break;
    }
    pos = line_end;
  }
  return end;
}

// Base64 characters in runs of 16 or more: the key material between decorations.
size_t Base64Material(std::string_view body) {
  size_t total = 0, run = 0;
  for (char c : body) {
    if (IsBase64Char(c)) {
      ++run;
    } else {
      if (run >= 16) total += run;
      run = 0;
    }
  }
  return total + (run >= 16 ? run : 0);
}

struct Block {
  size_t end;
  bool has_body;
};

// From a PEM header to the end of its END line (`end_marker`: the first "-----END" after the
// header, npos if none). Without an END line in reach (a truncated paste), header fields
// (Proc-Type:, DEK-Info:, Version:) are skipped and the base64 body followed.
Block ExtendPemBlock(std::string_view text, size_t header_end, size_t end_marker) {
  if (end_marker != std::string_view::npos && end_marker - header_end < kMaxKeyBlock) {
    size_t close = text.find("-----", end_marker + 8);
    size_t end =
        close != std::string_view::npos && close - end_marker < 80 ? close + 5 : end_marker + 8;
    return {end, Base64Material(text.substr(header_end, end_marker - header_end)) >= 64};
  }
  size_t pos = header_end;
  for (int fields = 0; fields < 4; ++fields) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) break;
    size_t next_end = text.find('\n', nl + 1);
    std::string_view line = text.substr(
        nl + 1, next_end == std::string_view::npos ? std::string_view::npos : next_end - nl - 1);
    bool field = line.find(": ") != std::string_view::npos && LongestBase64Run(line).size < 40;
    if (!field && line.find_first_not_of(" \t\r") != std::string_view::npos) break;
    pos = nl + 1;
  }
  size_t end = std::max(ExtendKeyBody(text, pos, false), header_end);
  return {end, Base64Material(text.substr(header_end, end - header_end)) >= 64};
}

// --- The detector --------------------------------------------------------------------------------

struct Candidate {
  uint32_t rule;
  uint32_t begin;
  uint32_t end;
  double score;
};

// Per-call memory that keeps a scan linear in the text even when it is built to repeat a
// pattern's head thousands of times inside one run (a hostile input): each run of a tail
// alphabet is walked once, each "-----END" is found once, and a match inside the previous block
// of its own rule is skipped (the overlap rule would drop it anyway).
class ScanState {
 public:
  ScanState(std::string_view text, size_t rule_count) : text_(text), covered_(rule_count, 0) {}

  // End of the run of `tail` characters that continues at `pos`.
  size_t RunEnd(Tail tail, size_t pos) {
    Cached& c = runs_[static_cast<size_t>(tail)];
    if (c.valid && pos >= c.from && pos <= c.to) return c.to;
    size_t end = pos;
    while (end < text_.size() && InTail(tail, text_[end])) ++end;
    c = {true, pos, end};
    return end;
  }

  // The first "-----END" at or after `pos`, npos if none.
  size_t NextEndMarker(size_t pos) {
    if (!markers_found_) {
      for (size_t at = text_.find("-----END"); at != std::string_view::npos;
           at = text_.find("-----END", at + 8)) {
        markers_.push_back(at);
      }
      markers_found_ = true;
    }
    auto it = std::lower_bound(markers_.begin(), markers_.end(), pos);
    return it == markers_.end() ? std::string_view::npos : *it;
  }

  uint32_t& CoveredUntil(uint32_t rule) { return covered_[rule]; }

 private:
  struct Cached {
    bool valid = false;
    size_t from = 0;
    size_t to = 0;
  };
  std::string_view text_;
  std::vector<uint32_t> covered_;
  Cached runs_[static_cast<size_t>(Tail::kValue) + 1];
  std::vector<size_t> markers_;
  bool markers_found_ = false;
};

class SecretDetector final : public Detector {
 public:
  explicit SecretDetector(SecretConfig config) : config_(std::move(config)) {
    std::span<const SecretRule> rules = SecretRules();
    for (uint32_t i = 0; i < rules.size(); ++i) {
      const SecretRule& rule = rules[i];
      bool disabled = std::find(config_.disabled_rules.begin(), config_.disabled_rules.end(),
                                rule.id) != config_.disabled_rules.end();
      if (disabled) continue;
      patterns_.push_back({rule.regex, rule.case_insensitive});
      rule_of_pattern_.push_back(i);
    }
  }

  std::string_view id() const override { return "secret"; }
  std::span<const PatternSpec> Patterns() const override { return patterns_; }

  void Scan(const ScanView& view, std::span<const PatternMatch> matches,
            std::vector<Finding>& out) const override {
    if (matches.empty()) return;
    std::span<const SecretRule> rules = SecretRules();
    ScanState state(view.text, rules.size());
    std::vector<Candidate> candidates;
    for (const PatternMatch& m : matches) {
      if (m.pattern >= rule_of_pattern_.size()) continue;
      uint32_t rule_index = rule_of_pattern_[m.pattern];
      std::optional<Candidate> c = Validate(rules[rule_index], rule_index, view.text, m, state);
      if (c && c->score >= config_.min_score) candidates.push_back(*c);
    }
    // Earliest rule first; a candidate overlapping one already kept is the same secret seen by a
    // weaker rule (or a fragment inside a key block) and is dropped. Kept spans never overlap,
    // so the one starting last before a candidate's end is the only one it can overlap.
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
      return a.rule != b.rule ? a.rule < b.rule : a.begin < b.begin;
    });
    std::map<uint32_t, const Candidate*> kept;  // by begin
    for (const Candidate& c : candidates) {
      auto it = kept.lower_bound(c.end);
      if (it != kept.begin() && std::prev(it)->second->end > c.begin) continue;
      kept.emplace(c.begin, &c);
    }
    for (const auto& [begin, c] : kept) {
      const SecretRule& rule = rules[c->rule];
      Finding f;
      f.detector = std::string(rule.id);
      f.category = Category::kSecret;
      f.subcategory = std::string(RuleGroupName(rule.group));
      f.score = c->score;
      f.start = c->begin;
      f.end = c->end;
      f.preview = MaskPreview(view.text.substr(c->begin, c->end - c->begin));
      f.via = std::string(view.via);
      out.push_back(std::move(f));
    }
  }

 private:
  double MinEntropy(const SecretRule& rule) const {
    if (rule.min_entropy <= 0.0) return 0.0;
    return config_.min_entropy ? *config_.min_entropy : rule.min_entropy;
  }

  std::optional<Candidate> Validate(const SecretRule& rule, uint32_t rule_index,
                                    std::string_view text, const PatternMatch& m,
                                    ScanState& state) const {
    size_t begin = m.value_begin;
    size_t end = m.value_end;
    if (begin >= end || end > text.size()) return std::nullopt;
    double score = rule.score;

    if (rule.check == RuleCheck::kPemBlock || rule.check == RuleCheck::kKeyBody) {
      uint32_t& covered = state.CoveredUntil(rule_index);
      if (begin < covered) return std::nullopt;
      if (rule.check == RuleCheck::kPemBlock) {
        Block block = ExtendPemBlock(text, end, state.NextEndMarker(end));
        // A header without key material (code that looks for the header, a truncated paste)
        // is reported, but with the confidence of a hint rather than of a key.
        if (!block.has_body) score = 0.6;
        end = block.end;
      } else {
        size_t run_end = state.RunEnd(Tail::kBase64, end);
        end = ExtendKeyBody(text, run_end, run_end - begin >= 40);
      }
      covered = static_cast<uint32_t>(end);
      return Candidate{rule_index, static_cast<uint32_t>(begin), static_cast<uint32_t>(end), score};
    }

    if (rule.tail != Tail::kNone) {
      // Still going past the format's maximum: a longer blob of the same alphabet, not this one.
      size_t run_end = state.RunEnd(rule.tail, end);
      if (run_end - begin > rule.max_length) return std::nullopt;
      end = run_end;
    }
    const char next = end < text.size() ? text[end] : '\0';
    if (rule.check == RuleCheck::kPassword || rule.check == RuleCheck::kTokenValue ||
        rule.check == RuleCheck::kStrictTokenValue || rule.check == RuleCheck::kContextValue) {
      // URL-encoded query strings: "token%3Dabc%26next" ends the value at the encoded '&'.
      std::string_view v = text.substr(begin, end - begin);
      size_t amp = Lower(v).find("%26");
      if (amp != std::string::npos) end = begin + amp;
      // Prose and lists end a bare value with punctuation that is not part of it; quoted values
      // keep theirs ("&quot;" ends in ';').
      char before = begin > 0 ? text[begin - 1] : '\0';
      bool quoted = before == '"' || before == '\'' || before == '`' || before == ';';
      while (!quoted && end > begin && IsIn(text[end - 1], ".,:;?")) --end;
    }

    std::string_view value = text.substr(begin, end - begin);
    if (value.empty()) return std::nullopt;
    const bool human_set =
        rule.check == RuleCheck::kPassword || rule.check == RuleCheck::kContextValue;
    if (rule.check != RuleCheck::kUrlPassword && IsPlaceholderValue(value, !human_set)) {
      return std::nullopt;
    }
    double min_entropy = MinEntropy(rule);
    bool entropy_in_check =
        rule.check == RuleCheck::kTokenValue || rule.check == RuleCheck::kStrictTokenValue;
    if (!entropy_in_check && min_entropy > 0.0 && Entropy(value) < min_entropy) {
      return std::nullopt;
    }
    // The identifier the keyword belongs to starts before the match ("MYSQL_" of
    // MYSQL_PASSWORD, "by" of bypass): patterns match from the keyword on.
    size_t key_begin = m.begin;
    while (key_begin > 0 && m.begin - key_begin < 40 &&
           (IsAlnum(text[key_begin - 1]) || IsIn(text[key_begin - 1], "_.-"))) {
      --key_begin;
    }
    std::string_view key_text = text.substr(key_begin, m.value_begin - key_begin);

    bool ok = true;
    switch (rule.check) {
      case RuleCheck::kNone: break;
      case RuleCheck::kCrc32Base62: ok = Crc32Base62Valid(value); break;
      case RuleCheck::kBech32: ok = Bech32Valid(value); break;
      case RuleCheck::kJwt: ok = JwtValid(value); break;
      case RuleCheck::kDiscordBotToken: ok = DiscordBotTokenValid(value); break;
      case RuleCheck::kAtlassianDcPat: ok = AtlassianDcPatValid(value); break;
      case RuleCheck::kBasicAuth: ok = PlausibleBasicAuth(value); break;
      case RuleCheck::kUrlPassword:
        ok = PlausibleUrlPassword(text.substr(m.begin, m.end - m.begin), value);
        break;
      case RuleCheck::kPassword:
        ok = PlausiblePassword(value, next) && KeyNamesSecret(key_text, rule.keywords, value);
        break;
      case RuleCheck::kTokenValue:
      case RuleCheck::kStrictTokenValue:
        ok = PlausibleToken(value, next, rule.check == RuleCheck::kStrictTokenValue, min_entropy) &&
             KeyNamesSecret(key_text, rule.keywords, value);
        break;
      case RuleCheck::kContextValue: ok = PlausibleContextValue(value, next); break;
      case RuleCheck::kPemBlock:
      case RuleCheck::kKeyBody: break;  // handled above
    }
    if (!ok) return std::nullopt;
    return Candidate{rule_index, static_cast<uint32_t>(begin), static_cast<uint32_t>(end), score};
  }

  SecretConfig config_;
  std::vector<PatternSpec> patterns_;
  std::vector<uint32_t> rule_of_pattern_;
};

}  // namespace

std::unique_ptr<Detector> MakeSecretDetector(SecretConfig config) {
  return std::make_unique<SecretDetector>(std::move(config));
}

}  // namespace frontseat::detectors
