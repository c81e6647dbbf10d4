// Canonical event bytes and SHA-256 chaining (see canonical.h for the format). Length-prefixed
// fields rather than JSON: a JSON form would need a canonical JSON spec (key order, number and
// escape forms) that every verifier must reimplement exactly; fixed-order length-prefixed bytes
// are unambiguous and trivial to reproduce in any language.
#include "audit/canonical.h"

#include <openssl/sha.h>

#include <cstdint>

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

namespace {

// Reads canonical fields front to back; the first failure sticks and names its field.
class CanonicalReader {
 public:
  explicit CanonicalReader(std::string_view bytes) : rest_(bytes) {}

  void U64(const char* field, uint64_t& out) {
    if (!error_.empty()) return;
    if (rest_.size() < 8) {
      error_ = std::string(field) + " runs past the end";
      return;
    }
    out = 0;
    for (int i = 0; i < 8; ++i) out = out << 8 | static_cast<uint8_t>(rest_[i]);
    rest_.remove_prefix(8);
  }
  void I64(const char* field, int64_t& out) {
    uint64_t v = 0;
    U64(field, v);
    out = static_cast<int64_t>(v);
  }
  void Str(const char* field, std::string& out) {
    uint64_t n = 0;
    U64(field, n);
    if (!error_.empty()) return;
    if (n > rest_.size()) {
      error_ = std::string(field) + " is " + std::to_string(n) + " bytes long but only " +
               std::to_string(rest_.size()) + " remain";
      return;
    }
    out.assign(rest_.substr(0, n));
    rest_.remove_prefix(n);
  }

  std::string_view rest() const { return rest_; }
  const std::string& error() const { return error_; }

 private:
  std::string_view rest_;
  std::string error_;
};

}  // namespace

Result<std::pair<uint64_t, Event>> ParseCanonical(std::string_view bytes) {
  if (bytes.substr(0, kCanonicalMagic.size()) != kCanonicalMagic) {
    return Status::Invalid("canonical event: does not start with \"frontseat.audit.v1\\n\"");
  }
  CanonicalReader r(bytes.substr(kCanonicalMagic.size()));
  uint64_t seq = 0;
  Event e;
  int64_t http_status = 0;
  r.U64("seq", seq);
  r.I64("time_us", e.time_us);
  r.Str("request_id", e.request_id);
  r.Str("tenant", e.tenant);
  r.Str("route", e.route);
  r.Str("model", e.model);
  r.Str("action", e.action);
  r.I64("http_status", http_status);
  r.Str("categories_json", e.categories_json);
  r.Str("findings_json", e.findings_json);
  r.Str("redacted_input", e.redacted_input);
  r.Str("redacted_output", e.redacted_output);
  r.I64("guard_us", e.guard_us);
  r.I64("upstream_us", e.upstream_us);
  r.I64("total_us", e.total_us);
  r.I64("prompt_tokens", e.prompt_tokens);
  r.I64("completion_tokens", e.completion_tokens);
  if (!r.error().empty()) return Status::Invalid("canonical event: " + r.error());
  if (!r.rest().empty()) {
    return Status::Invalid("canonical event: " + std::to_string(r.rest().size()) +
                           " bytes after the last field");
  }
  if (http_status < INT32_MIN || http_status > INT32_MAX) {
    return Status::Invalid("canonical event: http_status is out of range: " +
                           std::to_string(http_status));
  }
  e.http_status = static_cast<int>(http_status);
  return std::pair{seq, std::move(e)};
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
