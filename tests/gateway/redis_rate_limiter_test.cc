// Do gateways that keep their buckets in one Redis share them: a key's requests and tokens
// counted across instances, late token charges seen by the others, a key's state in one
// expiring hash named by the key's hash (never the key)? And when Redis cannot be asked: the
// request allowed or refused as configured, the error counted and named, and the store used
// again once Redis is back? Are a password (AUTH) and a database number (SELECT) used, and a wrong
// password named? Runs against a real redis-server (skipped where none is installed;
// CI installs it).
#include "gateway/redis_rate_limiter.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "testing/redis_process.h"

namespace frontseat::gateway {
namespace {

using testing::RedisProcess;

class RedisRateLimiterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    redis_ = std::make_unique<RedisProcess>();
    if (!redis_->available()) GTEST_SKIP() << redis_->error();
    ASSERT_TRUE(redis_->ok()) << redis_->error();
  }
  // One gateway's limiter; several made with the same options share the buckets.
  std::unique_ptr<RedisRateLimiter> Limiter(RateLimit limit, bool refuse_on_error = false,
                                            uint64_t backoff_ms = 1000) {
    RedisLimiterOptions o;
    o.port = redis_->port();
    o.key_prefix = "test:rl:";
    o.refuse_on_error = refuse_on_error;
    o.reconnect_backoff_ms = backoff_ms;
    return std::make_unique<RedisRateLimiter>(
        std::unordered_map<std::string, RateLimit>{{"k1", limit}}, o);
  }
  std::unique_ptr<RedisProcess> redis_;
};

TEST_F(RedisRateLimiterTest, TwoGatewaysShareOneRequestBucket) {
  auto a = Limiter({5, 0});
  auto b = Limiter({5, 0});
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(a->Acquire("k1", 10).allowed) << i;
  for (int i = 0; i < 2; ++i) EXPECT_TRUE(b->Acquire("k1", 10).allowed) << i;
  RateDecision refused = a->Acquire("k1", 10);
  EXPECT_FALSE(refused.allowed);
  EXPECT_STREQ(refused.limit, "requests");
  EXPECT_FALSE(refused.store_unavailable);
  // 5 per minute: one request back every 12 s, and the bucket is nearly empty.
  EXPECT_GE(refused.retry_after_s, 11u);
  EXPECT_LE(refused.retry_after_s, 12u);
  EXPECT_FALSE(b->Acquire("k1", 10).allowed);
  EXPECT_EQ(a->store_errors(), 0u) << a->last_error();
  EXPECT_EQ(b->store_errors(), 0u) << b->last_error();
}

TEST_F(RedisRateLimiterTest, TokensChargedByOneGatewayAreSeenByTheOther) {
  auto a = Limiter({0, 1000});
  auto b = Limiter({0, 1000});
  EXPECT_TRUE(a->Acquire("k1", 600).allowed);
  RateDecision refused = b->Acquire("k1", 600);
  EXPECT_FALSE(refused.allowed);
  EXPECT_STREQ(refused.limit, "tokens");
  EXPECT_GE(refused.retry_after_s, 1u);
  // The request used 200 tokens, not the 600 estimated: 400 go back into the shared bucket.
  a->Charge("k1", -400);
  a->Flush();  // charges go out on a background thread
  EXPECT_TRUE(b->Acquire("k1", 600).allowed);
  // And one that used more than estimated drives the bucket down for everyone; charges made
  // while one is being sent are summed into one call per key.
  for (int i = 0; i < 50; ++i) b->Charge("k1", 100);
  b->Flush();
  EXPECT_FALSE(a->Acquire("k1", 1).allowed);
  EXPECT_EQ(b->store_errors(), 0u) << b->last_error();
}

TEST_F(RedisRateLimiterTest, ChargesDuringAnOutageAreCountedAndDropped) {
  auto a = Limiter({0, 1000});
  EXPECT_TRUE(a->Acquire("k1", 10).allowed);
  redis_->Stop();
  a->Charge("k1", 500);  // returns at once: the background thread meets the outage
  a->Flush();
  EXPECT_GE(a->store_errors(), 1u);
  EXPECT_NE(a->last_error(), "");
}

TEST_F(RedisRateLimiterTest, PendingChargesAreSentBeforeTheLimiterGoes) {
  {
    auto a = Limiter({0, 1000});
    EXPECT_TRUE(a->Acquire("k1", 10).allowed);
    a->Charge("k1", 990);
  }  // destroyed without Flush
  auto b = Limiter({0, 1000});
  EXPECT_FALSE(b->Acquire("k1", 100).allowed);
}

TEST_F(RedisRateLimiterTest, StateIsOneExpiringHashNamedByTheKeyHash) {
  auto a = Limiter({60, 6000});
  ASSERT_TRUE(a->Acquire("k1", 100).allowed);
  EXPECT_EQ(redis_->Command({"KEYS", "*"}), "test:rl:k1");
  const std::string fields = redis_->Command({"HGETALL", "test:rl:k1"});
  EXPECT_NE(fields.find("r\n59"), std::string::npos) << fields;
  EXPECT_NE(fields.find("t\n5900"), std::string::npos) << fields;
  const long ttl = std::stol(redis_->Command({"PTTL", "test:rl:k1"}));
  EXPECT_GT(ttl, 60'000);
  EXPECT_LE(ttl, 120'000);
}

TEST_F(RedisRateLimiterTest, UnknownAndUnlimitedKeysNeverAskRedis) {
  auto a = Limiter({0, 0});
  redis_->Stop();
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(a->Acquire("k1", 10).allowed);
    EXPECT_TRUE(a->Acquire("unknown", 10).allowed);
  }
  a->Charge("k1", 100);
  a->Flush();
  EXPECT_EQ(a->store_errors(), 0u);
}

TEST_F(RedisRateLimiterTest, OutageFailsOpenByDefaultAndTheStoreIsUsedAgainAfterIt) {
  auto a = Limiter({2, 0}, /*refuse_on_error=*/false, /*backoff_ms=*/50);
  EXPECT_TRUE(a->Acquire("k1", 1).allowed);
  redis_->Stop();
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(a->Acquire("k1", 1).allowed) << i;
  EXPECT_EQ(a->store_errors(), 5u);
  EXPECT_NE(a->last_error().find("redis 127.0.0.1:" + std::to_string(redis_->port())),
            std::string::npos)
      << a->last_error();
  ASSERT_TRUE(redis_->Start()) << redis_->error();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // past the backoff
  // A fresh server: a full bucket of 2, then a refusal, so the store is really asked again.
  EXPECT_TRUE(a->Acquire("k1", 1).allowed);
  EXPECT_TRUE(a->Acquire("k1", 1).allowed);
  EXPECT_FALSE(a->Acquire("k1", 1).allowed);
  EXPECT_EQ(a->store_errors(), 5u) << a->last_error();
}

TEST_F(RedisRateLimiterTest, OutageRefusesWhenConfiguredTo) {
  auto a = Limiter({100, 0}, /*refuse_on_error=*/true);
  redis_->Stop();
  RateDecision d = a->Acquire("k1", 1);
  EXPECT_FALSE(d.allowed);
  EXPECT_TRUE(d.store_unavailable);
  EXPECT_GE(d.retry_after_s, 1u);
  EXPECT_EQ(a->store_errors(), 1u);
}

TEST(RedisRateLimiterAuth, PasswordAndDatabaseAreUsedAndAWrongPasswordIsNamed) {
  RedisProcess redis("s3cret-pw");
  if (!redis.available()) GTEST_SKIP() << redis.error();
  ASSERT_TRUE(redis.ok()) << redis.error();
  RedisLimiterOptions o;
  o.port = redis.port();
  o.db = 3;
  o.password = "s3cret-pw";
  RedisRateLimiter good({{"k1", {1, 0}}}, o);
  EXPECT_TRUE(good.Acquire("k1", 1).allowed);
  EXPECT_FALSE(good.Acquire("k1", 1).allowed);
  EXPECT_EQ(good.store_errors(), 0u) << good.last_error();
  EXPECT_EQ(redis.Command({"KEYS", "*"}), "");  // nothing in database 0
  // Command() uses a fresh connection per call (database 0): look in database 3 from Lua.
  EXPECT_EQ(redis.Command({"EVAL", "redis.call('SELECT', 3) return redis.call('KEYS', '*')", "0"}),
            "frontseat:ratelimit:k1");

  o.password = "wrong";
  RedisRateLimiter bad({{"k1", {1, 0}}}, o);
  EXPECT_TRUE(bad.Acquire("k1", 1).allowed);  // fails open by default
  EXPECT_EQ(bad.store_errors(), 1u);
  EXPECT_NE(bad.last_error().find("AUTH"), std::string::npos) << bad.last_error();
}

TEST_F(RedisRateLimiterTest, ConcurrentGatewaysNeverOverspendTheBucket) {
  // Four limiters (four gateways), two threads each, 40 attempts on a bucket of 25: exactly 25
  // pass, since each check-and-take runs as one script on the server.
  std::vector<std::unique_ptr<RedisRateLimiter>> gateways;
  for (int g = 0; g < 4; ++g) gateways.push_back(Limiter({25, 0}));
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) allowed += gateways[t % 4]->Acquire("k1", 1).allowed ? 1 : 0;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(allowed.load(), 25);
  for (auto& g : gateways) EXPECT_EQ(g->store_errors(), 0u) << g->last_error();
}

}  // namespace
}  // namespace frontseat::gateway
