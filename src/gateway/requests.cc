// Parsing of the OpenAI-shaped request bodies (see requests.h). Boost.JSON with its default
// limits (depth 32); anything unexpected is an InvalidArgument naming the JSON path.
#include "gateway/requests.h"

#include <boost/json.hpp>

namespace frontseat::gateway {
namespace json = boost::json;

namespace {

Result<json::object> ParseObject(std::string_view body) {
  json::error_code ec;
  json::parse_options opt;
  opt.max_depth = 64;
  json::value v = json::parse(body, ec, {}, opt);
  if (ec) {
    return Status::Invalid("request body is not valid JSON: " + ec.message());
  }
  if (!v.is_object()) return Status::Invalid("request body: expected a JSON object");
  return std::move(v.as_object());
}

std::string_view KindOf(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "a boolean";
    case json::kind::string: return "a string";
    case json::kind::array: return "a list";
    case json::kind::object: return "an object";
    default: return "a number";
  }
}

Status Expected(const std::string& path, std::string_view what, const json::value& got) {
  return Status::Invalid(path + ": expected " + std::string(what) + "; got " +
                         std::string(KindOf(got)));
}

ChatText ContentText(size_t message, int64_t part, Direction direction, std::string_view role,
                     std::string_view text) {
  ChatText t;
  t.message = message;
  t.part = part;
  t.direction = direction;
  t.role = std::string(role);
  t.text = std::string(text);
  return t;
}

// The texts an assistant turn passed to tools: tool_calls[].function.arguments,
// tool_calls[].custom.input and the legacy function_call.arguments. They must be strings (the
// API's contract: JSON text for functions); a call of another type carries none.
Status AddToolCallTexts(const json::object& m, size_t message, std::vector<ChatText>& texts) {
  const std::string path = "messages[" + std::to_string(message) + "]";
  auto add = [&](const json::value& holder, const std::string& holder_path, const char* key,
                 ChatText::Field field, size_t call, bool custom) -> Status {
    if (!holder.is_object()) return Expected(holder_path, "an object", holder);
    const json::value* text = holder.as_object().if_contains(key);
    if (text == nullptr || text->is_null()) return Status::Ok();
    if (!text->is_string()) return Expected(holder_path + "." + key, "a string", *text);
    ChatText t;
    t.message = message;
    t.role = "assistant";
    t.text = std::string(text->as_string());
    t.field = field;
    t.tool_call = call;
    t.custom_tool = custom;
    if (const json::value* name = holder.as_object().if_contains("name");
        name && name->is_string()) {
      t.tool_name = std::string(name->as_string());
    }
    texts.push_back(std::move(t));
    return Status::Ok();
  };
  if (const json::value* calls = m.if_contains("tool_calls"); calls && !calls->is_null()) {
    if (!calls->is_array()) return Expected(path + ".tool_calls", "a list of tool calls", *calls);
    const json::array& list = calls->as_array();
    for (size_t k = 0; k < list.size(); ++k) {
      std::string cpath = path + ".tool_calls[" + std::to_string(k) + "]";
      if (!list[k].is_object()) return Expected(cpath, "a tool call object", list[k]);
      const json::object& call = list[k].as_object();
      if (const json::value* fn = call.if_contains("function")) {
        Status st =
            add(*fn, cpath + ".function", "arguments", ChatText::Field::kToolCall, k, false);
        if (!st.ok()) return st;
      }
      if (const json::value* custom = call.if_contains("custom")) {
        Status st = add(*custom, cpath + ".custom", "input", ChatText::Field::kToolCall, k, true);
        if (!st.ok()) return st;
      }
    }
  }
  if (const json::value* fc = m.if_contains("function_call"); fc && !fc->is_null()) {
    return add(*fc, path + ".function_call", "arguments", ChatText::Field::kFunctionCall, 0,
               false);
  }
  return Status::Ok();
}

}  // namespace

Result<ChatRequest> ParseChatRequest(std::string_view body) {
  auto obj = ParseObject(body);
  if (!obj.ok()) return obj.status();
  ChatRequest r;
  r.body = std::move(obj).value();
  const json::value* model = r.body.if_contains("model");
  if (!model) return Status::Invalid("model: missing; expected a model name");
  if (!model->is_string() || model->as_string().empty()) {
    return Expected("model", "a non-empty string", *model);
  }
  r.model = std::string(model->as_string());
  if (const json::value* s = r.body.if_contains("stream"); s && !s->is_null()) {
    if (!s->is_bool()) return Expected("stream", "true or false", *s);
    r.stream = s->as_bool();
  }
  if (const json::value* n = r.body.if_contains("n"); n && !n->is_null()) {
    if (!n->is_int64() && !n->is_uint64()) return Expected("n", "an integer", *n);
    // A uint64 beyond INT64_MAX is out of range too; to_number would throw on it.
    if (!n->is_int64() || n->as_int64() < 1 || n->as_int64() > kMaxChatChoices) {
      return Status::Invalid(
          "n: expected an integer from 1 to " + std::to_string(kMaxChatChoices) + "; got " +
          (n->is_int64() ? std::to_string(n->as_int64()) : std::to_string(n->as_uint64())));
    }
    r.n = static_cast<size_t>(n->as_int64());
  }
  for (const char* key : {"max_tokens", "max_completion_tokens"}) {
    if (const json::value* m = r.body.if_contains(key); m && !m->is_null()) {
      if (!m->is_int64() && !m->is_uint64()) return Expected(key, "an integer", *m);
      int64_t v = m->to_number<int64_t>();
      if (v < 0) return Status::Invalid(std::string(key) + ": expected a non-negative integer");
      r.max_tokens = static_cast<uint64_t>(v);
    }
  }
  const json::value* messages = r.body.if_contains("messages");
  if (!messages) return Status::Invalid("messages: missing; expected a list of messages");
  if (!messages->is_array()) return Expected("messages", "a list of messages", *messages);
  const json::array& list = messages->as_array();
  if (list.empty()) return Status::Invalid("messages: expected at least one message");
  for (size_t i = 0; i < list.size(); ++i) {
    std::string path = "messages[" + std::to_string(i) + "]";
    if (!list[i].is_object()) return Expected(path, "an object with role and content", list[i]);
    const json::object& m = list[i].as_object();
    const json::value* role = m.if_contains("role");
    if (!role || !role->is_string()) {
      return Status::Invalid(path + ".role: expected one of system, developer, user, assistant, "
                                    "tool, function");
    }
    std::string_view rv = role->as_string();
    Direction dir;
    if (rv == "user" || rv == "system" || rv == "developer" || rv == "assistant") {
      dir = Direction::kInput;
    } else if (rv == "tool" || rv == "function") {
      dir = Direction::kTool;
    } else {
      return Status::Invalid(path + ".role: expected one of system, developer, user, assistant, "
                                    "tool, function; got \"" +
                             std::string(rv.substr(0, 32)) + "\"");
    }
    if (rv == "assistant") {
      if (Status st = AddToolCallTexts(m, i, r.texts); !st.ok()) return st;
    }
    const json::value* content = m.if_contains("content");
    if (!content || content->is_null()) {
      // Assistant turns with only tool_calls have no content.
      if (rv == "assistant") continue;
      return Status::Invalid(path + ".content: missing");
    }
    if (content->is_string()) {
      r.texts.push_back(ContentText(i, -1, dir, rv, content->as_string()));
      continue;
    }
    if (!content->is_array()) {
      return Expected(path + ".content", "a string or a list of content parts", *content);
    }
    const json::array& parts = content->as_array();
    for (size_t p = 0; p < parts.size(); ++p) {
      std::string ppath = path + ".content[" + std::to_string(p) + "]";
      if (!parts[p].is_object()) return Expected(ppath, "a content part object", parts[p]);
      const json::object& part = parts[p].as_object();
      const json::value* type = part.if_contains("type");
      if (!type || !type->is_string()) return Status::Invalid(ppath + ".type: missing");
      if (type->as_string() != "text") continue;  // images, audio: passed through unguarded
      const json::value* text = part.if_contains("text");
      if (!text || !text->is_string()) {
        return Status::Invalid(ppath + ".text: expected a string");
      }
      r.texts.push_back(ContentText(i, static_cast<int64_t>(p), dir, rv, text->as_string()));
    }
  }
  return r;
}

void ReplaceChatText(ChatRequest& request, const ChatText& where, std::string_view text) {
  json::object& m = request.body["messages"].as_array()[where.message].as_object();
  if (where.field == ChatText::Field::kToolCall) {
    json::object& call = m["tool_calls"].as_array()[where.tool_call].as_object();
    if (where.custom_tool) {
      call["custom"].as_object()["input"] = text;
    } else {
      call["function"].as_object()["arguments"] = text;
    }
  } else if (where.field == ChatText::Field::kFunctionCall) {
    m["function_call"].as_object()["arguments"] = text;
  } else if (where.part < 0) {
    m["content"] = text;
  } else {
    m["content"].as_array()[static_cast<size_t>(where.part)].as_object()["text"] = text;
  }
}

std::string SerializeChatRequest(const ChatRequest& request) {
  return json::serialize(request.body);
}

Result<ModerationRequest> ParseModerationRequest(std::string_view body) {
  auto obj = ParseObject(body);
  if (!obj.ok()) return obj.status();
  ModerationRequest r;
  if (const json::value* m = obj->if_contains("model"); m && !m->is_null()) {
    if (!m->is_string()) return Expected("model", "a string", *m);
    r.model = std::string(m->as_string());
  }
  const json::value* input = obj->if_contains("input");
  if (!input) return Status::Invalid("input: missing; expected a string or a list of strings");
  if (input->is_string()) {
    r.inputs.emplace_back(input->as_string());
    return r;
  }
  if (!input->is_array()) return Expected("input", "a string or a list", *input);
  const json::array& a = input->as_array();
  if (a.empty()) return Status::Invalid("input: expected at least one item");
  for (size_t i = 0; i < a.size(); ++i) {
    std::string path = "input[" + std::to_string(i) + "]";
    if (a[i].is_string()) {
      r.inputs.emplace_back(a[i].as_string());
    } else if (a[i].is_object()) {
      const json::object& part = a[i].as_object();
      const json::value* type = part.if_contains("type");
      if (!type || !type->is_string()) return Status::Invalid(path + ".type: missing");
      if (type->as_string() != "text") {
        return Status::Invalid(path + ".type: only \"text\" inputs are supported; got \"" +
                               std::string(type->as_string().subview().substr(0, 32)) + "\"");
      }
      const json::value* text = part.if_contains("text");
      if (!text || !text->is_string()) return Status::Invalid(path + ".text: expected a string");
      r.inputs.emplace_back(text->as_string());
    } else {
      return Expected(path, "a string or a {type: text, text} object", a[i]);
    }
  }
  return r;
}

Result<GuardRequest> ParseGuardRequest(std::string_view body) {
  auto obj = ParseObject(body);
  if (!obj.ok()) return obj.status();
  GuardRequest r;
  const json::value* text = obj->if_contains("text");
  if (!text) return Status::Invalid("text: missing; expected the text to check");
  if (!text->is_string()) return Expected("text", "a string", *text);
  r.text = std::string(text->as_string());
  if (const json::value* d = obj->if_contains("direction"); d && !d->is_null()) {
    if (!d->is_string()) return Expected("direction", "input, output or tool", *d);
    std::string_view v = d->as_string();
    if (v == "input") r.direction = Direction::kInput;
    else if (v == "output") r.direction = Direction::kOutput;
    else if (v == "tool") r.direction = Direction::kTool;
    else return Status::Invalid("direction: expected input, output or tool; got \"" +
                                std::string(v.substr(0, 32)) + "\"");
  }
  for (const auto& kv : *obj) {
    if (kv.key() != "text" && kv.key() != "direction") {
      return Status::Invalid(std::string(kv.key().substr(0, 32)) +
                             ": unknown field; expected text, direction");
    }
  }
  return r;
}

}  // namespace frontseat::gateway
