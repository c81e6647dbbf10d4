// Metrics: the gateway's counters and latency histograms, rendered in the Prometheus text
// exposition format (version 0.0.4) for GET /metrics.
//
//   frontseat_requests_total{route,code}           requests answered, by route and HTTP status
//   frontseat_decisions_total{direction,category,action}  guard findings' categories per decision
//   frontseat_actions_total{direction,action}      guard decisions
//   frontseat_guard_seconds / _upstream_seconds / _request_seconds / _audit_commit_seconds
//                                                  histograms
//   frontseat_audit_queue_depth                    events waiting for the audit writer
//   frontseat_audit_events_total{result}           audit events committed / failed
//   frontseat_audit_move_backlog, _move_errors_total, _journal_resets_total
//                                                  SQLite: the journal's events not yet in
//                                                  audit.db, failed mover transactions, and
//                                                  times the journal started again
//   frontseat_audit_checkpoints_total{kind}        SQLite WAL checkpoints (background, inline,
//                                                  catch_up)
//   frontseat_rate_limit_store_errors_total        times Redis (rate_limits.store) could not
//                                                  be asked
//   frontseat_tls_handshake_failures_total         HTTPS listener only: connections whose TLS
//                                                  handshake failed
//   frontseat_inflight_requests
//
// Thread-safety: every method may be called from any thread. Counters are atomics; the
// (route, code) table is small and takes a mutex.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "audit/audit_store.h"
#include "frontseat/finding.h"
#include "frontseat/guard.h"

namespace frontseat::gateway {

enum class Direction { kInput = 0, kOutput = 1, kTool = 2 };
inline constexpr int kDirectionCount = 3;
std::string_view DirectionName(Direction d);

class Histogram {
 public:
  // Upper bounds in seconds: 50 µs to 30 s, roughly ×2.5 apart.
  static constexpr std::array<double, 14> kBounds = {0.00005, 0.0001, 0.00025, 0.0005, 0.001,
                                                     0.0025,  0.005,  0.01,    0.025,  0.1,
                                                     0.5,     2.5,    10,      30};
  void Observe(double seconds);
  void Render(std::string& out, std::string_view name, std::string_view help) const;

 private:
  std::array<std::atomic<uint64_t>, kBounds.size() + 1> buckets_{};
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_ns_{0};
};

class Metrics {
 public:
  void CountRequest(std::string_view route, int http_status);
  void CountDecision(Direction direction, const Decision& decision);
  Histogram& guard_seconds() { return guard_; }
  Histogram& upstream_seconds() { return upstream_; }
  Histogram& request_seconds() { return request_; }
  Histogram& audit_seconds() { return audit_; }
  std::atomic<int64_t>& inflight() { return inflight_; }

  // `audit_queue_depth` is read at render time (the audit store owns the number), as are
  // `audit_stats` (AuditStore::Stats; null: the audit store's own metrics are left out).
  // `rate_limit_store_errors`: RateLimiter::store_errors() (0 with the memory store).
  // The HTTPS listener's handshake failure count (HttpServer::tls_handshake_failures), read at
  // render time; set once before serving. Unset (plain HTTP): the metric is not rendered.
  void SetTlsHandshakeFailures(std::function<uint64_t()> source) {
    tls_handshake_failures_ = std::move(source);
  }
  std::string Render(const std::function<uint64_t()>& audit_queue_depth,
                     uint64_t rate_limit_store_errors = 0,
                     const audit::StoreStats* audit_stats = nullptr) const;

 private:
  std::function<uint64_t()> tls_handshake_failures_;
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;
  std::array<std::array<std::array<std::atomic<uint64_t>, 4>, kCategoryCount>, kDirectionCount>
      decisions_{};
  std::array<std::array<std::atomic<uint64_t>, 4>, kDirectionCount> actions_{};
  Histogram guard_, upstream_, request_, audit_;
  std::atomic<int64_t> inflight_{0};
};

}  // namespace frontseat::gateway
