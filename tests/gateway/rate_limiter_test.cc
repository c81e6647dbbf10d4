// Do the token buckets refuse at the limit, say how long to wait, refill with time, and settle
// the real token count afterwards? Times are passed in, so nothing depends on the clock.
#include "gateway/rate_limiter.h"

#include <gtest/gtest.h>

namespace frontseat::gateway {
namespace {

using std::chrono::seconds;

TEST(RateLimiter, RequestsPerMinute) {
  MemoryRateLimiter rl({{"k", {3, 0}}});
  auto t = RateLimiter::Clock::now();
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(rl.Acquire("k", 10, t).allowed);
  RateDecision d = rl.Acquire("k", 10, t);
  EXPECT_FALSE(d.allowed);
  EXPECT_STREQ(d.limit, "requests");
  EXPECT_EQ(d.retry_after_s, 20u);  // one request refills in 60/3 s
  EXPECT_FALSE(rl.Acquire("k", 10, t + seconds(19)).allowed);
  EXPECT_TRUE(rl.Acquire("k", 10, t + seconds(20)).allowed);
}

TEST(RateLimiter, TokensPerMinuteAndLateCharge) {
  MemoryRateLimiter rl({{"k", {0, 600}}});
  auto t = RateLimiter::Clock::now();
  EXPECT_TRUE(rl.Acquire("k", 500, t).allowed);
  RateDecision d = rl.Acquire("k", 200, t);
  EXPECT_FALSE(d.allowed);
  EXPECT_STREQ(d.limit, "tokens");
  EXPECT_EQ(d.retry_after_s, 10u);  // 100 tokens missing at 10 per second
  // The first request really used 100 tokens more than estimated.
  rl.Charge("k", 100, t);
  d = rl.Acquire("k", 200, t);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after_s, 20u);
  EXPECT_TRUE(rl.Acquire("k", 200, t + seconds(20)).allowed);
}

TEST(RateLimiter, OversizeRequestWaitsForAFullBucketThenPasses) {
  MemoryRateLimiter rl({{"k", {0, 60}}});
  auto t = RateLimiter::Clock::now();
  EXPECT_TRUE(rl.Acquire("k", 1000, t).allowed);  // bucket full: goes, level far below zero
  EXPECT_FALSE(rl.Acquire("k", 1, t + seconds(30)).allowed);
}

TEST(RateLimiter, UnknownAndUnlimitedKeysPass) {
  MemoryRateLimiter rl({{"k", {0, 0}}});
  auto t = RateLimiter::Clock::now();
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(rl.Acquire("k", 1 << 20, t).allowed);
  EXPECT_TRUE(rl.Acquire("other", 1, t).allowed);
}

}  // namespace
}  // namespace frontseat::gateway
