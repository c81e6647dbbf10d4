// Attack suites: the seed goals a red-team run starts from. The built-in suite is written by the
// project (none copied from public sets), at least 20 seeds per attack category. Files users
// already have load too: CSV with a `goal`, `behavior` or `prompt` column (AdvBench, HarmBench,
// JailbreakBench ship this way; an optional `category` column), and JSONL with the same keys.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "frontseat/status.h"
#include "redteam/types.h"

namespace frontseat::redteam {

// The built-in suite, in a fixed order, ids "builtin/<category>/<NNN>".
const std::vector<Seed>& BuiltinSuite();

// Loads one suite file (.csv, or .jsonl/.json-lines). Rows without a goal, bad CSV quoting and
// invalid JSON are errors naming FILE:LINE; every problem is reported together. Seeds get ids
// "FILE:LINE". A row's category (ours, or a public set's harm category mapped to S1..S14 where
// it fits) sets category and hazard; without one the seed is `harmful`.
Result<std::vector<Seed>> LoadSuiteFile(const std::string& path);

// `spec` is "builtin" or a path. Several specs concatenate; duplicate ids are an error.
Result<std::vector<Seed>> LoadSuites(const std::vector<std::string>& specs);

// A stable hash of the seeds for the report's "corpus version": SHA-256 (lowercase hex) over each
// seed's id, category, hazard, goal and success marker, in order, each length-prefixed.
std::string SuiteFingerprint(const std::vector<Seed>& seeds);

// --- the pieces behind LoadSuiteFile, for tests and fuzzing ----------------------------------

enum class SuiteFormat { kCsv, kJsonl };

// Parses suite text as LoadSuiteFile does after reading `path` (used only in ids and messages).
//   CSV: RFC 4180 with a header row. The goal is the first column named (case-insensitively)
//     goal, behavior or prompt; optional columns category (ours or a public set's name),
//     SemanticCategory (HarmBench: always a public name), hazard (S1..S14), marker, and
//     ContextString (HarmBench contextual behaviors: put before the goal).
//   JSONL: one object per line with the same keys (string values).
// Injection rows (direct_injection, indirect_injection) use their marker, or get a deterministic
// "ZX-PWN-XXXX" one (unique within the file) when the goal holds "{marker}"; with neither, the
// row is an error. Errors: "PATH:LINE: message" lines, the first 50 of them, all in one Status.
Result<std::vector<Seed>> ParseSuite(std::string_view text, const std::string& path,
                                     SuiteFormat format);

// The Llama Guard 3 hazard ("S1".."S14") for a public set's harm category name, matched
// ignoring case, spaces and punctuation ("Harassment/Discrimination" → "S10"); "" when no hazard
// clearly fits. Covers JailbreakBench's categories, HarmBench's semantic categories, the hazard
// names themselves and "S1".."S14"; the judgement calls are documented in suite.cc.
std::string MapHazard(std::string_view public_category);

}  // namespace frontseat::redteam
