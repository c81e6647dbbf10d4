// The pii detector: personal data in text (email addresses, phone numbers, payment cards, IBANs,
// US social security numbers, IPv4/IPv6 and MAC addresses, cryptocurrency wallet addresses).
// See README.md beside this file for formats, examples, blind spots and cost.
//
// It declares one or two patterns per entity for the engine's shared vectorscan pass; the
// patterns are deliberately loose (a run of digit groups, a word with '@') and every match is
// validated here: checksums (Luhn, ISO 13616 mod-97, base58check, bech32, EIP-55), value ranges
// (SSN areas, IPv4 octets, E.164 country codes, NANP codes) and the text around the match
// (context words, neighbouring digits). Where entities overlap, the more specific one wins
// (a Luhn-valid card over the phone number its digits also resemble).
//
// Findings: detector "pii.<entity>" (e.g. "pii.credit_card"), category kPii, subcategory the
// entity name ("credit_card"), a score in [0, 1] from the format's strength, checksum and
// context, the span of the entity, and a masked preview.
//
// Thread-safety: Scan is const and keeps no state between calls.
#pragma once

#include <memory>

#include "detectors/pii/config.h"
#include "frontseat/detector.h"

namespace frontseat::detectors {

std::unique_ptr<Detector> MakePiiDetector(PiiConfig config);

}  // namespace frontseat::detectors
