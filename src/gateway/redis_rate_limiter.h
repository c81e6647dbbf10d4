// RedisRateLimiter: the token buckets of rate_limiter.h kept in Redis, so every gateway that
// uses the same server and key prefix shares one bucket per API key (gateways behind a load
// balancer).
//
// Each key's buckets are one Redis hash, PREFIX + the key's SHA-256 (never the key), with the
// request level, the token level and the time of the last update. Acquire and Charge are each
// one Lua script (EVALSHA), so the refill, the check and the take happen atomically on the
// server, and the time is the server's (TIME), so gateways whose clocks differ still agree. The
// hash expires two minutes after its last use (a bucket is full again after one).
//
// Connections: hiredis 0.14 (the blocking API), one connection per call in flight, kept in a
// pool. Acquire blocks its worker for one round trip to Redis (tens of microseconds on the same
// host), bounded by `timeout_ms`. Charge does not: it adds the delta to a per-key sum that one
// background thread sends (one script call per key with a non-zero sum, so charges that arrive
// while a send is under way are coalesced), so the end of a request never waits on Redis. A
// charge thus reaches the shared bucket a round trip later than the request that caused it;
// Flush waits for the ones made so far. Charges that cannot be sent (Redis down) are dropped and
// counted in store_errors(), like any other failed call. When Redis cannot be asked (down, timeout, an error reply) the
// decision follows `refuse_on_error`: allow the request (the default: a rate-limit outage should
// not take the gateway down) or refuse it (RateDecision::store_unavailable, a 503). After a
// failure no new connection is tried for `reconnect_backoff_ms`, so an outage costs a worker
// nothing per request but the decision.
//
// Thread-safety: all methods may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "gateway/rate_limiter.h"

struct redisContext;

namespace frontseat::gateway {

struct RedisLimiterOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 6379;
  uint32_t db = 0;
  std::string password;  // AUTH when not empty
  std::string key_prefix = "frontseat:ratelimit:";
  uint64_t timeout_ms = 50;  // connect and each command
  bool refuse_on_error = false;
  uint64_t reconnect_backoff_ms = 1000;
};

class RedisRateLimiter final : public RateLimiter {
 public:
  RedisRateLimiter(const std::unordered_map<std::string, RateLimit>& limits,
                   RedisLimiterOptions options);
  ~RedisRateLimiter() override;

  // `now` is not used: the buckets run on the Redis server's clock.
  RateDecision Acquire(const std::string& key_id, uint64_t estimated_tokens,
                       Clock::time_point now = Clock::now()) override;
  void Charge(const std::string& key_id, int64_t token_delta,
              Clock::time_point now = Clock::now()) override;
  uint64_t store_errors() const override { return errors_.load(); }
  // Waits until every Charge made before the call has been sent to Redis (or failed).
  void Flush();
  // The last store error, for logs and tests ("" when there was none).
  std::string last_error() const;

 private:
  struct Reply;
  // Runs the script with KEYS[1] = PREFIX + key_id and `args`; false (and counts an error) when
  // Redis could not be asked.
  bool Run(const std::string& script, const std::string& sha, const std::string& key_id,
           const std::vector<std::string>& args, Reply& out);
  redisContext* Take(std::string& error);
  void Give(redisContext* c);
  void Fail(redisContext* c, std::string error);
  void ChargeLoop();

  std::unordered_map<std::string, RateLimit> limits_;
  RedisLimiterOptions options_;
  std::string acquire_sha_, charge_sha_;
  mutable std::mutex mu_;
  std::vector<redisContext*> idle_;
  std::chrono::steady_clock::time_point retry_at_{};
  std::string last_error_;
  std::atomic<uint64_t> errors_{0};

  // The charge thread's state, under charge_mu_: deltas not yet sent, summed per key.
  std::mutex charge_mu_;
  std::condition_variable charge_cv_;  // the thread waits for work; Flush for `sent_`
  std::unordered_map<std::string, int64_t> pending_;
  uint64_t queued_ = 0, sent_ = 0;  // charges ever queued / sent or failed
  bool stop_ = false;
  std::thread charger_;
};

}  // namespace frontseat::gateway
