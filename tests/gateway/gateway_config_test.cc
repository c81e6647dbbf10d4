// Does the gateway config report every problem at once, with line and key path, and read the
// valid forms (addresses, upstream URLs, key hashes) correctly?
#include "gateway/config.h"

#include <gtest/gtest.h>

namespace frontseat::gateway {
namespace {

const char* FakeEnv(const char* name) {
  return std::string_view(name) == "UPSTREAM_KEY" ? "sk-test" : nullptr;
}

TEST(GatewayConfig, EmptyFileGivesDefaults) {
  auto c = ParseGatewayConfig("", "gw.yaml", FakeEnv);
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->listen.host, "127.0.0.1");
  EXPECT_EQ(c->listen.port, 8080);
  EXPECT_EQ(c->data_dir, "./frontseat-data");
  EXPECT_TRUE(c->keys.empty());
  EXPECT_EQ(c->profiles.count("default"), 1u);
}

TEST(GatewayConfig, FullConfigParses) {
  std::string hash = HashApiKey("secret-key");
  auto c = ParseGatewayConfig(R"(
listen: 0.0.0.0:9000
threads: 2
limits: { max_body_bytes: 2048, upstream_timeout_ms: 500 }
upstreams:
  - { name: a, url: "http://127.0.0.1:8000/v1", api_key_env: UPSTREAM_KEY, models: [gpt-x] }
  - { name: b, url: "http://localhost" }
profiles:
  strict: { redact_style: placeholder }
keys:
  - { sha256: )" + hash + R"(, tenant: acme, profile: strict, requests_per_minute: 10 }
)",
                              "gw.yaml", FakeEnv);
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->listen.port, 9000);
  EXPECT_EQ(c->limits.max_body_bytes, 2048u);
  ASSERT_EQ(c->upstreams.size(), 2u);
  EXPECT_EQ(c->upstreams[0].api_key, "sk-test");
  EXPECT_EQ(c->upstreams[0].base_path, "/v1");
  EXPECT_EQ(c->upstreams[1].port, 80);
  EXPECT_EQ(c->UpstreamFor("gpt-x")->name, "a");
  EXPECT_EQ(c->UpstreamFor("other")->name, "b");
  EXPECT_TRUE(c->profiles.at("strict").redact_placeholder);
  EXPECT_EQ(c->keys[0].tenant, "acme");
  EXPECT_EQ(c->keys[0].sha256_hex, hash);
}

TEST(GatewayConfig, EveryErrorIsReportedAtOnceWithLineAndKey) {
  auto c = ParseGatewayConfig(R"(listen: nowhere
limits: { max_body_bytes: 12, read_timout_ms: 5 }
upstreams:
  - { name: a, url: "ftp://x" }
  - { name: a, url: "http://h:1", api_key_env: MISSING_VAR }
keys:
  - { sha256: not-a-hash, tenant: t, profile: nosuch }
  - { tenant: t2 }
colour: blue
)",
                              "gw.yaml", FakeEnv);
  ASSERT_FALSE(c.ok());
  const std::string& m = c.status().message();
  for (const char* expected :
       {"gw.yaml:1: listen: expected HOST:PORT", "gw.yaml:2: limits.max_body_bytes: expected an integer from 1024",
        "gw.yaml:2: limits.read_timout_ms: unknown key", "gw.yaml:4: upstreams[0].url: expected http(s)://",
        "gw.yaml:5: upstreams[1].name: duplicate upstream name",
        "gw.yaml:5: upstreams[1].api_key_env: environment variable MISSING_VAR is not set",
        "gw.yaml:7: keys[0].sha256: expected 64 hex digits",
        "gw.yaml:7: keys[0].profile: unknown profile \"nosuch\"", "keys[1].sha256: missing",
        "gw.yaml:9: (top level).colour: unknown key"}) {
    EXPECT_NE(m.find(expected), std::string::npos) << "missing: " << expected << "\nin:\n" << m;
  }
  EXPECT_EQ(std::count(m.begin(), m.end(), '\n'), 9) << m;
}

TEST(GatewayConfig, InvalidYamlNamesTheLine) {
  auto c = ParseGatewayConfig("listen: [\n", "gw.yaml", FakeEnv);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("gw.yaml:"), std::string::npos);
  EXPECT_NE(c.status().message().find("invalid YAML"), std::string::npos);
}

TEST(GatewayConfig, ListenAddresses) {
  EXPECT_EQ(ParseListenAddress("[::1]:80")->host, "::1");
  EXPECT_EQ(ParseListenAddress("localhost:0")->port, 0);
  EXPECT_FALSE(ParseListenAddress("host:99999").ok());
  EXPECT_FALSE(ParseListenAddress(":80").ok());
  EXPECT_FALSE(ParseListenAddress("8080").ok());
}

TEST(GatewayConfig, UpstreamUrls) {
  Upstream u;
  ASSERT_TRUE(ParseUpstreamUrl("http://10.0.0.1:8000", u).ok());
  EXPECT_EQ(u.host, "10.0.0.1");
  EXPECT_EQ(u.port, 8000);
  EXPECT_EQ(u.base_path, "/v1");
  ASSERT_TRUE(ParseUpstreamUrl("http://h/api/v1/", u).ok());
  EXPECT_EQ(u.base_path, "/api/v1");
  EXPECT_FALSE(u.tls);
  ASSERT_TRUE(ParseUpstreamUrl("https://api.example", u).ok());
  EXPECT_TRUE(u.tls);
  EXPECT_EQ(u.host, "api.example");
  EXPECT_EQ(u.port, 443);
  EXPECT_EQ(u.base_path, "/v1");
  ASSERT_TRUE(ParseUpstreamUrl("https://[::1]:8443/v1", u).ok());
  EXPECT_EQ(u.host, "::1");
  EXPECT_EQ(u.port, 8443);
  ASSERT_TRUE(ParseUpstreamUrl("http://h", u).ok());
  EXPECT_FALSE(u.tls);
  EXPECT_EQ(u.port, 80);
  EXPECT_NE(ParseUpstreamUrl("ftp://h", u).message().find("http(s)://"), std::string::npos);
  EXPECT_FALSE(ParseUpstreamUrl("http://:80", u).ok());
  EXPECT_FALSE(ParseUpstreamUrl("https://", u).ok());
}

TEST(GatewayConfig, KeyHashIsSha256Hex) {
  EXPECT_EQ(HashApiKey("password"),
            "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8");
}

TEST(GatewayConfig, RateLimitStore) {
  auto c = ParseGatewayConfig("", "gw.yaml", FakeEnv);
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_FALSE(c->rate_limits.redis);

  c = ParseGatewayConfig(R"(rate_limits:
  store: redis
  redis_url: redis://10.0.0.5:6380/2
  key_prefix: "team-a:"
  timeout_ms: 20
  on_store_error: refuse
)",
                         "gw.yaml", FakeEnv);
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_TRUE(c->rate_limits.redis);
  EXPECT_EQ(c->rate_limits.redis_host, "10.0.0.5");
  EXPECT_EQ(c->rate_limits.redis_port, 6380);
  EXPECT_EQ(c->rate_limits.redis_db, 2u);
  EXPECT_EQ(c->rate_limits.key_prefix, "team-a:");
  EXPECT_EQ(c->rate_limits.timeout_ms, 20u);
  EXPECT_TRUE(c->rate_limits.refuse_on_error);

  RateLimitStore r;
  ASSERT_TRUE(ParseRedisUrl("redis://cache.internal", r).ok());
  EXPECT_EQ(r.redis_host, "cache.internal");
  EXPECT_EQ(r.redis_port, 6379);
  EXPECT_EQ(r.redis_db, 0u);
  ASSERT_TRUE(ParseRedisUrl("redis://", r).ok());
  EXPECT_EQ(r.redis_host, "127.0.0.1");

  c = ParseGatewayConfig(R"(rate_limits:
  store: memcached
  redis_url: "rediss://h:6379"
  timeout_ms: 0
  on_store_error: maybe
  colour: blue
)",
                         "gw.yaml", FakeEnv);
  ASSERT_FALSE(c.ok());
  const std::string& m = c.status().message();
  for (const char* expected :
       {"gw.yaml:2: rate_limits.store: expected memory or redis; got \"memcached\"",
        "rate_limits: redis_url and redis_password_env need store: redis",
        "gw.yaml:4: rate_limits.timeout_ms: expected an integer from 1",
        "gw.yaml:5: rate_limits.on_store_error: expected allow or refuse; got \"maybe\"",
        "gw.yaml:6: rate_limits.colour: unknown key"}) {
    EXPECT_NE(m.find(expected), std::string::npos) << "missing: " << expected << "\nin:\n" << m;
  }

  c = ParseGatewayConfig(R"(rate_limits: { store: redis, redis_url: "rediss://h:6379" }
)",
                         "gw.yaml", FakeEnv);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("rate_limits.redis_url: rediss:// (TLS) is not supported"),
            std::string::npos)
      << c.status().message();
  for (const char* bad : {"redis://:secret@h:6379", "redis://h:99999", "redis://h/x",
                          "http://h:6379"}) {
    EXPECT_FALSE(ParseRedisUrl(bad, r).ok()) << bad;
  }
  EXPECT_NE(ParseRedisUrl("redis://:secret@h", r).message().find("redis_password_env"),
            std::string::npos);
  c = ParseGatewayConfig("rate_limits: { store: redis }\n", "gw.yaml", FakeEnv);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("rate_limits.redis_url: missing"), std::string::npos);
  c = ParseGatewayConfig(
      "rate_limits: { store: redis, redis_url: redis://h, redis_password_env: MISSING_VAR }\n",
      "gw.yaml", FakeEnv);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find(
                "rate_limits.redis_password_env: the environment variable MISSING_VAR is not set"),
            std::string::npos)
      << c.status().message();
}

TEST(GatewayConfig, AuditStore) {
  auto c = ParseGatewayConfig("", "gw.yaml", FakeEnv);
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_FALSE(c->audit.postgres);

  c = ParseGatewayConfig(R"(audit:
  store: postgres
  postgres_url: postgresql://frontseat@db.internal:5433/audit
  postgres_password_env: UPSTREAM_KEY
)",
                         "gw.yaml", FakeEnv);
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_TRUE(c->audit.postgres);
  EXPECT_EQ(c->audit.postgres_url, "postgresql://frontseat@db.internal:5433/audit");
  EXPECT_EQ(c->audit.postgres_password, "sk-test");

  c = ParseGatewayConfig(R"(audit:
  store: mysql
  postgres_url: postgresql://h/db
  colour: blue
)",
                         "gw.yaml", FakeEnv);
  ASSERT_FALSE(c.ok());
  std::string m = c.status().message();
  for (const char* expected :
       {"gw.yaml:2: audit.store: expected sqlite or postgres; got \"mysql\"",
        "audit: postgres_url and postgres_password_env need store: postgres",
        "gw.yaml:4: audit.colour: unknown key"}) {
    EXPECT_NE(m.find(expected), std::string::npos) << "missing: " << expected << "\nin:\n" << m;
  }
  for (const char* bad :
       {"postgresql://u:secret@h/db", "postgresql://u:secret@h", "host=h dbname=db password=secret",
        "host=h password = secret", "postgresql://u@h/db?sslmode=require&password=secret",
        "postgresql://u@h/db?sslpassword=keypass"}) {
    c = ParseGatewayConfig(
        std::string("audit: { store: postgres, postgres_url: \"") + bad + "\" }\n", "gw.yaml",
        FakeEnv);
    ASSERT_FALSE(c.ok()) << bad;
    EXPECT_NE(c.status().message().find("audit.postgres_url: holds a password"),
              std::string::npos)
        << c.status().message();
  }
  // TLS settings in the URL are not passwords, even with '@' and ':' in a path.
  for (const char* good :
       {"postgresql://frontseat@db:5432/audit?sslmode=verify-full&sslrootcert=/etc/ca@2:1.pem",
        "postgresql://db:5432/audit?sslrootcert=/etc/ca@2.pem",
        "postgresql://db/audit?sslrootcert=/srv/passwords-not-here/ca.pem",
        "host=db sslmode=verify-full sslrootcert=/etc/ca@2:1.pem"}) {
    c = ParseGatewayConfig(
        std::string("audit: { store: postgres, postgres_url: \"") + good + "\" }\n", "gw.yaml",
        FakeEnv);
    ASSERT_TRUE(c.ok()) << good << ": " << c.status().message();
    EXPECT_EQ(c->audit.postgres_url, good);
  }
  c = ParseGatewayConfig("audit: { store: postgres }\n", "gw.yaml", FakeEnv);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("audit.postgres_url: missing"), std::string::npos);
  c = ParseGatewayConfig(
      "audit: { store: postgres, postgres_url: postgresql://h/db, postgres_password_env: NOPE }\n",
      "gw.yaml", FakeEnv);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find(
                "audit.postgres_password_env: the environment variable NOPE is not set"),
            std::string::npos)
      << c.status().message();
}

}  // namespace
}  // namespace frontseat::gateway
