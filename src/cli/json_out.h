// JSON rendering of scan results: one object per document (see `frontseat scan`), shared by the
// scan command now and by the gateway's /v1/guard later.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "frontseat/guard.h"

namespace frontseat::cli {

// {"source":..., "line":..., "action":..., "findings":[...], "redacted":... | null}
// `line` is omitted (null) for whole-file documents (line 0).
std::string DecisionToJson(std::string_view source, uint64_t line, const Decision& decision);

}  // namespace frontseat::cli
