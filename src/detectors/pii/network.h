// Validators for network identifiers: IPv4, IPv6 and MAC addresses (see validators.h for the
// common scoring scale and candidate.h for the validator contract).
#pragma once

#include <string_view>

#include "detectors/pii/candidate.h"

namespace frontseat::detectors::pii {

// Finds dotted quads in a numeric run (the pattern shared with phone numbers, see pii.cc).
void FindIpv4s(std::string_view text, uint32_t begin, uint32_t end, std::vector<Candidate>& out);
void ValidateIpv6(std::string_view text, uint32_t begin, uint32_t end, std::vector<Candidate>& out);
void ValidateMac(std::string_view text, uint32_t begin, uint32_t end, std::vector<Candidate>& out);

// RFC 4291 text forms: 8 groups, or fewer with one "::", optionally ending in dotted IPv4.
// Exposed for tests.
bool Ipv6Valid(std::string_view s);

}  // namespace frontseat::detectors::pii
