// Gateway config loading and validation (see config.h). Uses the same error collector as policy
// files, so an operator sees every problem of a config in one run.
#include "gateway/config.h"

#include <openssl/sha.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "detectors/common/config_errors.h"
#include "detectors/llm_judge/http_client.h"

namespace frontseat::gateway {
namespace {

using detectors::ConfigErrors;

bool ReadString(const YAML::Node& node, const std::string& path, ConfigErrors& errors,
                std::string& out) {
  if (node.IsScalar() && !node.Scalar().empty()) {
    out = node.Scalar();
    return true;
  }
  errors.Add(node, path, "expected a non-empty string");
  return false;
}

void ParseLimits(const YAML::Node& node, ServerLimits& l, ConfigErrors& errors) {
  if (!node.IsMap()) {
    errors.Add(node, "limits", "expected a map");
    return;
  }
  detectors::CheckKnownKeys(node, "limits",
                            {"max_header_bytes", "max_body_bytes", "read_timeout_ms",
                             "idle_timeout_ms", "upstream_connect_timeout_ms",
                             "upstream_timeout_ms", "stream_holdback_bytes"},
                            errors);
  struct Field {
    const char* key;
    uint64_t lo, hi;
    uint64_t* out;
  };
  const Field fields[] = {
      {"max_header_bytes", 1024, 1 << 20, &l.max_header_bytes},
      {"max_body_bytes", 1024, 1ull << 30, &l.max_body_bytes},
      {"read_timeout_ms", 10, 3'600'000, &l.read_timeout_ms},
      {"idle_timeout_ms", 10, 3'600'000, &l.idle_timeout_ms},
      {"upstream_connect_timeout_ms", 10, 600'000, &l.upstream_connect_timeout_ms},
      {"upstream_timeout_ms", 10, 3'600'000, &l.upstream_timeout_ms},
      {"stream_holdback_bytes", 0, 1 << 20, &l.stream_holdback_bytes},
  };
  for (const Field& f : fields) {
    if (node[f.key]) {
      detectors::ReadUint(node[f.key], std::string("limits.") + f.key, f.lo, f.hi, errors, *f.out);
    }
  }
}

void ParseUpstreams(const YAML::Node& node, EnvLookup env, GatewayConfig& cfg,
                    ConfigErrors& errors) {
  if (!node.IsSequence()) {
    errors.Add(node, "upstreams", "expected a list of {name, url, api_key_env, models}");
    return;
  }
  std::set<std::string> names;
  for (size_t i = 0; i < node.size(); ++i) {
    const YAML::Node item = node[i];
    std::string path = "upstreams[" + std::to_string(i) + "]";
    if (!item.IsMap()) {
      errors.Add(item, path, "expected a map with name, url, api_key_env, models");
      continue;
    }
    detectors::CheckKnownKeys(item, path, {"name", "url", "api_key_env", "models", "ca_file"},
                              errors);
    Upstream u;
    if (!item["name"]) {
      errors.Add(item, path + ".name", "missing");
    } else if (ReadString(item["name"], path + ".name", errors, u.name) &&
               !names.insert(u.name).second) {
      errors.Add(item["name"], path + ".name", "duplicate upstream name \"" + u.name + "\"");
    }
    if (!item["url"]) {
      errors.Add(item, path + ".url", "missing; expected http(s)://HOST[:PORT][/PATH]");
    } else if (ReadString(item["url"], path + ".url", errors, u.url)) {
      Status s = ParseUpstreamUrl(u.url, u);
      if (!s.ok()) errors.Add(item["url"], path + ".url", s.message());
    }
    if (item["ca_file"] && ReadString(item["ca_file"], path + ".ca_file", errors, u.ca_file)) {
      if (u.url.starts_with("http://")) {
        errors.Add(item["ca_file"], path + ".ca_file", "only https:// upstreams use a CA file");
      } else if (Status s = detectors::CheckCaFile(u.ca_file); !s.ok()) {
        errors.Add(item["ca_file"], path + ".ca_file", s.message());
      }
    }
    if (item["api_key_env"] &&
        ReadString(item["api_key_env"], path + ".api_key_env", errors, u.api_key_env)) {
      const char* v = env(u.api_key_env.c_str());
      if (v == nullptr || *v == '\0') {
        errors.Add(item["api_key_env"], path + ".api_key_env",
                   "environment variable " + u.api_key_env + " is not set");
      } else {
        u.api_key = v;
      }
    }
    if (item["models"]) {
      detectors::ReadStringList(item["models"], path + ".models", errors, u.models);
      if (item["models"].IsSequence() && u.models.empty()) {
        errors.Add(item["models"], path + ".models", "expected at least one model name or \"*\"");
      }
    } else {
      u.models = {"*"};
    }
    cfg.upstreams.push_back(std::move(u));
  }
}

void ParseProfiles(const YAML::Node& node, GatewayConfig& cfg, ConfigErrors& errors) {
  if (!node.IsMap()) {
    errors.Add(node, "profiles", "expected a map of profile name: {input_policy, ...}");
    return;
  }
  for (const auto& kv : node) {
    std::string name = kv.first.Scalar();
    std::string path = "profiles." + name;
    const YAML::Node& p = kv.second;
    Profile prof;
    prof.name = name;
    if (p.IsNull()) {
      cfg.profiles[name] = prof;
      continue;
    }
    if (!p.IsMap()) {
      errors.Add(p, path, "expected a map with input_policy, output_policy, tool_policy, "
                          "redact_style");
      continue;
    }
    detectors::CheckKnownKeys(p, path,
                              {"input_policy", "output_policy", "tool_policy", "redact_style"},
                              errors);
    if (p["input_policy"]) ReadString(p["input_policy"], path + ".input_policy", errors, prof.input_policy);
    if (p["output_policy"]) ReadString(p["output_policy"], path + ".output_policy", errors, prof.output_policy);
    if (p["tool_policy"]) ReadString(p["tool_policy"], path + ".tool_policy", errors, prof.tool_policy);
    if (p["redact_style"]) {
      const YAML::Node& r = p["redact_style"];
      if (r.IsScalar() && (r.Scalar() == "mask" || r.Scalar() == "placeholder")) {
        prof.redact_placeholder = r.Scalar() == "placeholder";
      } else {
        errors.Add(r, path + ".redact_style", "expected mask or placeholder");
      }
    }
    cfg.profiles[name] = prof;
  }
}

bool IsLowerHex64(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

void ParseKeys(const YAML::Node& node, GatewayConfig& cfg, ConfigErrors& errors,
               std::vector<std::pair<YAML::Node, std::string>>& profile_refs) {
  if (!node.IsSequence()) {
    errors.Add(node, "keys", "expected a list of {sha256, tenant, profile, ...}");
    return;
  }
  std::set<std::string> hashes;
  for (size_t i = 0; i < node.size(); ++i) {
    const YAML::Node item = node[i];
    std::string path = "keys[" + std::to_string(i) + "]";
    if (!item.IsMap()) {
      errors.Add(item, path, "expected a map with sha256, tenant, profile");
      continue;
    }
    detectors::CheckKnownKeys(
        item, path, {"sha256", "tenant", "profile", "requests_per_minute", "tokens_per_minute"},
        errors);
    ApiKey k;
    if (!item["sha256"]) {
      errors.Add(item, path + ".sha256",
                 "missing; expected the key's SHA-256 in hex (frontseat serve --hash-key)");
    } else if (ReadString(item["sha256"], path + ".sha256", errors, k.sha256_hex)) {
      for (char& c : k.sha256_hex) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (!IsLowerHex64(k.sha256_hex)) {
        errors.Add(item["sha256"], path + ".sha256",
                   "expected 64 hex digits (a SHA-256; never the key itself)");
      } else if (!hashes.insert(k.sha256_hex).second) {
        errors.Add(item["sha256"], path + ".sha256", "duplicate key hash");
      }
    }
    if (!item["tenant"]) {
      errors.Add(item, path + ".tenant", "missing");
    } else {
      ReadString(item["tenant"], path + ".tenant", errors, k.tenant);
    }
    k.profile = "default";
    if (item["profile"] && ReadString(item["profile"], path + ".profile", errors, k.profile)) {
      profile_refs.emplace_back(item["profile"], path + ".profile");
    }
    if (item["requests_per_minute"]) {
      detectors::ReadUint(item["requests_per_minute"], path + ".requests_per_minute", 0,
                          1'000'000'000, errors, k.requests_per_minute);
    }
    if (item["tokens_per_minute"]) {
      detectors::ReadUint(item["tokens_per_minute"], path + ".tokens_per_minute", 0,
                          1'000'000'000'000ull, errors, k.tokens_per_minute);
    }
    cfg.keys.push_back(std::move(k));
  }
}

// `key` of `node`, if present, names an environment variable holding a secret: its name goes to
// `name`, its value (resolved now) to `value`; an unset or empty variable is an error at `path`.
void ReadSecretEnv(const YAML::Node& node, const char* key, const char* path, EnvLookup env,
                   ConfigErrors& errors, std::string& name, std::string& value) {
  if (!node[key] || !ReadString(node[key], path, errors, name)) return;
  const char* v = env(name.c_str());
  if (v == nullptr || *v == '\0') {
    errors.Add(node[key], path, "the environment variable " + name + " is not set");
  } else {
    value = v;
  }
}

void ParseRateLimits(const YAML::Node& node, EnvLookup env, RateLimitStore& r,
                     ConfigErrors& errors) {
  if (!node.IsMap()) {
    errors.Add(node, "rate_limits", "expected a map with store, redis_url, ...");
    return;
  }
  detectors::CheckKnownKeys(node, "rate_limits",
                            {"store", "redis_url", "redis_password_env", "key_prefix",
                             "timeout_ms", "on_store_error"},
                            errors);
  std::string store = "memory";
  if (node["store"]) ReadString(node["store"], "rate_limits.store", errors, store);
  if (store == "redis") {
    r.redis = true;
  } else if (store != "memory") {
    errors.Add(node["store"], "rate_limits.store",
               "expected memory or redis; got \"" + store.substr(0, 32) + "\"");
  }
  const bool redis_only_set = node["redis_url"] || node["redis_password_env"];
  if (redis_only_set && !r.redis) {
    errors.Add(node, "rate_limits", "redis_url and redis_password_env need store: redis");
  }
  if (r.redis) {
    if (!node["redis_url"]) {
      errors.Add(node, "rate_limits.redis_url", "missing; expected redis://HOST[:PORT][/DB]");
    } else if (ReadString(node["redis_url"], "rate_limits.redis_url", errors, r.redis_url)) {
      Status st = ParseRedisUrl(r.redis_url, r);
      if (!st.ok()) errors.Add(node["redis_url"], "rate_limits.redis_url", st.message());
    }
  }
  ReadSecretEnv(node, "redis_password_env", "rate_limits.redis_password_env", env, errors,
                r.redis_password_env, r.redis_password);
  if (node["key_prefix"]) ReadString(node["key_prefix"], "rate_limits.key_prefix", errors,
                                     r.key_prefix);
  if (node["timeout_ms"]) {
    detectors::ReadUint(node["timeout_ms"], "rate_limits.timeout_ms", 1, 10'000, errors,
                        r.timeout_ms);
  }
  if (node["on_store_error"]) {
    std::string v;
    if (ReadString(node["on_store_error"], "rate_limits.on_store_error", errors, v)) {
      if (v == "refuse") {
        r.refuse_on_error = true;
      } else if (v != "allow") {
        errors.Add(node["on_store_error"], "rate_limits.on_store_error",
                   "expected allow or refuse; got \"" + v.substr(0, 32) + "\"");
      }
    }
  }
}

// True when a libpq conninfo carries a password: user:password@ in a URI's authority, or a
// password (or sslpassword) parameter, as `password=` in a URI query or `password = ` in the
// key=value form. Other '@' and ':' (a certificate path in the query) are not passwords.
bool ConninfoHasPassword(std::string_view u) {
  size_t scheme = u.find("://");
  if (scheme != std::string_view::npos) {
    size_t begin = scheme + 3;
    size_t end = u.find_first_of("/?#", begin);
    std::string_view authority =
        u.substr(begin, end == std::string_view::npos ? u.npos : end - begin);
    size_t at = authority.rfind('@');
    if (at != std::string_view::npos &&
        authority.substr(0, at).find(':') != std::string_view::npos) {
      return true;
    }
  }
  for (size_t p = u.find("password"); p != std::string_view::npos; p = u.find("password", p + 1)) {
    size_t q = p + 8;
    while (q < u.size() && (u[q] == ' ' || u[q] == '\t')) ++q;
    if (q < u.size() && u[q] == '=') return true;
  }
  return false;
}

void ParseAuditStore(const YAML::Node& node, EnvLookup env, AuditStoreConfig& a,
                     ConfigErrors& errors) {
  if (!node.IsMap()) {
    errors.Add(node, "audit", "expected a map with store, postgres_url, postgres_password_env");
    return;
  }
  detectors::CheckKnownKeys(node, "audit", {"store", "postgres_url", "postgres_password_env"},
                            errors);
  std::string store = "sqlite";
  if (node["store"]) ReadString(node["store"], "audit.store", errors, store);
  if (store == "postgres") {
    a.postgres = true;
  } else if (store != "sqlite") {
    errors.Add(node["store"], "audit.store",
               "expected sqlite or postgres; got \"" + store.substr(0, 32) + "\"");
  }
  if ((node["postgres_url"] || node["postgres_password_env"]) && !a.postgres) {
    errors.Add(node, "audit", "postgres_url and postgres_password_env need store: postgres");
  }
  if (a.postgres) {
    if (!node["postgres_url"]) {
      errors.Add(node, "audit.postgres_url",
                 "missing; expected postgresql://USER@HOST[:PORT]/DB or a libpq key=value string");
    } else if (ReadString(node["postgres_url"], "audit.postgres_url", errors, a.postgres_url)) {
      // A password in the URL would sit in a file that is often checked in or world-readable.
      if (a.postgres_url.empty()) {
        errors.Add(node["postgres_url"], "audit.postgres_url", "is empty");
      } else if (ConninfoHasPassword(a.postgres_url)) {
        errors.Add(node["postgres_url"], "audit.postgres_url",
                   "holds a password; put it in an environment variable named by "
                   "audit.postgres_password_env (or in PGPASSWORD / ~/.pgpass)");
      }
    }
  }
  ReadSecretEnv(node, "postgres_password_env", "audit.postgres_password_env", env, errors,
                a.postgres_password_env, a.postgres_password);
}

// The files are loaded (and the key checked against the certificate) when the server starts;
// here: both given, and readable.
void ParseListenTls(const YAML::Node& node, ListenTls& tls, ConfigErrors& errors) {
  if (!node.IsMap()) {
    errors.Add(node, "tls", "expected a map with cert_file and key_file");
    return;
  }
  detectors::CheckKnownKeys(node, "tls", {"cert_file", "key_file"}, errors);
  for (auto [key, out] : {std::pair{"cert_file", &tls.cert_file}, {"key_file", &tls.key_file}}) {
    const std::string path = std::string("tls.") + key;
    if (!node[key]) {
      errors.Add(node, path, "missing; cert_file and key_file go together");
    } else if (ReadString(node[key], path, errors, *out)) {
      std::ifstream in(*out, std::ios::binary);
      if (!in) errors.Add(node[key], path, "cannot open \"" + *out + "\"");
    }
  }
}

const char* RealGetenv(const char* name) { return std::getenv(name); }

}  // namespace

const Upstream* GatewayConfig::UpstreamFor(std::string_view model) const {
  for (const Upstream& u : upstreams) {
    for (const std::string& m : u.models) {
      if (m == "*" || m == model) return &u;
    }
  }
  return nullptr;
}

Result<ListenAddress> ParseListenAddress(std::string_view text) {
  ListenAddress a;
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return Status::Invalid("expected HOST:PORT (e.g. 127.0.0.1:8080); got \"" + std::string(text) +
                           "\"");
  }
  std::string_view host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::string_view port = text.substr(colon + 1);
  bool digits = !port.empty() && port.size() <= 5;
  for (char c : port) digits = digits && c >= '0' && c <= '9';
  if (!digits || std::stoul(std::string(port)) > 65535) {
    return Status::Invalid("expected a port from 0 to 65535 after ':'; got \"" +
                           std::string(port) + "\"");
  }
  if (host.empty()) return Status::Invalid("expected a host before ':'");
  a.host = std::string(host);
  a.port = static_cast<uint16_t>(std::stoul(std::string(port)));
  return a;
}

namespace {

// The HOST[:PORT] part of a URL (a name, an IPv4 address or a [bracketed] IPv6 one): sets
// `host`, and `port` when the URL gives one (else leaves the caller's default).
Status ParseUrlHostPort(std::string_view hostport, std::string& host, uint16_t& port) {
  size_t colon = hostport.rfind(':');
  bool bracketed = hostport.front() == '[';
  if (colon != std::string_view::npos && (!bracketed || hostport[colon - 1] == ']')) {
    auto a = ParseListenAddress(hostport);
    if (!a.ok()) return a.status();
    if (a->port == 0) return Status::Invalid("expected a port from 1 to 65535");
    host = a->host;
    port = a->port;
  } else {
    host = std::string(bracketed ? hostport.substr(1, hostport.size() - 2) : hostport);
  }
  return Status::Ok();
}

}  // namespace

Status ParseUpstreamUrl(std::string_view url, Upstream& out) {
  constexpr std::string_view kHttp = "http://";
  constexpr std::string_view kHttps = "https://";
  std::string_view rest;
  if (url.starts_with(kHttp)) {
    out.tls = false;
    rest = url.substr(kHttp.size());
  } else if (url.starts_with(kHttps)) {
    out.tls = true;
    rest = url.substr(kHttps.size());
  } else {
    return Status::Invalid("expected http(s)://HOST[:PORT][/PATH]; got \"" + std::string(url) +
                           "\"");
  }
  size_t slash = rest.find('/');
  std::string_view hostport = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? "" : rest.substr(slash);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (hostport.empty()) return Status::Invalid("expected a host after the scheme");
  out.port = out.tls ? 443 : 80;
  if (Status st = ParseUrlHostPort(hostport, out.host, out.port); !st.ok()) return st;
  // An OpenAI-style base URL usually ends in /v1; accept it with or without.
  if (path.size() >= 3 && path.substr(path.size() - 3) == "/v1") path.remove_suffix(3);
  out.base_path = std::string(path) + "/v1";
  return Status::Ok();
}

Status ParseRedisUrl(std::string_view url, RateLimitStore& out) {
  constexpr std::string_view kRedis = "redis://";
  if (url.starts_with("rediss://")) {
    return Status::Invalid(
        "rediss:// (TLS) is not supported (hiredis 0.14 has no TLS); reach Redis over a private "
        "network or a local TLS tunnel and use redis://");
  }
  if (!url.starts_with(kRedis)) {
    return Status::Invalid("expected redis://HOST[:PORT][/DB]; got \"" +
                           std::string(url.substr(0, 100)) + "\"");
  }
  std::string_view rest = url.substr(kRedis.size());
  size_t slash = rest.find('/');
  std::string_view hostport = rest.substr(0, slash);
  std::string_view db = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
  if (hostport.find('@') != std::string_view::npos) {
    return Status::Invalid(
        "a password does not belong in the URL; name a variable in redis_password_env");
  }
  out.redis_host = "127.0.0.1";
  out.redis_port = 6379;
  if (!hostport.empty()) {
    if (Status st = ParseUrlHostPort(hostport, out.redis_host, out.redis_port); !st.ok()) {
      return st;
    }
  }
  out.redis_db = 0;
  if (!db.empty()) {
    uint64_t n = 0;
    for (char c : db) {
      if (c < '0' || c > '9' || n > 100000) {
        return Status::Invalid("expected a database number after the host; got \"" +
                               std::string(db.substr(0, 20)) + "\"");
      }
      n = n * 10 + static_cast<uint64_t>(c - '0');
    }
    out.redis_db = static_cast<uint32_t>(n);
  }
  return Status::Ok();
}

std::string HashApiKey(std::string_view key) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(key.data()), key.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : digest) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

Result<GatewayConfig> ParseGatewayConfig(std::string_view yaml, std::string_view name,
                                         EnvLookup getenv_fn) {
  EnvLookup env = getenv_fn ? getenv_fn : &RealGetenv;
  auto loaded = detectors::LoadYaml(yaml, name);
  if (!loaded.ok()) return loaded.status();
  const YAML::Node& root = loaded.value();
  GatewayConfig cfg;
  ConfigErrors errors;
  if (root.IsNull()) {
    cfg.profiles["default"] = Profile{.name = "default"};
    return cfg;
  }
  if (!root.IsMap()) {
    errors.Add(root, "(top level)", "expected a map with listen, upstreams, profiles, keys, ...");
    return Status::Invalid(errors.Format(name));
  }
  detectors::CheckKnownKeys(
      root, "(top level)",
      {"listen", "tls", "threads", "data_dir", "audit", "limits", "upstreams", "profiles", "keys",
       "rate_limits"},
      errors);
  if (root["listen"]) {
    std::string text;
    if (ReadString(root["listen"], "listen", errors, text)) {
      auto a = ParseListenAddress(text);
      if (a.ok()) {
        cfg.listen = *a;
      } else {
        errors.Add(root["listen"], "listen", a.status().message());
      }
    }
  }
  if (root["tls"]) ParseListenTls(root["tls"], cfg.tls, errors);
  if (root["threads"]) {
    uint64_t t = 0;
    if (detectors::ReadUint(root["threads"], "threads", 0, 256, errors, t)) {
      cfg.threads = static_cast<uint32_t>(t);
    }
  }
  if (root["data_dir"]) ReadString(root["data_dir"], "data_dir", errors, cfg.data_dir);
  if (root["limits"]) ParseLimits(root["limits"], cfg.limits, errors);
  if (root["upstreams"]) ParseUpstreams(root["upstreams"], env, cfg, errors);
  if (root["profiles"]) ParseProfiles(root["profiles"], cfg, errors);
  if (!cfg.profiles.count("default")) cfg.profiles["default"] = Profile{.name = "default"};
  std::vector<std::pair<YAML::Node, std::string>> refs;
  if (root["keys"]) ParseKeys(root["keys"], cfg, errors, refs);
  if (root["rate_limits"]) ParseRateLimits(root["rate_limits"], env, cfg.rate_limits, errors);
  if (root["audit"]) ParseAuditStore(root["audit"], env, cfg.audit, errors);
  for (const auto& [node, path] : refs) {
    if (!cfg.profiles.count(node.Scalar())) {
      std::string known;
      for (const auto& [n, p] : cfg.profiles) known += (known.empty() ? "" : ", ") + n;
      errors.Add(node, path, "unknown profile \"" + node.Scalar() + "\"; defined: " + known);
    }
  }
  if (!errors.empty()) return Status::Invalid(errors.Format(name));
  return cfg;
}

Result<GatewayConfig> LoadGatewayConfig(const std::string& path, EnvLookup getenv_fn) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open config file");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::Io(path + ": read error");
  return ParseGatewayConfig(ss.str(), path, getenv_fn);
}

}  // namespace frontseat::gateway
