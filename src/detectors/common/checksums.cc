// Validators behind the pattern detectors. References: ISO/IEC 7812-1 (Luhn), ISO 13616-1
// (IBAN structure and the mod-97 check of ISO 7064), SWIFT IBAN registry (country lengths).
#include "detectors/common/checksums.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "core/utf8.h"

namespace frontseat::detectors {

bool LuhnValid(std::string_view s) {
  int sum = 0;
  int n = 0;
  for (size_t i = s.size(); i-- > 0;) {
    char c = s[i];
    if (c < '0' || c > '9') continue;
    int d = c - '0';
    if (n % 2 == 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    ++n;
  }
  return n >= 2 && sum % 10 == 0;
}

namespace {
// IBAN lengths per country, from the SWIFT IBAN registry.
struct IbanLength {
  char cc[3];
  int length;
};
constexpr IbanLength kIbanLengths[] = {
    {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16},
    {"BG", 22}, {"BH", 22}, {"BI", 27}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22},
    {"CY", 28}, {"CZ", 24}, {"DE", 22}, {"DJ", 27}, {"DK", 18}, {"DO", 28}, {"EE", 20},
    {"EG", 29}, {"ES", 24}, {"FI", 18}, {"FK", 18}, {"FO", 18}, {"FR", 27}, {"GB", 22},
    {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27}, {"GT", 28}, {"HR", 21}, {"HU", 28},
    {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26}, {"IT", 27}, {"JO", 30}, {"KW", 30},
    {"KZ", 20}, {"LB", 28}, {"LC", 32}, {"LI", 21}, {"LT", 20}, {"LU", 20}, {"LV", 21},
    {"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19}, {"MN", 20}, {"MR", 27},
    {"MT", 31}, {"MU", 30}, {"NI", 28}, {"NL", 18}, {"NO", 15}, {"OM", 23}, {"PK", 24},
    {"PL", 28}, {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"RU", 33},
    {"SA", 24}, {"SC", 31}, {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27},
    {"SO", 23}, {"ST", 25}, {"SV", 28}, {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29},
    {"VA", 22}, {"VG", 24}, {"XK", 20}, {"YE", 30},
};
}  // namespace

bool IbanValid(std::string_view s) {
  std::string iban;
  for (char c : s) {
    if (c == ' ') continue;
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
    iban += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (iban.size() < 15 || iban.size() > 34) return false;
  if (!std::isalpha(static_cast<unsigned char>(iban[0])) ||
      !std::isalpha(static_cast<unsigned char>(iban[1])) ||
      !std::isdigit(static_cast<unsigned char>(iban[2])) ||
      !std::isdigit(static_cast<unsigned char>(iban[3]))) {
    return false;
  }
  bool known = false;
  for (const IbanLength& l : kIbanLengths) {
    if (iban[0] == l.cc[0] && iban[1] == l.cc[1]) {
      if (static_cast<int>(iban.size()) != l.length) return false;
      known = true;
      break;
    }
  }
  if (!known) return false;
  // Move the first four characters to the end, letters become 10..35, then mod 97 piecewise.
  std::string rearranged = iban.substr(4) + iban.substr(0, 4);
  int mod = 0;
  for (char c : rearranged) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      mod = (mod * 10 + (c - '0')) % 97;
    } else {
      int v = c - 'A' + 10;
      mod = (mod * 100 + v) % 97;
    }
  }
  return mod == 1;
}

double Entropy(std::string_view s) { return core::ShannonEntropy(s); }

bool LooksLikePlaceholder(std::string_view s) {
  if (s.empty()) return true;
  std::string lower;
  for (char c : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // One character repeated, possibly around a prefix: "xxxxxxxx", "********", "0000000".
  size_t distinct = 0;
  bool seen[256] = {};
  for (unsigned char c : lower) {
    if (!seen[c]) ++distinct;
    seen[c] = true;
  }
  if (distinct <= 2 && s.size() >= 4) return true;
  static constexpr std::string_view kMarkers[] = {
      "example", "xxxx", "your_", "your-", "yourapi", "<", "${", "{{", "%(", "changeme",
      "placeholder", "dummy", "redacted", "replace_me", "insert_", "todo", "1234567890",
      "abcdefgh", "fake", "sample", "****", "....", "$(", "process.env", "os.environ",
      "getenv", "null", "none", "undefined", "password123", "secret123"};
  for (std::string_view m : kMarkers) {
    if (lower.find(m) != std::string::npos) return true;
  }
  return false;
}

}  // namespace frontseat::detectors
