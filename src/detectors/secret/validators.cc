// Value validators of the secret detector (see validators.h): the checksums and structural
// decodes of vendor token formats, the placeholder filter, and the judgements of free-form values
// after a keyword. References: zlib's crc32() (GitHub and npm token checksums), BIP-173
// (bech32), RFC 7519 (JWT), RFC 7617 (HTTP Basic).
#include "detectors/secret/validators.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

#include "core/decoders.h"
#include "detectors/common/checksums.h"
#include "detectors/secret/ascii.h"

namespace frontseat::detectors::secret {

// --- Decoding and checksums ----------------------------------------------------------------------

namespace {

// Base64 with either alphabet, padding optional, decoding the prefix up to the first character
// outside the alphabet (token segments are unpadded and may be cut short). A trailing lone
// character carries no whole byte, so it is dropped before core::DecodeBase64, which rejects it.
std::string DecodeBase64Loose(std::string_view in) {
  size_t n = 0;
  while (n < in.size() && (IsUpper(in[n]) || IsLower(in[n]) || IsDigit(in[n]) || in[n] == '+' ||
                           in[n] == '-' || in[n] == '/' || in[n] == '_')) {
    ++n;
  }
  if (n % 4 == 1) --n;
  std::string out;
  core::DecodeBase64(in.substr(0, n), out);
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

bool StartsJsonObject(std::string_view decoded) {
  size_t i = decoded.find_first_not_of(" \t\r\n");
  return i != std::string_view::npos && decoded[i] == '{';
}

}  // namespace

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

// --- Placeholders and randomness ----------------------------------------------------------------

namespace {

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

}  // namespace

// A value so random that a misleading variable name (secret_path, token_id) does not outweigh it.
bool StronglyRandom(std::string_view v) {
  Classes c = ClassesOf(v);
  return v.size() >= 20 && c.lower && c.upper && c.digit && Entropy(v) >= 4.0;
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

// --- References and shapes ----------------------------------------------------------------------

namespace {

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

}  // namespace

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

}  // namespace frontseat::detectors::secret
