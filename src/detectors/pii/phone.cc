// Phone number parsing and validation (see phone.h for the formats). References: ITU-T E.164
// and its list of assigned country codes (ITU Operational Bulletin, "List of ITU-T
// Recommendation E.164 assigned country codes"), the NANP numbering rules (NANPA), and the
// national formats in ITU's national numbering plans (trunk prefix 0, 2-5 digit area codes).
#include "detectors/pii/phone.h"

#include <algorithm>
#include <optional>
#include <string>

#include "detectors/pii/context.h"

namespace frontseat::detectors::pii {
namespace {

// Assigned E.164 country codes (geographic and global services), as of the 2023 ITU list.
// Spare codes (28x, 80x, 83x, ...) are absent on purpose: "+28 ..." is not a phone number.
constexpr std::string_view kCountryCodes[] = {
    "1",   "7",   "20",  "27",  "30",  "31",  "32",  "33",  "34",  "36",  "39",  "40",  "41",
    "43",  "44",  "45",  "46",  "47",  "48",  "49",  "51",  "52",  "53",  "54",  "55",  "56",
    "57",  "58",  "60",  "61",  "62",  "63",  "64",  "65",  "66",  "81",  "82",  "84",  "86",
    "90",  "91",  "92",  "93",  "94",  "95",  "98",  "211", "212", "213", "216", "218", "220",
    "221", "222", "223", "224", "225", "226", "227", "228", "229", "230", "231", "232", "233",
    "234", "235", "236", "237", "238", "239", "240", "241", "242", "243", "244", "245", "246",
    "247", "248", "249", "250", "251", "252", "253", "254", "255", "256", "257", "258", "260",
    "261", "262", "263", "264", "265", "266", "267", "268", "269", "290", "291", "297", "298",
    "299", "350", "351", "352", "353", "354", "355", "356", "357", "358", "359", "370", "371",
    "372", "373", "374", "375", "376", "377", "378", "379", "380", "381", "382", "383", "385",
    "386", "387", "389", "420", "421", "423", "500", "501", "502", "503", "504", "505", "506",
    "507", "508", "509", "590", "591", "592", "593", "594", "595", "596", "597", "598", "599",
    "670", "672", "673", "674", "675", "676", "677", "678", "679", "680", "681", "682", "683",
    "685", "686", "687", "688", "689", "690", "691", "692", "800", "808", "850", "852", "853",
    "855", "856", "870", "878", "880", "881", "882", "883", "886", "888", "960", "961", "962",
    "963", "964", "965", "966", "967", "968", "970", "971", "972", "973", "974", "975", "976",
    "977", "979", "992", "993", "994", "995", "996", "998",
};

// Words that make a nearby number a phone number.
constexpr std::string_view kPhoneContext[] = {
    "phon*",    "telephon*", "tel",  "tele",  "mobil*",   "mob",      "cell*",
    "fax*",     "call*",     "ring", "dial*", "sms",      "whatsapp", "messag*",
    "landline", "hotline",   "ph",   "tlf",   "telefon*", "voicemail"};
// Words that suggest a phone number but also go with other numbers ("office 12", "number 5").
constexpr std::string_view kWeakPhoneContext[] = {"number", "nr",   "contact*", "reach",
                                                  "text",   "desk", "office",   "home",
                                                  "work",   "ext",  "extension"};
// Words that make a nearby number something other than a phone number: identifiers, money,
// measures, dates, and street addresses ("17151 2450 Crown St", "Apt. 675 62314").
constexpr std::string_view kNotPhoneContext[] = {
    "isbn",     "issn",       "doi",       "version*",   "ver",       "order*",   "invoice*",
    "ref",      "reference",  "account*",  "acct",       "iban",      "id",       "serial",
    "tracking", "sku",        "patent*",   "licen*",     "passport",  "ssn",      "zip",
    "postcode", "postal",     "cep",       "plz",        "usd",       "eur",      "gbp",
    "chf",      "sek",        "nok",       "dkk",        "jpy",       "inr",      "dollar*",
    "euro*",    "pound*",     "rupee*",    "yen",        "cents",     "price*",   "cost*",
    "total",    "amount*",    "balance",   "population", "km",        "kg",       "miles",
    "meters",   "bytes",      "year*",     "apt",        "apartment", "suite",    "ste",
    "unit",     "floor",      "street",    "st",         "avenue",    "ave",      "road",
    "rd",       "drive",      "lane",      "ln",         "close",     "place",    "pl",
    "square",   "sq",         "boulevard", "blvd",       "way",       "court",    "terrace",
    "rue",      "str",        "strasse",   "via",        "box",       "address*", "iso",
    "iec",      "rfc",        "ieee",      "section",    "chapter",   "page*",    "pp",
    "figure",   "fig",        "table",     "words",      "calor*",    "kcal",     "mg",
    "ml",       "lb",         "lbs",       "ft",         "feet",      "hours",    "minutes",
    "seconds",  "days",       "weeks",     "months",     "times",     "people",   "users",
    "items",    "characters", "tokens",    "steps",      "points",    "votes",    "percent",
    "degrees",  "mph"};

enum class Tok { kPlus, kOpen, kClose, kGroup, kSep, kExt };

struct Token {
  Tok kind;
  uint32_t begin;
  uint32_t end;
  char sep = '\0';  // kSep: ' ', '.', '-', or 'm' for a mixed run like ". "
};

// Splits the pattern's match into tokens. The pattern only lets through digits, "+()", space,
// '.', '-' and an "x"/"ext" extension marker, so anything else ends the token list.
std::vector<Token> Tokenize(std::string_view text, uint32_t begin, uint32_t end) {
  std::vector<Token> tokens;
  uint32_t i = begin;
  while (i < end) {
    char c = text[i];
    if (IsDigit(c)) {
      uint32_t g = i;
      while (i < end && IsDigit(text[i])) ++i;
      tokens.push_back({Tok::kGroup, g, i});
    } else if (c == '+') {
      tokens.push_back({Tok::kPlus, i, i + 1});
      ++i;
    } else if (c == '(') {
      tokens.push_back({Tok::kOpen, i, i + 1});
      ++i;
    } else if (c == ')') {
      tokens.push_back({Tok::kClose, i, i + 1});
      ++i;
    } else if (c == ' ' || c == '.' || c == '-') {
      uint32_t s = i;
      while (i < end && (text[i] == ' ' || text[i] == '.' || text[i] == '-')) ++i;
      std::string_view run = text.substr(s, i - s);
      char sep = run.size() == 1 ? c : (run == " - " ? '-' : 'm');
      tokens.push_back({Tok::kSep, s, i, sep});
    } else if (c == 'x' || c == 'X' || c == 'e' || c == 'E') {
      uint32_t s = i;
      while (i < end && IsAsciiAlpha(text[i])) ++i;
      if (i < end && text[i] == '.') ++i;
      tokens.push_back({Tok::kExt, s, i});
    } else {
      break;
    }
  }
  return tokens;
}

struct Group {
  uint32_t begin;
  uint32_t end;
  char sep;  // separator before this group: '\0' first, ')' after a parenthesis, else as kSep
  uint32_t size() const { return end - begin; }
};

struct Shape {
  uint32_t begin = 0;  // where the number starts ('+', '(' or the first digit)
  bool plus = false;   // "+CC" or "(+CC)"
  bool trunk = false;  // "(0)" after the country code: "+44 (0)20 ..."
  int paren = -1;      // index of the parenthesised area-code group, if any
  std::vector<Group> groups;
};

std::string Digits(std::string_view text, const Shape& shape) {
  std::string d;
  for (const Group& g : shape.groups) d.append(text.substr(g.begin, g.size()));
  return d;
}

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// Years of the last millennium and this century, as they appear in lists and ranges.
bool IsYear(std::string_view s) {
  return s.size() == 4 && (s[0] == '1' || (s[0] == '2' && s[1] == '0'));
}

// An arithmetic or comparison operator next to the number, one space allowed between:
// "7716 + 6322 + 6665 - 1281", "79-69-63-71=282", "12.5 * 3". Not '/': "mail / 888 621-6988"
// separates fields more often than it divides.
bool NextToOperator(std::string_view text, uint32_t begin, uint32_t end) {
  auto is_op = [](char c) {
    return c == '=' || c == '+' || c == '*' || c == '<' || c == '>' || c == '^' || c == '%';
  };
  char before = ByteBefore(text, begin);
  if (before == ' ') before = ByteBefore(text, begin, 2);
  char after = ByteAt(text, end);
  if (after == ' ') after = ByteAt(text, uint64_t{end} + 1);
  return is_op(before) || is_op(after) || text.substr(end, 2) == "\xC2\xB0";  // 12.34°
}

// A separator and another digit group on the far side: the number is a slice of a longer
// sequence written the same way ("12345 12345 12345", "0110 0111 0010", "57 68 61 74 20"),
// not a phone number of its own.
bool SliceOfSequence(std::string_view text, uint32_t begin, uint32_t end, char first_sep,
                     char last_sep) {
  char before = ByteBefore(text, begin);
  char after = ByteAt(text, end);
  return (before == first_sep && IsDigit(ByteBefore(text, begin, 2))) ||
         (after == last_sep && IsDigit(ByteAt(text, uint64_t{end} + 1)));
}

// "2023-01-15", "15.01.2023", "01 15 2023": three groups that read as a calendar date.
bool LooksLikeDate(std::string_view text, const Shape& shape) {
  if (shape.groups.size() != 3 || shape.paren >= 0) return false;
  auto g = [&](int i) { return text.substr(shape.groups[i].begin, shape.groups[i].size()); };
  auto sizes = [&](uint32_t a, uint32_t b, uint32_t c) {
    return shape.groups[0].size() == a && shape.groups[1].size() == b &&
           shape.groups[2].size() == c;
  };
  if (sizes(4, 2, 2) && IsYear(g(0))) {
    int m = ToInt(g(1));
    int d = ToInt(g(2));
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
  }
  if (sizes(2, 2, 4) && IsYear(g(2))) {
    int a = ToInt(g(0));
    int b = ToInt(g(1));
    return a >= 1 && b >= 1 && a <= 31 && b <= 31 && (a <= 12 || b <= 12);
  }
  return false;
}

// A currency sign just before the number ("$1 234 567", "€ 12.345.678").
bool AfterCurrencySign(std::string_view text, uint32_t begin) {
  uint32_t p = begin;
  if (p > 0 && text[p - 1] == ' ') --p;
  if (p >= 1 && (text[p - 1] == '$')) return true;
  if (p >= 2 && (text.substr(p - 2, 2) == "\xC2\xA3" || text.substr(p - 2, 2) == "\xC2\xA5")) {
    return true;  // £ ¥
  }
  if (p >= 3 &&
      (text.substr(p - 3, 3) == "\xE2\x82\xAC" || text.substr(p - 3, 3) == "\xE2\x82\xB9")) {
    return true;  // € ₹
  }
  return false;
}

double Cap(double s) { return std::min(s, 0.95); }

// True if an extension marker and its digits start at `pos`: "x123", " x 123", "ext.12".
bool ExtensionFollows(std::string_view text, uint32_t pos) {
  uint64_t p = pos;
  if (ByteAt(text, p) == ' ') ++p;
  char c = ToLowerAscii(ByteAt(text, p));
  if (c == 'x') {
    ++p;
  } else if (c == 'e' && ToLowerAscii(ByteAt(text, p + 1)) == 'x' &&
             ToLowerAscii(ByteAt(text, p + 2)) == 't') {
    p += 3;
    if (ByteAt(text, p) == '.') ++p;
  } else {
    return false;
  }
  if (ByteAt(text, p) == ' ') ++p;
  return IsDigit(ByteAt(text, p));
}

// The context words around one candidate, each list read at most once.
class Context {
 public:
  Context(std::string_view text, uint32_t begin, uint32_t end)
      : text_(text), begin_(begin), end_(end) {}
  bool strong() {
    if (strong_ < 0) strong_ = HasContextWord(text_, begin_, end_, kPhoneContext, 40, 16);
    return strong_ != 0;
  }
  // Address and measure words qualify what is on their own line only.
  bool not_phone() {
    if (not_ < 0) not_ = HasContextWord(text_, begin_, end_, kNotPhoneContext, 24, 28, true);
    return not_ != 0;
  }
  // A phone word, or a weak one ("number", "office") not contradicted by a not-phone word.
  bool any() {
    if (strong()) return true;
    if (weak_ < 0) {
      weak_ = !not_phone() && HasContextWord(text_, begin_, end_, kWeakPhoneContext, 40, 16);
    }
    return weak_ != 0;
  }

 private:
  std::string_view text_;
  uint32_t begin_;
  uint32_t end_;
  int strong_ = -1;
  int not_ = -1;
  int weak_ = -1;
};

// Scores the number `shape` describes, ending at `end`, or nullopt if it is not a phone number.
std::optional<double> Evaluate(std::string_view text, const Shape& shape, uint32_t end) {
  const uint32_t b = shape.begin;
  if (shape.groups.empty()) return std::nullopt;
  // An extension ("x123", " ext. 12") may follow; it is not a glued word.
  if (GluedBefore(text, b) || (GluedAfter(text, end) && !ExtensionFollows(text, end))) {
    return std::nullopt;
  }
  if (AfterCurrencySign(text, b) || NextToOperator(text, b, end)) return std::nullopt;
  const std::string digits = Digits(text, shape);
  const size_t n = digits.size();
  const auto& groups = shape.groups;
  // Context words are looked up only once the format checks pass: most candidates in a long
  // digit run fail those first, and the word lists are the expensive part.
  Context ctx(text, b, end);

  // International: "+CC ..." or "00CC ...".
  // "00" is the international call prefix in most of the world: "0049 30 1234567", "001-...".
  // Written in groups, with the country code in the first one.
  bool intl00 = !shape.plus && shape.paren != 0 && groups.size() >= 2 && groups[0].size() >= 3 &&
                groups[0].size() <= 5 && digits[0] == '0' && digits[1] == '0';
  if (shape.plus || intl00) {
    std::string_view e164 = std::string_view(digits).substr(intl00 ? 2 : 0);
    if (e164.size() < 8 || e164.size() > 15) return std::nullopt;
    int cc = CountryCodeLength(e164);
    if (cc == 0) return std::nullopt;
    if (static_cast<int>(groups[0].size()) - (intl00 ? 2 : 0) < cc) return std::nullopt;
    for (size_t k = 2; k < groups.size(); ++k) {
      if (groups[k].size() < 2) return std::nullopt;  // "+44 7 7 0 0": not a printed number
    }
    double score = intl00 ? 0.7 : 0.85;
    if (cc == 1 && e164[0] == '1') {  // NANP: country code 1, then ten digits
      if (e164.size() != 11) return std::nullopt;
      if (!NanpValid(e164.substr(1, 3), e164.substr(4, 3))) score -= 0.25;
    }
    if (ctx.not_phone() && !ctx.strong()) score -= 0.2;
    return Cap(ctx.any() ? score + 0.1 : score);
  }

  // Bare digits: only NANP-valid ten-digit numbers, or any plausible length next to a phone word.
  if (groups.size() == 1 && shape.paren < 0) {
    if (n < 7 || n > 12) return std::nullopt;
    if (ctx.not_phone() && !ctx.strong()) return std::nullopt;
    std::string_view d = digits;
    if (n == 11 && d[0] == '1') d = d.substr(1);
    if (d.size() == 10) {
      if (ctx.any()) return 0.8;
      if (NanpValid(d.substr(0, 3), d.substr(3, 3))) return 0.4;
      return std::nullopt;
    }
    if (n >= 7 && n <= 12 && ctx.any()) return 0.55;
    return std::nullopt;
  }

  // National formats.
  if (n < 7 || n > 12) return std::nullopt;
  const bool nanp_trunk = groups[0].size() == 1 && digits[0] == '1' && shape.paren < 0;
  for (size_t k = 0; k < groups.size(); ++k) {
    uint32_t size = groups[k].size();
    if (k == 0 && nanp_trunk) continue;
    if (k == 0 ? (size < 2 || size > 5) : (size < 2 || size > 8)) return std::nullopt;
  }
  // One separator throughout, except after the area code, which may be set apart by its own
  // separator or parentheses: "089-2180 2000", "555 123-4567", "(37) 788-063".
  char sep = '\0';
  for (size_t k = 1; k < groups.size(); ++k) {
    char s = groups[k].sep;
    if (s == 'm') return std::nullopt;
    if (s == ')' || k == 1) continue;
    if (sep == '\0')
      sep = s;
    else if (s != sep)
      return std::nullopt;
  }
  if (sep == '\0' && groups.size() > 1 && groups[1].sep != ')') sep = groups[1].sep;
  std::vector<uint32_t> sizes;
  for (const Group& g : groups) sizes.push_back(g.size());
  const size_t first = nanp_trunk ? 1 : 0;
  const bool nanp_shape = groups.size() - first == 3 && sizes[first] == 3 &&
                          sizes[first + 1] == 3 && sizes[first + 2] == 4;
  if (nanp_trunk && !nanp_shape) return std::nullopt;
  if (shape.paren < 0 && SliceOfSequence(text, b, end, groups[1].sep, groups.back().sep)) {
    return std::nullopt;
  }
  // " - " is how sums and ranges are written ("6665 - 1281"), rarely phone numbers.
  for (size_t k = 1; k < groups.size(); ++k) {
    if (groups[k].sep == '-' && text[groups[k].begin - 1] == ' ' && !ctx.strong()) {
      return std::nullopt;
    }
  }
  const bool dotted = groups[1].sep == '.' || sep == '.';
  if (dotted) {
    // Dotted numbers are IPv4 addresses ("10.20.30.40"), versions and decimals ("68.1165639")
    // far more often; phone numbers written with dots have three groups or more.
    bool ip_like = groups.size() == 4 &&
                   std::all_of(sizes.begin(), sizes.end(), [](uint32_t s) { return s <= 3; });
    if (ip_like || n < 8 || groups.size() < 3) return std::nullopt;
  }
  if (LooksLikeDate(text, shape)) return std::nullopt;
  // Lists and ranges of years: "1720 1728 1749", "1251-1265", "1928-29-30-31".
  bool all_years = true;
  bool year_then_pairs = IsYear(text.substr(groups[0].begin, groups[0].size()));
  for (size_t k = 0; k < groups.size(); ++k) {
    std::string_view g = text.substr(groups[k].begin, groups[k].size());
    all_years = all_years && IsYear(g);
    if (k > 0) year_then_pairs = year_then_pairs && g.size() == 2 && groups[k].sep == '-';
  }
  if (all_years || year_then_pairs) return std::nullopt;
  // "123-45-6789" belongs to pii.us_ssn unless the text says phone.
  if (shape.paren < 0 && sep == '-' && groups.size() == 3 && sizes[0] == 3 && sizes[1] == 2 &&
      sizes[2] == 4 && !ctx.any()) {
    return std::nullopt;
  }
  if (ctx.not_phone() && !ctx.strong()) return std::nullopt;

  double score;
  if (nanp_shape) {
    std::string_view area = std::string_view(digits).substr(nanp_trunk ? 1 : 0, 3);
    std::string_view exchange = std::string_view(digits).substr(nanp_trunk ? 4 : 3, 3);
    score = NanpValid(area, exchange) ? 0.75 : 0.5;
  } else if (shape.paren >= 0) {
    score = 0.65;
  } else if (digits[0] == '0') {
    score = 0.55;  // national trunk prefix, as most countries outside the NANP dial
  } else {
    // "78 651 450" is a phone number in some countries and 78,651,450 in others.
    bool thousands = sizes[0] <= 3 &&
                     std::all_of(sizes.begin() + 1, sizes.end(), [](uint32_t s) { return s == 3; });
    score = thousands ? 0.25 : 0.4;
  }
  if (n == 7) score = std::min(score, 0.35);  // local numbers without area code
  return Cap(ctx.any() ? score + 0.3 : score);
}

// E.164 allows 15 digits; "00" before the country code makes 17.
constexpr uint32_t kMaxPhoneDigits = 17;

struct Parsed {
  uint32_t end = 0;       // text offset where the number ends
  size_t next_token = 0;  // first token after it
  double score = 0;
};

// Parses the longest phone number starting at token `s`.
std::optional<Parsed> ParseAt(std::string_view text, const std::vector<Token>& t, size_t s) {
  const size_t n = t.size();
  auto is = [&](size_t i, Tok kind) { return i < n && t[i].kind == kind; };
  Shape shape;
  shape.begin = t[s].begin;
  size_t i = s;
  char pending = '\0';
  if (is(i, Tok::kPlus)) {
    shape.plus = true;
    ++i;
    if (!is(i, Tok::kGroup)) return std::nullopt;
  } else if (is(i, Tok::kOpen) && is(i + 1, Tok::kPlus) && is(i + 2, Tok::kGroup) &&
             is(i + 3, Tok::kClose)) {
    shape.plus = true;  // "(+44) 20 7946 0958"
    shape.groups.push_back({t[i + 2].begin, t[i + 2].end, '\0'});
    i += 4;
    pending = ')';
  }
  std::optional<Parsed> best;
  uint32_t digit_count = 0;
  for (const Group& g : shape.groups) digit_count += g.size();
  while (i < n) {
    size_t save = i;
    if (is(i, Tok::kSep)) {
      if (shape.groups.empty()) break;
      if (pending != ')') pending = t[i].sep;
      ++i;
    }
    if (is(i, Tok::kOpen) && is(i + 1, Tok::kGroup) && is(i + 2, Tok::kClose)) {
      const Token& g = t[i + 1];
      uint32_t size = g.end - g.begin;
      bool after_cc = shape.plus && shape.groups.size() == 1;
      if (after_cc && !shape.trunk && shape.paren < 0 && size == 1 && text[g.begin] == '0') {
        shape.trunk = true;
      } else if (shape.paren < 0 && (shape.groups.empty() || after_cc) && size >= 1 && size <= 5) {
        shape.paren = static_cast<int>(shape.groups.size());
        shape.groups.push_back({g.begin, g.end, pending});
      } else {
        i = save;
        break;
      }
      i += 3;
      pending = ')';
      continue;
    }
    if (!is(i, Tok::kGroup)) {
      i = save;
      break;
    }
    shape.groups.push_back({t[i].begin, t[i].end, shape.groups.empty() ? '\0' : pending});
    pending = '\0';
    ++i;
    digit_count += t[i - 1].end - t[i - 1].begin;
    if (digit_count > kMaxPhoneDigits) break;  // no longer number can be valid
    if (std::optional<double> score = Evaluate(text, shape, t[i - 1].end)) {
      Parsed p{t[i - 1].end, i, *score};
      // An extension belongs to the number: "345-899-3560x4587", "+1 555 123 4567 ext. 12".
      size_t j = i;
      if (is(j, Tok::kSep) && t[j].sep == ' ') ++j;
      if (is(j, Tok::kExt)) {
        size_t digits_at = is(j + 1, Tok::kSep) && t[j + 1].sep == ' ' ? j + 2 : j + 1;
        std::string marker;
        for (uint32_t k = t[j].begin; k < t[j].end; ++k) marker += ToLowerAscii(text[k]);
        if (is(digits_at, Tok::kGroup) && (marker == "x" || marker == "ext" || marker == "ext.")) {
          p.end = t[digits_at].end;
          p.next_token = digits_at + 1;
        }
      }
      best = p;
    }
  }
  return best;
}

}  // namespace

int CountryCodeLength(std::string_view digits) {
  for (size_t len = 1; len <= 3 && len <= digits.size(); ++len) {
    std::string_view prefix = digits.substr(0, len);
    for (std::string_view cc : kCountryCodes) {
      if (cc == prefix) return static_cast<int>(len);
    }
  }
  return 0;
}

bool NanpValid(std::string_view area, std::string_view exchange) {
  if (area.size() != 3 || exchange.size() != 3) return false;
  auto ok = [](std::string_view code) {
    return code[0] >= '2' && code[0] <= '9' && !(code[1] == '1' && code[2] == '1');
  };
  return ok(area) && ok(exchange);
}

void ValidatePhone(std::string_view text, uint32_t begin, uint32_t end,
                   std::vector<Candidate>& out) {
  std::vector<Token> tokens = Tokenize(text, begin, end);
  // Left to right, the longest number at each start; a run can hold several numbers
  // ("555-123-4567 555-987-6543") or a number after an unrelated one ("room 12 555-123-4567").
  size_t s = 0;
  while (s < tokens.size()) {
    Tok kind = tokens[s].kind;
    // A group right after '+' was tried with it; one after '(' may be a number in prose
    // parentheses, "(555-123-4567)", so it gets its own try.
    bool can_start = kind == Tok::kPlus || kind == Tok::kOpen ||
                     (kind == Tok::kGroup && !(s > 0 && tokens[s - 1].kind == Tok::kPlus));
    if (can_start) {
      if (std::optional<Parsed> p = ParseAt(text, tokens, s)) {
        out.push_back({PiiEntity::kPhone, tokens[s].begin, p->end, p->score});
        s = p->next_token;
        continue;
      }
      // "+28 123 456 789": what follows a '+' that is not a phone number is not a national
      // number either.
      if (kind == Tok::kPlus) break;
    }
    ++s;
  }
}

}  // namespace frontseat::detectors::pii
