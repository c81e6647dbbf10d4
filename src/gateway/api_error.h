// ApiError: the one place where a failure becomes an HTTP status and an OpenAI-shaped error body
//   {"error": {"message": "...", "type": "...", "param": null, "code": "..."}}
// so every client library (openai-python, openai-node, ...) raises its usual exception types.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "frontseat/status.h"

namespace frontseat::gateway {

struct ApiError {
  int status = 500;
  std::string type;     // invalid_request_error, authentication_error, rate_limit_error, ...
  std::string code;     // invalid_api_key, content_policy_violation, ...; empty = null
  std::string message;  // safe to show: no secrets, user text only masked
  std::string param;    // the offending request field; empty = null
  uint64_t retry_after_s = 0;  // sent as Retry-After when > 0

  std::string Body() const;

  static ApiError BadRequest(std::string message, std::string param = "");
  static ApiError InvalidJson(std::string message);
  static ApiError Unauthorized(std::string message);
  static ApiError NotFound(std::string message);
  static ApiError MethodNotAllowed(std::string_view method, std::string_view path);
  static ApiError TooLarge(std::string message);
  static ApiError RateLimited(std::string_view limit, uint64_t retry_after_s);
  static ApiError ContentPolicy(std::string message);
  static ApiError UpstreamFailed(std::string message);   // 502
  static ApiError UpstreamTimeout(std::string message);  // 504
  static ApiError Unavailable(std::string message);      // 503
  static ApiError Internal(std::string message);
  // A Status from request parsing or the engine: invalid input is a 400, the rest 500.
  static ApiError FromStatus(const Status& status);
};

}  // namespace frontseat::gateway
