// The injection_heuristic detector ("injection.heuristic"): phrasing of direct prompt injection
// and jailbreaks (instruction override, persona switches, system-prompt extraction, fake role
// delimiters, payload splitting, refusal suppression) and markers of instructions planted in
// documents for an AI to find. See README.md beside this file for what it finds, how it scores
// and its blind spots.
//
// It declares its rules (rules.h) as patterns for the engine's shared pass and, per scanned view,
// combines the families that matched into one score in [0, 1]. When that score reaches
// `min_score`, every matched span becomes a finding (category prompt_injection, subcategory = the
// family) carrying the combined score, so a policy threshold acts on all the evidence at once.
//
// Cost: the patterns run inside the engine's single vectorscan pass; Scan itself is linear in
// the number of matches. Thread-safe: Scan is const and keeps no state.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "detectors/injection_heuristic/config.h"
#include "frontseat/detector.h"

namespace frontseat::detectors {

std::unique_ptr<Detector> MakeInjectionHeuristicDetector(InjectionHeuristicConfig config);

// Expands a rule written in the dialect of rules.h (spaces are word gaps, apostrophes also match
// U+2019, {NAME} placeholders) into a plain regex for PatternSpec. Exposed for tests.
std::string ExpandInjectionPattern(std::string_view rule_regex);

}  // namespace frontseat::detectors
