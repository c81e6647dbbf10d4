// The stand-in server (see server.h): routes, OpenAI request and response shapes, SSE streaming
// and the scripted faults. Request bodies come from tests and from the code under test, so they
// are parsed without exceptions and every problem is answered with an OpenAI error, never a crash.
#include "standin/server.h"

#include <algorithm>
#include <csignal>
#include <ctime>
#include <map>
#include <memory>
#include <ostream>
#include <utility>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>

namespace frontseat::standin {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = net::ip::tcp;

constexpr auto kUse = net::as_tuple(net::use_awaitable);
// Large enough for any prompt a test sends; a bigger body is answered 413.
constexpr uint64_t kMaxBodyBytes = 16u << 20;

struct State {
  Script script;
  std::vector<uint64_t> rule_hits;
  uint64_t default_hits = 0;
  std::map<std::string, uint64_t> requests;  // "POST /v1/chat/completions" → count
  uint64_t total = 0;
  std::string last_route;
  std::string last_body;
  std::string last_authorization;
  uint64_t next_id = 1;
  std::unique_ptr<net::ssl::context> tls;  // set: every connection speaks TLS
  uint64_t tls_handshake_failures = 0;
};

std::string ErrorBody(std::string_view message, std::string_view type, std::string_view code) {
  json::object err;
  err["message"] = message;
  err["type"] = type;
  err["param"] = nullptr;
  if (code.empty()) {
    err["code"] = nullptr;
  } else {
    err["code"] = code;
  }
  json::object root;
  root["error"] = std::move(err);
  return json::serialize(root);
}

template <typename Stream>
net::awaitable<bool> Send(Stream& stream, http::status status, std::string body, bool keep_alive,
                          std::string_view content_type = "application/json",
                          std::optional<uint32_t> retry_after = std::nullopt) {
  http::response<http::string_body> res{status, 11};
  res.set(http::field::server, "frontseat-standin");
  res.set(http::field::content_type, content_type);
  if (retry_after) res.set(http::field::retry_after, std::to_string(*retry_after));
  res.keep_alive(keep_alive);
  res.body() = std::move(body);
  res.prepare_payload();
  auto [ec, n] = co_await http::async_write(stream, res, kUse);
  co_return !ec && keep_alive;
}

net::awaitable<void> Sleep(uint32_t ms) {
  if (ms == 0) co_return;
  net::steady_timer timer(co_await net::this_coro::executor);
  timer.expires_after(std::chrono::milliseconds(ms));
  co_await timer.async_wait(kUse);
}

// Closes with a TCP RST (linger 0), the way a crashed upstream looks to its client.
template <typename Stream>
void Reset(Stream& stream) {
  beast::error_code ec;
  auto& socket = beast::get_lowest_layer(stream).socket();
  socket.set_option(net::socket_base::linger(true, 0), ec);
  socket.close(ec);
}

// Reads and discards until the peer closes (or the server stops): the hang fault.
template <typename Stream>
net::awaitable<void> HangUntilPeerCloses(Stream& stream) {
  char sink[4096];
  for (;;) {
    auto [ec, n] = co_await stream.async_read_some(net::buffer(sink), kUse);
    if (ec) co_return;
  }
}

std::string ContentText(const json::value& content) {
  if (content.is_string()) return std::string(content.get_string());
  std::string out;
  if (content.is_array()) {
    // The multi-part form: [{"type": "text", "text": "..."}, {"type": "image_url", ...}].
    for (const json::value& part : content.get_array()) {
      const json::object* obj = part.if_object();
      if (!obj) continue;
      const json::value* text = obj->if_contains("text");
      if (text && text->is_string()) {
        if (!out.empty()) out += '\n';
        out += std::string(text->get_string());
      }
    }
  }
  return out;
}

// OpenAI's bound on `n`.
constexpr int64_t kMaxChoices = 128;

struct ChatRequest {
  std::string model;
  size_t n = 1;  // choices to answer
  bool stream = false;
  bool include_usage = false;
  Conversation conversation;
  uint64_t prompt_words = 0;
};

// Parses an OpenAI chat request; on failure returns the message for a 400 answer.
std::variant<ChatRequest, std::string> ParseChatRequest(std::string_view body) {
  boost::system::error_code ec;
  json::value root = json::parse(json::string_view(body.data(), body.size()), ec);
  if (ec) return "request body is not valid JSON: " + ec.message();
  const json::object* obj = root.if_object();
  if (!obj) return std::string("request body: expected a JSON object");
  ChatRequest req;
  const json::value* model = obj->if_contains("model");
  if (!model || !model->is_string() || model->get_string().empty()) {
    return std::string("model: required, a non-empty string");
  }
  req.model = std::string(model->get_string());
  if (const json::value* stream = obj->if_contains("stream")) {
    if (!stream->is_bool() && !stream->is_null()) return std::string("stream: expected a boolean");
    req.stream = stream->is_bool() && stream->get_bool();
  }
  if (const json::value* n = obj->if_contains("n"); n && !n->is_null()) {
    if (!n->is_int64() || n->get_int64() < 1 || n->get_int64() > kMaxChoices) {
      return "n: expected an integer from 1 to " + std::to_string(kMaxChoices);
    }
    req.n = static_cast<size_t>(n->get_int64());
  }
  if (const json::value* so = obj->if_contains("stream_options")) {
    if (const json::object* so_obj = so->if_object()) {
      const json::value* usage = so_obj->if_contains("include_usage");
      req.include_usage = usage && usage->is_bool() && usage->get_bool();
    }
  }
  const json::value* messages = obj->if_contains("messages");
  if (!messages || !messages->is_array() || messages->get_array().empty()) {
    return std::string("messages: required, a non-empty array");
  }
  const json::array& arr = messages->get_array();
  for (size_t i = 0; i < arr.size(); ++i) {
    const json::object* msg = arr[i].if_object();
    const std::string where = "messages[" + std::to_string(i) + "]";
    if (!msg) return where + ": expected an object";
    const json::value* role = msg->if_contains("role");
    if (!role || !role->is_string()) return where + ".role: required, a string";
    std::string text;
    if (const json::value* content = msg->if_contains("content")) {
      if (!content->is_string() && !content->is_array() && !content->is_null()) {
        return where + ".content: expected a string, an array of parts or null";
      }
      text = ContentText(*content);
    }
    const std::string_view r = role->get_string();
    if (r == "user") req.conversation.last_user = text;
    if (r == "system" || r == "developer") {
      if (!req.conversation.system.empty()) req.conversation.system += '\n';
      req.conversation.system += text;
    }
    if (i > 0) req.conversation.all += '\n';
    req.conversation.all += text;
    req.prompt_words += CountWords(text);
  }
  return req;
}

const Reply& PickReply(State& state, const Conversation& conversation) {
  const std::vector<Rule>& rules = state.script.rules;
  for (size_t i = 0; i < rules.size(); ++i) {
    if (rules[i].times && state.rule_hits[i] >= *rules[i].times) continue;
    if (RuleMatches(rules[i], conversation)) {
      ++state.rule_hits[i];
      return rules[i].reply;
    }
  }
  ++state.default_hits;
  return state.script.default_reply;
}

json::object Usage(uint64_t prompt, uint64_t completion) {
  json::object usage;
  usage["prompt_tokens"] = prompt;
  usage["completion_tokens"] = completion;
  usage["total_tokens"] = prompt + completion;
  return usage;
}

json::object ChunkObject(const std::string& id, int64_t created, const std::string& model) {
  json::object chunk;
  chunk["id"] = id;
  chunk["object"] = "chat.completion.chunk";
  chunk["created"] = created;
  chunk["model"] = model;
  return chunk;
}

json::array OneChoice(size_t index, json::object delta, const std::string* finish_reason) {
  json::object choice;
  choice["index"] = index;
  choice["delta"] = std::move(delta);
  choice["logprobs"] = nullptr;
  if (finish_reason) {
    choice["finish_reason"] = *finish_reason;
  } else {
    choice["finish_reason"] = nullptr;
  }
  json::array choices;
  choices.push_back(std::move(choice));
  return choices;
}

std::string SseEvent(const json::object& obj) { return "data: " + json::serialize(obj) + "\n\n"; }

template <typename Stream>
net::awaitable<bool> WriteChunk(Stream& stream, const std::string& data) {
  auto [ec, n] = co_await net::async_write(stream, http::make_chunk(net::buffer(data)), kUse);
  co_return !ec;
}

std::string ToolCallId(const std::string& id, size_t choice) {
  return "call_" + id + (choice == 0 ? "" : "_" + std::to_string(choice));
}

// The streamed answer, shaped like OpenAI's: every chunk carries one choice with its index. First
// a role chunk per choice; then rounds, each with the next delta of every choice that has one
// (so with n > 1 the choices interleave), a choice's finish chunk in the round after its last
// delta; an optional usage chunk (words of all choices); [DONE]. The faults count content deltas
// over all choices: `reset` cuts before the `reset_after`-th (or before the first finish chunk),
// `garbage` puts its malformed line before the second (or before the first finish chunk).
template <typename Stream>
net::awaitable<bool> StreamReply(Stream& stream, const Reply& reply,
                                 const std::vector<std::string>& texts, const ChatRequest& req,
                                 const std::string& id, bool keep_alive) {
  const int64_t created = static_cast<int64_t>(std::time(nullptr));
  http::response<http::empty_body> res{http::status::ok, 11};
  res.set(http::field::server, "frontseat-standin");
  res.set(http::field::content_type, "text/event-stream");
  res.set(http::field::cache_control, "no-cache");
  res.keep_alive(keep_alive);
  res.chunked(true);
  http::response_serializer<http::empty_body> serializer{res};
  if (auto [ec, n] = co_await http::async_write_header(stream, serializer, kUse); ec) {
    co_return false;
  }

  for (size_t c = 0; c < texts.size(); ++c) {
    json::object first = ChunkObject(id, created, req.model);
    json::object role_delta;
    role_delta["role"] = "assistant";
    role_delta["content"] = "";
    if (!reply.tool_call.empty()) {
      role_delta["content"] = nullptr;
      role_delta["tool_calls"] = json::array{
          json::object{{"index", 0},
                       {"id", ToolCallId(id, c)},
                       {"type", "function"},
                       {"function", json::object{{"name", reply.tool_call}, {"arguments", ""}}}}};
    }
    first["choices"] = OneChoice(c, std::move(role_delta), nullptr);
    if (!co_await WriteChunk(stream, SseEvent(first))) co_return false;
  }

  std::vector<std::vector<std::string>> deltas;
  size_t rounds = 0;
  for (const std::string& text : texts) {
    deltas.push_back(SplitIntoDeltas(reply, text));
    rounds = std::max(rounds, deltas.back().size() + 1);
  }
  size_t sent = 0;            // content deltas sent, over all choices
  bool finish_begun = false;  // a finish chunk was sent
  bool garbage_sent = false;
  for (size_t round = 0; round < rounds; ++round) {
    for (size_t c = 0; c < texts.size(); ++c) {
      const std::vector<std::string>& mine = deltas[c];
      if (round > mine.size()) continue;
      const bool finish = round == mine.size();
      if (reply.fault == Fault::kReset &&
          (sent == reply.reset_after || (finish && !finish_begun))) {
        Reset(stream);
        co_return false;
      }
      if (reply.fault == Fault::kGarbage && !garbage_sent &&
          (finish ? !finish_begun && sent <= 1 : sent == 1)) {
        garbage_sent = true;
        if (!co_await WriteChunk(stream, "data: {\"id\": \"garbage, not JSON\n\n")) {
          co_return false;
        }
      }
      co_await Sleep(reply.delay_ms);
      json::object chunk = ChunkObject(id, created, req.model);
      if (finish) {
        finish_begun = true;
        chunk["choices"] = OneChoice(c, json::object{}, &reply.finish_reason);
      } else {
        json::object delta;
        if (reply.tool_call.empty()) {
          delta["content"] = mine[round];
        } else {
          delta["tool_calls"] = json::array{
              json::object{{"index", 0}, {"function", json::object{{"arguments", mine[round]}}}}};
        }
        chunk["choices"] = OneChoice(c, std::move(delta), nullptr);
        ++sent;
      }
      if (!co_await WriteChunk(stream, SseEvent(chunk))) co_return false;
    }
  }
  if (req.include_usage) {
    uint64_t words = 0;
    for (const std::string& text : texts) words += CountWords(text);
    json::object usage = ChunkObject(id, created, req.model);
    usage["choices"] = json::array{};
    usage["usage"] = Usage(req.prompt_words, words);
    if (!co_await WriteChunk(stream, SseEvent(usage))) co_return false;
  }
  if (!co_await WriteChunk(stream, "data: [DONE]\n\n")) co_return false;
  auto [ec, n] = co_await net::async_write(stream, http::make_chunk_last(), kUse);
  co_return !ec && keep_alive;
}

template <typename Stream>
net::awaitable<bool> HandleChat(Stream& stream, const http::request<http::string_body>& req,
                                State& state) {
  const bool keep_alive = req.keep_alive();
  if (state.script.require_key) {
    auto auth = req.find(http::field::authorization);
    if (auth == req.end() || auth->value() != "Bearer " + *state.script.require_key) {
      co_return co_await Send(
          stream, http::status::unauthorized,
          ErrorBody("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"),
          keep_alive);
    }
  }
  auto parsed = ParseChatRequest(req.body());
  if (auto* message = std::get_if<std::string>(&parsed)) {
    co_return co_await Send(stream, http::status::bad_request,
                            ErrorBody(*message, "invalid_request_error", ""), keep_alive);
  }
  const ChatRequest& chat = std::get<ChatRequest>(parsed);
  // A copy, so nothing below refers into `state` across a suspension.
  const Reply reply = PickReply(state, chat.conversation);
  const std::string text = reply.echo          ? chat.conversation.last_user
                           : reply.echo_system ? chat.conversation.system
                                               : reply.text;
  const std::string id = "chatcmpl-standin-" + std::to_string(state.next_id++);

  if (reply.fault == Fault::kHang) {
    co_await HangUntilPeerCloses(stream);
    co_return false;
  }
  co_await Sleep(reply.delay_ms);
  switch (reply.fault) {
    case Fault::kStatus: {
      const int code = reply.status;
      std::string_view type = code == 429   ? "rate_limit_error"
                              : code >= 500 ? "server_error"
                                            : "invalid_request_error";
      std::string_view err_code = code == 429 ? "rate_limit_exceeded" : "";
      co_return co_await Send(
          stream, static_cast<http::status>(code),
          ErrorBody("stand-in scripted status " + std::to_string(code), type, err_code), keep_alive,
          "application/json", reply.retry_after);
    }
    case Fault::kReset:
      if (!chat.stream) {
        Reset(stream);
        co_return false;
      }
      break;
    case Fault::kGarbage:
      if (!chat.stream) {
        co_return co_await Send(stream, http::status::ok, "this is not JSON {\"choices\": [",
                                keep_alive);
      }
      break;
    default:
      break;
  }
  std::vector<std::string> texts;
  for (size_t c = 0; c < chat.n; ++c) texts.emplace_back(ChoiceText(reply, text, c));
  if (chat.stream) co_return co_await StreamReply(stream, reply, texts, chat, id, keep_alive);

  json::array choices;
  uint64_t words = 0;
  for (size_t c = 0; c < texts.size(); ++c) {
    json::object message;
    message["role"] = "assistant";
    message["content"] = texts[c];
    if (!reply.tool_call.empty()) {
      message["content"] = nullptr;
      message["tool_calls"] = json::array{json::object{
          {"id", ToolCallId(id, c)},
          {"type", "function"},
          {"function", json::object{{"name", reply.tool_call}, {"arguments", texts[c]}}}}};
    }
    json::object choice;
    choice["index"] = c;
    choice["message"] = std::move(message);
    choice["logprobs"] = nullptr;
    choice["finish_reason"] = reply.finish_reason;
    choices.push_back(std::move(choice));
    words += CountWords(texts[c]);
  }
  json::object root;
  root["id"] = id;
  root["object"] = "chat.completion";
  root["created"] = static_cast<int64_t>(std::time(nullptr));
  root["model"] = chat.model;
  root["choices"] = std::move(choices);
  root["usage"] = Usage(chat.prompt_words, words);
  co_return co_await Send(stream, http::status::ok, json::serialize(root), keep_alive);
}

std::string ModelsBody(const State& state) {
  json::array data;
  for (const std::string& name : state.script.models) {
    json::object model;
    model["id"] = name;
    model["object"] = "model";
    model["created"] = 0;
    model["owned_by"] = "frontseat-standin";
    data.push_back(std::move(model));
  }
  json::object root;
  root["object"] = "list";
  root["data"] = std::move(data);
  return json::serialize(root);
}

std::string StatsBody(const State& state) {
  json::object requests;
  for (const auto& [route, count] : state.requests) requests[route] = count;
  json::array hits;
  for (uint64_t h : state.rule_hits) hits.push_back(h);
  json::object last;
  last["route"] = state.last_route;
  last["body"] = state.last_body;
  last["authorization"] = state.last_authorization;
  json::object root;
  root["total"] = state.total;
  root["requests"] = std::move(requests);
  root["rule_hits"] = std::move(hits);
  root["default_hits"] = state.default_hits;
  root["tls_handshake_failures"] = state.tls_handshake_failures;
  root["last_request"] = std::move(last);
  return json::serialize(root);
}

template <typename Stream>
net::awaitable<bool> Handle(Stream& stream, const http::request<http::string_body>& req,
                            State& state) {
  std::string_view target(req.target().data(), req.target().size());
  target = target.substr(0, target.find('?'));
  const bool keep_alive = req.keep_alive();

  // The method each route takes; an empty verb means no such route.
  http::verb expected = http::verb::unknown;
  if (target == "/stats" || target == "/healthz" || target == "/v1/models") {
    expected = http::verb::get;
  } else if (target == "/v1/chat/completions") {
    expected = http::verb::post;
  }
  if (target != "/stats") {  // not counted, so reading the counters does not change them
    const std::string route = std::string(req.method_string()) + " " + std::string(target);
    ++state.requests[route];
    ++state.total;
    state.last_route = route;
    state.last_body = req.body();
    auto auth = req.find(http::field::authorization);
    state.last_authorization = auth == req.end() ? "" : std::string(auth->value());
  }
  const std::string shown(target.substr(0, 200));
  if (expected == http::verb::unknown) {
    co_return co_await Send(stream, http::status::not_found,
                            ErrorBody("no route " + shown, "invalid_request_error", "unknown_url"),
                            keep_alive);
  }
  if (req.method() != expected) {
    co_return co_await Send(
        stream, http::status::method_not_allowed,
        ErrorBody("method " + std::string(req.method_string()) + " not allowed on " + shown,
                  "invalid_request_error", "method_not_allowed"),
        keep_alive);
  }
  if (target == "/stats") {
    co_return co_await Send(stream, http::status::ok, StatsBody(state), keep_alive);
  }
  if (target == "/healthz") {
    co_return co_await Send(stream, http::status::ok, "{\"status\":\"ok\"}", keep_alive);
  }
  if (target == "/v1/models") {
    co_return co_await Send(stream, http::status::ok, ModelsBody(state), keep_alive);
  }
  co_return co_await HandleChat(stream, req, state);
}

// Serves requests on one connection (plain TCP, or TLS after its handshake) until it closes.
template <typename Stream>
net::awaitable<void> Serve(Stream& stream, State& state) {
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(64 * 1024);
    parser.body_limit(kMaxBodyBytes);
    auto [ec, n] = co_await http::async_read(stream, buffer, parser, kUse);
    if (ec == http::error::end_of_stream || ec == net::error::eof ||
        ec == net::error::connection_reset || ec == net::error::operation_aborted ||
        ec == net::ssl::error::stream_truncated) {
      break;
    }
    if (ec == http::error::body_limit) {
      co_await Send(stream, http::status::payload_too_large,
                    ErrorBody("request body larger than 16 MiB", "invalid_request_error", ""),
                    false);
      break;
    }
    if (ec) {
      co_await Send(
          stream, http::status::bad_request,
          ErrorBody("malformed HTTP request: " + ec.message(), "invalid_request_error", ""), false);
      break;
    }
    if (!co_await Handle(stream, parser.get(), state)) break;
  }
  beast::error_code ignored;
  auto& socket = beast::get_lowest_layer(stream).socket();
  if (socket.is_open()) socket.shutdown(tcp::socket::shutdown_send, ignored);
}

net::awaitable<void> Session(tcp::socket socket, State& state) {
  beast::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  if (!state.tls) {
    beast::tcp_stream stream(std::move(socket));
    co_await Serve(stream, state);
    co_return;
  }
  beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *state.tls);
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
  auto [ec] = co_await stream.async_handshake(net::ssl::stream_base::server, kUse);
  beast::get_lowest_layer(stream).expires_never();
  if (ec) {
    ++state.tls_handshake_failures;
    co_return;
  }
  co_await Serve(stream, state);
}

void LogException(std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "frontseat-standin: connection failed: %s\n", ex.what());
  }
}

net::awaitable<void> AcceptLoop(tcp::acceptor& acceptor, State& state) {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(kUse);
    if (ec == net::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) {
      co_await Sleep(10);  // e.g. out of file descriptors: do not spin
      continue;
    }
    net::co_spawn(acceptor.get_executor(), Session(std::move(socket), state), LogException);
  }
}

}  // namespace

Status RunServer(Script script, const std::string& host, uint16_t port, std::ostream& out,
                 const TlsFiles& tls) {
  boost::system::error_code ec;
  const net::ip::address address = net::ip::make_address(host, ec);
  if (ec) return Status::Invalid("--listen: \"" + host + "\" is not a numeric IP address");
  State state;
  state.script = std::move(script);
  state.rule_hits.assign(state.script.rules.size(), 0);
  if (!tls.cert_file.empty() || !tls.key_file.empty()) {
    if (tls.cert_file.empty() || tls.key_file.empty()) {
      return Status::Invalid("--tls-cert and --tls-key go together");
    }
    state.tls = std::make_unique<net::ssl::context>(net::ssl::context::tls_server);
    state.tls->use_certificate_chain_file(tls.cert_file, ec);
    if (ec) return Status::Invalid("--tls-cert: " + tls.cert_file + ": " + ec.message());
    state.tls->use_private_key_file(tls.key_file, net::ssl::context::pem, ec);
    if (ec) return Status::Invalid("--tls-key: " + tls.key_file + ": " + ec.message());
  }

  net::io_context ioc(1);
  tcp::acceptor acceptor(ioc);
  const tcp::endpoint endpoint(address, port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::Io("--listen: cannot listen on " + host + ":" + std::to_string(port) + ": " +
                      ec.message());
  }
  const tcp::endpoint bound = acceptor.local_endpoint(ec);
  const std::string shown = bound.address().is_v6() ? "[" + bound.address().to_string() + "]"
                                                    : bound.address().to_string();
  out << "listening on " << shown << ":" << bound.port() << std::endl;

  net::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) { ioc.stop(); });
  net::co_spawn(ioc, AcceptLoop(acceptor, state), LogException);
  ioc.run();
  return Status::Ok();
}

}  // namespace frontseat::standin
