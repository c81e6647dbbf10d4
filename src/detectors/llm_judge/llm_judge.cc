// The llm_judge detector (see llm_judge.h): one judge call per document, with retries on the
// failures that a second try can fix (connect errors, timeouts, 429, 5xx) and a configured
// choice between failing open and closed on everything else.
#include "detectors/llm_judge/llm_judge.h"

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <thread>

#include "detectors/llm_judge/http_client.h"
#include "detectors/llm_judge/judge_prompt.h"

namespace frontseat::detectors {
namespace {

constexpr std::string_view kDetectorId = "llm_judge";

bool IsBlank(std::string_view text) {
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

class LlmJudgeDetector final : public Detector {
 public:
  LlmJudgeDetector(LlmJudgeConfig config, HttpUrl url)
      : config_(std::move(config)), url_(std::move(url)), client_(config_.ca_file) {
    if (!config_.api_key.empty()) headers_.emplace_back("Authorization", "Bearer " + config_.api_key);
  }

  std::string_view id() const override { return kDetectorId; }

  void Scan(const ScanView& view, std::span<const PatternMatch>,
            std::vector<Finding>& out) const override {
    if (view.depth != 0 || IsBlank(view.text)) return;
    const std::string_view text = PrefixChars(view.text, config_.max_chars);
    Result<JudgeVerdict> verdict = Ask(text);
    Finding f;
    f.detector = std::string(kDetectorId);
    f.category = Category::kHarmful;
    f.score = 1.0;
    f.start = 0;
    f.end = view.text.size();
    if (!verdict.ok()) {
      if (!config_.fail_closed) return;
      f.subcategory = "judge_unavailable";
      f.preview = verdict.status().message().substr(0, 120);
      out.push_back(std::move(f));
      return;
    }
    if (!verdict->unsafe) return;
    f.subcategory = verdict->categories.empty() ? "unsafe" : verdict->categories.front();
    f.preview = "unsafe";
    for (size_t i = 0; i < verdict->categories.size(); ++i) {
      f.preview += (i == 0 ? " " : ",") + verdict->categories[i];
    }
    out.push_back(std::move(f));
  }

 private:
  // One verdict, or why none could be had.
  Result<JudgeVerdict> Ask(std::string_view text) const {
    const std::string body = BuildJudgeRequest(config_, text);
    const auto timeout = std::chrono::milliseconds(config_.timeout_ms);
    std::string last_error;
    if (url_.host.empty()) return Status::Invalid("judge endpoint is not a valid URL");
    for (uint64_t attempt = 0; attempt <= config_.retries; ++attempt) {
      HttpOutcome outcome = client_.Post(url_, body, headers_, timeout);
      bool retryable = false;
      std::optional<uint32_t> retry_after_s;
      if (outcome.failure != HttpFailure::kNone) {
        last_error = "judge " + outcome.error;
        retryable = outcome.failure == HttpFailure::kConnect ||
                    outcome.failure == HttpFailure::kTimeout;
      } else if (outcome.reply.status != 200) {
        const int status = outcome.reply.status;
        last_error = "judge answered HTTP " + std::to_string(status);
        retryable = status == 429 || status >= 500;
        retry_after_s = outcome.reply.retry_after_s;
      } else {
        Result<std::string> content = ExtractChatContent(outcome.reply.body);
        if (!content.ok()) return content.status();
        return ParseJudgeAnswer(*content, config_.format);
      }
      if (!retryable || attempt == config_.retries) break;
      // Exponential backoff; a server's Retry-After wins when it is no longer than the timeout
      // (a longer one would stall the scan past what the policy allowed, so the backoff stands).
      uint64_t wait_ms = config_.backoff_ms << attempt;
      if (retry_after_s && uint64_t{*retry_after_s} * 1000 <= config_.timeout_ms) {
        wait_ms = uint64_t{*retry_after_s} * 1000;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
    }
    return Status::Io(last_error + " (after " + std::to_string(config_.retries + 1) +
                      " attempt(s))");
  }

  LlmJudgeConfig config_;
  HttpUrl url_;
  std::vector<std::pair<std::string, std::string>> headers_;
  HttpClient client_;
};

}  // namespace

std::string ChatCompletionsUrl(std::string_view endpoint) {
  std::string url(endpoint);
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (url.ends_with("/chat/completions")) return url;
  if (url.ends_with("/v1")) return url + "/chat/completions";
  return url + "/v1/chat/completions";
}

std::unique_ptr<Detector> MakeLlmJudgeDetector(LlmJudgeConfig config) {
  // The config parser already checked the endpoint, so parsing cannot fail for a parsed config;
  // a hand-built config with a bad URL gets a judge that is never reachable (on_error decides),
  // never a silently missing detector.
  Result<HttpUrl> url = ParseHttpUrl(ChatCompletionsUrl(config.endpoint));
  return std::make_unique<LlmJudgeDetector>(std::move(config),
                                            url.ok() ? std::move(*url) : HttpUrl{});
}

}  // namespace frontseat::detectors
