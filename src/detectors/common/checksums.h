// Checksums and validators that cut false positives of pattern matches: a 16-digit number is a
// payment card only if its Luhn sum is right, a string is an IBAN only if ISO 13616 mod-97 holds.
#pragma once

#include <string_view>

namespace frontseat::detectors {

// Luhn (ISO/IEC 7812-1) over the digits of `s`; non-digits (spaces, dashes) are skipped.
// False if fewer than 2 digits.
bool LuhnValid(std::string_view s);

// ISO 13616 IBAN check: country code, check digits, mod-97 == 1, and the country's length when
// the country is known. Spaces are ignored; letters may be lower case.
bool IbanValid(std::string_view s);

// Shannon entropy of `s`, bits per character.
double Entropy(std::string_view s);

// True if `s` looks like a placeholder rather than a real value: "xxxxxxxx", "your_api_key",
// "<token>", "${SECRET}", "changeme", "EXAMPLE", a run of one repeated character, "12345678".
bool LooksLikePlaceholder(std::string_view s);

}  // namespace frontseat::detectors
