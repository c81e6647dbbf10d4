// Test support: a small blocking HTTP/1.1 client (Boost.Beast) for tests that talk to servers on
// 127.0.0.1: the stand-in server, and later the gateway. Unlike a production client it keeps
// whatever arrived when a response breaks off (a reset mid-stream, a timeout), so fault modes can
// be checked byte by byte.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace frontseat::testing {

struct HttpResponse {
  int status = 0;                             // 0 if no response head arrived
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;                           // de-chunked; as much as arrived
  std::string error;                          // empty when the response arrived whole
  bool timed_out = false;                     // the deadline passed before it was whole
  bool keep_alive = false;                    // the server left the connection open

  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// One connection to 127.0.0.1:port that can carry several requests (keep-alive).
// The timeout is a safety net against hangs (and the way to observe a deliberate hang), not a
// speed assertion.
class HttpConnection {
 public:
  explicit HttpConnection(uint16_t port);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  HttpResponse Call(std::string_view method, std::string_view target, std::string_view body = "",
                    const HttpHeaders& headers = {},
                    std::chrono::milliseconds timeout = std::chrono::seconds(30));

  // Number of TCP connections this object opened (1 if keep-alive held).
  int connects() const { return connects_; }

  struct Impl;  // the io_context and stream (http_testing.cc)

 private:
  std::unique_ptr<Impl> impl_;
  uint16_t port_;
  int connects_ = 0;
};

// One request on a fresh connection.
HttpResponse HttpCall(uint16_t port, std::string_view method, std::string_view target,
                      std::string_view body = "", const HttpHeaders& headers = {},
                      std::chrono::milliseconds timeout = std::chrono::seconds(30));

// The payloads of the `data:` lines of an SSE body, in order ("[DONE]" included).
std::vector<std::string> SseData(std::string_view body);

}  // namespace frontseat::testing
