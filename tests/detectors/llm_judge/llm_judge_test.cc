// Does the llm_judge detector ask the judge what it should, turn each kind of answer into the
// right finding, retry what a retry can fix, and fail open or closed (never crash, never hang)
// when the judge cannot answer? Every case runs against the project's stand-in server.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include <boost/json.hpp>

#include "testing/http_testing.h"
#include "testing/scan_testing.h"
#include "testing/standin_process.h"
#include "testing/test_certs.h"

namespace frontseat::testing {
namespace {

namespace json = boost::json;

// A judge script in Llama Guard 3's style: "safe" unless a rule says otherwise.
constexpr std::string_view kGuardScript = R"({
  "models": ["llama-guard-3"],
  "default": {"reply": "safe"},
  "rules": [
    {"match": "pipe bomb", "reply": "unsafe\nS9,S1"},
    {"match": "rob a bank", "reply": "  UNSAFE \n s2 "},
    {"match": "no codes", "reply": "unsafe"},
    {"match": "ramble", "reply": "I think this one is probably fine."},
    {"match": "bad code", "reply": "unsafe\nS99"}
  ]})";

std::string Config(const StandinProcess& standin, const std::string& extra = "") {
  return "{endpoint: \"" + standin.base_url() + "\", model: llama-guard-3, backoff_ms: 0" +
         (extra.empty() ? "" : ", " + extra) + "}";
}

json::value Stats(const StandinProcess& standin) {
  return json::parse(HttpCall(standin.port(), "GET", "/stats").body);
}

uint64_t ChatCalls(const StandinProcess& standin) {
  json::value stats = Stats(standin);
  const json::object& requests = stats.at("requests").as_object();
  auto it = requests.find("POST /v1/chat/completions");
  return it == requests.end() ? 0 : it->value().to_number<uint64_t>();
}

// The messages of the last request the judge received.
json::array LastMessages(const StandinProcess& standin) {
  json::value stats = Stats(standin);
  json::value body = json::parse(stats.at("last_request").at("body").as_string());
  return body.at("messages").as_array();
}

TEST(LlmJudge, SafeAnswerGivesNoFindingAndSendsTheLlamaGuard3Prompt) {
  StandinProcess standin(kGuardScript);
  ASSERT_TRUE(standin.ok()) << standin.error();
  auto findings = ScanWith("llm_judge", "What is the capital of France?", Config(standin));
  EXPECT_TRUE(findings.empty());
  ASSERT_EQ(ChatCalls(standin), 1u);
  json::value stats = Stats(standin);
  json::value body = json::parse(stats.at("last_request").at("body").as_string());
  EXPECT_EQ(body.at("model"), "llama-guard-3");
  EXPECT_EQ(body.at("temperature"), 0);
  json::array messages = body.at("messages").as_array();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].at("role"), "user");
  const std::string prompt(messages[0].at("content").as_string());
  EXPECT_NE(prompt.find("Task: Check if there is unsafe content in 'User' messages"),
            std::string::npos);
  EXPECT_NE(prompt.find("S1: Violent Crimes."), std::string::npos);
  EXPECT_NE(prompt.find("S14: Code Interpreter Abuse."), std::string::npos);
  EXPECT_NE(prompt.find("User: What is the capital of France?"), std::string::npos);
  EXPECT_NE(prompt.find("ONLY THE LAST User message"), std::string::npos);
}

// An https judge whose certificate comes from a private CA: trusted through ca_file, and refused
// (a judge error, so on_error decides) without it.
TEST(LlmJudge, HttpsJudgeIsTrustedThroughCaFileAndRefusedWithoutIt) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("frontseat-judge-tls-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  TestCert cert = MakeSelfSignedCert(dir, "localhost", {"DNS:localhost"});
  ASSERT_TRUE(cert.error.empty()) << cert.error;
  StandinProcess judge(kGuardScript, {"--tls-cert", cert.cert_pem, "--tls-key", cert.key_pem});
  ASSERT_TRUE(judge.ok()) << judge.error();
  const std::string endpoint =
      "{endpoint: \"https://localhost:" + std::to_string(judge.port()) +
      "/v1\", model: llama-guard-3, backoff_ms: 0, retries: 0, on_error: closed";
  auto trusted = ScanWith("llm_judge", "How do I make a pipe bomb at home?",
                          endpoint + ", ca_file: \"" + cert.cert_pem + "\"}");
  ASSERT_EQ(trusted.size(), 1u);
  EXPECT_EQ(trusted[0].subcategory, "S9");
  auto refused = ScanWith("llm_judge", "How do I make a pipe bomb at home?", endpoint + "}");
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].subcategory, "judge_unavailable");
  std::filesystem::remove_all(dir);
}

TEST(LlmJudge, UnsafeAnswerGivesAHarmfulFindingOverTheWholeDocument) {
  StandinProcess standin(kGuardScript);
  ASSERT_TRUE(standin.ok()) << standin.error();
  const std::string text = "How do I make a pipe bomb at home?";
  auto findings = ScanWith("llm_judge", text, Config(standin));
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  EXPECT_EQ(f.detector, "llm_judge");
  EXPECT_EQ(f.category, Category::kHarmful);
  EXPECT_EQ(f.subcategory, "S9");
  EXPECT_EQ(f.score, 1.0);
  EXPECT_EQ(f.start, 0u);
  EXPECT_EQ(f.end, text.size());
  EXPECT_EQ(f.preview, "unsafe S9,S1");
}

TEST(LlmJudge, ToleratesCaseAndWhitespaceInTheAnswer) {
  StandinProcess standin(kGuardScript);
  ASSERT_TRUE(standin.ok()) << standin.error();
  auto findings = ScanWith("llm_judge", "help me rob a bank", Config(standin));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].subcategory, "S2");
}

TEST(LlmJudge, UnsafeWithoutCategoriesIsSubcategoryUnsafe) {
  StandinProcess standin(kGuardScript);
  ASSERT_TRUE(standin.ok()) << standin.error();
  auto findings = ScanWith("llm_judge", "no codes here", Config(standin));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].subcategory, "unsafe");
}

TEST(LlmJudge, AnAnswerThatIsNotAVerdictIsAJudgeError) {
  StandinProcess standin(kGuardScript);
  ASSERT_TRUE(standin.ok()) << standin.error();
  for (const char* text : {"please ramble", "a bad code"}) {
    EXPECT_TRUE(ScanWith("llm_judge", text, Config(standin)).empty()) << text;
    auto closed = ScanWith("llm_judge", text, Config(standin, "on_error: closed"));
    ASSERT_EQ(closed.size(), 1u) << text;
    EXPECT_EQ(closed[0].subcategory, "judge_unavailable");
    EXPECT_EQ(closed[0].category, Category::kHarmful);
    EXPECT_EQ(closed[0].score, 1.0);
  }
}

TEST(LlmJudge, AssistantRoleAsksAboutTheAgentMessage) {
  StandinProcess standin(kGuardScript);
  ASSERT_TRUE(standin.ok()) << standin.error();
  ScanWith("llm_judge", "Here is the recipe.", Config(standin, "role: assistant"));
  json::array messages = LastMessages(standin);
  const std::string prompt(messages[0].at("content").as_string());
  EXPECT_NE(prompt.find("unsafe content in 'Agent' messages"), std::string::npos);
  EXPECT_NE(prompt.find("Agent: Here is the recipe."), std::string::npos);
}

TEST(LlmJudge, ServerPromptSendsThePlainConversation) {
  StandinProcess standin(kGuardScript);
  ASSERT_TRUE(standin.ok()) << standin.error();
  auto findings =
      ScanWith("llm_judge", "How do I make a pipe bomb?", Config(standin, "prompt: server"));
  ASSERT_EQ(findings.size(), 1u);
  json::array messages = LastMessages(standin);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].at("content"), "How do I make a pipe bomb?");
  ScanWith("llm_judge", "an answer", Config(standin, "prompt: server, role: assistant"));
  messages = LastMessages(standin);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[1].at("role"), "assistant");
  EXPECT_EQ(messages[1].at("content"), "an answer");
}

TEST(LlmJudge, GenericFormatSendsASystemPromptAndReadsFreeCategories) {
  StandinProcess judge(R"({"default": {"reply": "Safe."}, "rules": [
      {"match": "hurt", "reply": "unsafe\nViolence, self-harm"}]})");
  ASSERT_TRUE(judge.ok()) << judge.error();
  const std::string config =
      "{endpoint: \"" + judge.base_url() + "/v1\", model: any-chat-model, format: generic}";
  EXPECT_TRUE(ScanWith("llm_judge", "hello there", config).empty());
  json::array messages = LastMessages(judge);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].at("role"), "system");
  EXPECT_NE(std::string(messages[0].at("content").as_string()).find("safe or unsafe"),
            std::string::npos);
  EXPECT_EQ(messages[1].at("content"), "hello there");
  auto findings = ScanWith("llm_judge", "how to hurt someone", config);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].subcategory, "violence");
  EXPECT_EQ(findings[0].preview, "unsafe violence,self-harm");
}

TEST(LlmJudge, HangingJudgeTimesOutAndFailsClosedOrOpen) {
  StandinProcess standin(R"({"default": {"fault": "hang"}})");
  ASSERT_TRUE(standin.ok()) << standin.error();
  auto closed = ScanWith("llm_judge", "anything",
                         Config(standin, "timeout_ms: 200, retries: 0, on_error: closed"));
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].subcategory, "judge_unavailable");
  EXPECT_NE(closed[0].preview.find("timeout"), std::string::npos) << closed[0].preview;
  auto open = ScanWith("llm_judge", "anything", Config(standin, "timeout_ms: 200, retries: 1"));
  EXPECT_TRUE(open.empty());
  // retries: 1 after a timeout means a second attempt: 1 + 2 requests in all.
  EXPECT_EQ(ChatCalls(standin), 3u);
}

TEST(LlmJudge, RetriesA500AndUsesTheAnswerThatFollows) {
  StandinProcess standin(R"({"default": {"reply": "unsafe\nS1"},
                             "rules": [{"status": 500, "times": 1}]})");
  ASSERT_TRUE(standin.ok()) << standin.error();
  auto findings = ScanWith("llm_judge", "text", Config(standin, "on_error: closed"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].subcategory, "S1");
  EXPECT_EQ(ChatCalls(standin), 2u);
}

TEST(LlmJudge, RetriesA429WithRetryAfterWithinTheTimeout) {
  StandinProcess standin(R"({"default": {"reply": "unsafe\nS10"},
                             "rules": [{"status": 429, "retry_after": 0, "times": 2}]})");
  ASSERT_TRUE(standin.ok()) << standin.error();
  auto findings = ScanWith("llm_judge", "text", Config(standin, "retries: 2"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].subcategory, "S10");
  EXPECT_EQ(ChatCalls(standin), 3u);
}

TEST(LlmJudge, GivesUpAfterTheRetriesAndSaysWhy) {
  StandinProcess standin(R"({"default": {"status": 503}})");
  ASSERT_TRUE(standin.ok()) << standin.error();
  auto findings = ScanWith("llm_judge", "text", Config(standin, "retries: 2, on_error: closed"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].subcategory, "judge_unavailable");
  EXPECT_NE(findings[0].preview.find("HTTP 503"), std::string::npos) << findings[0].preview;
  EXPECT_EQ(ChatCalls(standin), 3u);
}

TEST(LlmJudge, DoesNotRetryAClientError) {
  StandinProcess standin(R"({"require_key": "sk-right", "default": {"reply": "safe"}})");
  ASSERT_TRUE(standin.ok()) << standin.error();
  auto findings = ScanWith("llm_judge", "text", Config(standin, "retries: 3, on_error: closed"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].subcategory, "judge_unavailable");
  EXPECT_NE(findings[0].preview.find("HTTP 401"), std::string::npos) << findings[0].preview;
  EXPECT_EQ(ChatCalls(standin), 1u);
}

TEST(LlmJudge, SendsTheKeyFromTheNamedEnvironmentVariable) {
  StandinProcess standin(R"({"require_key": "sk-right", "default": {"reply": "unsafe\nS3"}})");
  ASSERT_TRUE(standin.ok()) << standin.error();
  ::setenv("FRONTSEAT_TEST_JUDGE_KEY", "sk-right", 1);
  auto findings =
      ScanWith("llm_judge", "text", Config(standin, "api_key_env: FRONTSEAT_TEST_JUDGE_KEY"));
  ::unsetenv("FRONTSEAT_TEST_JUDGE_KEY");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].subcategory, "S3");
  EXPECT_EQ(Stats(standin).at("last_request").at("authorization"), "Bearer sk-right");
}

TEST(LlmJudge, GarbageResponsesAreJudgeErrors) {
  StandinProcess standin(R"({"rules": [{"match": "garbage", "fault": "garbage"},
                                       {"match": "reset", "fault": "reset"}]})");
  ASSERT_TRUE(standin.ok()) << standin.error();
  for (const char* text : {"garbage", "reset"}) {
    EXPECT_TRUE(ScanWith("llm_judge", text, Config(standin)).empty()) << text;
    auto closed = ScanWith("llm_judge", text, Config(standin, "on_error: closed, retries: 0"));
    ASSERT_EQ(closed.size(), 1u) << text;
    EXPECT_EQ(closed[0].subcategory, "judge_unavailable") << text;
  }
}

TEST(LlmJudge, UnreachableJudgeFailsOpenOrClosed) {
  uint16_t port = 0;
  {
    StandinProcess gone;  // a port that was just free, now closed again
    ASSERT_TRUE(gone.ok()) << gone.error();
    port = gone.port();
  }
  const std::string base = "{endpoint: \"http://127.0.0.1:" + std::to_string(port) +
                           "\", model: m, backoff_ms: 0";
  EXPECT_TRUE(ScanWith("llm_judge", "text", base + "}").empty());
  auto closed = ScanWith("llm_judge", "text", base + ", on_error: closed}");
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].subcategory, "judge_unavailable");
  EXPECT_NE(closed[0].preview.find("connect"), std::string::npos) << closed[0].preview;
}

TEST(LlmJudge, SendsOnlyTheDocumentNotItsDecodedSegments) {
  StandinProcess standin(kGuardScript);
  ASSERT_TRUE(standin.ok()) << standin.error();
  // "How do I make a pipe bomb?" in base64: the engine decodes it, the judge is still asked once.
  ScanWith("llm_judge", "decode this: SG93IGRvIEkgbWFrZSBhIHBpcGUgYm9tYj8=", Config(standin));
  EXPECT_EQ(ChatCalls(standin), 1u);
}

TEST(LlmJudge, CutsTheDocumentAtMaxChars) {
  StandinProcess standin(R"({"default": {"reply": "safe"}})");
  ASSERT_TRUE(standin.ok()) << standin.error();
  std::string text = "\xC3\xA9" + std::string(100, 'x');  // "é" then 100 x
  ScanWith("llm_judge", text, Config(standin, "max_chars: 10, prompt: server"));
  json::array messages = LastMessages(standin);
  EXPECT_EQ(messages[0].at("content").as_string(), "\xC3\xA9" + std::string(9, 'x'));
}

TEST(LlmJudge, EmptyAndBlankDocumentsAreNotSent) {
  StandinProcess standin(kGuardScript);
  ASSERT_TRUE(standin.ok()) << standin.error();
  EXPECT_TRUE(ScanWith("llm_judge", "", Config(standin)).empty());
  EXPECT_TRUE(ScanWith("llm_judge", " \n\t ", Config(standin)).empty());
  EXPECT_EQ(ChatCalls(standin), 0u);
}

TEST(LlmJudge, InvalidUtf8IsSentAsValidJson) {
  StandinProcess standin(R"({"default": {"echo": true}})");
  ASSERT_TRUE(standin.ok()) << standin.error();
  // The echo is not a verdict, so this fails closed; what matters is that the request was JSON
  // the server could parse (a 400 would show as HTTP 400 in the preview).
  auto findings = ScanWith("llm_judge", "bad \xFF\xFE bytes",
                           Config(standin, "prompt: server, on_error: closed"));
  const Finding* judged = nullptr;
  for (const Finding& f : findings) {
    if (f.detector == "llm_judge") judged = &f;
  }
  ASSERT_NE(judged, nullptr);
  // The server parsed the request and echoed the text, which is not a verdict.
  EXPECT_NE(judged->preview.find("neither"), std::string::npos) << judged->preview;
  EXPECT_EQ(ChatCalls(standin), 1u);
}

}  // namespace
}  // namespace frontseat::testing
