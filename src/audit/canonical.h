// The canonical bytes of an event and the hash chain over them. This is the one definition of
// what the chain protects; the SQLite store writes with it and Verify checks with it, and any
// other tool can check a store with nothing but SHA-256 (README.md has a 20-line Python version).
//
// Canonical form, version 1 (every field of Event, in this order, nothing else):
//
//   canonical = "frontseat.audit.v1\n"          19 ASCII bytes, a domain separator
//             || u64(seq)
//             || i64(time_us)
//             || str(request_id) || str(tenant) || str(route) || str(model) || str(action)
//             || i64(http_status)
//             || str(categories_json) || str(findings_json)
//             || str(redacted_input) || str(redacted_output)
//             || i64(guard_us) || i64(upstream_us) || i64(total_us)
//             || i64(prompt_tokens) || i64(completion_tokens)
//
//   u64(x), i64(x)  8 bytes, big-endian (i64: two's complement)
//   str(s)          u64(number of bytes in s) || the bytes of s, exactly as stored (no
//                   normalization, no terminator; the store keeps "" JSON fields as "{}"/"[]")
//
//   hash(seq)       = SHA-256(prev_hash(seq) || canonical(seq)), prev_hash as its 32 raw bytes
//   prev_hash(1)    = 32 zero bytes; prev_hash(n) = hash(n-1)
//
// Sequence numbers start at 1 and rise by exactly 1. In the database both hashes are stored as
// 64 lowercase hex digits.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "audit/audit_store.h"

namespace frontseat::audit {

using Hash = std::array<uint8_t, 32>;

inline constexpr std::string_view kCanonicalMagic = "frontseat.audit.v1\n";

// Appends canonical(seq, event) to `out` (which is not cleared, so a caller can prefix it).
void AppendCanonical(uint64_t seq, const Event& event, std::string& out);
std::string CanonicalBytes(uint64_t seq, const Event& event);

// The inverse of AppendCanonical: the seq and event that `bytes` encode, or kInvalidArgument
// naming what is wrong (the magic, a field that runs past the end, an http_status outside int,
// bytes after the last field). CanonicalBytes(seq, event) == bytes for whatever it returns.
Result<std::pair<uint64_t, Event>> ParseCanonical(std::string_view bytes);

// SHA-256(prev || canonical).
Hash ChainHash(const Hash& prev, std::string_view canonical);
// SHA-256(bytes): the writer builds prev || canonical in one buffer and hashes it with this.
Hash Sha256(std::string_view bytes);

// 64 lowercase hex digits; ParseHex accepts exactly that (upper case too) and nothing else.
std::string HexHash(const Hash& hash);
std::optional<Hash> ParseHexHash(std::string_view hex);

}  // namespace frontseat::audit
