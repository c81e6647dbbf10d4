// Token buckets in Redis (see redis_rate_limiter.h).
#include "gateway/redis_rate_limiter.h"

#include <hiredis/hiredis.h>
#include <openssl/sha.h>
#include <sys/time.h>

#include <cstdio>

namespace frontseat::gateway {
namespace {

// Both scripts: KEYS[1] is the key's hash; ARGV[1], ARGV[2] requests and tokens per minute
// (0 = unlimited), ARGV[3] the script's own argument, ARGV[4] the hash's time to live in ms. They
// read the levels, refill them for the time since the last update (the server's clock), do
// their part and store the levels back. Levels are kept as strings: a Lua number returned or
// stored as a number would lose its fraction. The same rules as MemoryRateLimiter
// (rate_limiter.cc).
constexpr const char* kLoadAndRefill = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local rc, tc = tonumber(ARGV[1]), tonumber(ARGV[2])
local v = redis.call('HMGET', KEYS[1], 'r', 't', 'ts')
local r = tonumber(v[1]) or rc
local tk = tonumber(v[2]) or tc
local ts = tonumber(v[3]) or now
local dt = math.max(0, now - ts) / 1000000
if rc > 0 then r = math.min(rc, r + dt * rc / 60) end
if tc > 0 then tk = math.min(tc, tk + dt * tc / 60) end
)lua";

constexpr const char* kStore = R"lua(
redis.call('HSET', KEYS[1], 'r', string.format('%.17g', r), 't', string.format('%.17g', tk),
           'ts', string.format('%d', now))
redis.call('PEXPIRE', KEYS[1], ARGV[4])
)lua";

// ARGV[3]: the request's estimated tokens. Returns {allowed, limit, retry_after_s}
// (MemoryRateLimiter::Acquire).
const std::string kAcquire = std::string(kLoadAndRefill) + R"lua(
local est = tonumber(ARGV[3])
local res
if rc > 0 and r < 1 then
  res = {0, 'requests', math.max(1, math.ceil((1 - r) / (rc / 60)))}
else
  local want = math.min(est, tc)
  if tc > 0 and tk < want then
    res = {0, 'tokens', math.max(1, math.ceil((want - tk) / (tc / 60)))}
  else
    if rc > 0 then r = r - 1 end
    if tc > 0 then tk = tk - est end
    res = {1, '', 0}
  end
end
)lua" + kStore + "return res\n";

// ARGV[3]: tokens to add to the count (actual - estimated, may be < 0)
// (MemoryRateLimiter::Charge).
const std::string kCharge = std::string(kLoadAndRefill) + R"lua(
if tc <= 0 then return 0 end
tk = math.min(tc, tk - tonumber(ARGV[3]))
)lua" + kStore + "return 0\n";

constexpr const char* kTtlMs = "120000";

std::string Sha1Hex(const std::string& text) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  std::string hex;
  char buf[3];
  for (unsigned char b : digest) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    hex += buf;
  }
  return hex;
}

timeval Timeval(uint64_t ms) {
  timeval tv;
  tv.tv_sec = static_cast<time_t>(ms / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms % 1000) * 1000);
  return tv;
}

struct ReplyPtr {
  redisReply* r = nullptr;
  ~ReplyPtr() {
    if (r) freeReplyObject(r);
  }
};

redisReply* Command(redisContext* c, const std::vector<std::string>& argv) {
  std::vector<const char*> ptrs;
  std::vector<size_t> lens;
  for (const std::string& a : argv) {
    ptrs.push_back(a.data());
    lens.push_back(a.size());
  }
  return static_cast<redisReply*>(
      redisCommandArgv(c, static_cast<int>(argv.size()), ptrs.data(), lens.data()));
}

}  // namespace

struct RedisRateLimiter::Reply {
  int64_t allowed = 1;
  std::string limit;
  int64_t retry_after = 0;
};

RedisRateLimiter::RedisRateLimiter(const std::unordered_map<std::string, RateLimit>& limits,
                                   RedisLimiterOptions options)
    : limits_(limits),
      options_(std::move(options)),
      acquire_sha_(Sha1Hex(kAcquire)),
      charge_sha_(Sha1Hex(kCharge)) {
  charger_ = std::thread([this] { ChargeLoop(); });
}

RedisRateLimiter::~RedisRateLimiter() {
  {
    std::lock_guard lock(charge_mu_);
    stop_ = true;
  }
  charge_cv_.notify_all();
  charger_.join();  // sends what is pending first
  for (redisContext* c : idle_) redisFree(c);
}

std::string RedisRateLimiter::last_error() const {
  std::lock_guard lock(mu_);
  return last_error_;
}

redisContext* RedisRateLimiter::Take(std::string& error) {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      redisContext* c = idle_.back();
      idle_.pop_back();
      return c;
    }
    if (std::chrono::steady_clock::now() < retry_at_) {
      error = "not retried yet after: " + last_error_;
      return nullptr;
    }
  }
  const std::string where = options_.host + ":" + std::to_string(options_.port);
  redisContext* c =
      redisConnectWithTimeout(options_.host.c_str(), options_.port, Timeval(options_.timeout_ms));
  if (c == nullptr) {
    error = "redis " + where + ": cannot allocate a connection";
    return nullptr;
  }
  if (c->err) {
    error = "redis " + where + ": " + c->errstr;
    redisFree(c);
    return nullptr;
  }
  redisSetTimeout(c, Timeval(options_.timeout_ms));
  auto setup = [&](const std::vector<std::string>& argv, const char* what) {
    ReplyPtr r{Command(c, argv)};
    if (r.r == nullptr) {
      error = "redis " + where + ": " + what + ": " + (c->err ? c->errstr : "no reply");
      return false;
    }
    if (r.r->type == REDIS_REPLY_ERROR) {
      error = "redis " + where + ": " + what + ": " + std::string(r.r->str, r.r->len);
      return false;
    }
    return true;
  };
  if ((!options_.password.empty() && !setup({"AUTH", options_.password}, "AUTH")) ||
      (options_.db != 0 && !setup({"SELECT", std::to_string(options_.db)}, "SELECT"))) {
    redisFree(c);
    return nullptr;
  }
  return c;
}

void RedisRateLimiter::Give(redisContext* c) {
  std::lock_guard lock(mu_);
  idle_.push_back(c);
}

void RedisRateLimiter::Fail(redisContext* c, std::string error) {
  if (c) redisFree(c);
  errors_.fetch_add(1);
  std::lock_guard lock(mu_);
  if (!error.starts_with("not retried yet")) {
    last_error_ = std::move(error);
    retry_at_ =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.reconnect_backoff_ms);
    // The other idle connections are likely as broken as this one (a restarted server).
    for (redisContext* idle : idle_) redisFree(idle);
    idle_.clear();
  }
}

bool RedisRateLimiter::Run(const std::string& script, const std::string& sha,
                           const std::string& key_id, const std::vector<std::string>& args,
                           Reply& out) {
  std::string error;
  redisContext* c = Take(error);
  if (c == nullptr) {
    Fail(nullptr, std::move(error));
    return false;
  }
  std::vector<std::string> argv = {"EVALSHA", sha, "1", options_.key_prefix + key_id};
  argv.insert(argv.end(), args.begin(), args.end());
  ReplyPtr r{Command(c, argv)};
  if (r.r != nullptr && r.r->type == REDIS_REPLY_ERROR &&
      std::string_view(r.r->str, r.r->len).starts_with("NOSCRIPT")) {
    // First use on this server (or after SCRIPT FLUSH): send the script itself, which also
    // caches it under the same SHA1 for the next calls.
    argv[0] = "EVAL";
    argv[1] = script;
    freeReplyObject(r.r);
    r.r = Command(c, argv);
  }
  const std::string where = options_.host + ":" + std::to_string(options_.port);
  if (r.r == nullptr) {
    Fail(c, "redis " + where + ": " + (c->err ? c->errstr : "no reply"));
    return false;
  }
  if (r.r->type == REDIS_REPLY_ERROR) {
    std::string e = "redis " + where + ": " + std::string(r.r->str, r.r->len);
    Give(c);  // the connection is fine; the server refused the command
    Fail(nullptr, std::move(e));
    return false;
  }
  if (r.r->type == REDIS_REPLY_ARRAY && r.r->elements == 3) {
    out.allowed = r.r->element[0]->integer;
    out.limit.assign(r.r->element[1]->str ? r.r->element[1]->str : "", r.r->element[1]->len);
    out.retry_after = r.r->element[2]->integer;
  }
  Give(c);
  return true;
}

RateDecision RedisRateLimiter::Acquire(const std::string& key_id, uint64_t estimated_tokens,
                                       Clock::time_point) {
  auto it = limits_.find(key_id);
  if (it == limits_.end()) return {};
  const RateLimit& l = it->second;
  if (l.requests_per_minute == 0 && l.tokens_per_minute == 0) return {};
  Reply reply;
  if (!Run(kAcquire, acquire_sha_, key_id,
           {std::to_string(l.requests_per_minute), std::to_string(l.tokens_per_minute),
            std::to_string(estimated_tokens), kTtlMs},
           reply)) {
    if (!options_.refuse_on_error) return {};
    RateDecision d;
    d.allowed = false;
    d.limit = "store";
    d.retry_after_s = 1;
    d.store_unavailable = true;
    return d;
  }
  if (reply.allowed) return {};
  RateDecision d;
  d.allowed = false;
  d.limit = reply.limit == "tokens" ? "tokens" : "requests";
  d.retry_after_s = static_cast<uint64_t>(std::max<int64_t>(1, reply.retry_after));
  return d;
}

void RedisRateLimiter::Charge(const std::string& key_id, int64_t token_delta, Clock::time_point) {
  auto it = limits_.find(key_id);
  if (it == limits_.end() || token_delta == 0 || it->second.tokens_per_minute == 0) return;
  {
    std::lock_guard lock(charge_mu_);
    pending_[key_id] += token_delta;
    ++queued_;
  }
  charge_cv_.notify_all();
}

void RedisRateLimiter::Flush() {
  std::unique_lock lock(charge_mu_);
  uint64_t target = queued_;
  charge_cv_.wait(lock, [&] { return sent_ >= target; });
}

void RedisRateLimiter::ChargeLoop() {
  std::unique_lock lock(charge_mu_);
  for (;;) {
    charge_cv_.wait(lock, [&] { return stop_ || !pending_.empty(); });
    if (pending_.empty()) return;  // stopping, and nothing left to send
    std::unordered_map<std::string, int64_t> batch;
    batch.swap(pending_);
    uint64_t covered = queued_;
    lock.unlock();
    for (const auto& [key_id, delta] : batch) {
      if (delta == 0) continue;
      const RateLimit& l = limits_.at(key_id);
      Reply reply;
      Run(kCharge, charge_sha_, key_id,
          {std::to_string(l.requests_per_minute), std::to_string(l.tokens_per_minute),
           std::to_string(delta), kTtlMs},
          reply);
    }
    lock.lock();
    sent_ = covered;
    charge_cv_.notify_all();
  }
}

}  // namespace frontseat::gateway
