// The llm_judge detector's HTTP(S) client (see http_client.h). Every step runs asynchronously on
// a private io_context only so that beast::tcp_stream's deadline applies to it: Beast timeouts do
// not apply to blocking calls.
#include "detectors/llm_judge/http_client.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/err.h>
#include <openssl/pem.h>

#include <charconv>
#include <memory>
#include <type_traits>
#include <vector>

namespace frontseat::detectors {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

constexpr auto kUse = net::as_tuple(net::use_awaitable);
// A guard model's answer is a few words; a megabyte is already far more than any judge sends.
constexpr uint64_t kMaxResponseBytes = 1u << 20;

HttpFailure Classify(const beast::error_code& ec, HttpFailure otherwise) {
  return ec == beast::error::timeout ? HttpFailure::kTimeout : otherwise;
}

// Connects (TCP, then TLS when `Stream` is an ssl_stream), sends, and reads one response.
template <typename Stream>
net::awaitable<void> Exchange(Stream& stream, const HttpUrl& url,
                              http::request<http::string_body>& req, HttpOutcome& out) {
  auto& lowest = beast::get_lowest_layer(stream);
  std::vector<tcp::endpoint> endpoints;
  boost::system::error_code ec;
  const net::ip::address address = net::ip::make_address(url.host, ec);
  if (!ec) {  // a numeric address needs no resolver
    uint16_t port = 0;
    std::from_chars(url.port.data(), url.port.data() + url.port.size(), port);
    endpoints.emplace_back(address, port);
  } else {
    tcp::resolver resolver(co_await net::this_coro::executor);
    auto [rec, results] = co_await resolver.async_resolve(url.host, url.port, kUse);
    if (rec) {
      out.failure = HttpFailure::kConnect;
      out.error = "cannot resolve " + url.host + ": " + rec.message();
      co_return;
    }
    for (const auto& entry : results) endpoints.push_back(entry.endpoint());
  }
  if (auto [cec, ep] = co_await lowest.async_connect(endpoints, kUse); cec) {
    out.failure = Classify(cec, HttpFailure::kConnect);
    out.error = "cannot connect to " + url.host + ":" + url.port + ": " + cec.message();
    co_return;
  }
  if constexpr (!std::is_same_v<Stream, beast::tcp_stream>) {
    if (auto [hec] = co_await stream.async_handshake(net::ssl::stream_base::client, kUse); hec) {
      out.failure = Classify(hec, HttpFailure::kTls);
      out.error = "TLS handshake with " + url.host + " failed: " + hec.message();
      co_return;
    }
  }
  if (auto [wec, n] = co_await http::async_write(stream, req, kUse); wec) {
    out.failure = Classify(wec, HttpFailure::kProtocol);
    out.error = "sending the request failed: " + wec.message();
    co_return;
  }
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxResponseBytes);
  if (auto [rec, n] = co_await http::async_read(stream, buffer, parser, kUse); rec) {
    out.failure = Classify(rec, HttpFailure::kProtocol);
    out.error = rec == http::error::body_limit ? std::string("the response is larger than 1 MiB")
                                               : "reading the response failed: " + rec.message();
    co_return;
  }
  const auto& res = parser.get();
  out.reply.status = res.result_int();
  out.reply.body = res.body();
  auto retry = res.find(http::field::retry_after);
  if (retry != res.end()) {
    uint32_t seconds = 0;
    const auto value = retry->value();
    auto [ptr, perr] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (perr == std::errc() && ptr == value.data() + value.size())
      out.reply.retry_after_s = seconds;
  }
  // Closing politely is not worth waiting for: the answer is in.
  beast::error_code ignored;
  lowest.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

}  // namespace

Result<HttpUrl> ParseHttpUrl(std::string_view url) {
  HttpUrl out;
  std::string_view rest;
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return Status::Invalid("URL must not contain spaces or control characters");
    }
  }
  if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else if (url.starts_with("https://")) {
    out.tls = true;
    rest = url.substr(8);
  } else {
    return Status::Invalid("expected an http:// or https:// URL");
  }
  if (rest.find('#') != std::string_view::npos)
    return Status::Invalid("URL must not have a fragment");
  const size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  out.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (out.target.front() == '?') out.target.insert(0, "/");
  if (authority.find('@') != std::string_view::npos) {
    return Status::Invalid("URL must not carry user info; use api_key_env for the key");
  }
  std::string_view port;
  if (authority.starts_with("[")) {  // [IPv6]:port
    const size_t close = authority.find(']');
    if (close == std::string_view::npos)
      return Status::Invalid("URL has an unclosed '[' in its host");
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return Status::Invalid("URL has text after its IPv6 host");
      port = after.substr(1);
    }
  } else {
    const size_t colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (out.host.empty()) return Status::Invalid("URL has no host");
  if (!port.empty() || authority.ends_with(":")) {
    unsigned value = 0;
    auto [ptr, err] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || err != std::errc() || ptr != port.data() + port.size() || value == 0 ||
        value > 65535) {
      return Status::Invalid("URL port must be a number from 1 to 65535; got \"" +
                             std::string(port) + "\"");
    }
    out.port = std::to_string(value);
  } else {
    out.port = out.tls ? "443" : "80";
  }
  return out;
}

Status CheckCaFile(const std::string& path) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_file(path.c_str(), "r"), &BIO_free);
  if (!bio) return Status::Invalid("cannot read " + path);
  int certificates = 0;
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    X509_free(cert);
    ++certificates;
  }
  ERR_clear_error();  // reading stops with a "no start line" error at the end of the file
  if (certificates == 0) return Status::Invalid(path + ": no PEM certificate in it");
  return Status::Ok();
}

void ConfigureTlsClient(net::ssl::context& ctx, const std::string& ca_file,
                        boost::system::error_code& ec) {
  // Verification first and whatever follows fails: a context whose trust store could not be
  // loaded must refuse every peer, never accept them unchecked.
  ctx.set_verify_mode(net::ssl::verify_peer, ec);
  if (ec) return;
  ctx.set_options(net::ssl::context::no_sslv2 | net::ssl::context::no_sslv3 |
                  net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1);
  if (ca_file.empty()) {
    ctx.set_default_verify_paths(ec);  // without a trust store every handshake fails
  } else {
    ctx.load_verify_file(ca_file, ec);
  }
}

struct HttpClient::Impl {
  net::ssl::context ssl{net::ssl::context::tls_client};
  std::string setup_error;  // why the trust store could not be loaded; empty when it was
};

HttpClient::HttpClient(const std::string& ca_file) : impl_(std::make_unique<Impl>()) {
  boost::system::error_code ec;
  ConfigureTlsClient(impl_->ssl, ca_file, ec);
  if (ec && !ca_file.empty()) {
    impl_->setup_error = "cannot load ca_file " + ca_file + ": " + ec.message();
  }
}

HttpClient::~HttpClient() = default;

HttpOutcome HttpClient::Post(const HttpUrl& url, std::string_view body,
                             const std::vector<std::pair<std::string, std::string>>& headers,
                             std::chrono::milliseconds timeout) const {
  HttpOutcome out;
  http::request<http::string_body> req{http::verb::post, url.target, 11};
  const bool default_port = url.port == (url.tls ? "443" : "80");
  const std::string host =
      url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
  req.set(http::field::host, default_port ? host : host + ":" + url.port);
  req.set(http::field::user_agent, "frontseat-llm-judge");
  req.set(http::field::content_type, "application/json");
  req.set(http::field::accept, "application/json");
  for (const auto& [name, value] : headers) req.set(name, value);
  req.body() = std::string(body);
  req.keep_alive(false);
  req.prepare_payload();

  net::io_context ioc(1);
  auto on_done = [&out](std::exception_ptr e) {
    if (!e) return;
    out.failure = HttpFailure::kProtocol;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      out.error = std::string("HTTP client error: ") + ex.what();
    }
  };
  if (url.tls && !impl_->setup_error.empty()) {
    out.failure = HttpFailure::kTls;
    out.error = impl_->setup_error;
    return out;
  }
  if (url.tls) {
    beast::ssl_stream<beast::tcp_stream> stream(ioc, impl_->ssl);
    // SNI, and the certificate must name the host we asked for.
    if (!SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str())) {
      out.failure = HttpFailure::kTls;
      out.error = "cannot set the TLS server name";
      return out;
    }
    stream.set_verify_callback(net::ssl::host_name_verification(url.host));
    beast::get_lowest_layer(stream).expires_after(timeout);
    net::co_spawn(ioc, Exchange(stream, url, req, out), on_done);
    ioc.run();
  } else {
    beast::tcp_stream stream(ioc);
    stream.expires_after(timeout);
    net::co_spawn(ioc, Exchange(stream, url, req, out), on_done);
    ioc.run();
  }
  return out;
}

}  // namespace frontseat::detectors
