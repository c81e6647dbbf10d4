// Token buckets for API keys (see rate_limiter.h).
#include "gateway/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace frontseat::gateway {

MemoryRateLimiter::MemoryRateLimiter(const std::unordered_map<std::string, RateLimit>& limits) {
  auto now = Clock::now();
  for (const auto& [id, limit] : limits) {
    auto e = std::make_unique<Entry>();
    e->requests.capacity = static_cast<double>(limit.requests_per_minute);
    e->requests.per_second = e->requests.capacity / 60.0;
    e->requests.level = e->requests.capacity;
    e->tokens.capacity = static_cast<double>(limit.tokens_per_minute);
    e->tokens.per_second = e->tokens.capacity / 60.0;
    e->tokens.level = e->tokens.capacity;
    e->last = now;
    entries_.emplace(id, std::move(e));
  }
}

void MemoryRateLimiter::Bucket::Refill(Clock::time_point now, Clock::time_point& last) {
  if (capacity <= 0) return;
  double dt = std::chrono::duration<double>(now - last).count();
  if (dt > 0) level = std::min(capacity, level + dt * per_second);
}

namespace {
uint64_t SecondsUntil(double deficit, double per_second) {
  return static_cast<uint64_t>(std::max(1.0, std::ceil(deficit / per_second)));
}
}  // namespace

RateDecision MemoryRateLimiter::Acquire(const std::string& key_id, uint64_t estimated_tokens,
                                  Clock::time_point now) {
  auto it = entries_.find(key_id);
  if (it == entries_.end()) return {};
  Entry& e = *it->second;
  std::lock_guard lock(e.mu);
  e.requests.Refill(now, e.last);
  e.tokens.Refill(now, e.last);
  if (now > e.last) e.last = now;
  if (e.requests.capacity > 0 && e.requests.level < 1.0) {
    return {false, "requests", SecondsUntil(1.0 - e.requests.level, e.requests.per_second)};
  }
  // A request larger than the whole bucket can never pass; it waits for a full bucket, then goes
  // (and drives the level negative) rather than being refused forever.
  double want = std::min(static_cast<double>(estimated_tokens), e.tokens.capacity);
  if (e.tokens.capacity > 0 && e.tokens.level < want) {
    return {false, "tokens", SecondsUntil(want - e.tokens.level, e.tokens.per_second)};
  }
  if (e.requests.capacity > 0) e.requests.level -= 1.0;
  if (e.tokens.capacity > 0) e.tokens.level -= static_cast<double>(estimated_tokens);
  return {};
}

void MemoryRateLimiter::Charge(const std::string& key_id, int64_t token_delta, Clock::time_point now) {
  auto it = entries_.find(key_id);
  if (it == entries_.end() || token_delta == 0) return;
  Entry& e = *it->second;
  std::lock_guard lock(e.mu);
  if (e.tokens.capacity <= 0) return;
  e.requests.Refill(now, e.last);
  e.tokens.Refill(now, e.last);
  if (now > e.last) e.last = now;
  e.tokens.level = std::min(e.tokens.capacity, e.tokens.level - static_cast<double>(token_delta));
}

}  // namespace frontseat::gateway
