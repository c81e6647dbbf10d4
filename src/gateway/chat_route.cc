// POST /v1/chat/completions and GET /v1/models: the proxy to OpenAI-compatible upstreams.
//
// Input: every text of user, system, developer and assistant messages goes through the
// profile's input policy, and so do the arguments of the tool calls in assistant turns (checked
// as the answer that made them was: JSON value by value); tool (and function) results go through
// its tool policy, the indirect-injection rules. A block refuses the request (400
// content_policy_violation, nothing sent upstream); a redaction rewrites the message before it
// leaves.
//
// Output, non-streamed: each choice's message content and each tool call's arguments go through
// the output policy; a block empties the content, drops the tool calls and sets finish_reason
// "content_filter". Streamed: content deltas go through a StreamGuard and what it releases is
// forwarded in place of the piece; tool call arguments are held whole until the answer ends,
// guarded, and sent as one piece; on a block a last chunk with finish_reason "content_filter"
// ends the stream. With n > 1 each choice index has its own StreamGuard and held tool calls, so
// the choices' interleaved chunks are guarded as separate answers, and a block ends only its
// choice (its content_filter chunk) while the others stream on. Tool call arguments that are
// JSON are checked string value by string value.
// A failure after the stream has started (upstream reset, garbage, timeout) is sent as an SSE
// event {"error": {...}} — what the OpenAI client libraries raise as an APIError — and the
// stream ends without [DONE].
#include <algorithm>
#include <array>
#include <map>
#include <set>

#include <boost/asio.hpp>
#include <boost/json.hpp>

#include "gateway/gateway_impl.h"
#include "gateway/requests.h"
#include "gateway/sse_parser.h"
#include "gateway/stream_guard.h"

namespace frontseat::gateway {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr uint64_t kMaxUpstreamBody = 64ull << 20;
// Chunk fields copied onto chunks the gateway writes itself. (A namespace-scope array: g++ 12
// rejects braced lists of arrays inside coroutines.)
constexpr std::array<const char*, 5> kChunkFields = {"id", "object", "created", "model",
                                                     "system_fingerprint"};

ApiError FromUpstream(const UpstreamError& e) {
  return e.kind == UpstreamError::Kind::kTimeout ? ApiError::UpstreamTimeout(e.message)
                                                 : ApiError::UpstreamFailed(e.message);
}

std::string SseData(std::string_view data) { return "data: " + std::string(data) + "\n\n"; }

std::string SseError(const ApiError& e) { return SseData(e.Body()); }

int64_t UsageField(const json::object& o, const char* key) {
  const json::value* u = o.if_contains("usage");
  if (!u || !u->is_object()) return -1;
  const json::value* v = u->as_object().if_contains(key);
  if (!v || !(v->is_int64() || v->is_uint64())) return -1;
  return v->to_number<int64_t>();
}

std::string_view Sv(const json::string& s) { return {s.data(), s.size()}; }

// The `arguments` strings of a message's (or a delta's) tool calls, with each call's function
// name: `tool_calls[].function` and the legacy `function_call`. A model can put a secret or a
// customer's data there as easily as in its content.
struct ToolArguments {
  json::value* arguments;
  std::string name;  // empty when the piece carries none (later stream deltas)
  int64_t index;     // tool_calls[].index (stream deltas), else the position; -1: function_call
};

std::vector<ToolArguments> FindToolArguments(json::object& message) {
  std::vector<ToolArguments> out;
  auto add = [&](json::value& fn, int64_t index) {
    if (!fn.is_object()) return;
    json::value* args = fn.as_object().if_contains("arguments");
    if (args == nullptr || !args->is_string()) return;
    const json::value* name = fn.as_object().if_contains("name");
    out.push_back({args, name && name->is_string() ? std::string(Sv(name->as_string())) : "",
                   index});
  };
  if (json::value* calls = message.if_contains("tool_calls"); calls && calls->is_array()) {
    int64_t position = 0;
    for (json::value& call : calls->as_array()) {
      if (call.is_object()) {
        const json::value* index = call.as_object().if_contains("index");
        const int64_t i = index && index->is_int64() ? index->as_int64() : position;
        if (json::value* fn = call.as_object().if_contains("function")) add(*fn, i);
      }
      ++position;
    }
  }
  if (json::value* fc = message.if_contains("function_call")) add(*fc, -1);
  return out;
}

// Every string inside a JSON value (object values and array items, recursively).
void CollectStrings(json::value& v, std::vector<json::string*>& out) {
  if (v.is_string()) {
    out.push_back(&v.as_string());
  } else if (v.is_array()) {
    for (json::value& item : v.as_array()) CollectStrings(item, out);
  } else if (v.is_object()) {
    for (auto& kv : v.as_object()) CollectStrings(kv.value(), out);
  }
}

// Adds one choice's text to the audit copy of an answer. With n > 1 each choice's text starts
// with "[choice I] ", so the copy tells the choices apart (a text may itself span lines).
void AppendChoiceOutput(std::string& out, bool labelled, int64_t index, std::string_view text) {
  if (!out.empty()) out += "\n";
  if (labelled) out += "[choice " + std::to_string(index) + "] ";
  out += text;
}

// One choice of a streamed answer (by its `index`): its own hold-back window over its content and
// its own held tool calls, so a secret split over two of its chunks is seen whole however the
// other choices' chunks fall between them, and a block ends this choice only.
struct StreamChoice {
  StreamChoice(const Guard& guard, RedactStyle style, size_t holdback)
      : sg(guard, style, holdback) {}
  StreamGuard sg;
  // Tool call arguments are held back whole (by call index; -1 is the legacy function_call)
  // and guarded at the end of the choice like a non-streamed call's, then sent as one piece:
  // clients concatenate argument deltas, and a call is only usable once complete anyway.
  std::map<int64_t, std::string> tool_arguments;
  bool tool_blocked = false;
  std::string tool_output;  // the calls as sent, for the audit copy
  bool finished = false;    // its finish_reason was forwarded
  bool blocked() const { return sg.blocked() || tool_blocked; }
  bool ended() const { return finished || blocked(); }
};

}  // namespace

Gateway::Impl::GuardedArguments Gateway::Impl::GuardToolArguments(RequestCtx& rc,
                                                                  Direction direction,
                                                                  std::string_view arguments) {
  // JSON arguments are checked string by string: the detectors judge what the model wrote into
  // the call, not the JSON punctuation around it (to the classifiers, `{"city": "Paris"}` as a
  // whole looks like nothing they were trained on). Anything else is checked as one text.
  json::error_code ec;
  json::value v = json::parse(arguments, ec);
  std::vector<json::string*> strings;
  if (!ec) CollectStrings(v, strings);
  if (ec || (strings.empty() && !v.is_structured())) {
    Decision d = Check(rc, direction, arguments);
    if (d.action == Action::kBlock) return {true, "", std::move(d.findings)};
    return {false, d.redacted ? *d.redacted : std::string(arguments), {}};
  }
  bool changed = false;
  for (json::string* s : strings) {
    if (s->empty()) continue;
    Decision d = Check(rc, direction, Sv(*s));
    if (d.action == Action::kBlock) return {true, "", std::move(d.findings)};
    if (d.redacted) {
      *s = *d.redacted;
      changed = true;
    }
  }
  return {false, changed ? json::serialize(v) : std::string(arguments), {}};
}

asio::awaitable<void> Gateway::Impl::ChatCompletions(RequestCtx& rc) {
  const HttpRequest& req = rc.ex.request();
  auto parsed = ParseChatRequest(req.body);
  if (!parsed.ok()) {
    co_await FinishError(rc, ApiError::FromStatus(parsed.status()));
    co_return;
  }
  ChatRequest& chat = *parsed;
  rc.event.model = chat.model;

  // Guard the input.
  std::string stored_input;
  std::string blocked_where;
  int64_t prompt_bytes = 0;
  for (const ChatText& t : chat.texts) {
    prompt_bytes += static_cast<int64_t>(t.text.size());
    const bool call = t.field != ChatText::Field::kContent;
    bool blocked;
    std::vector<Finding> findings;
    std::optional<std::string> replaced;
    if (call) {
      // A tool call of the history: checked like the answer that made it (JSON value by value),
      // under the input policy, since the client now sends it to the model.
      GuardedArguments g = GuardToolArguments(rc, t.direction, t.text);
      blocked = g.blocked;
      findings = std::move(g.findings);
      if (!blocked && g.arguments != t.text) replaced = std::move(g.arguments);
    } else {
      Decision d = Check(rc, t.direction, t.text);
      blocked = d.action == Action::kBlock;
      findings = std::move(d.findings);
      replaced = std::move(d.redacted);
    }
    if (blocked && blocked_where.empty()) {
      const std::string who = call ? t.role + " tool call " + t.tool_name : t.role;
      std::string cats;
      for (const Finding& f : findings) {
        std::string_view c = CategoryName(f.category);
        if (cats.find(c) == std::string::npos) cats += (cats.empty() ? "" : ", ") + std::string(c);
      }
      blocked_where = "messages[" + std::to_string(t.message) + "] (" + who + "): " + cats;
    }
    const std::string& text = replaced ? *replaced : t.text;
    if (!stored_input.empty()) stored_input += "\n";
    stored_input += t.role + ": ";
    if (call) stored_input += "[tool call " + t.tool_name + "] ";
    stored_input += text;
    if (replaced) ReplaceChatText(chat, t, *replaced);
  }
  rc.event.redacted_input = std::move(stored_input);
  rc.event.prompt_tokens = static_cast<int64_t>(EstimateTokens(static_cast<uint64_t>(prompt_bytes)));
  if (!blocked_where.empty()) {
    rc.event.action = "block";
    co_await FinishError(rc, ApiError::ContentPolicy("the request was blocked by the " +
                                                     std::string("frontseat policy: ") +
                                                     blocked_where));
    co_return;
  }

  const Upstream* upstream = gw.config_.UpstreamFor(chat.model);
  if (!upstream) {
    ApiError e = ApiError::NotFound("the model `" + chat.model.substr(0, 100) +
                                    "` is not served by any configured upstream");
    e.code = "model_not_found";
    co_await FinishError(rc, e);
    co_return;
  }

  auto executor = co_await asio::this_coro::executor;
  auto* ctx = &static_cast<asio::io_context&>(asio::query(executor, asio::execution::context));
  UpstreamCall call(PoolForThisThread(ctx), *upstream, Timeouts());
  auto t_up = Clock::now();
  auto sent = co_await call.Send("POST", "/chat/completions", SerializeChatRequest(chat));
  auto upstream_done = [&] {
    rc.event.upstream_us = MicrosSince(t_up);
    gw.metrics_.upstream_seconds().Observe(static_cast<double>(rc.event.upstream_us) / 1e6);
  };
  if (sent) {
    upstream_done();
    co_await FinishError(rc, FromUpstream(*sent));
    co_return;
  }

  // An upstream error status: pass it on (with its body when that is an OpenAI error).
  if (call.status() < 200 || call.status() >= 300) {
    std::string body;
    auto err = co_await call.ReadAll(body, 1 << 20);
    upstream_done();
    json::error_code ec;
    json::value v = json::parse(body, ec);
    HttpResponse r;
    if (!err && !ec && v.is_object() && v.as_object().contains("error")) {
      r = JsonResponse(call.status(), std::move(body));
    } else {
      r = ErrorResponse(ApiError::UpstreamFailed(
          "upstream " + upstream->name + " answered HTTP " + std::to_string(call.status())));
      r.status = call.status() >= 400 && call.status() < 600 ? call.status() : 502;
    }
    std::string retry = call.header("retry-after");
    if (!retry.empty()) r.headers.emplace_back("Retry-After", retry);
    co_await Finish(rc, std::move(r));
    co_return;
  }

  if (!chat.stream) {
    std::string body;
    auto err = co_await call.ReadAll(body, kMaxUpstreamBody);
    upstream_done();
    if (err) {
      co_await FinishError(rc, FromUpstream(*err));
      co_return;
    }
    json::error_code ec;
    json::value v = json::parse(body, ec);
    if (ec || !v.is_object() || !v.as_object().contains("choices") ||
        !v.as_object()["choices"].is_array()) {
      // Built before the co_await: g++ 12 destroys temporaries of a ?: inside a co_await
      // expression twice.
      std::string why = "no choices list";
      if (ec) why = "invalid JSON: " + ec.message();
      ApiError e = ApiError::UpstreamFailed("upstream " + upstream->name +
                                            " sent an answer that is not a chat completion (" +
                                            why + ")");
      co_await FinishError(rc, e);
      co_return;
    }
    json::object& root = v.as_object();
    std::string stored_output;
    int64_t output_bytes = 0;
    int64_t position = -1;
    for (json::value& cv : root["choices"].as_array()) {
      ++position;
      if (!cv.is_object()) continue;
      json::value* msg = cv.as_object().if_contains("message");
      if (!msg || !msg->is_object()) continue;
      json::object& message = msg->as_object();
      // Every text the model wrote in this choice: its content, then each tool call's arguments.
      json::value* content = message.if_contains("content");
      std::vector<ToolArguments> tools = FindToolArguments(message);
      bool blocked = false;
      std::string stored;
      if (content && content->is_string()) {
        std::string text(Sv(content->as_string()));
        output_bytes += static_cast<int64_t>(text.size());
        Decision d = Check(rc, Direction::kOutput, text);
        blocked = d.action == Action::kBlock;
        if (d.redacted) {
          *content = *d.redacted;
          text = *d.redacted;
        }
        stored = text;
      }
      for (size_t i = 0; i < tools.size() && !blocked; ++i) {
        std::string_view arguments = Sv(tools[i].arguments->as_string());
        output_bytes += static_cast<int64_t>(arguments.size());
        GuardedArguments g = GuardToolArguments(rc, Direction::kOutput, arguments);
        blocked = g.blocked;
        *tools[i].arguments = g.arguments;
        if (!stored.empty()) stored += "\n";
        stored += "[tool call " + tools[i].name + "] " + g.arguments;
      }
      if (blocked) {
        // Nothing of a blocked choice goes out: no content, no tool call.
        if (content && content->is_string()) *content = "";
        message.erase("tool_calls");
        message.erase("function_call");
        cv.as_object()["finish_reason"] = "content_filter";
        stored = "[blocked]";
      }
      if (!(content && content->is_string()) && tools.empty()) continue;
      const json::value* index = cv.as_object().if_contains("index");
      AppendChoiceOutput(stored_output, chat.n > 1,
                         index && index->is_int64() ? index->as_int64() : position, stored);
    }
    rc.event.redacted_output = std::move(stored_output);
    int64_t pt = UsageField(root, "prompt_tokens");
    int64_t ct = UsageField(root, "completion_tokens");
    if (pt >= 0) rc.event.prompt_tokens = pt;
    rc.event.completion_tokens =
        ct >= 0 ? ct : static_cast<int64_t>(EstimateTokens(static_cast<uint64_t>(output_bytes)));
    co_await Finish(rc, JsonResponse(200, json::serialize(root)));
    co_return;
  }

  // Streaming. Every choice (by its index, 0 to n - 1) is guarded on its own (StreamChoice); a
  // chunk's choices are rewritten in place, and those with nothing to release yet are dropped.
  const ServerLimits& limits = gw.config_.limits;
  const Guard& output_guard = rc.profile->For(Direction::kOutput);
  std::map<int64_t, StreamChoice> choices;
  size_t choices_blocked = 0;
  auto choice_for = [&](int64_t index) -> StreamChoice& {
    return choices.try_emplace(index, output_guard, rc.profile->style, limits.stream_holdback_bytes)
        .first->second;
  };
  std::vector<std::pair<std::string, std::string>> stream_headers;
  stream_headers.emplace_back(std::string("x-request-id"), rc.request_id);
  bool client_ok =
      co_await rc.ex.StartStream(200, std::string("text/event-stream"), std::move(stream_headers));
  SseParser parser;
  std::vector<SseEvent> events;
  json::object last_chunk;  // id, created, model for chunks the gateway writes itself
  bool done = false;        // [DONE] seen
  std::optional<ApiError> failure;
  int64_t completion_tokens = -1;

  // A chunk the gateway writes itself, for choice `index` with this delta and finish reason,
  // shaped like the upstream's (its id, created, model, ...).
  auto make_delta_chunk = [&](int64_t index, json::object delta, const char* finish) {
    json::object c;
    for (const char* k : kChunkFields) {
      if (const json::value* v = last_chunk.if_contains(k)) c[k] = *v;
    }
    if (!c.contains("object")) c["object"] = "chat.completion.chunk";
    if (!c.contains("id")) c["id"] = "chatcmpl-" + rc.request_id;
    if (!c.contains("model")) c["model"] = chat.model;
    json::object choice;
    choice["index"] = index;
    choice["delta"] = std::move(delta);
    choice["finish_reason"] = finish ? json::value(finish) : json::value(nullptr);
    c["choices"] = json::array{std::move(choice)};
    return SseData(json::serialize(c));
  };
  // A chunk with only this content (and optionally a finish reason).
  auto make_chunk = [&](int64_t index, std::string_view content, const char* finish) {
    json::object delta;
    if (!content.empty()) delta["content"] = content;
    return make_delta_chunk(index, std::move(delta), finish);
  };
  auto send = [&](const std::string& s) -> asio::awaitable<void> {
    if (client_ok) client_ok = co_await rc.ex.WriteChunk(s);
  };
  // A chunk carrying one tool call's whole (guarded) arguments.
  auto make_tool_chunk = [&](int64_t choice, int64_t index, const std::string& arguments) {
    json::object fn;
    fn["arguments"] = arguments;
    json::object delta;
    if (index < 0) {
      delta["function_call"] = std::move(fn);
    } else {
      json::object call;
      call["index"] = index;
      call["function"] = std::move(fn);
      delta["tool_calls"] = json::array{std::move(call)};
    }
    return make_delta_chunk(choice, std::move(delta), nullptr);
  };
  // A choice ended: guards each of its held calls; the chunks that send their arguments (to go
  // out before its finish chunk), or none when one is blocked (then cs.tool_blocked).
  auto finish_tools = [&](StreamChoice& cs, int64_t choice) {
    std::vector<std::string> chunks;
    for (auto& [index, arguments] : cs.tool_arguments) {
      GuardedArguments g = GuardToolArguments(rc, Direction::kOutput, arguments);
      if (g.blocked) {
        cs.tool_blocked = true;
        cs.tool_output = "[tool call] [blocked]";
        return std::vector<std::string>{};
      }
      if (!cs.tool_output.empty()) cs.tool_output += "\n";
      cs.tool_output += "[tool call] " + g.arguments;
      chunks.push_back(make_tool_chunk(choice, index, g.arguments));
    }
    return chunks;
  };
  // Every choice the upstream sent has ended (finished or blocked).
  auto all_ended = [&] {
    return !choices.empty() && std::all_of(choices.begin(), choices.end(),
                                           [](const auto& kv) { return kv.second.ended(); });
  };
  const int64_t n = static_cast<int64_t>(chat.n);

  std::string raw;
  std::vector<std::string> before;  // tool call chunks of choices finishing in this chunk
  std::vector<std::string> after;   // content_filter ends of choices blocked in this chunk
  // After the finish chunks the loop goes on to [DONE], forwarding usage chunks, so the upstream
  // connection ends cleanly and can be reused. Once every choice is blocked it stops reading.
  while (!done && !failure && client_ok && choices_blocked < chat.n) {
    raw.clear();
    bool more = false;
    auto err = co_await call.Read(raw, more);
    if (err) {
      failure = FromUpstream(*err);
      break;
    }
    Status ps = parser.Feed(raw, events);
    if (!ps.ok()) {
      failure = ApiError::UpstreamFailed("upstream " + upstream->name + ": " + ps.message());
    }
    for (SseEvent& ev : events) {
      if (failure || choices_blocked >= chat.n) break;
      if (ev.data == "[DONE]") {
        done = true;
        break;
      }
      json::error_code ec;
      json::value v = json::parse(ev.data, ec);
      if (ec || !v.is_object()) {
        failure = ApiError::UpstreamFailed("upstream " + upstream->name +
                                           " sent a stream event that is not JSON");
        break;
      }
      json::object& chunk = v.as_object();
      if (chunk.contains("error")) {
        failure = ApiError::UpstreamFailed("upstream " + upstream->name +
                                           " reported an error mid-stream");
        break;
      }
      for (const char* k : kChunkFields) {
        if (const json::value* f = chunk.if_contains(k)) last_chunk[k] = *f;
      }
      if (int64_t ct = UsageField(chunk, "completion_tokens"); ct >= 0) completion_tokens = ct;
      if (int64_t pt = UsageField(chunk, "prompt_tokens"); pt >= 0) rc.event.prompt_tokens = pt;
      json::value* list = chunk.if_contains("choices");
      if (!list || !list->is_array() || list->as_array().empty()) {
        co_await send(SseData(ev.data));  // usage-only chunks and the like
        continue;
      }
      json::array kept;
      before.clear();
      after.clear();
      for (json::value& cv : list->as_array()) {
        if (!cv.is_object()) continue;
        json::object& choice = cv.as_object();
        int64_t index = 0;  // OpenAI always sends it; an upstream that leaves it out has one
        if (const json::value* iv = choice.if_contains("index"); iv && !iv->is_null()) {
          if (!iv->is_int64() || iv->as_int64() < 0 || iv->as_int64() >= n) {
            failure = ApiError::UpstreamFailed(
                "upstream " + upstream->name + " sent a choice index that is not from 0 to " +
                std::to_string(n - 1) + " (the request asked for n = " + std::to_string(n) + ")");
            break;
          }
          index = iv->as_int64();
        }
        StreamChoice& cs = choice_for(index);
        if (cs.ended()) continue;  // a blocked choice's rest; anything after a finish
        std::string release;
        bool blocked = false;
        json::value* delta = choice.if_contains("delta");
        json::object* delta_obj = delta && delta->is_object() ? &delta->as_object() : nullptr;
        json::value* content = delta_obj ? delta_obj->if_contains("content") : nullptr;
        if (content && content->is_string()) {
          StreamGuard::Step step = cs.sg.Push(Sv(content->as_string()));
          blocked = step.blocked;
          release = std::move(step.release);
        }
        if (!blocked && delta_obj) {
          for (ToolArguments& t : FindToolArguments(*delta_obj)) {
            cs.tool_arguments[t.index] += Sv(t.arguments->as_string());
            *t.arguments = "";  // sent whole at the end, once guarded
          }
        }
        json::value* finish = choice.if_contains("finish_reason");
        const bool has_finish = !blocked && finish && finish->is_string();
        if (has_finish) {
          StreamGuard::Step step = cs.sg.Finish();
          blocked = step.blocked;
          if (!blocked) {
            release += step.release;
            std::vector<std::string> tool_chunks = finish_tools(cs, index);
            blocked = cs.tool_blocked;
            for (std::string& c : tool_chunks) before.push_back(std::move(c));
          }
          cs.finished = !blocked;
        }
        if (blocked) {
          // Nothing more of this choice goes out; the others go on.
          ++choices_blocked;
          after.push_back(make_chunk(index, "", "content_filter"));
          continue;
        }
        if (content && content->is_string()) {
          if (release.empty() && !has_finish && delta_obj->size() == 1) continue;
          *content = release;
        } else if (!release.empty()) {
          if (delta_obj) {
            (*delta_obj)["content"] = release;
          } else {
            choice["delta"] = json::object{{"content", release}};
          }
        }
        kept.push_back(std::move(cv));
      }
      if (failure) break;
      for (const std::string& c : before) co_await send(c);
      if (!kept.empty() || chunk.contains("usage")) {
        *list = std::move(kept);
        std::string out = SseData(json::serialize(chunk));
        co_await send(out);
      }
      for (const std::string& c : after) co_await send(c);
    }
    events.clear();
    if (!more && !done && !failure && choices_blocked < chat.n) {
      if (all_ended()) break;  // finished, but the upstream closed without [DONE]: tolerated
      failure = ApiError::UpstreamFailed("upstream " + upstream->name +
                                         ": the stream ended without [DONE]");
    }
  }
  upstream_done();

  if (!failure) {
    // [DONE] before a choice's finish_reason: release what it holds and finish it. (No chunk at
    // all: one empty choice.)
    if (choices.empty()) choice_for(0);
    for (auto& kv : choices) {  // (no structured binding: the body suspends)
      const int64_t index = kv.first;
      StreamChoice& cs = kv.second;
      if (cs.ended()) continue;
      StreamGuard::Step step = cs.sg.Finish();
      std::vector<std::string> tool_chunks;
      if (!step.blocked) tool_chunks = finish_tools(cs, index);
      std::string last;
      if (step.blocked || cs.tool_blocked) {
        last = make_chunk(index, "", "content_filter");
      } else {
        for (const std::string& c : tool_chunks) co_await send(c);
        last = make_chunk(index, step.release, cs.tool_arguments.empty() ? "stop" : "tool_calls");
        cs.finished = true;
      }
      co_await send(last);
    }
  }
  // The audit copy: each choice as its client received it (consistent with the non-streamed
  // answer's: "[choice I] " before each with n > 1, "[blocked]" for a blocked one).
  std::string stored_output;
  uint64_t output_bytes = 0;
  for (auto& kv : choices) {
    const int64_t index = kv.first;
    const StreamChoice& cs = kv.second;
    rc.log.Add(Direction::kOutput, cs.sg.decision());
    gw.metrics_.CountDecision(Direction::kOutput, cs.sg.decision());
    output_bytes += cs.sg.text().size();
    std::string stored = cs.sg.sent();
    if (cs.sg.blocked()) stored += stored.empty() ? "[blocked]" : "\n[blocked]";
    if (!cs.tool_output.empty()) {
      if (!stored.empty()) stored += "\n";
      stored += cs.tool_output;
    }
    AppendChoiceOutput(stored_output, chat.n > 1, index, stored);
  }
  rc.event.redacted_output = std::move(stored_output);
  rc.event.completion_tokens = completion_tokens >= 0
                                   ? completion_tokens
                                   : static_cast<int64_t>(EstimateTokens(output_bytes));
  if (failure) rc.event.action = "error";
  ChargeTokens(rc);
  int status = failure ? failure->status : 200;
  auto audit_failed = co_await CommitAudit(rc, status);
  CountRequest(rc, status);
  if (audit_failed) {
    failure = ApiError::Internal("the request could not be recorded (" + *audit_failed + ")");
  }
  // The end of the stream goes out only once the event is committed.
  if (failure) {
    co_await send(SseError(*failure));
  } else {
    co_await send(SseData("[DONE]"));
  }
  if (client_ok) co_await rc.ex.EndStream();
}

asio::awaitable<void> Gateway::Impl::Models(RequestCtx& rc) {
  auto executor = co_await asio::this_coro::executor;
  auto* ctx = &static_cast<asio::io_context&>(asio::query(executor, asio::execution::context));
  json::array data;
  std::set<std::string> seen;
  std::optional<ApiError> last_error;
  size_t answered = 0;
  auto t_up = Clock::now();
  for (const Upstream& u : gw.config_.upstreams) {
    UpstreamCall call(PoolForThisThread(ctx), u, Timeouts());
    auto err = co_await call.Send("GET", "/models", "");
    std::string body;
    if (!err) err = co_await call.ReadAll(body, 8 << 20);
    if (err) {
      last_error = FromUpstream(*err);
      continue;
    }
    json::error_code ec;
    json::value v = json::parse(body, ec);
    const json::value* list = !ec && v.is_object() ? v.as_object().if_contains("data") : nullptr;
    if (call.status() != 200 || !list || !list->is_array()) {
      last_error = ApiError::UpstreamFailed("upstream " + u.name +
                                            ": GET /models did not answer a model list (HTTP " +
                                            std::to_string(call.status()) + ")");
      continue;
    }
    ++answered;
    for (const json::value& m : list->as_array()) {
      if (!m.is_object()) continue;
      const json::value* id = m.as_object().if_contains("id");
      if (!id || !id->is_string()) continue;
      std::string name(Sv(id->as_string()));
      // Only models this gateway would route to this upstream.
      if (gw.config_.UpstreamFor(name) != &u || !seen.insert(name).second) continue;
      data.push_back(m);
    }
  }
  rc.event.upstream_us = MicrosSince(t_up);
  if (answered == 0 && last_error) {
    co_await FinishError(rc, *last_error);
    co_return;
  }
  json::object o;
  o["object"] = "list";
  o["data"] = std::move(data);
  co_await Finish(rc, JsonResponse(200, json::serialize(o)));
}

}  // namespace frontseat::gateway
