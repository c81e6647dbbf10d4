// Thin RAII over the SQLite C API for the audit store: a connection, a prepared statement, the
// schema (numbered migrations), and reading an event row with its column types checked. Shared
// by the writer (sqlite_store.cc) and the readers (verify.cc, query.cc).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "audit/audit_store.h"
#include "audit/stored_row.h"
#include "frontseat/status.h"

namespace frontseat::audit::sqlite {

// The schema version this build writes (PRAGMA user_version), and the application id that marks
// a SQLite file as a frontseat audit store (PRAGMA application_id, "FSA1").
inline constexpr int kSchemaVersion = 1;
inline constexpr int32_t kApplicationId = 0x46534131;

class Stmt;

class Db {
 public:
  Db() = default;
  Db(Db&& other) noexcept : db_(other.db_), path_(std::move(other.path_)) { other.db_ = nullptr; }
  Db& operator=(Db&& other) noexcept;
  ~Db();

  // Opens `path` with sqlite3_open_v2 `flags`, extended error codes on, a 5 s busy timeout
  // (readers may briefly wait for a checkpoint; the writer never waits on readers under WAL).
  static Result<Db> Open(const std::string& path, int flags);

  // Runs one or more statements with no results. Errors name the database and `what`.
  Status Exec(const char* sql, std::string_view what);
  Result<Stmt> Prepare(std::string_view sql, std::string_view what);
  // A Status for the connection's current error: "<path>: <what>: <sqlite message>".
  Status Error(std::string_view what, int rc) const;

  sqlite3* get() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

class Stmt {
 public:
  Stmt() = default;
  explicit Stmt(sqlite3_stmt* s) : s_(s) {}
  Stmt(Stmt&& other) noexcept : s_(other.s_) { other.s_ = nullptr; }
  Stmt& operator=(Stmt&& other) noexcept;
  ~Stmt();
  sqlite3_stmt* get() const { return s_; }

 private:
  sqlite3_stmt* s_ = nullptr;
};

// Brings a writable connection's schema to kSchemaVersion (creating it in an empty file), or
// fails if the file is not an audit store or is newer than this build.
Status MigrateSchema(Db& db);

// Opens DIR/audit.db read-only for Verify and Query: kNotFound if there is no store, and the
// same "not an audit store / newer schema" checks as MigrateSchema.
Result<Db> OpenForRead(const std::string& dir);

// The event columns in canonical order followed by prev_hash and hash; SELECT lists use it so
// that ReadRow can read by position.
inline constexpr const char* kRowColumns =
    "seq, time_us, request_id, tenant, route, model, action, http_status, categories_json, "
    "findings_json, redacted_input, redacted_output, guard_us, upstream_us, total_us, "
    "prompt_tokens, completion_tokens, prev_hash, hash";

using Row = StoredRow;

// Reads the current row of a statement that selected kRowColumns first. A column of the wrong
// SQLite type (tampering, or a file written by something else) is an error naming the column.
Result<Row> ReadRow(sqlite3_stmt* stmt);

}  // namespace frontseat::audit::sqlite
