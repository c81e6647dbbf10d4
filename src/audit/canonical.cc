// Canonical event bytes and SHA-256 chaining (see canonical.h for the format). Length-prefixed
// fields rather than JSON: a JSON form would need a canonical JSON spec (key order, number and
// escape forms) that every verifier must reimplement exactly; fixed-order length-prefixed bytes
// are unambiguous and trivial to reproduce in any language.
#include "audit/canonical.h"

#include <openssl/sha.h>

namespace frontseat::audit {

namespace {

void PutU64(uint64_t v, std::string& out) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}
void PutI64(int64_t v, std::string& out) { PutU64(static_cast<uint64_t>(v), out); }
void PutStr(std::string_view s, std::string& out) {
  PutU64(s.size(), out);
  out.append(s);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

void AppendCanonical(uint64_t seq, const Event& e, std::string& out) {
  out.reserve(out.size() + kCanonicalMagic.size() + 8 * 17 + e.request_id.size() +
              e.tenant.size() + e.route.size() + e.model.size() + e.action.size() +
              e.categories_json.size() + e.findings_json.size() + e.redacted_input.size() +
              e.redacted_output.size());
  out.append(kCanonicalMagic);
  PutU64(seq, out);
  PutI64(e.time_us, out);
  PutStr(e.request_id, out);
  PutStr(e.tenant, out);
  PutStr(e.route, out);
  PutStr(e.model, out);
  PutStr(e.action, out);
  PutI64(e.http_status, out);
  PutStr(e.categories_json, out);
  PutStr(e.findings_json, out);
  PutStr(e.redacted_input, out);
  PutStr(e.redacted_output, out);
  PutI64(e.guard_us, out);
  PutI64(e.upstream_us, out);
  PutI64(e.total_us, out);
  PutI64(e.prompt_tokens, out);
  PutI64(e.completion_tokens, out);
}

std::string CanonicalBytes(uint64_t seq, const Event& event) {
  std::string out;
  AppendCanonical(seq, event, out);
  return out;
}

Hash ChainHash(const Hash& prev, std::string_view canonical) {
  std::string buf;
  buf.reserve(prev.size() + canonical.size());
  buf.append(reinterpret_cast<const char*>(prev.data()), prev.size());
  buf.append(canonical);
  return Sha256(buf);
}

Hash Sha256(std::string_view bytes) {
  // The one-shot SHA256() is not deprecated in OpenSSL 3 (SHA256_Init and friends are), and it
  // needs no EVP context allocation per call.
  Hash out{};
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), out.data());
  return out;
}

std::string HexHash(const Hash& hash) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(64, '0');
  for (size_t i = 0; i < hash.size(); ++i) {
    out[2 * i] = kDigits[hash[i] >> 4];
    out[2 * i + 1] = kDigits[hash[i] & 0xf];
  }
  return out;
}

std::optional<Hash> ParseHexHash(std::string_view hex) {
  if (hex.size() != 64) return std::nullopt;
  Hash out{};
  for (size_t i = 0; i < out.size(); ++i) {
    int hi = HexValue(hex[2 * i]), lo = HexValue(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return out;
}

}  // namespace frontseat::audit
