// Validators for the structured pii entities (see validators.h). References: RFC 5321 / 5322
// (address lengths and dot-atoms), ISO/IEC 7812-1 and the card networks' published IIN ranges,
// ISO 13616 (IBAN), SSA "Social Security Number Randomization" (2011) for the SSN ranges.
#include "detectors/pii/validators.h"

#include <algorithm>
#include <string>

#include "detectors/common/checksums.h"
#include "detectors/pii/context.h"

namespace frontseat::detectors::pii {
namespace {

constexpr std::string_view kCardContext[] = {
    "card*",    "credit", "debit",  "visa",     "mastercard", "amex", "maestro",
    "discover", "jcb",    "diners", "unionpay", "cc",         "ccn",  "pan",
    "payment*", "pay",    "paid",   "expir*",   "cvv",        "cvc"};
constexpr std::string_view kSsnContext[] = {"ssn", "ssns", "social", "ss", "taxpayer", "itin"};

// --- email -----------------------------------------------------------------------------------

bool IsLocalPartChar(char c) {
  return IsAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

// Domains reserved for documentation and tests (RFC 2606, RFC 6761): addresses there are
// examples, not people.
bool IsExampleDomain(std::string_view domain) {
  std::string d;
  for (char c : domain) d += ToLowerAscii(c);
  for (std::string_view suffix : {".test", ".example", ".invalid", ".localhost"}) {
    if (d.size() >= suffix.size() &&
        d.compare(d.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return true;
    }
  }
  for (std::string_view base : {"example.com", "example.org", "example.net"}) {
    if (d == base) return true;
    if (d.size() > base.size() && d.compare(d.size() - base.size(), base.size(), base) == 0 &&
        d[d.size() - base.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

// "icon@2x.png" in code and markup: the "top-level domain" is a file extension no registry uses.
bool IsFileExtension(std::string_view tld) {
  std::string t;
  for (char c : tld) t += ToLowerAscii(c);
  for (std::string_view ext : {"png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "css",
                               "js", "ts", "tsx", "jsx", "json", "map", "min", "scss", "woff"}) {
    if (t == ext) return true;
  }
  return false;
}

// --- payment cards ---------------------------------------------------------------------------

struct CardRange {
  std::string_view brand;
  std::string_view lo;  // inclusive prefix range; lo and hi have the same length
  std::string_view hi;
  uint32_t lengths;  // bit n set when n digits is a valid length
};

constexpr uint32_t Len(int a) { return 1u << a; }
constexpr uint32_t Lens(int lo, int hi) {
  uint32_t m = 0;
  for (int i = lo; i <= hi; ++i) m |= 1u << i;
  return m;
}

// Issuer identification number ranges, from the networks' published tables (as collected in
// ISO/IEC 7812 registrations and the "Payment card number" reference). Broad ranges first is
// fine: the first range whose prefix and length both fit wins.
constexpr CardRange kCardRanges[] = {
    {"visa", "4", "4", Len(13) | Len(16) | Len(19)},
    {"mastercard", "51", "55", Len(16)},
    {"mastercard", "2221", "2720", Len(16)},
    {"amex", "34", "34", Len(15)},
    {"amex", "37", "37", Len(15)},
    {"diners", "300", "305", Lens(14, 19)},
    {"diners", "3095", "3095", Lens(14, 19)},
    {"diners", "36", "36", Lens(14, 19)},
    {"diners", "38", "39", Lens(14, 19)},
    {"discover", "6011", "6011", Lens(16, 19)},
    {"discover", "644", "649", Lens(16, 19)},
    {"discover", "65", "65", Lens(16, 19)},
    {"discover", "622126", "622925", Lens(16, 19)},
    {"jcb", "3528", "3589", Lens(16, 19)},
    {"jcb", "2131", "2131", Len(15)},
    {"jcb", "1800", "1800", Len(15)},
    {"unionpay", "62", "62", Lens(16, 19)},
    {"mir", "2200", "2204", Lens(16, 19)},
    {"maestro", "50", "50", Lens(12, 19)},
    {"maestro", "56", "69", Lens(12, 19)},
    {"maestro", "0604", "0604", Lens(12, 19)},
    {"rupay", "81", "82", Len(16)},
    {"rupay", "353", "353", Len(16)},
    {"rupay", "356", "356", Len(16)},
    {"uatp", "1", "1", Len(15)},
    {"troy", "9792", "9792", Len(16)},
};

}  // namespace

// ---------------------------------------------------------------------------------------------

void ValidateEmail(std::string_view text, uint32_t begin, uint32_t end,
                   std::vector<Candidate>& out) {
  // A local-part character before the match means the pattern's 64-byte bound cut a longer
  // local part, which RFC 5321 does not allow.
  if (IsLocalPartChar(ByteBefore(text, begin))) return;
  while (begin < end && text[begin] == '.') ++begin;  // "...john@x.org": the dots are prose
  std::string_view s = text.substr(begin, end - begin);
  size_t at = s.find('@');
  if (at == std::string_view::npos || at == 0) return;
  std::string_view local = s.substr(0, at);
  std::string_view domain = s.substr(at + 1);
  if (local.back() == '.' || local.find("..") != std::string_view::npos) return;
  if (domain.size() > 253) return;
  std::string_view tld;
  size_t pos = 0;
  while (pos <= domain.size()) {
    size_t dot = domain.find('.', pos);
    if (dot == std::string_view::npos) dot = domain.size();
    std::string_view label = domain.substr(pos, dot - pos);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return;
    tld = label;
    pos = dot + 1;
  }
  if (IsFileExtension(tld)) return;
  // A missing space glues the next word to the domain: "ganesh@moonchaser.ioHi Ganesh". Real
  // top-level domains are one case, so cut at a lower-to-upper change.
  for (size_t k = 1; k + 1 < tld.size(); ++k) {
    if (tld[k - 1] >= 'a' && tld[k - 1] <= 'z' && tld[k] >= 'A' && tld[k] <= 'Z') {
      if (k < 2) return;
      end = static_cast<uint32_t>(tld.data() - text.data() + k);
      break;
    }
  }
  double score = IsExampleDomain(domain) ? 0.4 : 0.9;
  out.push_back({PiiEntity::kEmail, begin, end, score});
}

std::optional<std::string_view> CardBrand(std::string_view digits) {
  for (const CardRange& r : kCardRanges) {
    if (digits.size() < r.lo.size() || digits.size() > 31) continue;
    if ((r.lengths & (1u << digits.size())) == 0) continue;
    std::string_view prefix = digits.substr(0, r.lo.size());
    if (prefix >= r.lo && prefix <= r.hi) return r.brand;
  }
  return std::nullopt;
}

void FindCreditCards(std::string_view text, uint32_t begin, uint32_t end,
                     std::vector<Candidate>& out) {
  // A card is printed as one run of digits or in groups with one separator throughout
  // ("4111 1111 1111 1111", "3782-822463-10005"). The run may hold other numbers
  // ("order 1234 4111 1111 1111 1111"), so every run of whole groups is tried: left to right,
  // the longest first. At most 7 groups make 19 digits, which bounds the work per start.
  std::vector<DigitGroup> groups = DigitGroups(text, begin, end);
  const size_t n = groups.size();
  constexpr size_t kMaxGroups = 7;
  size_t i = 0;
  while (i < n) {
    bool found = false;
    for (size_t len = std::min(kMaxGroups, n - i); len >= 1 && !found; --len) {
      uint32_t b = groups[i].begin;
      uint32_t e = groups[i + len - 1].end;
      char sep = len > 1 ? SingleSeparator(text, groups[i], groups[i + 1]) : '\0';
      if (len > 1 && sep != ' ' && sep != '-') continue;
      std::string digits;
      bool shape_ok = true;
      for (size_t k = i; k < i + len && shape_ok; ++k) {
        uint32_t size = groups[k].size();
        if (k > i && SingleSeparator(text, groups[k - 1], groups[k]) != sep) shape_ok = false;
        // Printed groups: 4 first (every network), then 3 to 6 ("3782 822463 10005").
        if (len > 1 && ((k == i && size != 4) || (k != i && (size < 3 || size > 6)))) {
          shape_ok = false;
        }
        digits.append(text.substr(groups[k].begin, size));
      }
      if (!shape_ok || digits.size() < 12 || digits.size() > 19) continue;
      // After '+' the digits are an international phone number ("+6512345678901").
      if (GluedToNeighbours(text, b, e) || ByteBefore(text, b) == '+') continue;
      if (!LuhnValid(digits) || !CardBrand(digits)) continue;
      // Short lengths (12-14: Maestro, old Visa, Diners) collide with other identifiers more
      // often; one random digit string in ten passes Luhn.
      double score = digits.size() >= 15 ? 0.8 : 0.6;
      if (len > 1) score += 0.05;  // printed in groups: how people write card numbers
      score = WithContext(score, HasContextWord(text, b, e, kCardContext), 0.15);
      out.push_back({PiiEntity::kCreditCard, b, e, score});
      i += len;
      found = true;
    }
    if (!found) ++i;
  }
}

void ValidateIban(std::string_view text, uint32_t begin, uint32_t end,
                  std::vector<Candidate>& out) {
  // Grouped IBANs are written in blocks of four; the pattern may have taken a trailing word
  // ("... 7654 32 from"), so drop trailing blocks until the checksum holds.
  std::string_view s = text.substr(begin, end - begin);
  bool spaced = s.find(' ') != std::string_view::npos;
  while (!s.empty()) {
    bool shape_ok = true;
    if (spaced) {
      size_t pos = 0;
      while (true) {
        size_t sp = s.find(' ', pos);
        if (sp == std::string_view::npos) break;
        if (sp - pos != 4) shape_ok = false;
        pos = sp + 1;
      }
    }
    if (shape_ok && IbanValid(s)) {
      bool lower = false;
      bool upper = false;
      for (char c : s) {
        lower = lower || (c >= 'a' && c <= 'z');
        upper = upper || (c >= 'A' && c <= 'Z');
      }
      // The check digits leave one chance in 97 for a random string of the right length and
      // country; mixed case is unusual for a real IBAN.
      double score = (lower && upper) ? 0.8 : 0.95;
      out.push_back({PiiEntity::kIban, begin, static_cast<uint32_t>(begin + s.size()), score});
      return;
    }
    size_t sp = s.rfind(' ');
    if (sp == std::string_view::npos) return;
    s = s.substr(0, sp);
  }
}

bool SsnRangesValid(std::string_view area, std::string_view group, std::string_view serial) {
  if (area == "000" || area == "666" || area[0] == '9') return false;
  if (group == "00") return false;
  if (serial == "0000") return false;
  return true;
}

namespace {

void CheckSsn(std::string_view text, uint32_t begin, uint32_t end, std::vector<Candidate>& out) {
  std::string_view s = text.substr(begin, end - begin);  // "ddd-dd-dddd" or "ddd dd dddd"
  if (GluedToNeighbours(text, begin, end)) return;
  bool spaced = s[3] == ' ';
  // A spaced triple inside a longer run of spaced digit groups is part of that run.
  if (spaced && ((ByteBefore(text, begin) == ' ' && IsDigit(ByteBefore(text, begin, 2))) ||
                 (ByteAt(text, end) == ' ' && IsDigit(ByteAt(text, uint64_t{end} + 1))))) {
    return;
  }
  if (!SsnRangesValid(s.substr(0, 3), s.substr(4, 2), s.substr(7, 4))) return;
  bool context = HasContextWord(text, begin, end, kSsnContext);
  double score = spaced ? 0.45 : 0.75;
  // Numbers the SSA voided after they were printed in advertisements, and the textbook example:
  // a person pasting these is giving an example, not their number.
  std::string digits{s.substr(0, 3)};
  digits.append(s.substr(4, 2)).append(s.substr(7, 4));
  if (digits == "078051120" || digits == "219099999" || digits == "123456789") {
    score = 0.3;
  } else {
    score = WithContext(score, context, spaced ? 0.4 : 0.2);
  }
  out.push_back({PiiEntity::kUsSsn, begin, end, score});
}

void CheckBareSsn(std::string_view text, uint32_t begin, uint32_t end,
                  std::vector<Candidate>& out) {
  // Nine bare digits are anything (zip+4, ids, amounts) unless the text says it is an SSN.
  std::string_view s = text.substr(begin, end - begin);
  if (GluedToNeighbours(text, begin, end)) return;
  if (!SsnRangesValid(s.substr(0, 3), s.substr(3, 2), s.substr(5, 4))) return;
  if (!HasContextWord(text, begin, end, kSsnContext, 32, 8)) return;
  out.push_back({PiiEntity::kUsSsn, begin, end, 0.75});
}

}  // namespace

void FindSsns(std::string_view text, uint32_t begin, uint32_t end, std::vector<Candidate>& out) {
  std::vector<DigitGroup> g = DigitGroups(text, begin, end);
  for (size_t i = 0; i < g.size(); ++i) {
    if (g[i].size() == 9) {
      CheckBareSsn(text, g[i].begin, g[i].end, out);
      continue;
    }
    if (i + 2 >= g.size() || g[i].size() != 3 || g[i + 1].size() != 2 || g[i + 2].size() != 4) {
      continue;
    }
    char sep = SingleSeparator(text, g[i], g[i + 1]);
    if ((sep == '-' || sep == ' ') && SingleSeparator(text, g[i + 1], g[i + 2]) == sep) {
      CheckSsn(text, g[i].begin, g[i + 2].end, out);
    }
  }
}

}  // namespace frontseat::detectors::pii
