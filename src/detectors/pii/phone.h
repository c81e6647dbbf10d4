// Phone number validation: the hardest pii entity, because a phone number has no checksum and
// looks like every other number. The pattern in pii.cc only finds runs of digit groups (with
// '+', parentheses, spaces, dots, dashes and an "x123" extension); this file parses a run into
// phone numbers and decides, by format, which ones are phones:
//
//   international  "+46 (0)8 928 571 38", "+1-984-182-0190", "+447700 921 916", "001-518-..."
//                  country code checked against the E.164 list, 8-15 digits in all
//   NANP           "(555) 123-4567", "555-123-4567", "555.123.4567", "1-800-555-0199"
//   national       "0494 92 82 32", "01.84.17.61.18", "(08) 8747 6301", "0393 1144137",
//                  "467 3395" (7-12 digits, consistent separators)
//   bare digits    "5403926876": ten digits only when NANP-valid or next to a phone word,
//                  other lengths only next to a phone word
//
// and rejects dates ("2023-01-15", "15.01.2023"), years, IPv4-like and version-like dotted
// numbers, money ("$1 234 567", "1 234 567 euros"), SSN-shaped and ISBN-like numbers, and digit
// runs glued to a bigger number. The score says how strong the format is; a phone word nearby
// ("phone", "call", "tel", "mobile", "fax") raises it. Weak national formats that are also
// thousands-grouped numbers ("78 651 450") are reported with a low score (0.25 without context):
// the policy's threshold decides.
#pragma once

#include <string_view>

#include "detectors/pii/candidate.h"

namespace frontseat::detectors::pii {

void ValidatePhone(std::string_view text, uint32_t begin, uint32_t end,
                   std::vector<Candidate>& out);

// Length (1-3) of the E.164 country code `digits` starts with, 0 if none. Country codes form a
// prefix code, so at most one length fits.
int CountryCodeLength(std::string_view digits);

// NANP (North American Numbering Plan) rules for "NPA-NXX-XXXX": area code and exchange start
// with 2-9 and are not N11 service codes.
bool NanpValid(std::string_view area, std::string_view exchange);

}  // namespace frontseat::detectors::pii
