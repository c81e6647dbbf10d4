// Parsing and validation of stand-in scripts (see script.h). Every key is checked and unknown
// keys are rejected, like the detector configs: a typo in a test's script would otherwise give a
// test that passes for the wrong reason.
#include "standin/script.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <span>
#include <sstream>

#include <boost/json.hpp>

namespace frontseat::standin {
namespace {

namespace json = boost::json;

constexpr std::array<std::string_view, 6> kFaultNames = {"none",    "hang", "reset",
                                                         "garbage", "slow", "status"};

class Errors {
 public:
  void Add(std::string_view path, std::string_view message) {
    if (!text_.empty()) text_ += '\n';
    text_.append(path);
    text_ += ": ";
    text_.append(message);
    ++count_;
  }
  size_t count() const { return count_; }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  size_t count_ = 0;
};

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s.substr(0, 60)) out += (static_cast<unsigned char>(c) < 0x20) ? '?' : c;
  if (s.size() > 60) out += "...";
  return out + "\"";
}

std::string KindName(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "a boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_: return "a number";
    case json::kind::string: return "a string";
    case json::kind::array: return "an array";
    case json::kind::object: return "an object";
  }
  return "a value";
}

void CheckKnownKeys(const json::object& obj, std::string_view path,
                    std::span<const std::string_view> allowed, Errors& errors) {
  for (const auto& kv : obj) {
    std::string_view key(kv.key().data(), kv.key().size());
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string known;
    for (std::string_view a : allowed) {
      if (!known.empty()) known += ", ";
      known += a;
    }
    errors.Add(std::string(path) + (path.empty() ? "" : ".") + std::string(key),
               "unknown key; known keys: " + known);
  }
}

bool ReadString(const json::value& v, std::string_view path, Errors& errors, std::string& out) {
  if (!v.is_string()) {
    errors.Add(path, "expected a string; got " + KindName(v));
    return false;
  }
  out.assign(v.get_string().data(), v.get_string().size());
  return true;
}

bool ReadBool(const json::value& v, std::string_view path, Errors& errors, bool& out) {
  if (!v.is_bool()) {
    errors.Add(path, "expected true or false; got " + KindName(v));
    return false;
  }
  out = v.get_bool();
  return true;
}

bool ReadUint(const json::value& v, std::string_view path, uint64_t lo, uint64_t hi,
              Errors& errors, uint64_t& out) {
  std::optional<uint64_t> n;
  if (v.is_uint64()) n = v.get_uint64();
  if (v.is_int64() && v.get_int64() >= 0) n = static_cast<uint64_t>(v.get_int64());
  if (!n || *n < lo || *n > hi) {
    std::string got = v.is_number() ? json::serialize(v) : KindName(v);
    errors.Add(path, "expected an integer from " + std::to_string(lo) + " to " +
                         std::to_string(hi) + "; got " + got);
    return false;
  }
  out = *n;
  return true;
}

const json::value* Find(const json::object& obj, std::string_view key) {
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &it->value();
}

// Reads the reply keys of `obj` (a rule or "default") into `reply`.
void ParseReply(const json::object& obj, const std::string& path, Errors& errors, Reply& reply) {
  auto at = [&](std::string_view key) { return path + "." + std::string(key); };
  const json::value* reply_text = Find(obj, "reply");
  const json::value* echo = Find(obj, "echo");
  if (reply_text) ReadString(*reply_text, at("reply"), errors, reply.text);
  if (echo) ReadBool(*echo, at("echo"), errors, reply.echo);
  if (reply_text && echo && reply.echo) {
    errors.Add(at("echo"), "give either \"reply\" or \"echo\": true, not both");
  }
  if (const json::value* echo_system = Find(obj, "echo_system")) {
    ReadBool(*echo_system, at("echo_system"), errors, reply.echo_system);
    if (reply.echo_system && (reply_text || reply.echo)) {
      errors.Add(at("echo_system"), "give one of \"reply\", \"echo\" or \"echo_system\"");
    }
  }

  if (const json::value* replies = Find(obj, "replies")) {
    if (!replies->is_array() || replies->get_array().empty()) {
      errors.Add(at("replies"), "expected a non-empty array of reply texts, one per choice; got " +
                                    KindName(*replies));
    } else {
      const json::array& arr = replies->get_array();
      for (size_t i = 0; i < arr.size(); ++i) {
        std::string text;
        if (ReadString(arr[i], at("replies") + "[" + std::to_string(i) + "]", errors, text)) {
          reply.replies.push_back(std::move(text));
        }
      }
    }
  }

  const json::value* chunks = Find(obj, "chunks");
  const json::value* chunk_size = Find(obj, "chunk_size");
  if (chunks && chunk_size) {
    errors.Add(at("chunks"), "give either \"chunks\" or \"chunk_size\", not both");
  }
  if (chunks) {
    if (!chunks->is_array() || chunks->get_array().empty()) {
      errors.Add(at("chunks"), "expected a non-empty array of chunk sizes in bytes; got " +
                                   KindName(*chunks));
    } else {
      const json::array& arr = chunks->get_array();
      for (size_t i = 0; i < arr.size(); ++i) {
        uint64_t n = 0;
        if (ReadUint(arr[i], at("chunks") + "[" + std::to_string(i) + "]", 1, 1 << 20, errors,
                     n)) {
          reply.chunks.push_back(static_cast<size_t>(n));
        }
      }
    }
  }
  if (chunk_size) {
    uint64_t n = 0;
    if (ReadUint(*chunk_size, at("chunk_size"), 1, 1 << 20, errors, n)) reply.chunk_size = n;
  }

  bool fault_ok = true;
  if (const json::value* fault = Find(obj, "fault")) {
    std::string name;
    fault_ok = ReadString(*fault, at("fault"), errors, name);
    if (fault_ok) {
      auto it = std::find(kFaultNames.begin(), kFaultNames.end(), name);
      if (it == kFaultNames.end()) {
        fault_ok = false;
        errors.Add(at("fault"),
                   "expected one of none, hang, reset, garbage, slow, status; got " + Quote(name));
      } else {
        reply.fault = static_cast<Fault>(it - kFaultNames.begin());
      }
    }
  }
  if (const json::value* delay = Find(obj, "delay_ms")) {
    uint64_t n = 0;
    if (ReadUint(*delay, at("delay_ms"), 0, 600000, errors, n)) {
      reply.delay_ms = static_cast<uint32_t>(n);
    }
  }
  const json::value* status = Find(obj, "status");
  if (status) {
    uint64_t n = 0;
    if (ReadUint(*status, at("status"), 400, 599, errors, n)) reply.status = static_cast<int>(n);
    // "status" alone is enough to ask for the status fault.
    if (!Find(obj, "fault")) reply.fault = Fault::kStatus;
  }
  if (reply.fault == Fault::kStatus && !status) {
    errors.Add(at("status"), "fault \"status\" needs \"status\": an HTTP code from 400 to 599");
  }
  if (status && fault_ok && reply.fault != Fault::kStatus && Find(obj, "fault")) {
    errors.Add(at("status"), "\"status\" is only used with fault \"status\"");
  }
  if (const json::value* retry = Find(obj, "retry_after")) {
    uint64_t n = 0;
    if (ReadUint(*retry, at("retry_after"), 0, 86400, errors, n)) {
      reply.retry_after = static_cast<uint32_t>(n);
    }
    if (fault_ok && reply.fault != Fault::kStatus) {
      errors.Add(at("retry_after"), "\"retry_after\" is only used with fault \"status\"");
    }
  }
  if (const json::value* reset_after = Find(obj, "reset_after")) {
    uint64_t n = 0;
    if (ReadUint(*reset_after, at("reset_after"), 0, 1 << 20, errors, n)) {
      reply.reset_after = static_cast<uint32_t>(n);
    }
    if (fault_ok && reply.fault != Fault::kReset) {
      errors.Add(at("reset_after"), "\"reset_after\" is only used with fault \"reset\"");
    }
  }
  if (reply.fault == Fault::kSlow && reply.delay_ms == 0 && !Find(obj, "delay_ms")) {
    errors.Add(at("delay_ms"), "fault \"slow\" needs \"delay_ms\" (milliseconds)");
  }
  if (const json::value* tool = Find(obj, "tool_call")) {
    if (ReadString(*tool, at("tool_call"), errors, reply.tool_call) && reply.tool_call.empty()) {
      errors.Add(at("tool_call"), "expected a function name");
    }
    if (!reply.tool_call.empty()) reply.finish_reason = "tool_calls";
  }
  if (const json::value* finish = Find(obj, "finish_reason")) {
    if (ReadString(*finish, at("finish_reason"), errors, reply.finish_reason) &&
        reply.finish_reason.empty()) {
      errors.Add(at("finish_reason"), "expected a non-empty string");
    }
  }
}

constexpr std::array<std::string_view, 13> kReplyKeys = {
    "reply",    "echo",   "echo_system", "replies",     "chunks",        "chunk_size", "fault",
    "delay_ms", "status", "retry_after", "reset_after", "finish_reason", "tool_call"};
constexpr std::array<std::string_view, 18> kRuleKeys = {
    "match",    "match_regex", "on",          "ignore_case", "times",         "reply",
    "echo",     "echo_system", "replies",     "chunks",      "chunk_size",    "fault",
    "delay_ms", "status",      "retry_after", "reset_after", "finish_reason", "tool_call"};
constexpr std::array<std::string_view, 4> kScriptKeys = {"models", "require_key", "default",
                                                         "rules"};

void ParseRule(const json::value& v, const std::string& path, Errors& errors,
               std::vector<Rule>& rules) {
  if (!v.is_object()) {
    errors.Add(path, "expected an object; got " + KindName(v));
    return;
  }
  const json::object& obj = v.get_object();
  CheckKnownKeys(obj, path, kRuleKeys, errors);
  Rule rule;
  const size_t before = errors.count();
  if (const json::value* ic = Find(obj, "ignore_case")) {
    ReadBool(*ic, path + ".ignore_case", errors, rule.ignore_case);
  }
  const json::value* match = Find(obj, "match");
  const json::value* match_regex = Find(obj, "match_regex");
  if (match && match_regex) {
    errors.Add(path + ".match_regex", "give either \"match\" or \"match_regex\", not both");
  }
  if (match && ReadString(*match, path + ".match", errors, rule.match) && rule.match.empty()) {
    errors.Add(path + ".match", "expected a non-empty string (leave \"match\" out to match "
                                "every request)");
  }
  if (match_regex) {
    std::string pattern;
    if (ReadString(*match_regex, path + ".match_regex", errors, pattern)) {
      RE2::Options options;
      options.set_log_errors(false);
      options.set_case_sensitive(!rule.ignore_case);
      options.set_max_mem(8 << 20);
      auto re = std::make_shared<RE2>(pattern, options);
      if (!re->ok()) {
        errors.Add(path + ".match_regex", "not a valid RE2 expression: " + re->error());
      } else {
        rule.regex = std::move(re);
      }
    }
  }
  if (const json::value* on = Find(obj, "on")) {
    std::string name;
    if (ReadString(*on, path + ".on", errors, name)) {
      if (name == "last_user") {
        rule.on = MatchOn::kLastUser;
      } else if (name == "any") {
        rule.on = MatchOn::kAny;
      } else if (name == "system") {
        rule.on = MatchOn::kSystem;
      } else {
        errors.Add(path + ".on", "expected one of last_user, any, system; got " + Quote(name));
      }
    }
  }
  if (const json::value* times = Find(obj, "times")) {
    uint64_t n = 0;
    if (ReadUint(*times, path + ".times", 1, UINT32_MAX, errors, n)) rule.times = n;
  }
  ParseReply(obj, path, errors, rule.reply);
  if (errors.count() == before) rules.push_back(std::move(rule));
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::string_view FaultName(Fault fault) { return kFaultNames[static_cast<size_t>(fault)]; }

Result<Script> ParseScript(std::string_view text) {
  boost::system::error_code ec;
  json::parse_options options;
  options.max_depth = 64;
  json::value root = json::parse(json::string_view(text.data(), text.size()), ec, {}, options);
  if (ec) return Status::Invalid("script: not valid JSON: " + ec.message());
  if (!root.is_object()) return Status::Invalid("script: expected a JSON object; got " + KindName(root));
  const json::object& obj = root.get_object();

  Script script;
  Errors errors;
  CheckKnownKeys(obj, "", kScriptKeys, errors);
  if (const json::value* models = Find(obj, "models")) {
    if (!models->is_array() || models->get_array().empty()) {
      errors.Add("models", "expected a non-empty array of model names; got " + KindName(*models));
    } else {
      script.models.clear();
      const json::array& arr = models->get_array();
      for (size_t i = 0; i < arr.size(); ++i) {
        std::string name;
        const std::string path = "models[" + std::to_string(i) + "]";
        if (ReadString(arr[i], path, errors, name)) {
          if (name.empty()) {
            errors.Add(path, "expected a non-empty model name");
          } else {
            script.models.push_back(std::move(name));
          }
        }
      }
    }
  }
  if (const json::value* key = Find(obj, "require_key")) {
    std::string k;
    if (ReadString(*key, "require_key", errors, k)) {
      if (k.empty()) {
        errors.Add("require_key", "expected a non-empty key (leave it out to accept any key)");
      } else {
        script.require_key = std::move(k);
      }
    }
  }
  if (const json::value* def = Find(obj, "default")) {
    if (!def->is_object()) {
      errors.Add("default", "expected an object of reply keys; got " + KindName(*def));
    } else {
      CheckKnownKeys(def->get_object(), "default", kReplyKeys, errors);
      ParseReply(def->get_object(), "default", errors, script.default_reply);
    }
  }
  if (const json::value* rules = Find(obj, "rules")) {
    if (!rules->is_array()) {
      errors.Add("rules", "expected an array of rules; got " + KindName(*rules));
    } else {
      const json::array& arr = rules->get_array();
      for (size_t i = 0; i < arr.size(); ++i) {
        ParseRule(arr[i], "rules[" + std::to_string(i) + "]", errors, script.rules);
      }
    }
  }
  if (errors.count() > 0) return Status::Invalid(errors.text());
  return script;
}

Result<Script> LoadScript(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Io(path + ": cannot open script file");
  std::ostringstream ss;
  ss << in.rdbuf();
  auto script = ParseScript(ss.str());
  if (!script.ok()) {
    // Prefix every line with the file, so each error names where it is.
    std::string msg;
    std::istringstream lines(script.status().message());
    for (std::string line; std::getline(lines, line);) {
      if (!msg.empty()) msg += '\n';
      msg += path + ": " + line;
    }
    return Status::Invalid(msg);
  }
  return script;
}

bool RuleMatches(const Rule& rule, const Conversation& conversation) {
  const std::string& subject = rule.on == MatchOn::kLastUser ? conversation.last_user
                               : rule.on == MatchOn::kSystem ? conversation.system
                                                             : conversation.all;
  if (rule.regex) return RE2::PartialMatch(subject, *rule.regex);
  if (rule.match.empty()) return true;
  if (rule.ignore_case) return Lower(subject).find(Lower(rule.match)) != std::string::npos;
  return subject.find(rule.match) != std::string::npos;
}

std::string_view ChoiceText(const Reply& reply, std::string_view text, size_t index) {
  return index < reply.replies.size() ? std::string_view(reply.replies[index]) : text;
}

std::vector<std::string> SplitIntoDeltas(const Reply& reply, std::string_view text) {
  std::vector<std::string> out;
  size_t pos = 0;
  auto take = [&](size_t n) {
    size_t end = std::min(text.size(), pos + n);
    while (end < text.size() && IsContinuationByte(text[end])) ++end;
    out.emplace_back(text.substr(pos, end - pos));
    pos = end;
  };
  if (!reply.chunks.empty()) {
    for (size_t n : reply.chunks) {
      if (pos >= text.size()) break;
      take(n);
    }
    if (pos < text.size()) take(text.size() - pos);
  } else if (reply.chunk_size > 0) {
    while (pos < text.size()) take(reply.chunk_size);
  } else {
    // One delta per word, the whitespace after a word going with it ("Hello ", "world").
    while (pos < text.size()) {
      size_t end = pos;
      while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
      while (end < text.size() && std::isspace(static_cast<unsigned char>(text[end]))) ++end;
      out.emplace_back(text.substr(pos, end - pos));
      pos = end;
    }
  }
  return out;
}

uint64_t CountWords(std::string_view text) {
  uint64_t words = 0;
  bool in_word = false;
  for (char c : text) {
    bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

}  // namespace frontseat::standin
