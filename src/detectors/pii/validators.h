// Validators for the pii entities with a fixed structure: email addresses, payment cards, IBANs
// and US social security numbers. Each turns a pattern match (from the engine's shared pass,
// patterns in pii.cc) into zero or more scored candidates, or rejects it. Phone numbers
// (phone.h), network addresses (network.h) and wallet addresses (crypto_wallet.h) have their
// own files.
//
// Scores follow one scale across entities: ~0.9+ a checksum or a format nothing else has;
// ~0.7 a strong format without a checksum; ~0.5 plausible but often something else; context
// words near the match ("card", "ssn", "ip") add to the score, and a few weak formats are only
// reported with context.
#pragma once

#include <optional>
#include <string_view>

#include "detectors/pii/candidate.h"

namespace frontseat::detectors::pii {

void ValidateEmail(std::string_view text, uint32_t begin, uint32_t end,
                   std::vector<Candidate>& out);
void ValidateIban(std::string_view text, uint32_t begin, uint32_t end, std::vector<Candidate>& out);

// These take a numeric run (digit groups with spaces, dots, dashes, parentheses: the one pattern
// pii.cc shares between them, IPv4 addresses and phone numbers) and find their entities in it.
void FindCreditCards(std::string_view text, uint32_t begin, uint32_t end,
                     std::vector<Candidate>& out);
void FindSsns(std::string_view text, uint32_t begin, uint32_t end, std::vector<Candidate>& out);

// Pure checks, exposed for tests.
// The card brand whose issuer prefix (IIN) and length fit `digits` (digits only), or nullopt.
std::optional<std::string_view> CardBrand(std::string_view digits);
// Area not 000, 666 or 900-999; group not 00; serial not 0000 (SSA rules since 2011).
bool SsnRangesValid(std::string_view area, std::string_view group, std::string_view serial);

}  // namespace frontseat::detectors::pii
