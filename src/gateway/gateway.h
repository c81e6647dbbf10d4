// Gateway: the routes of `frontseat serve`, on top of HttpServer. For each request: API key →
// tenant and profile, rate limit, parse, guard, (upstream), guard the answer, write the audit
// event, and only once it is committed send the answer.
//
//   POST /v1/chat/completions   proxied to the upstream for the model; input and output guarded,
//                               streams guarded incrementally (stream_guard.h)
//   POST /v1/moderations        OpenAI's moderation shape plus frontseat's categories
//   POST /v1/guard              the native decision: action, categories, findings, redacted text
//   GET  /v1/models             the upstreams' models
//   GET  /healthz /readyz /metrics
//
// Thread model: Handle runs on the worker that owns the connection; everything it touches is
// either immutable after Create (config, guards, keys), per worker (upstream pools) or
// thread-safe (metrics, rate limiter, the audit store).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include "audit/audit_store.h"
#include "frontseat/guard.h"
#include "gateway/config.h"
#include "gateway/http_server.h"
#include "gateway/metrics.h"
#include "gateway/rate_limiter.h"
#include "gateway/upstream_client.h"

namespace frontseat::gateway {

// Where audit events go. `append` must call `done` once the event is durable (or failed), from
// any thread; AuditStore::Append does exactly that. Empty `append`: no audit (tests of routes
// that do not need one). `append_here` (optional, AuditStore::AppendHere) may instead commit on
// the calling thread and call `done` before it returns; the gateway uses it for a request that
// is alone in flight, where it saves two thread wake-ups, and `append` (group commit on the
// store's writer thread) whenever other requests are in flight, so that a worker does not hold
// up its other connections for a commit of one.
struct AuditHooks {
  std::function<void(audit::Event, std::function<void(Result<uint64_t>)>)> append;
  std::function<void(audit::Event, std::function<void(Result<uint64_t>)>)> append_here;
  std::function<uint64_t()> queue_depth;
  std::function<audit::StoreStats()> stats;  // optional (AuditStore::Stats), for /metrics
};

class Gateway {
 public:
  // Builds every profile's guards (policy files are loaded and checked here; errors name the
  // profile key, e.g. "profiles.strict.input_policy: strict.yaml:3: ...").
  static Result<std::unique_ptr<Gateway>> Create(GatewayConfig config, AuditHooks audit);
  ~Gateway();

  // Creates one upstream connection pool per worker context. Call before serving; the pools
  // must be gone before the contexts are (destroy the Gateway first, or call DetachWorkers).
  void AttachWorkers(const std::vector<asio::io_context*>& contexts);
  void DetachWorkers();

  asio::awaitable<void> Handle(Exchange& exchange);

  // /readyz answers 503 while not ready (before start, and while draining).
  void SetReady(bool ready) { ready_ = ready; }
  const GatewayConfig& config() const { return config_; }
  Metrics& metrics() { return metrics_; }

  struct Impl;

 private:
  Gateway() = default;
  GatewayConfig config_;
  AuditHooks audit_;
  Metrics metrics_;
  std::atomic<bool> ready_{false};
  std::unique_ptr<Impl> impl_;
};

}  // namespace frontseat::gateway
