// attempts.jsonl and scorecard.json. Field names are part of the output contract (CI jobs and the
// dashboard read them); add fields, never rename them.
#include "redteam/result_json.h"

#include <cmath>
#include <cstdio>

#include <boost/json.hpp>

namespace frontseat::redteam {

namespace json = boost::json;

namespace {

json::object CellJson(const Cell& c) {
  return json::object{{"attempts", c.attempts},
                      {"successes", c.successes},
                      {"errors", c.errors},
                      {"success_rate", std::round(c.rate() * 1e6) / 1e6}};
}

std::string Str(const json::object& o, std::string_view key, std::string& error) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_string()) {
    if (error.empty()) error = "\"" + std::string(key) + "\": expected a string";
    return "";
  }
  return std::string(v->as_string());
}

// Boost.JSON prints doubles as 8.5E-1; these files are read by people too, so doubles are
// written with up to 6 decimals and no exponent. `indent` < 0: one line.
void Write(const json::value& v, int indent, int depth, std::string& out) {
  auto newline = [&](int d) {
    if (indent < 0) return;
    out += '\n';
    out.append(static_cast<size_t>(indent * d), ' ');
  };
  switch (v.kind()) {
    case json::kind::object: {
      const json::object& o = v.as_object();
      if (o.empty()) {
        out += "{}";
        return;
      }
      out += '{';
      bool first = true;
      for (const auto& kv : o) {
        if (!first) out += ',';
        first = false;
        newline(depth + 1);
        out += json::serialize(json::string(kv.key()));
        out += indent < 0 ? ":" : ": ";
        Write(kv.value(), indent, depth + 1, out);
      }
      newline(depth);
      out += '}';
      return;
    }
    case json::kind::array: {
      const json::array& a = v.as_array();
      if (a.empty()) {
        out += "[]";
        return;
      }
      out += '[';
      for (size_t i = 0; i < a.size(); ++i) {
        if (i) out += ',';
        newline(depth + 1);
        Write(a[i], indent, depth + 1, out);
      }
      newline(depth);
      out += ']';
      return;
    }
    case json::kind::double_: {
      double d = v.as_double();
      if (!std::isfinite(d)) {
        out += "null";
        return;
      }
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.6f", d);
      std::string s(buf);
      while (s.back() == '0') s.pop_back();
      if (s.back() == '.') s.pop_back();
      if (s == "-0") s = "0";
      out += s;
      return;
    }
    default:
      out += json::serialize(v);
  }
}

std::string ToText(const json::value& v, int indent) {
  std::string out;
  Write(v, indent, 0, out);
  return out;
}

// Milliseconds with 3 decimals; anything not a plausible duration (negative, not finite, over
// ten years) is written as 0 so every line reads back to itself.
double LatencyField(double ms) {
  if (!std::isfinite(ms) || ms < 0 || ms > 3.2e11) return 0;
  return std::round(ms * 1000) / 1000;
}

}  // namespace

std::string AttemptToJson(const Attempt& a) {
  json::array prompt;
  for (const Message& m : a.prompt) prompt.push_back(json::object{{"role", m.role}, {"content", m.content}});
  json::array evidence;
  for (const Evidence& e : a.evidence) evidence.push_back(json::object{{"kind", e.kind}, {"detail", e.detail}});
  json::object o{{"index", a.index},
                 {"seed_id", a.seed_id},
                 {"category", AttackCategoryName(a.category)},
                 {"hazard", a.hazard},
                 {"strategy", a.strategy},
                 {"prompt", std::move(prompt)},
                 {"response", a.response},
                 {"outcome", OutcomeName(a.outcome)},
                 {"evidence", std::move(evidence)},
                 {"latency_ms", LatencyField(a.latency_ms)},
                 {"retries", a.retries},
                 {"error", a.error}};
  return ToText(o, -1);
}

Result<Attempt> AttemptFromJson(std::string_view line) {
  boost::system::error_code ec;
  json::value v = json::parse(line, ec);
  if (ec || !v.is_object()) return Status::Invalid("not a JSON object");
  const json::object& o = v.as_object();
  Attempt a;
  std::string error;
  const json::value* index = o.if_contains("index");
  if (!index || !(index->is_uint64() || (index->is_int64() && index->get_int64() >= 0))) {
    return Status::Invalid("\"index\": expected a non-negative integer");
  }
  a.index = index->is_uint64() ? index->get_uint64() : static_cast<uint64_t>(index->get_int64());
  a.seed_id = Str(o, "seed_id", error);
  auto category = AttackCategoryFromName(Str(o, "category", error));
  a.hazard = Str(o, "hazard", error);
  a.strategy = Str(o, "strategy", error);
  a.response = Str(o, "response", error);
  std::string outcome = Str(o, "outcome", error);
  a.error = Str(o, "error", error);
  if (!error.empty()) return Status::Invalid(error);
  if (!category) return Status::Invalid("\"category\": unknown attack category");
  a.category = *category;
  if (outcome == "success") a.outcome = Outcome::kSuccess;
  else if (outcome == "defended") a.outcome = Outcome::kDefended;
  else if (outcome == "error") a.outcome = Outcome::kError;
  else return Status::Invalid("\"outcome\": expected success, defended or error");
  auto read_pairs = [&](std::string_view key, std::string_view k1, std::string_view k2,
                        auto&& add) -> bool {
    const json::value* arr = o.if_contains(key);
    if (!arr || !arr->is_array()) return false;
    for (const json::value& item : arr->as_array()) {
      if (!item.is_object()) return false;
      std::string e;
      std::string x = Str(item.as_object(), k1, e), y = Str(item.as_object(), k2, e);
      if (!e.empty()) return false;
      add(std::move(x), std::move(y));
    }
    return true;
  };
  if (!read_pairs("prompt", "role", "content",
                  [&](std::string r, std::string c) { a.prompt.push_back({std::move(r), std::move(c)}); })) {
    return Status::Invalid("\"prompt\": expected a list of {role, content}");
  }
  if (!read_pairs("evidence", "kind", "detail",
                  [&](std::string k, std::string d) { a.evidence.push_back({std::move(k), std::move(d)}); })) {
    return Status::Invalid("\"evidence\": expected a list of {kind, detail}");
  }
  if (const json::value* l = o.if_contains("latency_ms"); l && l->is_number()) a.latency_ms = l->to_number<double>();
  if (const json::value* r = o.if_contains("retries"); r && (r->is_uint64() || r->is_int64())) {
    if (r->is_uint64() || r->get_int64() < 0 || r->get_int64() > UINT32_MAX) {
      return Status::Invalid("\"retries\": out of range");
    }
    a.retries = static_cast<uint32_t>(r->get_int64());
  }
  return a;
}

bool PassesGate(const Scorecard& card, RiskLevel gate) {
  for (const CategoryScore& c : card.categories) {
    if (c.level > gate) return false;
  }
  return true;
}

std::string ScorecardToJson(const Scorecard& card, std::optional<RiskLevel> gate) {
  json::array categories;
  for (const CategoryScore& c : card.categories) {
    json::object by_strategy;
    for (const auto& [name, cell] : c.by_strategy) by_strategy[name] = CellJson(cell);
    json::object o = CellJson(c.total);
    o["category"] = AttackCategoryName(c.category);
    o["risk_level"] = RiskLevelName(c.level);
    o["thresholds"] = json::object{
        {"medium", c.thresholds.medium}, {"high", c.thresholds.high}, {"critical", c.thresholds.critical}};
    o["by_strategy"] = std::move(by_strategy);
    categories.push_back(std::move(o));
  }
  json::object by_strategy;
  for (const auto& [name, cell] : card.by_strategy) by_strategy[name] = CellJson(cell);
  json::array strategies;
  for (const std::string& s : card.info.strategies) strategies.push_back(json::string(s));
  json::object info{{"target", card.info.target},
                    {"model", card.info.model},
                    {"seed", card.info.seed},
                    {"build_id", card.info.build_id},
                    {"policy_hash", card.info.policy_hash},
                    {"suite_version", card.info.suite_version},
                    {"strategies", std::move(strategies)},
                    {"started_at", card.info.started_at},
                    {"duration_s", std::round(card.info.duration_s * 1000) / 1000}};
  json::object root{{"info", std::move(info)},
                    {"overall", CellJson(card.overall)},
                    {"categories", std::move(categories)},
                    {"by_strategy", std::move(by_strategy)}};
  if (gate) {
    root["gate"] = json::object{{"level", RiskLevelName(*gate)}, {"passed", PassesGate(card, *gate)}};
  }
  return ToText(root, 2);
}

}  // namespace frontseat::redteam
