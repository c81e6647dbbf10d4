// HTTP/1.1 client for upstream model servers, plain or TLS, with per-worker keep-alive pools
// (see upstream_client.h). Beast is confined to this file and http_server.cc.
#include "gateway/upstream_client.h"

#include <chrono>
#include <map>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "detectors/llm_judge/http_client.h"

namespace frontseat::gateway {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using std::chrono::milliseconds;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

namespace {

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// One connection to an upstream: plain TCP or TLS over TCP.
struct Connection {
  std::unique_ptr<beast::tcp_stream> plain;
  std::unique_ptr<TlsStream> tls;

  explicit operator bool() const { return plain || tls; }
  beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*tls) : *plain; }
  // Calls f with the stream to read and write through; both kinds give the same awaitable type.
  template <typename F>
  auto With(F&& f) {
    return tls ? f(*tls) : f(*plain);
  }
  void reset() {
    plain.reset();
    tls.reset();
  }
};

}  // namespace

struct UpstreamPool::Impl {
  // scheme://host:port -> idle connections (at most kMaxIdle each).
  std::map<std::string, std::vector<Connection>> idle;
  // Upstream name -> its TLS client context (trust store, verification), made on first use.
  std::map<std::string, std::unique_ptr<asio::ssl::context>> tls_contexts;
  static constexpr size_t kMaxIdle = 64;

  // The TLS context for `u`: peer verification on, with u.ca_file or the system's trust store.
  asio::ssl::context* TlsContext(const Upstream& u, boost::system::error_code& ec) {
    auto& ctx = tls_contexts[u.name];
    if (!ctx) {
      auto made = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
      detectors::ConfigureTlsClient(*made, u.ca_file, ec);
      if (ec) return nullptr;
      ctx = std::move(made);
    }
    return ctx.get();
  }
};

UpstreamPool::UpstreamPool() : impl_(std::make_unique<Impl>()) {}
UpstreamPool::~UpstreamPool() = default;

struct UpstreamCall::Impl {
  UpstreamPool& pool;
  const Upstream& upstream;
  UpstreamTimeouts timeouts;
  std::string key;          // pool key: scheme://host:port
  std::string host_header;  // host, with :port unless it is the scheme's default
  Connection stream;
  beast::flat_buffer buffer;
  std::unique_ptr<http::response_parser<http::buffer_body>> parser;
  bool done = false;
  std::vector<char> read_buffer = std::vector<char>(16384);

  UpstreamError Fail(const boost::system::error_code& ec, std::string_view what) const {
    UpstreamError e;
    e.kind =
        ec == beast::error::timeout ? UpstreamError::Kind::kTimeout : UpstreamError::Kind::kFailed;
    std::string why = ec == beast::error::timeout ? "timed out" : ec.message();
    e.message = "upstream " + upstream.name + " (" + key + "): " + std::string(what) + ": " + why;
    return e;
  }

  void Release() {
    // A connection goes back to the pool only after a complete, keep-alive answer.
    if (stream && parser && parser->is_done() && parser->keep_alive() && buffer.size() == 0) {
      auto& list = pool.impl_->idle[key];
      if (list.size() < UpstreamPool::Impl::kMaxIdle) list.push_back(std::move(stream));
    }
    stream.reset();
  }
};

namespace {

// A fresh connection for the call: resolve, connect and, for https, the TLS handshake (SNI set,
// the certificate checked against the upstream's host name or IP address). The whole of it must
// finish within connect_ms.
asio::awaitable<std::optional<UpstreamError>> Connect(UpstreamCall::Impl& s,
                                                      asio::any_io_executor executor) {
  const Upstream& u = s.upstream;
  if (u.tls) {
    boost::system::error_code ec;
    asio::ssl::context* ctx = s.pool.impl_->TlsContext(u, ec);
    if (ctx == nullptr) co_return s.Fail(ec, "cannot set up TLS (ca_file or trust store)");
    s.stream.tls = std::make_unique<TlsStream>(executor, *ctx);
    boost::system::error_code not_an_address;
    asio::ip::make_address(u.host, not_an_address);
    // SNI carries host names only, never IP addresses (RFC 6066).
    if (not_an_address &&
        !SSL_set_tlsext_host_name(s.stream.tls->native_handle(), u.host.c_str())) {
      co_return s.Fail(boost::system::error_code(static_cast<int>(::ERR_get_error()),
                                                 asio::error::get_ssl_category()),
                       "cannot set the TLS server name");
    }
    s.stream.tls->set_verify_callback(asio::ssl::host_name_verification(u.host));
  } else {
    s.stream.plain = std::make_unique<beast::tcp_stream>(executor);
  }
  beast::tcp_stream& lowest = s.stream.lowest();
  lowest.expires_after(milliseconds(s.timeouts.connect_ms));
  tcp::resolver resolver(executor);
  auto [rec, results] = co_await resolver.async_resolve(u.host, std::to_string(u.port), kTuple);
  if (rec) co_return s.Fail(rec, "cannot resolve host");
  auto [cec, ep] = co_await lowest.async_connect(results, kTuple);
  if (cec) co_return s.Fail(cec, "connect failed");
  boost::system::error_code ignored;
  lowest.socket().set_option(tcp::no_delay(true), ignored);
  if (s.stream.tls) {
    auto [hec] = co_await s.stream.tls->async_handshake(asio::ssl::stream_base::client, kTuple);
    if (hec) co_return s.Fail(hec, "TLS handshake failed");
  }
  co_return std::nullopt;
}

}  // namespace

UpstreamCall::UpstreamCall(UpstreamPool& pool, const Upstream& upstream, UpstreamTimeouts timeouts)
    : impl_(std::make_unique<Impl>(Impl{pool, upstream, timeouts, {}, {}, {}, {}, {}, false})) {
  const std::string host =
      upstream.host.find(':') != std::string::npos ? "[" + upstream.host + "]" : upstream.host;
  impl_->key = (upstream.tls ? "https://" : "http://") + host + ":" + std::to_string(upstream.port);
  const bool default_port = upstream.port == (upstream.tls ? 443 : 80);
  impl_->host_header = default_port ? host : host + ":" + std::to_string(upstream.port);
}

UpstreamCall::~UpstreamCall() = default;

asio::awaitable<std::optional<UpstreamError>> UpstreamCall::Send(std::string_view method,
                                                                 std::string_view path,
                                                                 std::string_view body) {
  Impl& s = *impl_;
  auto executor = co_await asio::this_coro::executor;
  http::request<http::string_body> req{http::string_to_verb(method),
                                       s.upstream.base_path + std::string(path), 11};
  req.set(http::field::host, s.host_header);
  req.set(http::field::user_agent, "frontseat-gateway");
  if (!body.empty()) req.set(http::field::content_type, "application/json");
  if (!s.upstream.api_key.empty()) {
    req.set(http::field::authorization, "Bearer " + s.upstream.api_key);
  }
  req.keep_alive(true);
  req.body() = std::string(body);
  req.prepare_payload();

  for (int attempt = 0; attempt < 2; ++attempt) {
    bool reused = false;
    s.stream.reset();
    s.buffer.clear();
    auto& idle = s.pool.impl_->idle[s.key];
    if (!idle.empty()) {
      s.stream = std::move(idle.back());
      idle.pop_back();
      reused = true;
    } else {
      if (auto err = co_await Connect(s, executor)) co_return err;
    }
    s.stream.lowest().expires_after(milliseconds(s.timeouts.timeout_ms));
    auto [wec, wn] = co_await s.stream.With(
        [&](auto& stream) { return http::async_write(stream, req, kTuple); });
    if (wec) {
      if (reused) continue;
      co_return s.Fail(wec, "sending the request failed");
    }
    s.parser = std::make_unique<http::response_parser<http::buffer_body>>();
    s.parser->body_limit(boost::none);  // callers bound what they keep (ReadAll's max_bytes)
    auto [hec, hn] = co_await s.stream.With(
        [&](auto& stream) { return http::async_read_header(stream, s.buffer, *s.parser, kTuple); });
    if (hec) {
      // A pooled connection the upstream closed meanwhile: retry once on a fresh one.
      if (reused && (hec == http::error::end_of_stream || hec == asio::error::eof ||
                     hec == asio::error::connection_reset || hec == asio::error::broken_pipe ||
                     hec == asio::ssl::error::stream_truncated)) {
        continue;
      }
      co_return s.Fail(hec, "reading the response header failed");
    }
    co_return std::nullopt;
  }
  co_return UpstreamError{UpstreamError::Kind::kFailed,
                          "upstream " + s.upstream.name + " (" + s.key + "): connection closed"};
}

int UpstreamCall::status() const {
  return impl_->parser ? static_cast<int>(impl_->parser->get().result_int()) : 0;
}

std::string UpstreamCall::content_type() const { return header("content-type"); }

std::string UpstreamCall::header(std::string_view name) const {
  if (!impl_->parser) return "";
  auto it = impl_->parser->get().find(beast::string_view(name.data(), name.size()));
  return it == impl_->parser->get().end() ? "" : std::string(it->value());
}

asio::awaitable<std::optional<UpstreamError>> UpstreamCall::Read(std::string& out, bool& more) {
  Impl& s = *impl_;
  more = false;
  if (!s.parser || !s.stream) co_return std::nullopt;
  if (s.parser->is_done()) {
    s.Release();
    co_return std::nullopt;
  }
  char* tmp = s.read_buffer.data();
  s.parser->get().body().data = tmp;
  s.parser->get().body().size = s.read_buffer.size();
  s.stream.lowest().expires_after(milliseconds(s.timeouts.timeout_ms));
  auto [ec, n] = co_await s.stream.With(
      [&](auto& stream) { return http::async_read_some(stream, s.buffer, *s.parser, kTuple); });
  if (ec == http::error::need_buffer) ec = {};
  size_t got = s.read_buffer.size() - s.parser->get().body().size;
  out.append(tmp, got);
  if (ec) {
    s.stream.reset();
    if (ec == http::error::partial_message || ec == http::error::end_of_stream ||
        ec == asio::ssl::error::stream_truncated) {
      co_return s.Fail(ec, "connection closed before the end of the answer");
    }
    co_return s.Fail(ec, "reading the answer failed");
  }
  more = !s.parser->is_done();
  if (!more) s.Release();
  co_return std::nullopt;
}

asio::awaitable<std::optional<UpstreamError>> UpstreamCall::ReadAll(std::string& out,
                                                                    uint64_t max_bytes) {
  bool more = true;
  while (more) {
    auto err = co_await Read(out, more);
    if (err) co_return err;
    if (out.size() > max_bytes) {
      impl_->stream.reset();
      co_return UpstreamError{UpstreamError::Kind::kFailed,
                              "upstream " + impl_->upstream.name + ": answer larger than " +
                                  std::to_string(max_bytes) + " bytes"};
    }
  }
  co_return std::nullopt;
}

}  // namespace frontseat::gateway
