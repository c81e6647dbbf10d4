// OpenAI-shaped error bodies and their HTTP status codes (see api_error.h).
#include "gateway/api_error.h"

#include <boost/json.hpp>

namespace frontseat::gateway {

std::string ApiError::Body() const {
  boost::json::object e;
  e["message"] = message;
  e["type"] = type;
  e["param"] = param.empty() ? boost::json::value(nullptr) : boost::json::value(param);
  e["code"] = code.empty() ? boost::json::value(nullptr) : boost::json::value(code);
  boost::json::object root;
  root["error"] = std::move(e);
  return boost::json::serialize(root);
}

ApiError ApiError::BadRequest(std::string message, std::string param) {
  return {400, "invalid_request_error", "", std::move(message), std::move(param)};
}
ApiError ApiError::InvalidJson(std::string message) {
  return {400, "invalid_request_error", "invalid_json", std::move(message), ""};
}
ApiError ApiError::Unauthorized(std::string message) {
  return {401, "invalid_request_error", "invalid_api_key", std::move(message), ""};
}
ApiError ApiError::NotFound(std::string message) {
  return {404, "invalid_request_error", "not_found", std::move(message), ""};
}
ApiError ApiError::MethodNotAllowed(std::string_view method, std::string_view path) {
  return {405, "invalid_request_error", "method_not_allowed",
          "method " + std::string(method) + " is not allowed on " + std::string(path), ""};
}
ApiError ApiError::TooLarge(std::string message) {
  return {413, "invalid_request_error", "request_too_large", std::move(message), ""};
}
ApiError ApiError::RateLimited(std::string_view limit, uint64_t retry_after_s) {
  ApiError e{429, "rate_limit_error", "rate_limit_exceeded",
             "rate limit reached for " + std::string(limit) + " per minute; retry after " +
                 std::to_string(retry_after_s) + " s",
             ""};
  e.retry_after_s = retry_after_s;
  return e;
}
ApiError ApiError::ContentPolicy(std::string message) {
  return {400, "invalid_request_error", "content_policy_violation", std::move(message), ""};
}
ApiError ApiError::UpstreamFailed(std::string message) {
  return {502, "upstream_error", "bad_gateway", std::move(message), ""};
}
ApiError ApiError::UpstreamTimeout(std::string message) {
  return {504, "upstream_error", "gateway_timeout", std::move(message), ""};
}
ApiError ApiError::Unavailable(std::string message) {
  return {503, "server_error", "unavailable", std::move(message), ""};
}
ApiError ApiError::Internal(std::string message) {
  return {500, "server_error", "internal_error", std::move(message), ""};
}
ApiError ApiError::FromStatus(const Status& status) {
  if (status.code() == StatusCode::kInvalidArgument) return BadRequest(status.message());
  return Internal(status.message());
}

}  // namespace frontseat::gateway
