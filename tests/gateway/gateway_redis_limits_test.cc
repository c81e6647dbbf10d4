// Do two `frontseat serve` processes configured with one Redis (rate_limits.store: redis) hold
// an API key to one shared limit, answering 429 with Retry-After on whichever gateway the
// request over the limit lands? And when Redis is down: requests pass by default, or get a 503
// with Retry-After under on_store_error: refuse, with the outage counted in /metrics?
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "gateway/config.h"
#include "testing/gateway_process.h"
#include "testing/http_testing.h"
#include "testing/redis_process.h"

namespace frontseat::testing {
namespace {

const HttpHeaders kAuth = {{"authorization", "Bearer key-one"}};

std::string Config(const RedisProcess& redis, std::string_view on_error = "allow") {
  return "keys:\n  - { sha256: " + gateway::HashApiKey("key-one") +
         ", tenant: acme, requests_per_minute: 3 }\n"
         "rate_limits:\n  store: redis\n  redis_url: " +
         redis.url() + "\n  on_store_error: " + std::string(on_error) + "\n";
}

GatewayOptions Opts(std::string yaml) {
  GatewayOptions o;
  o.config_yaml = std::move(yaml);
  return o;
}

int Guard(const GatewayProcess& gw, std::string* retry_after = nullptr) {
  HttpResponse r = HttpCall(gw.port(), "POST", "/v1/guard", R"({"text":"hello"})", kAuth);
  if (retry_after) *retry_after = r.Header("retry-after");
  return r.status;
}

std::string StoreErrors(const GatewayProcess& gw) {
  HttpResponse r = HttpCall(gw.port(), "GET", "/metrics");
  const std::string name = "\nfrontseat_rate_limit_store_errors_total ";
  size_t at = r.body.find(name);
  if (at == std::string::npos) return "<missing>";
  at += name.size();
  return r.body.substr(at, r.body.find('\n', at) - at);
}

class GatewayRedisLimits : public ::testing::Test {
 protected:
  void SetUp() override {
    redis_ = std::make_unique<RedisProcess>();
    if (!redis_->available()) GTEST_SKIP() << redis_->error();
    ASSERT_TRUE(redis_->ok()) << redis_->error();
  }
  std::unique_ptr<RedisProcess> redis_;
};

TEST_F(GatewayRedisLimits, TwoGatewaysHoldAKeyToOneLimit) {
  GatewayProcess a(Opts(Config(*redis_)));
  GatewayProcess b(Opts(Config(*redis_)));
  ASSERT_TRUE(a.ok()) << a.error();
  ASSERT_TRUE(b.ok()) << b.error();
  EXPECT_EQ(Guard(a), 200);
  EXPECT_EQ(Guard(b), 200);
  EXPECT_EQ(Guard(a), 200);
  std::string retry;
  EXPECT_EQ(Guard(b, &retry), 429);  // the 4th request of the minute, on the other gateway
  EXPECT_GE(std::atoi(retry.c_str()), 1);
  EXPECT_LE(std::atoi(retry.c_str()), 20);
  EXPECT_EQ(Guard(a), 429);
  // No key, no bucket: a request without one is refused before the limit is asked.
  EXPECT_EQ(HttpCall(a.port(), "POST", "/v1/guard", R"({"text":"x"})").status, 401);
  EXPECT_EQ(StoreErrors(a), "0");
  EXPECT_EQ(StoreErrors(b), "0");
}

TEST_F(GatewayRedisLimits, AnOutagePassesRequestsByDefault) {
  GatewayProcess gw(Opts(Config(*redis_)));
  ASSERT_TRUE(gw.ok()) << gw.error();
  EXPECT_EQ(Guard(gw), 200);
  redis_->Stop();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Guard(gw), 200) << i;  // over the limit of 3, unlimited
  EXPECT_EQ(StoreErrors(gw), "5");
}

TEST_F(GatewayRedisLimits, AnOutageRefusesWith503WhenConfiguredTo) {
  GatewayProcess gw(Opts(Config(*redis_, "refuse")));
  ASSERT_TRUE(gw.ok()) << gw.error();
  EXPECT_EQ(Guard(gw), 200);
  redis_->Stop();
  HttpResponse r = HttpCall(gw.port(), "POST", "/v1/guard", R"({"text":"hello"})", kAuth);
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_NE(r.body.find("rate-limit store"), std::string::npos) << r.body;
  EXPECT_EQ(r.Header("retry-after"), "1");
  EXPECT_EQ(StoreErrors(gw), "1");
}

}  // namespace
}  // namespace frontseat::testing
