// Does the stand-in server behave as the tests of the gateway, the llm_judge detector and the
// red-team command rely on? Every endpoint, the stream shape, each fault mode and the script
// validation, checked through the real binary with a real HTTP client.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>

#include <boost/json.hpp>

#include "standin/script.h"
#include "testing/http_testing.h"
#include "testing/standin_process.h"

namespace frontseat::testing {
namespace {

namespace json = boost::json;
using standin::ParseScript;

std::string ChatBody(std::string_view user, bool stream = false, std::string_view system = "") {
  json::array messages;
  if (!system.empty()) messages.push_back(json::object{{"role", "system"}, {"content", system}});
  messages.push_back(json::object{{"role", "user"}, {"content", user}});
  json::object body{{"model", "m1"}, {"messages", std::move(messages)}};
  if (stream) body["stream"] = true;
  return json::serialize(body);
}

json::value Parse(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  EXPECT_FALSE(ec) << "not JSON: " << text;
  return v;
}

std::string Content(const HttpResponse& r) {
  json::value v = Parse(r.body);
  boost::system::error_code ec;
  const json::value* c = v.find_pointer("/choices/0/message/content", ec);
  return c && c->is_string() ? std::string(c->get_string()) : "<none>";
}

// The content deltas of a streamed answer, in order.
std::vector<std::string> Deltas(const HttpResponse& r) {
  std::vector<std::string> out;
  for (const std::string& data : SseData(r.body)) {
    if (data == "[DONE]") continue;
    json::value v = Parse(data);
    boost::system::error_code ec;
    const json::value* delta = v.find_pointer("/choices/0/delta", ec);
    if (!delta || !delta->is_object()) continue;
    const json::value* content = delta->get_object().if_contains("content");
    if (content && content->is_string() && !delta->get_object().contains("role")) {
      out.emplace_back(content->get_string());
    }
  }
  return out;
}

TEST(Standin, PrintsItsPortAnswersHealthzAndStopsCleanlyOnSigterm) {
  StandinProcess standin;
  ASSERT_TRUE(standin.ok()) << standin.error();
  HttpResponse r = HttpCall(standin.port(), "GET", "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Parse(r.body).at("status"), "ok");
  EXPECT_EQ(standin.Stop(), 0);
}

TEST(Standin, ListsTheDefaultModelInOpenAiShape) {
  StandinProcess standin;
  ASSERT_TRUE(standin.ok()) << standin.error();
  HttpResponse r = HttpCall(standin.port(), "GET", "/v1/models");
  ASSERT_EQ(r.status, 200);
  json::value v = Parse(r.body);
  EXPECT_EQ(v.at("object"), "list");
  ASSERT_EQ(v.at("data").as_array().size(), 1u);
  EXPECT_EQ(v.at("data").at(0).at("id"), "standin");
  EXPECT_EQ(v.at("data").at(0).at("object"), "model");
}

TEST(Standin, ListsTheScriptsModels) {
  StandinProcess standin(R"({"models": ["llama-guard-3", "gpt-x"]})");
  ASSERT_TRUE(standin.ok()) << standin.error();
  json::value v = Parse(HttpCall(standin.port(), "GET", "/v1/models").body);
  ASSERT_EQ(v.at("data").as_array().size(), 2u);
  EXPECT_EQ(v.at("data").at(0).at("id"), "llama-guard-3");
  EXPECT_EQ(v.at("data").at(1).at("id"), "gpt-x");
}

TEST(Standin, AnswersAChatCompletionInOpenAiShapeWithWordCountUsage) {
  StandinProcess standin;
  ASSERT_TRUE(standin.ok()) << standin.error();
  HttpResponse r = HttpCall(standin.port(), "POST", "/v1/chat/completions",
                            ChatBody("three word prompt", false, "be nice"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("content-type"), "application/json");
  json::value v = Parse(r.body);
  EXPECT_TRUE(v.at("id").as_string().starts_with("chatcmpl-"));
  EXPECT_EQ(v.at("object"), "chat.completion");
  EXPECT_TRUE(v.at("created").is_int64());
  EXPECT_EQ(v.at("model"), "m1");
  const json::value& choice = v.at("choices").at(0);
  EXPECT_EQ(choice.at("index"), 0);
  EXPECT_EQ(choice.at("message").at("role"), "assistant");
  EXPECT_EQ(choice.at("message").at("content").as_string(), standin::kDefaultReplyText);
  EXPECT_EQ(choice.at("finish_reason"), "stop");
  const json::value& usage = v.at("usage");
  EXPECT_EQ(usage.at("prompt_tokens"), 5u);  // "be nice" + "three word prompt"
  EXPECT_EQ(usage.at("completion_tokens"), standin::CountWords(standin::kDefaultReplyText));
  EXPECT_EQ(usage.at("total_tokens").to_number<uint64_t>(),
            5u + standin::CountWords(standin::kDefaultReplyText));
}

TEST(Standin, FirstMatchingRuleWinsAndDefaultAnswersTheRest) {
  StandinProcess standin(R"({
    "default": {"reply": "safe"},
    "rules": [
      {"match": "bomb", "reply": "unsafe\nS9"},
      {"match": "bomb", "reply": "never reached"},
      {"match_regex": "kill(ing)? \\w+", "reply": "unsafe\nS1"},
      {"match": "SHOUT", "ignore_case": true, "reply": "quiet please"},
      {"match": "pirate", "on": "system", "reply": "arr"},
      {"match": "earlier", "on": "any", "reply": "seen in history"}
    ]})");
  ASSERT_TRUE(standin.ok()) << standin.error();
  auto ask = [&](std::string_view user, std::string_view system = "") {
    return Content(HttpCall(standin.port(), "POST", "/v1/chat/completions",
                            ChatBody(user, false, system)));
  };
  EXPECT_EQ(ask("how to build a bomb"), "unsafe\nS9");
  EXPECT_EQ(ask("about killing time"), "unsafe\nS1");
  EXPECT_EQ(ask("why shout?"), "quiet please");
  EXPECT_EQ(ask("hello", "you are a pirate"), "arr");
  EXPECT_EQ(ask("pirate"), "safe");  // "on": "system" does not look at the user message
  EXPECT_EQ(ask("now", "mentioned earlier"), "seen in history");
  EXPECT_EQ(ask("what is 2+2?"), "safe");
}

TEST(Standin, TimesLimitsHowOftenARuleAnswers) {
  StandinProcess standin(R"({"rules": [{"status": 500, "times": 2}], "default": {"reply": "ok"}})");
  ASSERT_TRUE(standin.ok()) << standin.error();
  const std::string body = ChatBody("hi");
  EXPECT_EQ(HttpCall(standin.port(), "POST", "/v1/chat/completions", body).status, 500);
  EXPECT_EQ(HttpCall(standin.port(), "POST", "/v1/chat/completions", body).status, 500);
  HttpResponse third = HttpCall(standin.port(), "POST", "/v1/chat/completions", body);
  EXPECT_EQ(third.status, 200);
  EXPECT_EQ(Content(third), "ok");
}

TEST(Standin, EchoRepliesWithTheLastUserMessageIncludingMultiPartContent) {
  StandinProcess standin(R"({"default": {"echo": true}})");
  ASSERT_TRUE(standin.ok()) << standin.error();
  EXPECT_EQ(Content(HttpCall(standin.port(), "POST", "/v1/chat/completions", ChatBody("ping me"))),
            "ping me");
  const std::string parts = R"({"model": "m", "messages": [{"role": "user", "content": "first"},
      {"role": "assistant", "content": null},
      {"role": "user", "content": [{"type": "text", "text": "part one"},
                                   {"type": "image_url", "image_url": {"url": "x"}}]}]})";
  EXPECT_EQ(Content(HttpCall(standin.port(), "POST", "/v1/chat/completions", parts)), "part one");
}

TEST(Standin, StreamsChunksWithRoleFirstThenDeltasThenFinishReasonThenDone) {
  StandinProcess standin(R"({"default": {"reply": "Hello stream world"}})");
  ASSERT_TRUE(standin.ok()) << standin.error();
  HttpResponse r =
      HttpCall(standin.port(), "POST", "/v1/chat/completions", ChatBody("hi", true));
  ASSERT_EQ(r.status, 200);
  ASSERT_TRUE(r.error.empty()) << r.error;
  EXPECT_EQ(r.Header("content-type"), "text/event-stream");
  EXPECT_EQ(r.Header("transfer-encoding"), "chunked");
  std::vector<std::string> data = SseData(r.body);
  ASSERT_EQ(data.size(), 6u);  // role, 3 words, finish, [DONE]
  json::value first = Parse(data[0]);
  EXPECT_EQ(first.at("object"), "chat.completion.chunk");
  EXPECT_EQ(first.at("model"), "m1");
  EXPECT_EQ(first.at("choices").at(0).at("delta").at("role"), "assistant");
  EXPECT_TRUE(first.at("choices").at(0).at("finish_reason").is_null());
  EXPECT_EQ(Deltas(r), (std::vector<std::string>{"Hello ", "stream ", "world"}));
  json::value last = Parse(data[4]);
  EXPECT_EQ(last.at("choices").at(0).at("finish_reason"), "stop");
  EXPECT_TRUE(last.at("choices").at(0).at("delta").as_object().empty());
  EXPECT_EQ(last.at("id"), first.at("id"));
  EXPECT_EQ(data[5], "[DONE]");
}

TEST(Standin, SplitsStreamsAtTheScriptsChunkSizes) {
  StandinProcess standin(R"({"rules": [
      {"match": "sizes", "reply": "AKIAIOSFODNN7EXAMPLE tail", "chunks": [4, 6]},
      {"match": "fixed", "reply": "abcdefgh", "chunk_size": 3}]})");
  ASSERT_TRUE(standin.ok()) << standin.error();
  HttpResponse a =
      HttpCall(standin.port(), "POST", "/v1/chat/completions", ChatBody("sizes", true));
  EXPECT_EQ(Deltas(a), (std::vector<std::string>{"AKIA", "IOSFOD", "NN7EXAMPLE tail"}));
  HttpResponse b =
      HttpCall(standin.port(), "POST", "/v1/chat/completions", ChatBody("fixed", true));
  EXPECT_EQ(Deltas(b), (std::vector<std::string>{"abc", "def", "gh"}));
}

TEST(Standin, StreamSendsAUsageChunkWhenAskedFor) {
  StandinProcess standin(R"({"default": {"reply": "two words"}})");
  ASSERT_TRUE(standin.ok()) << standin.error();
  HttpResponse r = HttpCall(
      standin.port(), "POST", "/v1/chat/completions",
      R"({"model": "m", "stream": true, "stream_options": {"include_usage": true},
          "messages": [{"role": "user", "content": "a b c"}]})");
  std::vector<std::string> data = SseData(r.body);
  ASSERT_GE(data.size(), 2u);
  json::value usage = Parse(data[data.size() - 2]);
  EXPECT_TRUE(usage.at("choices").as_array().empty());
  EXPECT_EQ(usage.at("usage").at("prompt_tokens"), 3u);
  EXPECT_EQ(usage.at("usage").at("completion_tokens"), 2u);
}

// A chat body asking for `n` choices, with the usage chunk when streamed.
std::string ChoicesBody(std::string_view user, int64_t n, bool stream) {
  json::object body{{"model", "m1"},
                    {"n", n},
                    {"messages", json::array{json::object{{"role", "user"}, {"content", user}}}}};
  if (stream) {
    body["stream"] = true;
    body["stream_options"] = json::object{{"include_usage", true}};
  }
  return json::serialize(body);
}

TEST(Standin, AnswersNChoicesEachWithItsIndexAndReplyFromTheList) {
  StandinProcess standin(R"({"default": {"reply": "same for the rest",
                                         "replies": ["first answer", "second one here"]}})");
  ASSERT_TRUE(standin.ok()) << standin.error();
  HttpResponse r =
      HttpCall(standin.port(), "POST", "/v1/chat/completions", ChoicesBody("hi", 3, false));
  ASSERT_EQ(r.status, 200) << r.body;
  json::value v = Parse(r.body);
  const json::array& choices = v.at("choices").as_array();
  ASSERT_EQ(choices.size(), 3u);
  const char* expected[] = {"first answer", "second one here", "same for the rest"};
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(choices[i].at("index"), i);
    EXPECT_EQ(choices[i].at("message").at("content"), expected[i]);
    EXPECT_EQ(choices[i].at("finish_reason"), "stop");
  }
  EXPECT_EQ(v.at("usage").at("completion_tokens"), 9u);  // words of all choices
}

TEST(Standin, StreamsNChoicesInterleavedOneChoicePerChunkEachWithItsFinish) {
  StandinProcess standin(R"({"default": {"replies": ["a b c", "x y"]}})");
  ASSERT_TRUE(standin.ok()) << standin.error();
  HttpResponse r =
      HttpCall(standin.port(), "POST", "/v1/chat/completions", ChoicesBody("hi", 2, true));
  ASSERT_EQ(r.status, 200) << r.body;
  // (index, content delta or "<role>" / "<finish:REASON>"), in the order sent.
  std::vector<std::pair<int64_t, std::string>> events;
  std::vector<std::string> data = SseData(r.body);
  ASSERT_GE(data.size(), 2u);
  EXPECT_EQ(data.back(), "[DONE]");
  for (size_t i = 0; i + 2 < data.size(); ++i) {
    json::value v = Parse(data[i]);
    const json::array& choices = v.at("choices").as_array();
    ASSERT_EQ(choices.size(), 1u) << data[i];
    const json::object& c = choices[0].as_object();
    const int64_t index = c.at("index").to_number<int64_t>();
    const json::object& delta = c.at("delta").as_object();
    if (delta.contains("role")) {
      events.emplace_back(index, "<role>");
    } else if (c.at("finish_reason").is_string()) {
      events.emplace_back(index, "<finish:" + std::string(c.at("finish_reason").as_string()) + ">");
    } else {
      events.emplace_back(index, std::string(delta.at("content").as_string()));
    }
  }
  EXPECT_EQ(events, (std::vector<std::pair<int64_t, std::string>>{{0, "<role>"},
                                                                  {1, "<role>"},
                                                                  {0, "a "},
                                                                  {1, "x "},
                                                                  {0, "b "},
                                                                  {1, "y"},
                                                                  {0, "c"},
                                                                  {1, "<finish:stop>"},
                                                                  {0, "<finish:stop>"}}));
  json::value usage = Parse(data[data.size() - 2]);
  EXPECT_TRUE(usage.at("choices").as_array().empty());
  EXPECT_EQ(usage.at("usage").at("completion_tokens"), 5u);
}

TEST(Standin, RefusesAnNOutsideOneTo128) {
  StandinProcess standin;
  ASSERT_TRUE(standin.ok()) << standin.error();
  for (const char* n : {"0", "-1", "129", "1.5", "\"2\""}) {
    HttpResponse r = HttpCall(standin.port(), "POST", "/v1/chat/completions",
                              std::string(R"({"model": "m", "n": )") + n +
                                  R"(, "messages": [{"role": "user", "content": "x"}]})");
    EXPECT_EQ(r.status, 400) << n;
    EXPECT_NE(r.body.find("n: expected an integer from 1 to 128"), std::string::npos) << r.body;
  }
}

TEST(Standin, KeepsTheConnectionAliveAcrossRequestsAndStreams) {
  StandinProcess standin;
  ASSERT_TRUE(standin.ok()) << standin.error();
  HttpConnection connection(standin.port());
  EXPECT_EQ(connection.Call("GET", "/v1/models").status, 200);
  HttpResponse s = connection.Call("POST", "/v1/chat/completions", ChatBody("x", true));
  EXPECT_EQ(s.status, 200);
  EXPECT_TRUE(s.keep_alive);
  EXPECT_EQ(connection.Call("POST", "/v1/chat/completions", ChatBody("y")).status, 200);
  EXPECT_EQ(connection.connects(), 1);
}

TEST(Standin, RequiredKeyRejectsMissingAndWrongKeysWithOpenAiError) {
  StandinProcess standin(R"({"require_key": "sk-test"})");
  ASSERT_TRUE(standin.ok()) << standin.error();
  const std::string body = ChatBody("hi");
  HttpResponse none = HttpCall(standin.port(), "POST", "/v1/chat/completions", body);
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(Parse(none.body).at("error").at("code"), "invalid_api_key");
  HttpResponse wrong = HttpCall(standin.port(), "POST", "/v1/chat/completions", body,
                                {{"Authorization", "Bearer sk-nope"}});
  EXPECT_EQ(wrong.status, 401);
  HttpResponse right = HttpCall(standin.port(), "POST", "/v1/chat/completions", body,
                                {{"Authorization", "Bearer sk-test"}});
  EXPECT_EQ(right.status, 200);
}

TEST(Standin, StatsCountRequestsPerRouteAndKeepTheLastRequest) {
  StandinProcess standin(R"({"rules": [{"match": "a", "reply": "A"}, {"match": "b", "reply": "B"}]})");
  ASSERT_TRUE(standin.ok()) << standin.error();
  HttpCall(standin.port(), "GET", "/v1/models");
  HttpCall(standin.port(), "POST", "/v1/chat/completions", ChatBody("a"));
  HttpCall(standin.port(), "POST", "/v1/chat/completions", ChatBody("zzz"),
           {{"Authorization", "Bearer k1"}});
  json::value stats = Parse(HttpCall(standin.port(), "GET", "/stats").body);
  EXPECT_EQ(stats.at("total"), 3u);
  EXPECT_EQ(stats.at("requests").at("POST /v1/chat/completions"), 2u);
  EXPECT_EQ(stats.at("requests").at("GET /v1/models"), 1u);
  EXPECT_FALSE(stats.at("requests").as_object().contains("GET /stats"));
  EXPECT_EQ(stats.at("rule_hits"), json::value(json::array{1, 0}));
  EXPECT_EQ(stats.at("default_hits"), 1u);
  EXPECT_EQ(stats.at("last_request").at("body").as_string(), ChatBody("zzz"));
  EXPECT_EQ(stats.at("last_request").at("authorization"), "Bearer k1");
}

TEST(Standin, BadRequestsGetOpenAiErrorsNamingTheProblem) {
  StandinProcess standin;
  ASSERT_TRUE(standin.ok()) << standin.error();
  struct Case {
    std::string body;
    std::string message_part;
  };
  for (const Case& c : std::vector<Case>{
           {"{not json", "not valid JSON"},
           {"[1]", "expected a JSON object"},
           {R"({"messages": []})", "model"},
           {R"({"model": "m"})", "messages"},
           {R"({"model": "m", "messages": [{"content": "x"}]})", "messages[0].role"},
           {R"({"model": "m", "messages": [{"role": "user", "content": 5}]})",
            "messages[0].content"},
       }) {
    HttpResponse r = HttpCall(standin.port(), "POST", "/v1/chat/completions", c.body);
    EXPECT_EQ(r.status, 400) << c.body;
    json::value v = Parse(r.body);
    EXPECT_EQ(v.at("error").at("type"), "invalid_request_error");
    EXPECT_NE(std::string(v.at("error").at("message").as_string()).find(c.message_part),
              std::string::npos)
        << r.body;
  }
  EXPECT_EQ(HttpCall(standin.port(), "GET", "/nope").status, 404);
  EXPECT_EQ(HttpCall(standin.port(), "GET", "/v1/chat/completions").status, 405);
  // Still serving after all that.
  EXPECT_EQ(HttpCall(standin.port(), "GET", "/healthz").status, 200);
}

TEST(Standin, MalformedAndOversizeRequestsAreAnsweredAndTheServerKeepsServing) {
  StandinProcess standin;
  ASSERT_TRUE(standin.ok()) << standin.error();
  const std::string answer = RawExchange(
      standin.port(), "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
                      "Content-Length: not-a-number\r\n\r\n");
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 400")) << answer;
  EXPECT_NE(answer.find("malformed HTTP request"), std::string::npos) << answer;
  const std::string garbage = RawExchange(standin.port(), "\x16\x03\x01 not http at all\r\n\r\n");
  EXPECT_TRUE(garbage.starts_with("HTTP/1.1 400")) << garbage;
  const std::string huge = RawExchange(
      standin.port(), "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
                      "Content-Length: 99999999\r\n\r\n");
  EXPECT_TRUE(huge.starts_with("HTTP/1.1 413")) << huge;
  EXPECT_EQ(HttpCall(standin.port(), "GET", "/healthz").status, 200);
}

TEST(StandinFaults, HangReadsTheRequestAndNeverAnswers) {
  StandinProcess standin(R"({"rules": [{"match": "hang", "fault": "hang"}]})");
  ASSERT_TRUE(standin.ok()) << standin.error();
  // The short deadline is how the test observes "no answer"; a hang can only make it pass.
  HttpResponse r = HttpCall(standin.port(), "POST", "/v1/chat/completions", ChatBody("hang"),
                            {}, std::chrono::milliseconds(300));
  EXPECT_TRUE(r.timed_out) << r.error;
  EXPECT_EQ(r.status, 0);
  // The hanging connection holds nothing else up.
  EXPECT_EQ(HttpCall(standin.port(), "POST", "/v1/chat/completions", ChatBody("fine")).status,
            200);
  json::value stats = Parse(HttpCall(standin.port(), "GET", "/stats").body);
  EXPECT_EQ(stats.at("rule_hits").at(0), 1u);
  EXPECT_EQ(standin.Stop(), 0);
}

TEST(StandinFaults, ResetWithoutStreamClosesWithoutAnswering) {
  StandinProcess standin(R"({"default": {"fault": "reset"}})");
  ASSERT_TRUE(standin.ok()) << standin.error();
  HttpResponse r = HttpCall(standin.port(), "POST", "/v1/chat/completions", ChatBody("x"));
  EXPECT_EQ(r.status, 0);
  EXPECT_FALSE(r.error.empty());
  EXPECT_FALSE(r.timed_out);
}

TEST(StandinFaults, ResetMidStreamSendsHeadersAndFirstDeltasThenCuts) {
  StandinProcess standin(
      R"({"default": {"reply": "one two three four", "fault": "reset", "reset_after": 2}})");
  ASSERT_TRUE(standin.ok()) << standin.error();
  HttpResponse r = HttpCall(standin.port(), "POST", "/v1/chat/completions", ChatBody("x", true));
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(r.error.empty());
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(Deltas(r), (std::vector<std::string>{"one ", "two "}));
  for (const std::string& d : SseData(r.body)) EXPECT_NE(d, "[DONE]");
}

TEST(StandinFaults, GarbageGivesA200WhoseBodyIsNotJson) {
  StandinProcess standin(R"({"default": {"fault": "garbage"}})");
  ASSERT_TRUE(standin.ok()) << standin.error();
  HttpResponse r = HttpCall(standin.port(), "POST", "/v1/chat/completions", ChatBody("x"));
  EXPECT_EQ(r.status, 200);
  boost::system::error_code ec;
  json::parse(r.body, ec);
  EXPECT_TRUE(ec) << r.body;
}

TEST(StandinFaults, GarbageStreamHasOneMalformedDataLine) {
  StandinProcess standin(R"({"default": {"reply": "a b c", "fault": "garbage"}})");
  ASSERT_TRUE(standin.ok()) << standin.error();
  HttpResponse r = HttpCall(standin.port(), "POST", "/v1/chat/completions", ChatBody("x", true));
  EXPECT_EQ(r.status, 200);
  int malformed = 0;
  for (const std::string& d : SseData(r.body)) {
    if (d == "[DONE]") continue;
    boost::system::error_code ec;
    json::parse(d, ec);
    if (ec) ++malformed;
  }
  EXPECT_EQ(malformed, 1);
}

TEST(StandinFaults, SlowWaitsDelayBeforeTheAnswerAndBetweenChunks) {
  StandinProcess standin(R"({"default": {"reply": "a b", "fault": "slow", "delay_ms": 40}})");
  ASSERT_TRUE(standin.ok()) << standin.error();
  // Only a lower bound: a timer never fires early, so this cannot flake on a busy machine.
  auto start = std::chrono::steady_clock::now();
  HttpResponse r = HttpCall(standin.port(), "POST", "/v1/chat/completions", ChatBody("x", true));
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(Deltas(r), (std::vector<std::string>{"a ", "b"}));
  EXPECT_GE(elapsed, std::chrono::milliseconds(4 * 40));  // before, 2 deltas, before finish
  start = std::chrono::steady_clock::now();
  EXPECT_EQ(Content(HttpCall(standin.port(), "POST", "/v1/chat/completions", ChatBody("x"))),
            "a b");
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(40));
}

TEST(StandinFaults, StatusGivesTheCodeWithOpenAiErrorAndRetryAfter) {
  StandinProcess standin(R"({"rules": [
      {"match": "rate", "fault": "status", "status": 429, "retry_after": 7},
      {"match": "down", "status": 503}]})");
  ASSERT_TRUE(standin.ok()) << standin.error();
  HttpResponse limited =
      HttpCall(standin.port(), "POST", "/v1/chat/completions", ChatBody("rate", true));
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.Header("retry-after"), "7");
  EXPECT_EQ(Parse(limited.body).at("error").at("code"), "rate_limit_exceeded");
  HttpResponse down = HttpCall(standin.port(), "POST", "/v1/chat/completions", ChatBody("down"));
  EXPECT_EQ(down.status, 503);
  EXPECT_EQ(down.Header("retry-after"), "");
  EXPECT_EQ(Parse(down.body).at("error").at("type"), "server_error");
}

TEST(StandinScript, BadScriptStopsTheBinaryWithTheKeyPath) {
  StandinProcess standin(R"({"rules": [{"match": "x", "fault": "explode"}]})");
  EXPECT_FALSE(standin.ok());
  EXPECT_NE(standin.error().find("rules[0].fault"), std::string::npos) << standin.error();
  EXPECT_NE(standin.error().find("explode"), std::string::npos) << standin.error();
}

TEST(StandinScript, BadListenAddressIsAnError) {
  StandinProcess standin("", {"--listen", "nonsense"});
  EXPECT_FALSE(standin.ok());
  EXPECT_NE(standin.error().find("--listen"), std::string::npos) << standin.error();
}

TEST(StandinScript, EveryProblemIsReportedWithItsKeyPath) {
  struct Case {
    std::string script;
    std::string expected;
  };
  for (const Case& c : std::vector<Case>{
           {"", "not valid JSON"},
           {"[]", "expected a JSON object"},
           {R"({"modles": []})", "modles: unknown key"},
           {R"({"models": []})", "models: expected a non-empty array"},
           {R"({"models": ["a", 3]})", "models[1]: expected a string"},
           {R"({"require_key": ""})", "require_key: expected a non-empty key"},
           {R"({"default": []})", "default: expected an object"},
           {R"({"default": {"match": "x"}})", "default.match: unknown key"},
           {R"({"rules": {}})", "rules: expected an array"},
           {R"({"rules": [1]})", "rules[0]: expected an object"},
           {R"({"rules": [{"match": ""}]})", "rules[0].match: expected a non-empty string"},
           {R"({"rules": [{"match": "a", "match_regex": "b"}]})",
            "rules[0].match_regex: give either"},
           {R"({"rules": [{"match_regex": "(unclosed"}]})",
            "rules[0].match_regex: not a valid RE2"},
           {R"({"rules": [{"on": "assistant"}]})", "rules[0].on: expected one of last_user"},
           {R"({"rules": [{"times": 0}]})", "rules[0].times: expected an integer from 1"},
           {R"({"rules": [{"reply": "a", "echo": true}]})", "rules[0].echo: give either"},
           {R"({"rules": [{"chunks": [0]}]})", "rules[0].chunks[0]: expected an integer from 1"},
           {R"({"rules": [{"chunks": [1], "chunk_size": 2}]})", "rules[0].chunks: give either"},
           {R"({"rules": [{"chunk_size": -1}]})", "rules[0].chunk_size: expected an integer"},
           {R"({"rules": [{"fault": "explode"}]})", "rules[0].fault: expected one of none, hang"},
           {R"({"rules": [{"fault": "status"}]})", "rules[0].status: fault \"status\" needs"},
           {R"({"rules": [{"status": 200}]})", "rules[0].status: expected an integer from 400"},
           {R"({"rules": [{"fault": "hang", "status": 500}]})", "only used with fault \"status\""},
           {R"({"rules": [{"retry_after": 3}]})", "rules[0].retry_after: \"retry_after\" is only"},
           {R"({"rules": [{"reset_after": 3}]})", "rules[0].reset_after: \"reset_after\" is only"},
           {R"({"rules": [{"fault": "slow"}]})", "rules[0].delay_ms: fault \"slow\" needs"},
           {R"({"rules": [{"delay_ms": 1.5}]})", "rules[0].delay_ms: expected an integer"},
           {R"({"rules": [{"finish_reason": ""}]})",
            "rules[0].finish_reason: expected a non-empty"},
           {R"({"rules": [{"ignore_case": "yes"}]})",
            "rules[0].ignore_case: expected true or false"},
           {R"({"rules": [{"replies": []}]})", "rules[0].replies: expected a non-empty array"},
           {R"({"default": {"replies": ["a", 2]}})", "default.replies[1]: expected a string"},
       }) {
    auto script = ParseScript(c.script);
    ASSERT_FALSE(script.ok()) << c.script;
    EXPECT_NE(script.status().message().find(c.expected), std::string::npos)
        << c.script << "\n  gave: " << script.status().message();
  }
  // All problems at once, one per line.
  auto many = ParseScript(R"({"x": 1, "rules": [{"fault": "boom"}, {"on": "nope"}]})");
  ASSERT_FALSE(many.ok());
  EXPECT_EQ(std::count(many.status().message().begin(), many.status().message().end(), '\n'), 2);
}

TEST(StandinScript, ChunkBoundariesNeverCutAUtf8Character) {
  standin::Reply reply;
  reply.chunk_size = 1;
  auto parts = standin::SplitIntoDeltas(reply, "a\xC3\xA9z");  // "aéz"
  EXPECT_EQ(parts, (std::vector<std::string>{"a", "\xC3\xA9", "z"}));
  reply.chunk_size = 0;
  reply.chunks = {100};
  EXPECT_EQ(standin::SplitIntoDeltas(reply, "short"), (std::vector<std::string>{"short"}));
  EXPECT_TRUE(standin::SplitIntoDeltas(reply, "").empty());
}

}  // namespace
}  // namespace frontseat::testing
