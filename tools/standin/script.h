// The stand-in server's script: which models it lists, which key it demands, and per request which
// answer it gives (fixed text, an echo, a split into stream deltas) or which fault it shows (hang,
// reset, garbage, slow, an HTTP error status). Tests write a script as JSON; ParseScript checks
// every key and names the key path of each problem, e.g. `rules[2].fault: expected one of none,
// hang, reset, garbage, slow, status; got "boom"`.
//
// Script shape (every key optional):
//   {"models": ["standin"], "require_key": "k", "default": {<reply>},
//    "rules": [{"match": "substring" | "match_regex": "re2", "on": "last_user"|"any"|"system",
//               "ignore_case": false, "times": N, <reply keys>}]}
//   <reply> = "reply": "text" | "echo": true | "echo_system": true, "replies": ["choice 0", ...],
//             "chunks": [sizes] | "chunk_size": N,
//             "fault": "none"|"hang"|"reset"|"garbage"|"slow"|"status", "delay_ms": N,
//             "status": 429, "retry_after": N, "reset_after": N, "finish_reason": "stop"
// The first rule that matches (and has not used up its `times`) answers; otherwise "default".
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frontseat/status.h"

namespace re2 {
class RE2;
}

namespace frontseat::standin {

// The reply when neither a rule nor "default" gives one.
inline constexpr std::string_view kDefaultReplyText =
    "Hello from the frontseat stand-in. This is a fixed answer.";

enum class Fault {
  kNone,
  kHang,     // read the request, never answer, until the peer closes
  kReset,    // streaming: headers and the first `reset_after` deltas, then an abrupt close (RST);
             // non-streaming: an abrupt close without an answer
  kGarbage,  // a 200 whose body is not JSON; streaming: a malformed SSE data line mid-stream
  kSlow,     // delay_ms before the answer and between stream chunks
  kStatus,   // HTTP `status` with an OpenAI error body (and Retry-After when given)
};
std::string_view FaultName(Fault fault);

enum class MatchOn { kLastUser, kAny, kSystem };

struct Reply {
  std::string text{kDefaultReplyText};
  bool echo = false;             // reply with the last user message instead of `text`
  bool echo_system = false;      // reply with the system (and developer) messages: a leaky model
  // Per choice of a request with n > 1: choice i answers replies[i]; a choice past the end of
  // the list answers what it would without it (text, echo, echo_system).
  std::vector<std::string> replies;
  std::vector<size_t> chunks;    // byte sizes of the first stream deltas; the rest is one delta
  size_t chunk_size = 0;         // every delta this many bytes; 0 (and no chunks): one per word
  Fault fault = Fault::kNone;
  uint32_t delay_ms = 0;         // before the answer and between stream chunks (any fault)
  int status = 0;                // kStatus only
  std::optional<uint32_t> retry_after;  // seconds, kStatus only
  uint32_t reset_after = 1;      // kReset when streaming: content deltas sent before the reset
  std::string finish_reason = "stop";  // "tool_calls" by default with tool_call
  // Set: the answer is one call of this function (message.tool_calls; streamed as tool_calls
  // deltas) whose arguments are the reply text, chunked like content.
  std::string tool_call;
};

struct Rule {
  std::string match;                        // substring; empty with no regex = matches anything
  std::shared_ptr<const re2::RE2> regex;    // set for match_regex
  MatchOn on = MatchOn::kLastUser;
  bool ignore_case = false;
  std::optional<uint64_t> times;            // the rule answers at most this many requests
  Reply reply;
};

struct Script {
  std::vector<std::string> models{"standin"};
  std::optional<std::string> require_key;
  Reply default_reply;
  std::vector<Rule> rules;
};

// The texts of a chat request that rules look at.
struct Conversation {
  std::string last_user;  // content of the last message with role "user"
  std::string system;     // contents of the system (and developer) messages, joined by "\n"
  std::string all;        // contents of every message, joined by "\n"
};

// Parses and validates a script. All problems are reported in one Status, one per line.
Result<Script> ParseScript(std::string_view json);

// Reads and parses a script file; errors are prefixed with the path.
Result<Script> LoadScript(const std::string& path);

// True if `rule`'s match (ignoring `times`) accepts the conversation.
bool RuleMatches(const Rule& rule, const Conversation& conversation);

// The text choice `index` of a request answers, given what the reply would be without `replies`.
std::string_view ChoiceText(const Reply& reply, std::string_view text, size_t index);

// Splits `text` into stream deltas as `reply` asks. Boundaries never cut a UTF-8 sequence (a
// boundary inside one moves to the sequence's end). Concatenating the pieces gives `text`.
std::vector<std::string> SplitIntoDeltas(const Reply& reply, std::string_view text);

// Number of whitespace-separated words: the stand-in's token count.
uint64_t CountWords(std::string_view text);

}  // namespace frontseat::standin
