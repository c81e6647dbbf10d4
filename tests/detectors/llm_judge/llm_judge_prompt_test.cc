// Questions: does the judge's answer parser accept exactly the verdicts Llama Guard 3 and the
// generic format allow (case and whitespace aside) and reject everything else with a reason;
// does the Llama Guard 3 prompt carry the model card's 14 categories; are URLs read correctly?
#include <gtest/gtest.h>

#include <string>

#include "detectors/llm_judge/http_client.h"
#include "detectors/llm_judge/judge_prompt.h"
#include "detectors/llm_judge/llm_judge.h"

namespace frontseat::detectors {
namespace {

using Categories = std::vector<std::string>;

TEST(LlmJudgeAnswer, LlamaGuard3VerdictsAreParsed) {
  struct Case {
    std::string answer;
    bool unsafe;
    Categories categories;
  };
  for (const Case& c : std::vector<Case>{
           {"safe", false, {}},
           {"  Safe\n", false, {}},
           {"SAFE", false, {}},
           {"unsafe", true, {}},
           {"unsafe\nS1", true, {"S1"}},
           {"unsafe\nS1,S10", true, {"S1", "S10"}},
           {"\n\nunsafe\n s9 , s14 \n", true, {"S9", "S14"}},
           {"Unsafe S2", true, {"S2"}},
           {"unsafe\nS3,S3", true, {"S3"}},
       }) {
    auto v = ParseJudgeAnswer(c.answer, JudgeFormat::kLlamaGuard3);
    ASSERT_TRUE(v.ok()) << c.answer << ": " << v.status().message();
    EXPECT_EQ(v->unsafe, c.unsafe) << c.answer;
    EXPECT_EQ(v->categories, c.categories) << c.answer;
  }
}

TEST(LlmJudgeAnswer, AnythingElseIsRejectedWithAReason) {
  struct Case {
    std::string answer;
    std::string reason;
  };
  for (const Case& c : std::vector<Case>{
           {"", "empty"},
           {" \n ", "empty"},
           {"safe\nS1", "\"safe\" and then more"},
           {"This is safe.", "neither"},
           {"unsafe\nS0", "unknown Llama Guard 3 category"},
           {"unsafe\nS15", "unknown Llama Guard 3 category"},
           {"unsafe\nS01", "unknown Llama Guard 3 category"},
           {"unsafe\nviolence", "unknown Llama Guard 3 category"},
           {"unsafe\nS", "unknown Llama Guard 3 category"},
           {"safe." , "neither"},  // the period is only tolerated in the generic format
           {std::string(2000, 'a'), "a verdict is a few words"},
       }) {
    auto v = ParseJudgeAnswer(c.answer, JudgeFormat::kLlamaGuard3);
    ASSERT_FALSE(v.ok()) << c.answer;
    EXPECT_NE(v.status().message().find(c.reason), std::string::npos)
        << c.answer << " gave: " << v.status().message();
  }
}

TEST(LlmJudgeAnswer, GenericVerdictsTakeFreeCategoryNames) {
  auto safe = ParseJudgeAnswer("Safe.", JudgeFormat::kGeneric);
  ASSERT_TRUE(safe.ok()) << safe.status().message();
  EXPECT_FALSE(safe->unsafe);
  auto unsafe = ParseJudgeAnswer("UNSAFE\nViolence, self-harm, weapons/explosives",
                                 JudgeFormat::kGeneric);
  ASSERT_TRUE(unsafe.ok()) << unsafe.status().message();
  EXPECT_TRUE(unsafe->unsafe);
  EXPECT_EQ(unsafe->categories, (Categories{"violence", "self-harm", "weapons/explosives"}));
  EXPECT_FALSE(ParseJudgeAnswer("unsafe\nbad\"name", JudgeFormat::kGeneric).ok());
  EXPECT_FALSE(ParseJudgeAnswer("I'd say unsafe", JudgeFormat::kGeneric).ok());
  std::string many = "unsafe\n";
  for (int i = 0; i < 17; ++i) many += "c" + std::to_string(i) + ",";
  EXPECT_FALSE(ParseJudgeAnswer(many, JudgeFormat::kGeneric).ok());
}

TEST(LlmJudgePrompt, LlamaGuard3PromptListsTheFourteenCategoriesInOrder) {
  const std::string p = RenderLlamaGuard3Prompt("hello", JudgeRole::kUser);
  size_t last = 0;
  for (int i = 1; i <= 14; ++i) {
    const std::string line = "\nS" + std::to_string(i) + ": " +
                             std::string(kLlamaGuard3Categories[i - 1]) + ".\n";
    size_t at = p.find(line);
    ASSERT_NE(at, std::string::npos) << line;
    EXPECT_GT(at, last);
    last = at;
  }
  EXPECT_NE(p.find("<BEGIN CONVERSATION>\n\nUser: hello\n\n<END CONVERSATION>"), std::string::npos);
  EXPECT_NE(p.find(" - First line must read 'safe' or 'unsafe'."), std::string::npos);
}

TEST(LlmJudgePrompt, ChatContentIsExtractedOrTheGapNamed) {
  auto ok = ExtractChatContent(R"({"choices":[{"message":{"role":"assistant","content":"safe"}}]})");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, "safe");
  EXPECT_NE(ExtractChatContent("nope").status().message().find("not JSON"), std::string::npos);
  EXPECT_NE(ExtractChatContent(R"({"choices":[]})").status().message().find("no choices"),
            std::string::npos);
  EXPECT_NE(ExtractChatContent(R"({"choices":[{"message":{"content":null}}]})")
                .status()
                .message()
                .find("message.content"),
            std::string::npos);
}

TEST(LlmJudgePrompt, PrefixCharsCountsCodePoints) {
  EXPECT_EQ(PrefixChars("abc", 2), "ab");
  EXPECT_EQ(PrefixChars("abc", 5), "abc");
  EXPECT_EQ(PrefixChars("\xC3\xA9\xC3\xA9x", 1), "\xC3\xA9");
  EXPECT_EQ(PrefixChars("", 3), "");
}

TEST(LlmJudgeUrl, EndpointsBecomeChatCompletionsUrls) {
  EXPECT_EQ(ChatCompletionsUrl("http://h:8000"), "http://h:8000/v1/chat/completions");
  EXPECT_EQ(ChatCompletionsUrl("http://h:8000/"), "http://h:8000/v1/chat/completions");
  EXPECT_EQ(ChatCompletionsUrl("http://h/v1"), "http://h/v1/chat/completions");
  EXPECT_EQ(ChatCompletionsUrl("http://h/openai/v1/"), "http://h/openai/v1/chat/completions");
  EXPECT_EQ(ChatCompletionsUrl("http://h/v1/chat/completions"), "http://h/v1/chat/completions");
}

TEST(LlmJudgeUrl, UrlsAreSplitIntoTheirParts) {
  auto a = ParseHttpUrl("http://127.0.0.1/v1");
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(a->tls);
  EXPECT_EQ(a->port, "80");
  EXPECT_EQ(a->target, "/v1");
  auto b = ParseHttpUrl("https://[::1]:9443");
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_TRUE(b->tls);
  EXPECT_EQ(b->host, "::1");
  EXPECT_EQ(b->port, "9443");
  EXPECT_EQ(b->target, "/");
  EXPECT_FALSE(ParseHttpUrl("http://h/a b").ok());
  EXPECT_FALSE(ParseHttpUrl("http://h/#frag").ok());
  EXPECT_FALSE(ParseHttpUrl("http://[::1/").ok());
  EXPECT_FALSE(ParseHttpUrl("http://h:/").ok());
  EXPECT_FALSE(ParseHttpUrl("HTTP://h/").ok());
}

}  // namespace
}  // namespace frontseat::detectors
