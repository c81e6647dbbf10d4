// Requests: the OpenAI-shaped JSON bodies the gateway accepts, parsed at the edge into plain
// structs so that nothing past this file sees raw JSON. Every error names the JSON path it is
// about ("messages[2].content: expected a string or a list of content parts").
//
// Cost: one Boost.JSON parse of the body; the chat request keeps the parsed object so fields the
// gateway does not know (temperature, tools, ...) reach the upstream unchanged.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "frontseat/status.h"
#include "gateway/metrics.h"

namespace frontseat::gateway {

// One guarded text of a chat request: messages[message].content, or its part `part`; or what
// an assistant turn of the history passed to a tool (the `arguments` of tool_calls[tool_call]
// .function or of the legacy function_call, the `input` of a custom tool call), which the client
// sends back to the model like any other text.
struct ChatText {
  enum class Field { kContent, kToolCall, kFunctionCall };
  size_t message = 0;
  int64_t part = -1;  // -1: content is a string; else index into the content parts list
  Direction direction = Direction::kInput;
  std::string role;
  std::string text;
  Field field = Field::kContent;
  size_t tool_call = 0;        // kToolCall: index into the message's tool_calls
  bool custom_tool = false;    // kToolCall: tool_calls[i].custom.input, not .function.arguments
  std::string tool_name;       // kToolCall, kFunctionCall: the tool's name, when given
};

// The most choices (`n`) a chat request may ask for: OpenAI's bound. Streamed, each choice holds
// its own StreamGuard, so this also bounds a stream's memory.
inline constexpr int64_t kMaxChatChoices = 128;

struct ChatRequest {
  boost::json::object body;
  std::string model;
  bool stream = false;
  size_t n = 1;                 // choices asked for, 1 to kMaxChatChoices
  std::vector<ChatText> texts;  // user, system, developer, assistant: input; tool/function: tool
  uint64_t max_tokens = 0;      // max_tokens or max_completion_tokens; 0 = not given
};

// Parses a POST /v1/chat/completions body. Needs model (string), messages (non-empty list of
// {role, content}); `n`, when given, is an integer from 1 to kMaxChatChoices.
Result<ChatRequest> ParseChatRequest(std::string_view body);
// Puts `text` back in place of texts[i] (after redaction).
void ReplaceChatText(ChatRequest& request, const ChatText& where, std::string_view text);
std::string SerializeChatRequest(const ChatRequest& request);

// POST /v1/moderations: {"input": string | [string] | [{type: "text", text}], "model"?}.
struct ModerationRequest {
  std::string model;
  std::vector<std::string> inputs;
};
Result<ModerationRequest> ParseModerationRequest(std::string_view body);

// POST /v1/guard: {"text": string, "direction"?: "input"|"output"|"tool"}.
struct GuardRequest {
  std::string text;
  Direction direction = Direction::kInput;
};
Result<GuardRequest> ParseGuardRequest(std::string_view body);

}  // namespace frontseat::gateway
