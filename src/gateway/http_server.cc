// Beast HTTP/1.1 server with one io_context per worker thread (see http_server.h).
//
// Timeouts: a connection waits for the first byte of its next request at most idle_timeout_ms;
// from then the whole request (header and body) must arrive within read_timeout_ms, so a client
// trickling bytes cannot hold a worker. Writes have their own deadline. With TLS the handshake
// must finish within read_timeout_ms too.
//
// TLS: the same session code runs over beast::tcp_stream or beast::ssl_stream<tcp_stream>
// (templates below); deadlines, the idle set and closing act on the TCP layer underneath.
#include "gateway/http_server.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <set>
#include <thread>

#include <openssl/ssl.h>

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "gateway/api_error.h"

namespace frontseat::gateway {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using std::chrono::milliseconds;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

std::string_view HttpRequest::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return {};
}

namespace {

// Per worker thread; touched only on that worker's io_context.
struct Worker {
  std::unique_ptr<asio::io_context> ctx;
  std::unique_ptr<asio::executor_work_guard<asio::io_context::executor_type>> guard;
  std::set<beast::tcp_stream*> idle;  // connections waiting for their next request
  bool stopping = false;
};

void SetHeaders(http::fields& f, const std::string& content_type,
                const std::vector<std::pair<std::string, std::string>>& headers) {
  f.set(http::field::server, "frontseat");
  f.set(http::field::content_type, content_type);
  for (const auto& [k, v] : headers) f.insert(k, v);
}

}  // namespace

struct HttpServer::Impl {
  ServerOptions options;
  Handler handler;
  std::vector<Worker> workers;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::unique_ptr<asio::ssl::context> tls;  // set: every connection speaks TLS
  std::atomic<uint64_t> tls_handshake_failures{0};
  uint16_t port = 0;
  std::atomic<bool> stopping{false};

  asio::awaitable<void> Accept();
  asio::awaitable<void> Session(Worker& w, tcp::socket socket);
  template <typename Stream>
  asio::awaitable<void> Serve(Worker& w, Stream& stream);
};

namespace {

template <typename Stream>
class BeastExchange final : public Exchange {
 public:
  BeastExchange(Stream& stream, const HttpRequest& req, unsigned version,
                bool keep_alive, uint64_t write_timeout_ms)
      : stream_(stream), req_(req), version_(version), keep_alive_(keep_alive),
        write_timeout_(write_timeout_ms) {}

  const HttpRequest& request() const override { return req_; }
  bool responded() const override { return responded_; }
  bool keep_alive() const { return keep_alive_ && ok_; }

  asio::awaitable<void> Respond(HttpResponse r) override {
    if (responded_) co_return;
    responded_ = true;
    http::response<http::string_body> res{static_cast<http::status>(r.status), version_};
    SetHeaders(res.base(), r.content_type, r.headers);
    res.keep_alive(keep_alive_);
    res.body() = std::move(r.body);
    res.prepare_payload();
    beast::get_lowest_layer(stream_).expires_after(milliseconds(write_timeout_));
    auto [ec, n] = co_await http::async_write(stream_, res, kTuple);
    if (ec) ok_ = false;
  }

  asio::awaitable<bool> StartStream(
      int status, std::string content_type,
      std::vector<std::pair<std::string, std::string>> headers) override {
    if (responded_) co_return false;
    responded_ = true;
    streaming_ = true;
    http::response<http::empty_body> res{static_cast<http::status>(status), version_};
    SetHeaders(res.base(), content_type, headers);
    res.set(http::field::cache_control, "no-cache");
    res.keep_alive(keep_alive_);
    res.chunked(true);
    http::response_serializer<http::empty_body> sr(res);
    beast::get_lowest_layer(stream_).expires_after(milliseconds(write_timeout_));
    auto [ec, n] = co_await http::async_write_header(stream_, sr, kTuple);
    if (ec) ok_ = false;
    co_return ok_;
  }

  asio::awaitable<bool> WriteChunk(std::string_view data) override {
    if (!streaming_ || !ok_) co_return false;
    if (data.empty()) co_return true;  // an empty chunk would end the body
    beast::get_lowest_layer(stream_).expires_after(milliseconds(write_timeout_));
    auto [ec, n] = co_await asio::async_write(
        stream_, http::make_chunk(asio::const_buffer(data.data(), data.size())), kTuple);
    if (ec) ok_ = false;
    co_return ok_;
  }

  asio::awaitable<bool> EndStream() override {
    if (!streaming_ || !ok_) co_return false;
    streaming_ = false;
    beast::get_lowest_layer(stream_).expires_after(milliseconds(write_timeout_));
    auto [ec, n] = co_await asio::async_write(stream_, http::make_chunk_last(), kTuple);
    if (ec) ok_ = false;
    co_return ok_;
  }

  // A handler that returned mid-stream: the body cannot be completed, so the connection closes.
  bool unfinished_stream() const { return streaming_; }

 private:
  Stream& stream_;
  const HttpRequest& req_;
  unsigned version_;
  bool keep_alive_;
  uint64_t write_timeout_;
  bool responded_ = false;
  bool streaming_ = false;
  bool ok_ = true;
};

}  // namespace

asio::awaitable<void> HttpServer::Impl::Session(Worker& w, tcp::socket socket) {
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  if (!tls) {
    beast::tcp_stream stream(std::move(socket));
    co_await Serve(w, stream);
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.close();
    co_return;
  }
  beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *tls);
  // The handshake is part of reading the first request: a client that opens a connection and
  // says nothing is cut off like one that trickles its header. A Stop() cancels it like an idle
  // wait: no request has started.
  if (w.stopping) co_return;
  stream.next_layer().expires_after(milliseconds(options.read_timeout_ms));
  w.idle.insert(&stream.next_layer());
  auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::server, kTuple);
  w.idle.erase(&stream.next_layer());
  if (ec) {
    // Plain HTTP sent to the TLS port, an untrusted client, a timeout: nothing to answer on.
    tls_handshake_failures.fetch_add(1, std::memory_order_relaxed);
    stream.next_layer().close();
    co_return;
  }
  co_await Serve(w, stream);
  // close_notify, briefly: a client that has gone does not hold the worker.
  stream.next_layer().expires_after(milliseconds(1000));
  co_await stream.async_shutdown(kTuple);
  stream.next_layer().close();
}

template <typename Stream>
asio::awaitable<void> HttpServer::Impl::Serve(Worker& w, Stream& stream) {
  beast::tcp_stream& tcp_layer = beast::get_lowest_layer(stream);
  beast::flat_buffer buffer;
  for (;;) {
    if (w.stopping) break;
    if (buffer.size() == 0) {
      // Idle between requests: a Stop() cancels this wait.
      w.idle.insert(&tcp_layer);
      tcp_layer.expires_after(milliseconds(options.idle_timeout_ms));
      auto [ec, n] = co_await stream.async_read_some(buffer.prepare(4096), kTuple);
      w.idle.erase(&tcp_layer);
      if (ec) break;
      buffer.commit(n);
    }
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
    parser.body_limit(options.max_body_bytes);
    tcp_layer.expires_after(milliseconds(options.read_timeout_ms));
    auto [ec, n] = co_await http::async_read(stream, buffer, parser, kTuple);
    if (ec) {
      std::optional<ApiError> err;
      if (ec == http::error::body_limit) {
        err = ApiError::TooLarge("request body is larger than the limit of " +
                                 std::to_string(options.max_body_bytes) + " bytes");
      } else if (ec == http::error::header_limit) {
        err = ApiError::TooLarge("request header is larger than the limit of " +
                                 std::to_string(options.max_header_bytes) + " bytes");
        err->status = 431;
      } else if (ec != beast::error::timeout &&  // the stream closed the socket already
                 ec != http::error::end_of_stream && ec != asio::error::eof &&
                 ec != asio::error::connection_reset && ec != asio::error::operation_aborted) {
        err = ApiError::BadRequest("malformed HTTP request: " + ec.message());
      }
      if (err) {
        http::response<http::string_body> res{static_cast<http::status>(err->status), 11};
        SetHeaders(res.base(), "application/json", {});
        res.keep_alive(false);
        res.body() = err->Body();
        res.prepare_payload();
        tcp_layer.expires_after(milliseconds(options.write_timeout_ms));
        co_await http::async_write(stream, res, kTuple);
      }
      break;
    }
    http::request<http::string_body> raw = parser.release();
    HttpRequest req;
    req.method = std::string(raw.method_string());
    req.target = std::string(raw.target());
    req.path = req.target.substr(0, req.target.find('?'));
    for (const auto& f : raw.base()) {
      std::string name(f.name_string());
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      req.headers.emplace_back(std::move(name), std::string(f.value()));
    }
    req.body = std::move(raw.body());
    bool keep_alive = raw.keep_alive() && !w.stopping;
    BeastExchange<Stream> ex(stream, req, raw.version(), keep_alive, options.write_timeout_ms);
    std::string failure = "handler sent no response";
    try {
      co_await handler(ex);
    } catch (const std::exception& e) {
      failure = std::string("internal error: ") + e.what();
    }
    if (!ex.responded()) {
      co_await ex.Respond({500, "application/json", {}, ApiError::Internal(failure).Body()});
    }
    if (ex.unfinished_stream() || !ex.keep_alive()) break;
  }
}

asio::awaitable<void> HttpServer::Impl::Accept() {
  size_t next = 0;
  for (;;) {
    Worker& w = workers[next++ % workers.size()];
    auto [ec, socket] = co_await acceptor->async_accept(*w.ctx, kTuple);
    if (ec) {
      if (stopping || !acceptor->is_open()) co_return;
      // Out of file descriptors and the like: wait a little instead of spinning.
      asio::steady_timer t(acceptor->get_executor(), milliseconds(50));
      co_await t.async_wait(kTuple);
      continue;
    }
    asio::co_spawn(*w.ctx, Session(w, std::move(socket)), asio::detached);
  }
}

namespace {

Result<std::unique_ptr<asio::ssl::context>> MakeServerTls(const std::string& cert_file,
                                                          const std::string& key_file) {
  if (cert_file.empty() || key_file.empty()) {
    return Status::Invalid("tls: cert_file and key_file go together");
  }
  auto ctx = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
  // TLS 1.2 and 1.3 only, as for the upstream client.
  ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                   asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                   asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
  boost::system::error_code ec;
  ctx->use_certificate_chain_file(cert_file, ec);
  if (ec) {
    return Status::Invalid("tls.cert_file: " + cert_file +
                           ": cannot load a PEM certificate chain: " + ec.message());
  }
  ctx->use_private_key_file(key_file, asio::ssl::context::pem, ec);
  // OpenSSL checks the key against the certificate as it loads it ("key values mismatch").
  if ((ec && ec.message().find("mismatch") != std::string::npos) ||
      (!ec && SSL_CTX_check_private_key(ctx->native_handle()) != 1)) {
    return Status::Invalid("tls.key_file: " + key_file + ": does not match the certificate in " +
                           cert_file);
  }
  if (ec) {
    return Status::Invalid("tls.key_file: " + key_file + ": cannot load a PEM private key: " +
                           ec.message());
  }
  return ctx;
}

}  // namespace

Result<std::unique_ptr<HttpServer>> HttpServer::Create(const ServerOptions& options,
                                                       Handler handler) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->handler = std::move(handler);
  uint32_t n = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  impl->workers.resize(n);
  for (Worker& w : impl->workers) {
    w.ctx = std::make_unique<asio::io_context>(1);
    w.guard = std::make_unique<asio::executor_work_guard<asio::io_context::executor_type>>(
        w.ctx->get_executor());
  }
  asio::io_context& ctx0 = *impl->workers[0].ctx;
  boost::system::error_code ec;
  tcp::resolver resolver(ctx0);
  auto endpoints = resolver.resolve(options.host, std::to_string(options.port),
                                    tcp::resolver::passive, ec);
  if (ec || endpoints.empty()) {
    return Status::Invalid("listen: cannot resolve \"" + options.host + "\": " + ec.message());
  }
  tcp::endpoint ep = endpoints.begin()->endpoint();
  auto acceptor = std::make_unique<tcp::acceptor>(ctx0);
  acceptor->open(ep.protocol(), ec);
  if (!ec) acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor->bind(ep, ec);
  if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::Io("listen: cannot listen on " + options.host + ":" +
                      std::to_string(options.port) + ": " + ec.message());
  }
  if (!options.tls_cert_file.empty() || !options.tls_key_file.empty()) {
    auto tls = MakeServerTls(options.tls_cert_file, options.tls_key_file);
    if (!tls.ok()) return tls.status();
    impl->tls = std::move(tls).value();
  }
  impl->port = acceptor->local_endpoint().port();
  impl->acceptor = std::move(acceptor);
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() = default;

uint16_t HttpServer::port() const { return impl_->port; }
bool HttpServer::tls() const { return impl_->tls != nullptr; }
uint64_t HttpServer::tls_handshake_failures() const { return impl_->tls_handshake_failures.load(); }
bool HttpServer::stopping() const { return impl_->stopping; }

std::vector<asio::io_context*> HttpServer::contexts() {
  std::vector<asio::io_context*> out;
  for (Worker& w : impl_->workers) out.push_back(w.ctx.get());
  return out;
}

void HttpServer::Run() {
  asio::co_spawn(*impl_->workers[0].ctx, impl_->Accept(), asio::detached);
  std::vector<std::thread> threads;
  for (size_t i = 1; i < impl_->workers.size(); ++i) {
    threads.emplace_back([this, i] { impl_->workers[i].ctx->run(); });
  }
  impl_->workers[0].ctx->run();
  for (std::thread& t : threads) t.join();
}

void HttpServer::Stop() {
  if (impl_->stopping.exchange(true)) return;
  Impl* s = impl_.get();
  asio::post(*s->workers[0].ctx, [s] {
    boost::system::error_code ignored;
    s->acceptor->close(ignored);
  });
  for (Worker& w : s->workers) {
    asio::post(*w.ctx, [&w] {
      w.stopping = true;
      for (beast::tcp_stream* idle : w.idle) idle->socket().cancel();
      w.guard.reset();  // the context ends once its last connection has
    });
  }
}

}  // namespace frontseat::gateway
