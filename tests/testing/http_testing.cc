// Test support, see http_testing.h. Every operation is asynchronous on a private io_context so
// that beast::tcp_stream's deadline applies (Beast timeouts do not apply to blocking calls).
#include "testing/http_testing.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace frontseat::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

struct HttpConnection::Impl {
  net::io_context ioc;
  std::unique_ptr<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
};

namespace {

constexpr auto kUse = net::as_tuple(net::use_awaitable);

net::awaitable<void> DoCall(HttpConnection::Impl& impl, uint16_t port, bool& connected,
                            http::request<http::string_body> req,
                            std::chrono::milliseconds timeout, HttpResponse& out) {
  beast::tcp_stream& stream = *impl.stream;
  stream.expires_after(timeout);
  if (!connected) {
    auto [ec] = co_await stream.async_connect(
        tcp::endpoint(net::ip::make_address_v4("127.0.0.1"), port), kUse);
    if (ec) {
      out.error = "connect: " + ec.message();
      out.timed_out = ec == beast::error::timeout;
      co_return;
    }
    connected = true;
  }
  if (auto [ec, n] = co_await http::async_write(stream, req, kUse); ec) {
    out.error = "write: " + ec.message();
    out.timed_out = ec == beast::error::timeout;
    connected = false;
    co_return;
  }
  http::response_parser<http::string_body> parser;
  parser.body_limit(64u << 20);
  auto [ec, n] = co_await http::async_read(stream, impl.buffer, parser, kUse);
  if (parser.is_header_done()) {
    out.status = parser.get().result_int();
    for (const auto& field : parser.get()) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.headers[name] = std::string(field.value());
    }
  }
  out.body = parser.get().body();
  if (ec) {
    out.error = "read: " + ec.message();
    out.timed_out = ec == beast::error::timeout;
    connected = false;
    co_return;
  }
  out.keep_alive = parser.get().keep_alive();
  if (!out.keep_alive) connected = false;
}

}  // namespace

HttpConnection::HttpConnection(uint16_t port) : impl_(std::make_unique<Impl>()), port_(port) {}
HttpConnection::~HttpConnection() = default;

HttpResponse HttpConnection::Call(std::string_view method, std::string_view target,
                                  std::string_view body, const HttpHeaders& headers,
                                  std::chrono::milliseconds timeout) {
  HttpResponse out;
  http::request<http::string_body> req{http::string_to_verb(method), std::string(target), 11};
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port_));
  bool has_type = false;
  for (const auto& [name, value] : headers) {
    req.set(name, value);
    if (beast::iequals(name, "content-type")) has_type = true;
  }
  if (!body.empty() && !has_type) req.set(http::field::content_type, "application/json");
  req.body() = std::string(body);
  req.prepare_payload();
  req.keep_alive(true);

  bool connected = impl_->stream != nullptr;
  if (!connected) {
    impl_->stream = std::make_unique<beast::tcp_stream>(impl_->ioc);
    impl_->buffer.clear();
    ++connects_;
  }
  impl_->ioc.restart();
  net::co_spawn(impl_->ioc, DoCall(*impl_, port_, connected, std::move(req), timeout, out),
                [&out](std::exception_ptr e) {
                  if (e) out.error = "client exception";
                });
  impl_->ioc.run();
  if (!connected) impl_->stream.reset();
  return out;
}

HttpResponse HttpCall(uint16_t port, std::string_view method, std::string_view target,
                      std::string_view body, const HttpHeaders& headers,
                      std::chrono::milliseconds timeout) {
  HttpConnection connection(port);
  return connection.Call(method, target, body, headers, timeout);
}

std::vector<std::string> SseData(std::string_view body) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t end = body.find('\n', pos);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.rfind("data:", 0) == 0) {
      line.remove_prefix(5);
      if (!line.empty() && line.front() == ' ') line.remove_prefix(1);
      out.emplace_back(line);
    }
    pos = end + 1;
  }
  return out;
}

}  // namespace frontseat::testing
