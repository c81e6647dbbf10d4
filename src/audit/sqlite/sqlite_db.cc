// SQLite helpers for the audit store (see sqlite_db.h). Migrations are numbered: kMigrations[i]
// takes a store from user_version i to i + 1, in one transaction with the version bump, so a
// crash mid-migration leaves the old version intact.
#include "audit/sqlite/sqlite_db.h"

#include <sys/stat.h>

#include <array>
#include <filesystem>
#include <system_error>

namespace frontseat::audit::sqlite {

namespace {

// STRICT tables (SQLite >= 3.37) refuse values of the wrong type, so every row the chain covers
// has exactly the types the canonical form assumes. seq is the rowid: rows are kept in seq order
// and the last one is found without a scan.
constexpr std::array<const char*, kSchemaVersion> kMigrations = {
    // 0 -> 1: the events table and the indexes the query filters use.
    "CREATE TABLE events ("
    "  seq INTEGER PRIMARY KEY,"
    "  time_us INTEGER NOT NULL,"
    "  request_id TEXT NOT NULL,"
    "  tenant TEXT NOT NULL,"
    "  route TEXT NOT NULL,"
    "  model TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  http_status INTEGER NOT NULL,"
    "  categories_json TEXT NOT NULL,"
    "  findings_json TEXT NOT NULL,"
    "  redacted_input TEXT NOT NULL,"
    "  redacted_output TEXT NOT NULL,"
    "  guard_us INTEGER NOT NULL,"
    "  upstream_us INTEGER NOT NULL,"
    "  total_us INTEGER NOT NULL,"
    "  prompt_tokens INTEGER NOT NULL,"
    "  completion_tokens INTEGER NOT NULL,"
    "  prev_hash TEXT NOT NULL,"
    "  hash TEXT NOT NULL"
    ") STRICT;"
    "CREATE INDEX events_time ON events(time_us);"
    "CREATE INDEX events_tenant_time ON events(tenant, time_us);",
};

Result<int64_t> PragmaInt(Db& db, const char* pragma) {
  auto stmt = db.Prepare(std::string("PRAGMA ") + pragma, pragma);
  if (!stmt.ok()) return stmt.status();
  int rc = sqlite3_step(stmt->get());
  if (rc != SQLITE_ROW) return db.Error(pragma, rc);
  return int64_t{sqlite3_column_int64(stmt->get(), 0)};
}

// Checks the identity and version of an opened store; `*version` gets its user_version.
Status CheckIdentity(Db& db, int64_t* version) {
  auto app = PragmaInt(db, "application_id");
  if (!app.ok()) return app.status();
  auto ver = PragmaInt(db, "user_version");
  if (!ver.ok()) return ver.status();
  if (*app == 0 && *ver == 0) {
    auto count = db.Prepare("SELECT count(*) FROM sqlite_schema", "read the schema");
    if (!count.ok()) return count.status();
    int rc = sqlite3_step(count->get());
    if (rc != SQLITE_ROW) return db.Error("read the schema", rc);
    if (sqlite3_column_int64(count->get(), 0) != 0) {
      return Status::Invalid(db.path() + ": not a frontseat audit store (a SQLite database with "
                             "other tables and no frontseat application_id)");
    }
  } else if (*app != kApplicationId) {
    return Status::Invalid(db.path() + ": not a frontseat audit store (application_id " +
                           std::to_string(*app) + ", expected " + std::to_string(kApplicationId) +
                           ")");
  }
  if (*ver > kSchemaVersion || *ver < 0) {
    return Status::Invalid(db.path() + ": audit schema version " + std::to_string(*ver) +
                           " is newer than this frontseat supports (" +
                           std::to_string(kSchemaVersion) + "); upgrade frontseat");
  }
  *version = *ver;
  return Status::Ok();
}

}  // namespace

Db& Db::operator=(Db&& other) noexcept {
  if (this != &other) {
    if (db_) sqlite3_close_v2(db_);
    db_ = other.db_;
    path_ = std::move(other.path_);
    other.db_ = nullptr;
  }
  return *this;
}

Db::~Db() {
  if (db_) sqlite3_close_v2(db_);
}

Result<Db> Db::Open(const std::string& path, int flags) {
  Db db;
  db.path_ = path;
  int rc = sqlite3_open_v2(path.c_str(), &db.db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db.db_ ? sqlite3_errmsg(db.db_) : sqlite3_errstr(rc);
    return Status::Io(path + ": cannot open the audit database: " + msg);
  }
  sqlite3_extended_result_codes(db.db_, 1);
  sqlite3_busy_timeout(db.db_, 5000);
  return db;
}

Status Db::Error(std::string_view what, int rc) const {
  std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  StatusCode code = StatusCode::kIoError;
  int primary = rc & 0xff;
  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT) code = StatusCode::kInvalidArgument;
  return Status(code, path_ + ": " + std::string(what) + ": " + msg);
}

Status Db::Exec(const char* sql, std::string_view what) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    int primary = rc & 0xff;
    StatusCode code = primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT
                          ? StatusCode::kInvalidArgument
                          : StatusCode::kIoError;
    return Status(code, path_ + ": " + std::string(what) + ": " + msg);
  }
  return Status::Ok();
}

Result<Stmt> Db::Prepare(std::string_view sql, std::string_view what) {
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &s, nullptr);
  if (rc != SQLITE_OK) return Error(what, rc);
  return Stmt(s);
}

Stmt& Stmt::operator=(Stmt&& other) noexcept {
  if (this != &other) {
    if (s_) sqlite3_finalize(s_);
    s_ = other.s_;
    other.s_ = nullptr;
  }
  return *this;
}

Stmt::~Stmt() {
  if (s_) sqlite3_finalize(s_);
}

Status MigrateSchema(Db& db) {
  if (Status s = db.Exec("BEGIN IMMEDIATE", "begin the schema migration"); !s.ok()) return s;
  int64_t version = 0;
  Status s = CheckIdentity(db, &version);
  for (int64_t v = version; s.ok() && v < kSchemaVersion; ++v) {
    s = db.Exec(kMigrations[v], "migrate the audit schema from version " + std::to_string(v));
    if (!s.ok()) break;
    std::string bump = "PRAGMA application_id=" + std::to_string(kApplicationId) +
                       "; PRAGMA user_version=" + std::to_string(v + 1);
    s = db.Exec(bump.c_str(), "set the schema version");
  }
  if (!s.ok()) {
    db.Exec("ROLLBACK", "roll back the schema migration");
    return s;
  }
  return db.Exec("COMMIT", "commit the schema migration");
}

Result<Db> OpenForRead(const std::string& dir) {
  std::filesystem::path path = std::filesystem::path(dir) / kDatabaseFileName;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    if (std::filesystem::is_directory(dir, ec)) {
      return Status::NotFound("no audit store in " + dir + " (" + path.string() +
                              " does not exist)");
    }
    return Status::NotFound("no audit store at " + dir + " (no such directory)");
  }
  auto db = Db::Open(path.string(), SQLITE_OPEN_READONLY);
  if (!db.ok()) return db.status();
  int64_t version = 0;
  if (Status s = CheckIdentity(*db, &version); !s.ok()) return s;
  if (version != kSchemaVersion) {
    return Status::Invalid(db->path() + ": audit schema version " + std::to_string(version) +
                           " (expected " + std::to_string(kSchemaVersion) +
                           "); open it once with the gateway to migrate it");
  }
  return db;
}

Result<Row> ReadRow(sqlite3_stmt* stmt) {
  Row row;
  int col = 0;
  auto bad = [&](int c, const char* expected) {
    static constexpr const char* kTypeNames[] = {"?", "INTEGER", "REAL", "TEXT", "BLOB", "NULL"};
    int t = sqlite3_column_type(stmt, c);
    return Status::Invalid(std::string("column ") + sqlite3_column_name(stmt, c) + " is " +
                           kTypeNames[t >= 1 && t <= 5 ? t : 0] + ", expected " + expected);
  };
  auto integer = [&](int64_t& out) -> bool {
    if (sqlite3_column_type(stmt, col) != SQLITE_INTEGER) return false;
    out = sqlite3_column_int64(stmt, col++);
    return true;
  };
  auto text = [&](std::string& out) -> bool {
    if (sqlite3_column_type(stmt, col) != SQLITE_TEXT) return false;
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, col));
    out.assign(p ? p : "", static_cast<size_t>(sqlite3_column_bytes(stmt, col)));
    ++col;
    return true;
  };
  Event& e = row.event;
  int64_t http_status = 0;
  bool ok = integer(row.seq) && integer(e.time_us) && text(e.request_id) && text(e.tenant) &&
            text(e.route) && text(e.model) && text(e.action) && integer(http_status) &&
            text(e.categories_json) && text(e.findings_json) && text(e.redacted_input) &&
            text(e.redacted_output) && integer(e.guard_us) && integer(e.upstream_us) &&
            integer(e.total_us) && integer(e.prompt_tokens) && integer(e.completion_tokens) &&
            text(row.prev_hash) && text(row.hash);
  if (!ok) {
    bool want_int = col <= 1 || col == 7 || (col >= 12 && col <= 16);
    return bad(col, want_int ? "INTEGER" : "TEXT");
  }
  if (http_status < INT32_MIN || http_status > INT32_MAX) {
    return Status::Invalid("column http_status is out of range: " + std::to_string(http_status));
  }
  e.http_status = static_cast<int>(http_status);
  return row;
}

}  // namespace frontseat::audit::sqlite
