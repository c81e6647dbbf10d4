// Event checks shared by every backend: what the store refuses to record, and why. An event that
// breaks these rules is a bug in the caller, so it fails loudly (the caller's `done` gets the
// error) rather than being stored in a form that queries could not read back.
#include <boost/json.hpp>

#include <array>
#include <string>

#include "audit/audit_store.h"

namespace frontseat::audit {

namespace {

// 9999-12-31T23:59:59.999999Z: the last instant RFC 3339 (four-digit years) can print.
constexpr int64_t kMaxTimeUs = 253402300799999999;

constexpr std::array<std::string_view, 7> kActions = {"allow", "flag",  "redact", "block",
                                                      "error", "review", "defer"};

Status CheckJson(std::string_view field, std::string_view text, bool want_object) {
  if (text.empty()) return Status::Ok();  // stored as {} / []
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  std::string what = want_object ? "a JSON object of category -> number"
                                 : "a JSON array of findings";
  if (ec) {
    return Status::Invalid(std::string(field) + ": expected " + what + "; not valid JSON (" +
                           ec.message() + ")");
  }
  if (want_object) {
    if (!v.is_object()) return Status::Invalid(std::string(field) + ": expected " + what);
    for (const auto& kv : v.as_object()) {
      if (!kv.value().is_number()) {
        return Status::Invalid(std::string(field) + ": expected " + what + "; the value of \"" +
                               std::string(kv.key().substr(0, 64)) + "\" is not a number");
      }
    }
  } else if (!v.is_array()) {
    return Status::Invalid(std::string(field) + ": expected " + what);
  }
  return Status::Ok();
}

}  // namespace

bool IsKnownAction(std::string_view action) {
  for (std::string_view a : kActions) {
    if (a == action) return true;
  }
  return false;
}

Status ValidateEvent(const Event& e, size_t max_event_bytes) {
  if (e.time_us < 0 || e.time_us > kMaxTimeUs) {
    return Status::Invalid("time_us: expected microseconds since 1970-01-01 up to year 9999; got " +
                           std::to_string(e.time_us));
  }
  if (!IsKnownAction(e.action)) {
    std::string list;
    for (std::string_view a : kActions) list += (list.empty() ? "" : ", ") + std::string(a);
    return Status::Invalid("action: expected one of " + list + "; got \"" +
                           e.action.substr(0, 32) + "\"");
  }
  size_t total = e.request_id.size() + e.tenant.size() + e.route.size() + e.model.size() +
                 e.action.size() + e.categories_json.size() + e.findings_json.size() +
                 e.redacted_input.size() + e.redacted_output.size();
  if (total > max_event_bytes) {
    return Status::Invalid("event: " + std::to_string(total) + " bytes of text, over the " +
                           std::to_string(max_event_bytes) + "-byte limit (max_event_bytes)");
  }
  if (Status s = CheckJson("categories_json", e.categories_json, true); !s.ok()) return s;
  if (Status s = CheckJson("findings_json", e.findings_json, false); !s.ok()) return s;
  return Status::Ok();
}

}  // namespace frontseat::audit
