// Red-team targets: an OpenAI-compatible chat endpoint (a model server, a hosted API, or a
// frontseat gateway in front of a model, to measure the whole stack), or the guard in process.
//
// Thread-safety: Send may be called from many threads at once.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "detectors/llm_judge/http_client.h"
#include "frontseat/guard.h"
#include "frontseat/status.h"
#include "redteam/types.h"

namespace frontseat::redteam {

struct TargetReply {
  enum class Kind {
    kAnswer,   // the model answered; `text` is its message
    kBlocked,  // a gateway refused the request or cut the answer (content_policy_violation,
               // finish_reason content_filter); `detail` says which
    kError,    // a failure; `retryable` for connect errors, timeouts, 429 and 5xx
  };
  Kind kind = Kind::kAnswer;
  std::string text;
  std::string detail;
  bool retryable = false;
  std::optional<uint32_t> retry_after_s;
};

class ChatTarget {
 public:
  // `endpoint`: a base URL (".../v1") or a chat completions URL. `api_key` may be empty.
  // `ca_file`: PEM CAs to trust for an https endpoint instead of the system's store.
  static Result<std::unique_ptr<ChatTarget>> Create(std::string_view endpoint, std::string model,
                                                    std::string api_key,
                                                    std::chrono::milliseconds timeout,
                                                    uint32_t max_tokens,
                                                    const std::string& ca_file = "");
  // One chat completion at temperature 0 with these messages. A `tool` message is sent as an
  // assistant tool call (`fetch_content`) followed by the tool result carrying its call id.
  TargetReply Send(const std::vector<Message>& messages) const;
  const std::string& url() const { return url_text_; }

 private:
  explicit ChatTarget(const std::string& ca_file) : client_(ca_file) {}
  detectors::HttpClient client_;
  detectors::HttpUrl url_;
  std::string url_text_;
  std::string model_;
  std::string api_key_;
  std::chrono::milliseconds timeout_{30000};
  uint32_t max_tokens_ = 512;
};

}  // namespace frontseat::redteam
