// RateLimiter: a token bucket per API key for requests and one for tokens, each refilled
// continuously at its per-minute rate with a burst of one minute's worth. Checked before a
// request goes upstream; the tokens a request really used are charged when it ends, so a bucket
// may go negative and later requests wait until it refills.
//
// Two stores: MemoryRateLimiter keeps the buckets in this process (one gateway);
// RedisRateLimiter (redis_rate_limiter.h) keeps them in Redis, shared by every gateway that
// uses the same server and key prefix.
//
// Thread-safety: all methods may be called from any thread (one mutex per key; the map of keys
// is fixed at construction, so lookups take no lock).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace frontseat::gateway {

struct RateLimit {
  uint64_t requests_per_minute = 0;  // 0 = unlimited
  uint64_t tokens_per_minute = 0;    // 0 = unlimited
};

struct RateDecision {
  bool allowed = true;
  const char* limit = "";        // "requests" or "tokens" when refused
  uint64_t retry_after_s = 0;    // whole seconds until the request would be allowed (>= 1)
  // Refused because the shared store could not be asked and the config says to refuse then
  // (RedisRateLimiter with refuse_on_error): a 503, not a 429.
  bool store_unavailable = false;
};

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  virtual ~RateLimiter() = default;

  // Takes one request and `estimated_tokens` from the key's buckets if both have room; else
  // takes nothing and says how long to wait. Unknown ids are unlimited.
  virtual RateDecision Acquire(const std::string& key_id, uint64_t estimated_tokens,
                               Clock::time_point now = Clock::now()) = 0;
  // Corrects the token bucket once the real count is known (actual - estimated, may be < 0).
  virtual void Charge(const std::string& key_id, int64_t token_delta,
                      Clock::time_point now = Clock::now()) = 0;
  // Times the shared store could not be asked (a Redis error or timeout); 0 for memory.
  virtual uint64_t store_errors() const { return 0; }
};

// The buckets in this process's memory.
class MemoryRateLimiter final : public RateLimiter {
 public:
  // `limits` maps a key id (the key's hash) to its limits.
  explicit MemoryRateLimiter(const std::unordered_map<std::string, RateLimit>& limits);

  RateDecision Acquire(const std::string& key_id, uint64_t estimated_tokens,
                       Clock::time_point now = Clock::now()) override;
  void Charge(const std::string& key_id, int64_t token_delta,
              Clock::time_point now = Clock::now()) override;

 private:
  struct Bucket {
    double capacity = 0;  // 0 = unlimited
    double per_second = 0;
    double level = 0;
    void Refill(Clock::time_point now, Clock::time_point& last);
  };
  struct Entry {
    std::mutex mu;
    Bucket requests, tokens;
    Clock::time_point last;
  };
  std::unordered_map<std::string, std::unique_ptr<Entry>> entries_;
};

// A rough token count for limits before the real one is known: about 4 bytes per token, the
// usual figure for English text with OpenAI's tokenizers.
inline uint64_t EstimateTokens(uint64_t bytes) { return (bytes + 3) / 4; }

}  // namespace frontseat::gateway
