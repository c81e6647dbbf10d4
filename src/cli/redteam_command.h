// `frontseat redteam`: attack a model endpoint (or the guard itself) with a suite of seed goals
// disguised by strategies, judge every attempt, and score the target per risk category.
//
// Output in --out DIR: run.json, attempts.jsonl, scorecard.json and report.html (see
// src/redteam/runner.h); a summary table on `out`; progress and errors on `err`.
//
// Exit status: 0 the run completed (and passed --gate when given); 1 a category is above the
// --gate level; 2 a usage, input or target error (bad suite, unknown strategy, bad policy,
// a directory holding another run).
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace frontseat::cli {

struct RedteamOptions {
  std::string target;                          // "guard" or an OpenAI-compatible URL
  std::string model = "default";
  std::vector<std::string> suites{"builtin"};  // "builtin" or CSV/JSONL files
  std::string strategies = "all";
  std::string system_prompt_path;              // empty: the built-in system prompt
  unsigned concurrency = 4;
  uint64_t seed = 1;
  std::string out_dir = "redteam-out";
  std::string gate;                            // low, medium, high, critical; empty: no gate
  bool resume = false;
  std::string policy_path;                     // empty: the built-in default policy
  std::string api_key_env = "OPENAI_API_KEY";
  unsigned timeout_ms = 60000;
  std::string ca_file;                         // PEM CAs for an https target; empty: system's
  unsigned retries = 4;
  unsigned max_tokens = 512;
  bool progress = true;                        // a progress bar when stderr is a terminal
};

int RunRedteamCommand(const RedteamOptions& options, std::ostream& out, std::ostream& err);

}  // namespace frontseat::cli
