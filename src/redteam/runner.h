// The red-team runner: plans every (seed, strategy) attempt, runs them against the target with
// bounded concurrency and retries, judges each, and keeps a journal so a killed run resumes.
//
//   RunPlan plan = ...;                      // seeds, strategies, target, seed, out dir
//   auto result = RunRedteam(plan, err);     // writes DIR/attempts.jsonl as attempts finish
//
// Plan order is seed-major, strategy-minor; attempt i is always the same attack (the attack comes
// from Rng::For(run seed, seed id, strategy)), so a resumed run, which skips the indices already
// in the journal, ends with the same attempts as an unbroken one.
//
// Files in the output directory:
//   run.json          what the run is (target, model, seed, suite, strategies, policy hash, number
//                     of attempts); --resume refuses a directory whose run.json differs
//   attempts.jsonl    one attempt per line. During the run lines are appended as attempts finish
//                     (in completion order; a line cut by a kill is dropped on resume); at the
//                     end the file is rewritten in plan order.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "frontseat/guard.h"
#include "frontseat/status.h"
#include "redteam/result.h"
#include "redteam/setup.h"
#include "redteam/strategy.h"
#include "redteam/target.h"
#include "redteam/types.h"

namespace frontseat::redteam {

struct RunPlan {
  std::vector<Seed> seeds;
  std::vector<const Strategy*> strategies;
  uint64_t seed = 0;
  std::string out_dir;
  bool resume = false;
  unsigned concurrency = 4;
  uint32_t max_retries = 4;
  std::chrono::milliseconds backoff_base{250};  // doubled per retry, capped at 8 s
  bool progress = false;                        // a progress bar with ETA on stderr
  // Exactly one of these: a chat endpoint, or the guard in process.
  const ChatTarget* chat = nullptr;
  const Guard* guard_target = nullptr;
  const Guard* answer_guard = nullptr;  // runs on answers (chat targets); may be null
  // Finds credentials to mask in prompts and answers before they are written (a policy with only
  // the secret detector: cheap enough to run on every message); may be null.
  const Guard* redact_guard = nullptr;
  bool answer_guard_has_llm_judge = false;
  Planted planted;                      // chat targets: system prompt, canary, planted values
  RunInfo info;                         // copied into the scorecard; also identifies the run
  std::array<RiskThresholds, kAttackCategoryCount> thresholds{};
};

struct RunResult {
  std::vector<Attempt> attempts;  // in plan order
  Scorecard scorecard;
  uint64_t resumed = 0;           // attempts taken from the journal
};

// Fills "{marker}" in an injection seed's goal with its success marker.
Seed WithMarker(const Seed& seed);

// Builds the attack for one plan entry (what the runner sends).
Attack MakeAttack(const Seed& seed, const Strategy& strategy, uint64_t run_seed);

Result<RunResult> RunRedteam(const RunPlan& plan, std::ostream& err);

// A guard that runs only the secret detector, for RunPlan::redact_guard.
Result<std::unique_ptr<Guard>> MakeRedactGuard();

// Thresholds per attack category from a policy's `redteam.risk` (its "default", then the
// category's own entry), else the built-in RiskThresholds.
std::array<RiskThresholds, kAttackCategoryCount> ThresholdsFromPolicy(const Guard& guard);

}  // namespace frontseat::redteam
