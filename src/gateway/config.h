// GatewayConfig: everything `frontseat serve` is told in its one YAML file — where to listen,
// limits on what a client may send, the upstream model servers, API keys (stored as SHA-256
// hashes) with their tenant, profile and rate limits, and the policy profiles. Validated
// completely at start: every problem is reported together, one per line, as
// "FILE:LINE: KEY: what is wrong; expected ...", like a policy file (src/policy/policy.cc).
//
//   listen: 127.0.0.1:8080
//   tls: { cert_file: gateway.pem, key_file: gateway.key }   # optional: serve HTTPS
//   threads: 0                        # 0 = one worker per core
//   data_dir: ./frontseat-data        # the SQLite audit store
//   audit:                            # optional; default store: sqlite (in data_dir)
//     store: postgres                 # sqlite | postgres (one store and chain for every gateway)
//     postgres_url: postgresql://frontseat@db.internal:5432/frontseat   # no password here
//     postgres_password_env: PGPASS   # optional (libpq also reads PGPASSWORD and ~/.pgpass)
//   limits: { max_header_bytes: 16384, max_body_bytes: 4194304, read_timeout_ms: 10000,
//             idle_timeout_ms: 60000, upstream_connect_timeout_ms: 5000,
//             upstream_timeout_ms: 120000, stream_holdback_bytes: 256 }
//   upstreams:
//     - name: local
//       url: http://127.0.0.1:8000    # an OpenAI-compatible server; /v1/... is appended
//       api_key_env: OPENAI_API_KEY   # optional: the key is read from this variable at start
//       models: ["*"]                 # models routed here; "*" matches any
//   profiles:
//     default: { input_policy: default, output_policy: default, tool_policy: default,
//                redact_style: mask }
//   keys:                             # none: no authentication, every request is tenant "default"
//     - sha256: 5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8
//       tenant: acme
//       profile: default
//       requests_per_minute: 600      # 0 = unlimited
//       tokens_per_minute: 100000     # 0 = unlimited
//   rate_limits:                      # where the keys' buckets live (default: this process)
//     store: redis                    # memory | redis (shared by every gateway using it)
//     redis_url: redis://127.0.0.1:6379/0
//     redis_password_env: REDIS_PASSWORD   # optional: AUTH with this variable's value
//     key_prefix: "frontseat:ratelimit:"
//     timeout_ms: 50                  # connect and each command
//     on_store_error: allow           # allow | refuse (503) when Redis cannot be asked
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "frontseat/status.h"

namespace frontseat::gateway {

struct ListenAddress {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
};

// Serving HTTPS (TLS 1.2+): PEM certificate chain and private key; both empty: plain HTTP.
struct ListenTls {
  std::string cert_file;
  std::string key_file;
};

struct ServerLimits {
  uint64_t max_header_bytes = 16 * 1024;
  uint64_t max_body_bytes = 4 * 1024 * 1024;
  uint64_t read_timeout_ms = 10'000;  // a request's header and body must arrive within this
  uint64_t idle_timeout_ms = 60'000;  // a keep-alive connection with no request is closed
  uint64_t upstream_connect_timeout_ms = 5'000;
  uint64_t upstream_timeout_ms = 120'000;  // whole upstream exchange; between stream chunks too
  uint64_t stream_holdback_bytes = 256;    // streamed output held back for cross-chunk spans
};

struct Upstream {
  std::string name;
  std::string url;     // as written, e.g. http://127.0.0.1:8000/v1 or https://api.openai.com/v1
  std::string host;    // parsed from url
  uint16_t port = 80;  // 443 for https:// without a port
  bool tls = false;    // https://: TLS with the certificate checked against `host`
  // PEM file of certificate authorities to trust for this upstream instead of the system's
  // store (a private CA); empty: the system's trust store.
  std::string ca_file;
  std::string base_path;  // path prefix before /chat/completions, e.g. "/v1"
  std::string api_key_env;
  std::string api_key;              // resolved from api_key_env at load
  std::vector<std::string> models;  // "*" matches every model
};

struct Profile {
  std::string name;
  // Policy file paths; "default" (or empty) means the built-in default policy.
  std::string input_policy = "default";
  std::string output_policy = "default";
  std::string tool_policy = "default";  // tool and retrieved content: the indirect-injection rules
  bool redact_placeholder = false;      // redact_style: placeholder (else mask)
};

struct ApiKey {
  std::string sha256_hex;  // lowercase hex of SHA-256 over the key's bytes
  std::string tenant;
  std::string profile;
  uint64_t requests_per_minute = 0;  // 0 = unlimited
  uint64_t tokens_per_minute = 0;    // 0 = unlimited
};

// Where the API keys' token buckets are kept (rate_limiter.h, redis_rate_limiter.h).
struct RateLimitStore {
  bool redis = false;  // false: in this process's memory
  std::string redis_url;
  std::string redis_host = "127.0.0.1";
  uint16_t redis_port = 6379;
  uint32_t redis_db = 0;
  std::string redis_password_env;
  std::string redis_password;  // resolved from redis_password_env at load
  std::string key_prefix = "frontseat:ratelimit:";
  uint64_t timeout_ms = 50;
  bool refuse_on_error = false;  // on_store_error: refuse
};

// Where audit events go (`audit:` in the config). SQLite in data_dir by default; PostgreSQL for
// several gateways sharing one store (they share its hash chain too; see src/audit/README.md).
struct AuditStoreConfig {
  bool postgres = false;          // store: postgres
  std::string postgres_url;       // libpq URI or key=value string, without a password
  std::string postgres_password_env;
  std::string postgres_password;  // resolved from postgres_password_env at load
};

struct GatewayConfig {
  ListenAddress listen;
  ListenTls tls;
  uint32_t threads = 0;  // 0 = one per core
  std::string data_dir = "./frontseat-data";
  ServerLimits limits;
  std::vector<Upstream> upstreams;
  std::map<std::string, Profile> profiles;  // always has "default"
  std::vector<ApiKey> keys;                 // empty: no authentication
  RateLimitStore rate_limits;
  AuditStoreConfig audit;

  // The upstream for `model` (first match in order), or nullptr.
  const Upstream* UpstreamFor(std::string_view model) const;
};

// Parses and validates a config. `name` prefixes messages (usually the file path).
// `getenv` resolves api_key_env (tests pass their own); a named variable that is unset is an error.
using EnvLookup = const char* (*)(const char*);
Result<GatewayConfig> ParseGatewayConfig(std::string_view yaml, std::string_view name,
                                         EnvLookup getenv_fn = nullptr);
Result<GatewayConfig> LoadGatewayConfig(const std::string& path, EnvLookup getenv_fn = nullptr);

// "HOST:PORT" (IPv4, a name, or [IPv6]); port 0 asks the system for one.
Result<ListenAddress> ParseListenAddress(std::string_view text);
// "http(s)://host[:port][/path]" into an Upstream's tls, host, port and base_path.
Status ParseUpstreamUrl(std::string_view url, Upstream& out);

// "redis://[host][:port][/db]" into a RateLimitStore's host, port and db. A password does not
// belong in the URL (the config file is not a secret): redis_password_env names a variable.
Status ParseRedisUrl(std::string_view url, RateLimitStore& out);

// Lowercase hex SHA-256 of `key`: what `keys[].sha256` holds (`frontseat serve --hash-key`).
std::string HashApiKey(std::string_view key);

}  // namespace frontseat::gateway
