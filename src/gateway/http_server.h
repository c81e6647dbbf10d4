// HttpServer: the gateway's HTTP/1.1 front end on Boost.Beast with C++20 coroutines. One
// acceptor hands each connection to one of N worker threads (each runs its own io_context, so a
// connection's requests, its upstream calls and its handler all stay on one thread and need no
// locks). Keep-alive, TCP_NODELAY, limits on header and body size, an idle timeout between
// requests and a read timeout for each request (a slow client cannot hold a worker), and a
// graceful stop: stop accepting, close idle connections, let requests in flight finish.
//
// Handlers see plain HttpRequest structs and answer through an Exchange, either with one
// complete response or as a chunked stream (server-sent events); Beast stays inside
// http_server.cc (it is slow to compile).
//
//   auto server = HttpServer::Create(options, [&](Exchange& ex) -> asio::awaitable<void> {
//     co_await ex.Respond({.status = 200, .body = "{}"});
//   });
//   (*server)->Run();  // until Stop()
//
// Thread-safety: Stop() may be called from any thread (a signal handler's strand included);
// Run() once.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include "frontseat/status.h"

namespace frontseat::gateway {

namespace asio = boost::asio;

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // as sent, with the query
  std::string path;    // target without the query
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercased
  std::string body;
  // The value of a header (first occurrence; name lowercase), or "".
  std::string_view Header(std::string_view lowercase_name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// One request and its answer. A handler calls Respond once, or StartStream, WriteChunk*,
// EndStream. Stream writes return false once the client has gone (the handler should stop).
class Exchange {
 public:
  virtual ~Exchange() = default;
  virtual const HttpRequest& request() const = 0;
  virtual asio::awaitable<void> Respond(HttpResponse response) = 0;
  virtual asio::awaitable<bool> StartStream(int status, std::string content_type,
                                            std::vector<std::pair<std::string, std::string>>
                                                headers) = 0;
  virtual asio::awaitable<bool> WriteChunk(std::string_view data) = 0;
  virtual asio::awaitable<bool> EndStream() = 0;
  virtual bool responded() const = 0;
};

using Handler = std::function<asio::awaitable<void>(Exchange&)>;

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: the system picks one (see HttpServer::port())
  uint32_t threads = 0;  // 0: one per core
  uint64_t max_header_bytes = 16 * 1024;
  uint64_t max_body_bytes = 4 * 1024 * 1024;
  uint64_t read_timeout_ms = 10'000;
  uint64_t idle_timeout_ms = 60'000;
  uint64_t write_timeout_ms = 60'000;  // a client that does not read its answer is dropped
  // PEM files: when set, every connection speaks TLS 1.2 or 1.3 with this certificate chain
  // (leaf first) and private key. Create() fails, naming the file, when either cannot be loaded
  // or the key does not match the certificate.
  std::string tls_cert_file;
  std::string tls_key_file;
};

class HttpServer {
 public:
  // Binds and listens (errors: the address cannot be resolved or bound). Serves nothing until Run.
  static Result<std::unique_ptr<HttpServer>> Create(const ServerOptions& options, Handler handler);
  ~HttpServer();

  uint16_t port() const;
  bool tls() const;
  // Connections closed because their TLS handshake failed (plain HTTP to the TLS port, a client
  // that does not trust the certificate, a handshake that did not finish in time).
  uint64_t tls_handshake_failures() const;
  // Runs the workers on this thread and N-1 others; returns once Stop() has drained everything.
  void Run();
  // Graceful stop: no new connections, idle ones closed, in-flight requests finish (answered
  // with Connection: close). Idempotent.
  void Stop();
  bool stopping() const;

  // The worker contexts (handlers may post work to them).
  std::vector<asio::io_context*> contexts();

  struct Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace frontseat::gateway
