// Keyword analysis of generic assignments (see keywords.h). Matching whole words rather than
// substrings is the point: each exclusion list below ("bypass", "monkey", "author") holds words
// that start or end like a keyword without naming a credential.
#include "detectors/secret/keywords.h"

#include <string>
#include <vector>

#include "detectors/secret/ascii.h"
#include "detectors/secret/validators.h"

namespace frontseat::detectors::secret {
namespace {

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

}  // namespace

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

}  // namespace frontseat::detectors::secret
