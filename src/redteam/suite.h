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

// A stable hash of the seeds (ids, categories and goals) for the report's "corpus version".
std::string SuiteFingerprint(const std::vector<Seed>& seeds);

}  // namespace frontseat::redteam
