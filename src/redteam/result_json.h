// JSON forms of red-team results: one attempt per line of attempts.jsonl (read back by --resume),
// and scorecard.json.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "frontseat/status.h"
#include "redteam/result.h"

namespace frontseat::redteam {

std::string AttemptToJson(const Attempt& attempt);  // one line, no trailing newline
Result<Attempt> AttemptFromJson(std::string_view line);

// `gate` is the --gate level when one was given; the JSON then says whether the run passed it.
std::string ScorecardToJson(const Scorecard& card, std::optional<RiskLevel> gate);

// True when no category's level is above `gate`.
bool PassesGate(const Scorecard& card, RiskLevel gate);

}  // namespace frontseat::redteam
