// The chat endpoint target: OpenAI's request and response shapes over the llm_judge detector's
// small HTTP client (a fresh connection per call, a deadline over the whole exchange).
#include "redteam/target.h"

#include <boost/json.hpp>

#include "detectors/llm_judge/llm_judge.h"

namespace frontseat::redteam {

namespace json = boost::json;

Result<std::unique_ptr<ChatTarget>> ChatTarget::Create(std::string_view endpoint, std::string model,
                                                       std::string api_key,
                                                       std::chrono::milliseconds timeout,
                                                       uint32_t max_tokens,
                                                       const std::string& ca_file) {
  std::string url_text = detectors::ChatCompletionsUrl(endpoint);
  auto url = detectors::ParseHttpUrl(url_text);
  if (!url.ok()) return Status::Invalid("--target: " + url.status().message());
  if (!ca_file.empty()) {
    if (!url->tls) return Status::Invalid("--ca-file: only an https:// --target uses a CA file");
    if (Status s = detectors::CheckCaFile(ca_file); !s.ok()) {
      return Status::Invalid("--ca-file: " + s.message());
    }
  }
  std::unique_ptr<ChatTarget> t(new ChatTarget(ca_file));
  t->url_ = std::move(url.value());
  t->url_text_ = std::move(url_text);
  t->model_ = std::move(model);
  t->api_key_ = std::move(api_key);
  t->timeout_ = timeout;
  t->max_tokens_ = max_tokens;
  return t;
}

TargetReply ChatTarget::Send(const std::vector<Message>& messages) const {
  // A strategy's `tool` message stands for a tool result the application fetched. OpenAI's API
  // accepts a tool message only as the answer to an assistant tool call, so each one is sent as
  // that pair: an assistant message calling `fetch_content`, then the result with its call id.
  json::array msgs;
  int calls = 0;
  for (const Message& m : messages) {
    if (m.role == "tool") {
      const std::string id = "call_fs_" + std::to_string(++calls);
      json::object call{{"id", id},
                        {"type", "function"},
                        {"function", json::object{{"name", "fetch_content"}, {"arguments", "{}"}}}};
      msgs.push_back(json::object{{"role", "assistant"},
                                  {"content", nullptr},
                                  {"tool_calls", json::array{std::move(call)}}});
      msgs.push_back(json::object{{"role", "tool"}, {"tool_call_id", id}, {"content", m.content}});
      continue;
    }
    msgs.push_back(json::object{{"role", m.role}, {"content", m.content}});
  }
  json::object body{{"model", model_},
                    {"messages", std::move(msgs)},
                    {"temperature", 0},
                    {"max_tokens", max_tokens_}};
  std::vector<std::pair<std::string, std::string>> headers;
  if (!api_key_.empty()) headers.emplace_back("Authorization", "Bearer " + api_key_);
  detectors::HttpOutcome out = client_.Post(url_, json::serialize(body), headers, timeout_);

  TargetReply r;
  if (out.failure != detectors::HttpFailure::kNone) {
    r.kind = TargetReply::Kind::kError;
    r.detail = out.error;
    r.retryable = out.failure == detectors::HttpFailure::kConnect ||
                  out.failure == detectors::HttpFailure::kTimeout ||
                  out.failure == detectors::HttpFailure::kProtocol;
    return r;
  }
  const int status = out.reply.status;
  boost::system::error_code ec;
  json::value doc = json::parse(out.reply.body, ec);
  std::string code, message;
  if (!ec && doc.is_object()) {
    if (const json::value* e = doc.as_object().if_contains("error"); e && e->is_object()) {
      const json::object& eo = e->as_object();
      if (const json::value* c = eo.if_contains("code"); c && c->is_string())
        code = std::string(c->as_string());
      if (const json::value* m = eo.if_contains("message"); m && m->is_string()) {
        message = std::string(m->as_string());
      }
    }
  }
  if (status != 200) {
    if (code == "content_policy_violation") {
      r.kind = TargetReply::Kind::kBlocked;
      r.detail = "HTTP " + std::to_string(status) + " content_policy_violation: " + message;
      return r;
    }
    r.kind = TargetReply::Kind::kError;
    r.detail = "HTTP " + std::to_string(status) + (message.empty() ? "" : ": " + message);
    r.retryable = status == 429 || status >= 500;
    r.retry_after_s = out.reply.retry_after_s;
    return r;
  }
  if (ec || !doc.is_object()) {
    r.kind = TargetReply::Kind::kError;
    r.detail = "answer is not JSON";
    r.retryable = true;
    return r;
  }
  const json::value* choices = doc.as_object().if_contains("choices");
  if (!choices || !choices->is_array() || choices->as_array().empty() ||
      !choices->as_array()[0].is_object()) {
    r.kind = TargetReply::Kind::kError;
    r.detail = "answer has no choices";
    return r;
  }
  const json::object& choice = choices->as_array()[0].as_object();
  if (const json::value* msg = choice.if_contains("message"); msg && msg->is_object()) {
    if (const json::value* c = msg->as_object().if_contains("content"); c && c->is_string()) {
      r.text = std::string(c->as_string());
    }
  }
  if (const json::value* f = choice.if_contains("finish_reason");
      f && f->is_string() && f->as_string() == "content_filter") {
    r.kind = TargetReply::Kind::kBlocked;
    r.detail = "finish_reason content_filter";
  }
  return r;
}

}  // namespace frontseat::redteam
