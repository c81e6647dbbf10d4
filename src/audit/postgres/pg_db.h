// Thin RAII over libpq for the audit store: a connection, a result, the schema, and reading event
// rows back in binary form. Shared by the writer (pg_store.cc) and the readers (verify.cc,
// query.cc). Every string field of an event is a bytea column, so that the bytes the chain
// hashes are stored exactly (an event may hold any bytes, NUL included; text columns could not).
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "audit/stored_row.h"
#include "frontseat/status.h"

namespace frontseat::audit::pg {

// The schema version this build writes (frontseat_audit_meta.schema_version).
inline constexpr int kSchemaVersion = 1;

struct ResultFree {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultFree>;

// One statement parameter: text (decimal numbers, hex hashes) or binary (bytea).
struct Param {
  std::string_view value;
  bool binary = false;
};

class Conn {
 public:
  Conn() = default;
  Conn(Conn&& other) noexcept : conn_(other.conn_), where_(std::move(other.where_)) {
    other.conn_ = nullptr;
  }
  Conn& operator=(Conn&& other) noexcept;
  ~Conn();

  // Connects (PQconnectdbParams with the conninfo expanded; `password`, if not empty, overrides
  // one in it; connect_timeout 5 s and statement_timeout 10 s unless the conninfo sets them).
  // Errors are kIoError naming the server (host, port, database; never the password).
  static Result<Conn> Open(const std::string& conninfo, const std::string& password);

  // Runs `sql` (one or more statements, no parameters); the last statement's result.
  Result<PgResult> Exec(const std::string& sql, std::string_view what);
  // One statement with parameters; `binary_result` asks for binary columns (see ReadRows).
  Result<PgResult> ExecParams(const std::string& sql, const std::vector<Param>& params,
                              std::string_view what, bool binary_result = false);

  // True when the connection is usable; Reset reconnects a broken one.
  bool ok() const { return conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK; }
  bool Reset();
  // "host:port/dbname", for messages.
  const std::string& where() const { return where_; }
  PGconn* get() const { return conn_; }

 private:
  // `r` if it succeeded, else an error naming the server, `what` and libpq's message.
  Result<PgResult> Checked(PgResult r, std::string_view what);
  PGconn* conn_ = nullptr;
  std::string where_;
};

// Creates the tables, indexes and the chain head row if missing (under an advisory lock, so that
// gateways starting together do not race), and checks the schema version: a newer one than this
// build is refused with kInvalidArgument.
Status EnsureSchema(Conn& conn);

// Checks that the tables exist and their version is one this build reads (for Verify, Query):
// kNotFound when there are none.
Status CheckSchema(Conn& conn);

// The columns ReadRows expects, in order (the event in canonical order, then the hashes).
inline constexpr const char* kRowColumns =
    "seq, time_us, request_id, tenant, route, model, action, http_status, categories_json, "
    "findings_json, redacted_input, redacted_output, guard_us, upstream_us, total_us, "
    "prompt_tokens, completion_tokens, prev_hash, hash";

// Reads every row of a binary-format result that selected kRowColumns.
Result<std::vector<StoredRow>> ReadRows(const PGresult* result);

// The chain head: the seq and hash of the newest event as the writers recorded them.
struct Head {
  uint64_t seq = 0;
  std::string hash;  // 64 hex digits
};
Result<Head> ReadHead(Conn& conn, bool for_update);

}  // namespace frontseat::audit::pg
