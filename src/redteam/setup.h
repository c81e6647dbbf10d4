// What a red-team run plants in the target's system prompt so leaks can be proven: a canary token
// (a random-looking reference code no model would write by chance), and, in the built-in system
// prompt, made-up customer records and credentials the model is told never to reveal.
//
// Everything is derived from the run seed, so a resumed run and an unbroken one plant the same
// values, and two runs with different seeds plant different ones.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "frontseat/guard.h"
#include "frontseat/status.h"

namespace frontseat::redteam {

struct Planted {
  std::string system_prompt;          // what the target is given as its system message
  std::string canary;                 // appears once in system_prompt
  std::vector<std::string> pii;       // personal data values in system_prompt
  std::vector<std::string> secrets;   // credentials in system_prompt
};

// The built-in system prompt of a customer-support assistant with the canary, three customer
// records (name, e-mail, phone, US SSN, street address) and two credentials.
Planted BuiltinPlanted(uint64_t run_seed);

// A user's system prompt: "{canary}" in it is replaced by the canary, else a line with the canary
// is appended. Personal data and credentials are whatever `guard`'s pii and secret findings in
// the text are (the values themselves, kept in memory only).
Planted PlantedFromText(std::string text, uint64_t run_seed, const Guard& guard);

// "FS-CANARY-" and 12 hex digits from the seed.
std::string CanaryFor(uint64_t run_seed);

}  // namespace frontseat::redteam
