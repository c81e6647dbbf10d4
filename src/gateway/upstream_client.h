// UpstreamCall: one HTTP/1.1 exchange with an OpenAI-compatible upstream, as a coroutine on the
// calling worker's io_context. Connections are kept alive and reused per worker thread (no
// locks: a pool belongs to one thread). The answer's body can be read whole or piece by piece
// (for streams).
//
// Failures come back as an UpstreamError: kTimeout (nothing within connect_timeout_ms to connect,
// or within timeout_ms for the header, for the whole body, or between two stream reads) maps to
// 504; everything else (refused, reset, not HTTP, body over the limit) to 502.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "gateway/config.h"

namespace frontseat::gateway {

namespace asio = boost::asio;

struct UpstreamError {
  enum class Kind { kFailed, kTimeout };
  Kind kind = Kind::kFailed;
  std::string message;  // "upstream local (127.0.0.1:8000): connection refused"
};

struct UpstreamTimeouts {
  uint64_t connect_ms = 5'000;
  uint64_t timeout_ms = 120'000;
};

// Idle keep-alive connections to upstreams, for one worker thread (its io_context). Must be
// destroyed before that io_context. Not thread-safe: use from the owning worker only.
class UpstreamPool {
 public:
  UpstreamPool();
  ~UpstreamPool();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class UpstreamCall {
 public:
  // `pool` belongs to the worker the call runs on.
  UpstreamCall(UpstreamPool& pool, const Upstream& upstream, UpstreamTimeouts timeouts);
  ~UpstreamCall();

  // Sends the request (path is appended to the upstream's base path, e.g. "/chat/completions")
  // and reads the response header. A reused connection that turns out to be closed is retried
  // once on a fresh one.
  asio::awaitable<std::optional<UpstreamError>> Send(std::string_view method,
                                                     std::string_view path,
                                                     std::string_view body);
  int status() const;
  std::string content_type() const;
  std::string header(std::string_view name) const;

  // Reads more of the body: appends to `out`; returns false at the end of the body.
  asio::awaitable<std::optional<UpstreamError>> Read(std::string& out, bool& more);
  // Reads the rest of the body (at most max_bytes) into `out`.
  asio::awaitable<std::optional<UpstreamError>> ReadAll(std::string& out, uint64_t max_bytes);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace frontseat::gateway
