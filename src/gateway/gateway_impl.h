// Internals shared by the gateway's route files (gateway.cc: dispatch, auth, audit, guard and
// moderation routes; chat_route.cc: the chat completions proxy). Not a public header.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "gateway/api_error.h"
#include "gateway/gateway.h"

namespace frontseat::gateway {

struct ProfileGuards {
  std::shared_ptr<const Guard> input, output, tool;
  RedactStyle style = RedactStyle::kMask;
  const Guard& For(Direction d) const {
    return d == Direction::kOutput ? *output : d == Direction::kTool ? *tool : *input;
  }
};

// Findings of one request, each with the direction it was found in; turned into the audit
// event's categories_json / findings_json.
struct FindingLog {
  std::vector<std::pair<Direction, Finding>> findings;
  Action action = Action::kAllow;
  void Add(Direction d, const Decision& decision);
  std::string CategoriesJson() const;
  std::string FindingsJson() const;
};

// One request in flight.
struct RequestCtx {
  Exchange& ex;
  std::string request_id;
  std::chrono::steady_clock::time_point start;
  const ApiKey* key = nullptr;  // nullptr when no keys are configured
  const ProfileGuards* profile = nullptr;
  std::string route;  // label for metrics and audit
  audit::Event event;
  FindingLog log;
  int64_t estimated_tokens = 0;  // charged to the rate limiter up front
};

int64_t MicrosSince(std::chrono::steady_clock::time_point t);

struct Gateway::Impl {
  Gateway& gw;
  std::map<std::string, ProfileGuards> profiles;
  std::unordered_map<std::string, const ApiKey*> keys_by_hash;
  std::unique_ptr<RateLimiter> limiter;
  std::unordered_map<asio::io_context*, std::unique_ptr<UpstreamPool>> pools;
  std::string id_prefix;
  std::atomic<uint64_t> next_id{0};

  explicit Impl(Gateway& g) : gw(g) {}

  std::string NewRequestId();
  UpstreamPool& PoolForThisThread(asio::io_context* ctx);
  UpstreamTimeouts Timeouts() const;

  // Runs the guard, timing it and counting the decision.
  Decision Check(RequestCtx& rc, Direction d, std::string_view text);
  // Runs the policy of `direction` over a tool call's arguments (see chat_route.cc): blocked
  // (with the findings of the blocking decision), or the arguments to send (redacted where the
  // policy says so).
  struct GuardedArguments {
    bool blocked = false;
    std::string arguments;
    std::vector<Finding> findings;  // when blocked
  };
  GuardedArguments GuardToolArguments(RequestCtx& rc, Direction direction,
                                      std::string_view arguments);

  // Fills the event's common fields, waits for the audit commit, then sends `response` (or a
  // 500 if the event could not be stored: an answer is never sent unrecorded).
  asio::awaitable<void> Finish(RequestCtx& rc, HttpResponse response);
  asio::awaitable<void> FinishError(RequestCtx& rc, const ApiError& error);
  // Waits for the event to be committed. False (with the reason) if it could not be.
  asio::awaitable<std::optional<std::string>> CommitAudit(RequestCtx& rc, int http_status);
  void CountRequest(RequestCtx& rc, int status);
  // Settles the token bucket once the real token count is known.
  void ChargeTokens(RequestCtx& rc);

  asio::awaitable<void> ChatCompletions(RequestCtx& rc);  // chat_route.cc
  asio::awaitable<void> Models(RequestCtx& rc);           // chat_route.cc
};

HttpResponse JsonResponse(int status, std::string body);
HttpResponse ErrorResponse(const ApiError& error);

}  // namespace frontseat::gateway
