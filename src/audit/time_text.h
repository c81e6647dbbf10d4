// Times as people type them on the command line and as the audit store prints them.
//
// Accepted by ParseTimeUs (the `--since` / `--until` flags of `frontseat audit query`):
//   - RFC 3339: 2026-11-22T10:00:00Z, 2026-11-22T10:00:00.25+01:00, lower-case t/z or a space
//     instead of T; fractions up to 9 digits (truncated to microseconds); a UTC offset up to
//     ±23:59. Leap seconds (:60) are refused rather than guessed at.
//   - a date alone, 2026-11-22, meaning midnight UTC;
//   - Unix seconds: 1795341600 or 1795341600.5 (digits only, no sign).
// The result is microseconds since 1970-01-01T00:00:00Z, within 1970 .. 9999-12-31T23:59:59.999999Z
// (the range the store accepts). Anything else is kInvalidArgument saying what was expected.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "frontseat/status.h"

namespace frontseat::audit {

Result<int64_t> ParseTimeUs(std::string_view text);

// 2026-11-22T10:00:00.000000Z (always UTC, always six fraction digits, so output sorts as text).
// `time_us` must be in the range ParseTimeUs returns.
std::string FormatTimeUs(int64_t time_us);

}  // namespace frontseat::audit
