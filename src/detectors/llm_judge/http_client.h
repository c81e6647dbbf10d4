// A small synchronous HTTP(S) client for the llm_judge detector: one POST per call on a fresh
// connection, with a deadline over connect, TLS handshake, send and receive together
// (beast::tcp_stream::expires_after), so a judge that hangs costs at most the timeout.
//
// Why synchronous: a detector's Scan is a plain blocking call on the caller's thread. Each call
// runs its own small io_context, so concurrent calls from many threads share nothing but the TLS
// context (which OpenSSL allows). Fresh connections keep it simple; a judge call is dominated by
// the model's latency, not by a loopback or LAN handshake.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "frontseat/status.h"

namespace boost::asio::ssl {
class context;
}
namespace boost::system {
class error_code;
}

namespace frontseat::detectors {

struct HttpUrl {
  bool tls = false;     // https
  std::string host;     // name or numeric address (IPv6 without brackets)
  std::string port;     // "80" / "443" when the URL gives none
  std::string target;   // path and query, at least "/"
};

// Parses an absolute http:// or https:// URL. Rejects other schemes, user info, fragments,
// control characters and a missing host, with a message saying which.
Result<HttpUrl> ParseHttpUrl(std::string_view url);

struct HttpReply {
  int status = 0;
  std::string body;
  std::optional<uint32_t> retry_after_s;  // Retry-After in seconds, when given as a number
};

enum class HttpFailure {
  kNone,
  kConnect,   // resolve or connect failed (refused, unreachable): worth a retry
  kTimeout,   // the deadline passed: worth a retry
  kProtocol,  // the peer broke HTTP or closed mid-answer (a reset, a malformed response)
  kTls,       // handshake or certificate verification failed
};

struct HttpOutcome {
  HttpFailure failure = HttpFailure::kNone;
  std::string error;  // what failed, safe to log (no headers, no body)
  HttpReply reply;    // valid when failure == kNone
};

// OK when `path` is a readable PEM file holding at least one certificate: a `ca_file` setting.
Status CheckCaFile(const std::string& path);

// Sets up a TLS client context the way every https client here uses one: TLS 1.2 or later, the
// peer's certificate verified against `ca_file` (PEM) or, when empty, the system trust store.
// Host name checks are per connection (asio::ssl::host_name_verification). `ec` says what failed.
void ConfigureTlsClient(boost::asio::ssl::context& ctx, const std::string& ca_file,
                        boost::system::error_code& ec);

class HttpClient {
 public:
  // Builds the TLS context once: peer and host name verification against the system trust
  // store, or against the certificates in `ca_file` (PEM; a private CA) when it is not empty.
  // A ca_file that cannot be loaded makes every https call fail with kTls, saying why; check it
  // first with CheckCaFile.
  explicit HttpClient(const std::string& ca_file = "");
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // POSTs `body` as application/json. `headers` are added as given (e.g. Authorization).
  // Response bodies over 1 MiB are a protocol failure. Thread-safe.
  HttpOutcome Post(const HttpUrl& url, std::string_view body,
                   const std::vector<std::pair<std::string, std::string>>& headers,
                   std::chrono::milliseconds timeout) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace frontseat::detectors
