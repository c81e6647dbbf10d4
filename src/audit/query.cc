// Query execution and the JSONL form of an event (see query.h). Time, tenant and action filter
// in SQL (indexed: events_time, events_tenant_time); the category filter runs here on the parsed
// categories_json, so that "has a category" has one definition, in C++, that does not depend on
// the SQLite build's JSON functions, and a tampered (unparsable) row is skipped by the filter
// rather than failing the whole query.
#include "audit/query.h"

#include <boost/json.hpp>

#include <cstdio>

#include "audit/postgres/pg_db.h"
#include "audit/sqlite/journal.h"
#include "audit/sqlite/sqlite_db.h"
#include "audit/time_text.h"

namespace frontseat::audit {

namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 (RFC 3629: no overlongs, no surrogates,
// nothing above U+10FFFF).
size_t Utf8Length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xc0) != 0x80) return 0;
  }
  unsigned char c1 = byte(i + 1);
  if (c == 0xe0 && c1 < 0xa0) return 0;  // overlong
  if (c == 0xed && c1 > 0x9f) return 0;  // surrogates
  if (c == 0xf0 && c1 < 0x90) return 0;  // overlong
  if (c == 0xf4 && c1 > 0x8f) return 0;  // above U+10FFFF
  return n;
}

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t n = Utf8Length(s, i);
      if (n == 0) {
        out += "\\ufffd";
        ++i;
      } else {
        out.append(s.substr(i, n));
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  out += '"';
}

// Stored JSON is embedded as is when it parses and fits on one line (what the gateway wrote,
// byte for byte); otherwise re-serialized compactly, or, if it does not parse (only possible if
// the row was edited outside frontseat), printed as a JSON string so the line stays valid.
void AppendStoredJson(std::string& out, std::string_view text) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec) {
    AppendJsonString(out, text);
  } else if (text.find_first_of("\r\n") == std::string_view::npos) {
    out.append(text);
  } else {
    out += boost::json::serialize(v);
  }
}

void AppendField(std::string& out, const char* key, int64_t v) {
  out += ",\"";
  out += key;
  out += "\":";
  out += std::to_string(v);
}

void AppendField(std::string& out, const char* key, std::string_view v) {
  out += ",\"";
  out += key;
  out += "\":";
  AppendJsonString(out, v);
}

std::string RowToJson(const StoredRow& row) {
  const Event& e = row.event;
  std::string out = "{\"seq\":" + std::to_string(row.seq) + ",\"time\":\"" +
                    FormatTimeUs(e.time_us) + "\"";
  AppendField(out, "time_us", e.time_us);
  AppendField(out, "request_id", e.request_id);
  AppendField(out, "tenant", e.tenant);
  AppendField(out, "route", e.route);
  AppendField(out, "model", e.model);
  AppendField(out, "action", e.action);
  AppendField(out, "http_status", e.http_status);
  out += ",\"categories\":";
  AppendStoredJson(out, e.categories_json);
  out += ",\"findings\":";
  AppendStoredJson(out, e.findings_json);
  AppendField(out, "redacted_input", e.redacted_input);
  AppendField(out, "redacted_output", e.redacted_output);
  AppendField(out, "guard_us", e.guard_us);
  AppendField(out, "upstream_us", e.upstream_us);
  AppendField(out, "total_us", e.total_us);
  AppendField(out, "prompt_tokens", e.prompt_tokens);
  AppendField(out, "completion_tokens", e.completion_tokens);
  AppendField(out, "prev_hash", row.prev_hash);
  AppendField(out, "hash", row.hash);
  out += "}";
  return out;
}

bool HasCategory(std::string_view categories_json, std::string_view category) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(categories_json, ec);
  if (ec || !v.is_object()) return false;
  for (const auto& kv : v.as_object()) {
    std::string_view key = kv.key();
    bool named = key == category || (key.size() > category.size() &&
                                     key.substr(0, category.size()) == category &&
                                     key[category.size()] == '.');
    if (named && kv.value().is_number() && kv.value().to_number<double>() > 0) return true;
  }
  return false;
}

// The filters SQL applies to audit.db's rows, for the journal's (category is checked apart).
bool MatchesColumns(const QueryFilter& filter, const Event& e) {
  return (!filter.since_us || e.time_us >= *filter.since_us) &&
         (!filter.until_us || e.time_us < *filter.until_us) &&
         (!filter.tenant || e.tenant == *filter.tenant) &&
         (!filter.action || e.action == *filter.action);
}

// audit.db's rows, then the journal's events audit.db does not have yet (see
// journal::ReadRows); audit.db is read in one transaction so that its newest seq and its rows
// are the same snapshot.
Status QuerySqlite(const std::string& dir, const QueryFilter& filter,
                   const std::function<void(std::string_view line)>& line) {
  auto db = sqlite::OpenForRead(dir);
  if (!db.ok()) return db.status();
  auto journaled = journal::ReadRows(dir);  // before audit.db's snapshot
  if (!journaled.ok()) return journaled.status();
  if (Status st = db->Exec("BEGIN", "begin a snapshot"); !st.ok()) return st;
  int64_t in_db = 0;
  {
    auto newest = db->Prepare("SELECT coalesce(max(seq), 0) FROM events", "read the newest seq");
    if (!newest.ok()) return newest.status();
    int rc = sqlite3_step(newest->get());
    if (rc != SQLITE_ROW) return db->Error("read the newest seq", rc);
    in_db = sqlite3_column_int64(newest->get(), 0);
  }
  std::string sql = std::string("SELECT ") + sqlite::kRowColumns + " FROM events WHERE 1";
  if (filter.since_us) sql += " AND time_us >= :since";
  if (filter.until_us) sql += " AND time_us < :until";
  if (filter.tenant) sql += " AND tenant = :tenant";
  if (filter.action) sql += " AND action = :action";
  sql += " ORDER BY seq";
  auto stmt = db->Prepare(sql, "prepare the query");
  if (!stmt.ok()) return stmt.status();
  sqlite3_stmt* s = stmt->get();
  auto bind_text = [&](const char* name, const std::string& v) {
    sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, name), v.data(),
                      static_cast<int>(v.size()), SQLITE_STATIC);
  };
  if (filter.since_us) sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":since"), *filter.since_us);
  if (filter.until_us) sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":until"), *filter.until_us);
  if (filter.tenant) bind_text(":tenant", *filter.tenant);
  if (filter.action) bind_text(":action", *filter.action);

  uint64_t emitted = 0;
  for (;;) {
    if (filter.limit > 0 && emitted >= filter.limit) break;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return db->Error("read events", rc);
    auto row = sqlite::ReadRow(s);
    if (!row.ok()) {
      return Status::Invalid(db->path() + ": event seq " +
                             std::to_string(sqlite3_column_int64(s, 0)) + ": " +
                             row.status().message());
    }
    if (filter.category && !HasCategory(row->event.categories_json, *filter.category)) continue;
    line(RowToJson(*row));
    ++emitted;
  }
  for (const StoredRow& row : *journaled) {
    if (filter.limit > 0 && emitted >= filter.limit) break;
    if (row.seq <= in_db || !MatchesColumns(filter, row.event)) continue;
    if (filter.category && !HasCategory(row.event.categories_json, *filter.category)) continue;
    line(RowToJson(row));
    ++emitted;
  }
  return Status::Ok();
}

// Pages by seq (1000 rows a round trip) inside one REPEATABLE READ snapshot; time, tenant and
// action filter in SQL (the tenant and action columns are bytea, compared byte for byte).
Status QueryPostgres(const StoreRef& store, const QueryFilter& filter,
                     const std::function<void(std::string_view line)>& line) {
  auto conn = pg::Conn::Open(store.postgres_conninfo, store.postgres_password);
  if (!conn.ok()) return conn.status();
  if (Status s = pg::CheckSchema(*conn); !s.ok()) return s;
  auto begun = conn->Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "begin a snapshot");
  if (!begun.ok()) return begun.status();
  std::string after = "0", since, until;
  std::vector<pg::Param> params = {{after}};
  std::string sql = std::string("SELECT ") + pg::kRowColumns +
                    " FROM frontseat_audit_events WHERE seq > $1::bigint";
  auto add = [&](const char* clause, std::string_view value, bool binary) {
    params.push_back({value, binary});
    sql += std::string(" AND ") + clause + "$" + std::to_string(params.size()) +
           (binary ? "::bytea" : "::bigint");
  };
  if (filter.since_us) {
    since = std::to_string(*filter.since_us);
    add("time_us >= ", since, false);
  }
  if (filter.until_us) {
    until = std::to_string(*filter.until_us);
    add("time_us < ", until, false);
  }
  if (filter.tenant) add("tenant = ", *filter.tenant, true);
  if (filter.action) add("action = ", *filter.action, true);
  sql += " ORDER BY seq LIMIT 1000";
  uint64_t emitted = 0;
  for (;;) {
    params[0] = {after};
    auto page = conn->ExecParams(sql, params, "read events", /*binary_result=*/true);
    if (!page.ok()) return page.status();
    auto rows = pg::ReadRows(page->get());
    if (!rows.ok()) {
      return Status::Invalid("postgres " + conn->where() + ": " + rows.status().message());
    }
    if (rows->empty()) break;
    for (const StoredRow& row : *rows) {
      if (filter.limit > 0 && emitted >= filter.limit) break;
      if (filter.category && !HasCategory(row.event.categories_json, *filter.category)) continue;
      line(RowToJson(row));
      ++emitted;
    }
    if (filter.limit > 0 && emitted >= filter.limit) break;
    after = std::to_string(rows->back().seq);
  }
  (void)conn->Exec("COMMIT", "end the snapshot");
  return Status::Ok();
}

}  // namespace

Status Query(const StoreRef& store, const QueryFilter& filter,
             const std::function<void(std::string_view line)>& line) {
  if (!store.postgres_conninfo.empty()) return QueryPostgres(store, filter, line);
  return QuerySqlite(store.data_dir, filter, line);
}

Status Query(const std::string& dir, const QueryFilter& filter,
             const std::function<void(std::string_view line)>& line) {
  return QuerySqlite(dir, filter, line);
}

Result<std::vector<std::string>> QueryLines(const StoreRef& store, const QueryFilter& filter) {
  std::vector<std::string> lines;
  Status s = Query(store, filter, [&](std::string_view l) { lines.emplace_back(l); });
  if (!s.ok()) return s;
  return lines;
}

Result<std::vector<std::string>> QueryLines(const std::string& dir, const QueryFilter& filter) {
  return QueryLines(StoreRef{dir, "", ""}, filter);
}

}  // namespace frontseat::audit
