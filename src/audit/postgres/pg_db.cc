// libpq helpers for the audit store (see pg_db.h).
#include "audit/postgres/pg_db.h"

#include <arpa/inet.h>

#include <cstring>

namespace frontseat::audit::pg {

namespace {

// Binary type OIDs (pg_type.h; stable across versions).
constexpr Oid kInt8Oid = 20;
constexpr Oid kByteaOid = 17;
constexpr Oid kTextOid = 25;

// Serializes schema creation across gateways starting at once ("FSA1", as SQLite's app id).
constexpr const char* kAdvisoryLock = "SELECT pg_advisory_xact_lock(1179861297)";

constexpr const char* kSchemaSql =
    "CREATE TABLE IF NOT EXISTS frontseat_audit_meta ("
    "  key text PRIMARY KEY, value text NOT NULL);"
    "CREATE TABLE IF NOT EXISTS frontseat_audit_head ("
    "  id integer PRIMARY KEY CHECK (id = 1), seq bigint NOT NULL, hash text NOT NULL);"
    "CREATE TABLE IF NOT EXISTS frontseat_audit_events ("
    "  seq bigint PRIMARY KEY,"
    "  time_us bigint NOT NULL,"
    "  request_id bytea NOT NULL, tenant bytea NOT NULL, route bytea NOT NULL,"
    "  model bytea NOT NULL, action bytea NOT NULL,"
    "  http_status bigint NOT NULL,"
    "  categories_json bytea NOT NULL, findings_json bytea NOT NULL,"
    "  redacted_input bytea NOT NULL, redacted_output bytea NOT NULL,"
    "  guard_us bigint NOT NULL, upstream_us bigint NOT NULL, total_us bigint NOT NULL,"
    "  prompt_tokens bigint NOT NULL, completion_tokens bigint NOT NULL,"
    "  prev_hash text NOT NULL, hash text NOT NULL);"
    "CREATE INDEX IF NOT EXISTS frontseat_audit_events_time ON frontseat_audit_events (time_us);"
    "CREATE INDEX IF NOT EXISTS frontseat_audit_events_tenant_time"
    "  ON frontseat_audit_events (tenant, time_us);"
    "INSERT INTO frontseat_audit_meta VALUES ('schema_version', '1') ON CONFLICT DO NOTHING;"
    "INSERT INTO frontseat_audit_head VALUES (1, 0, "
    "'0000000000000000000000000000000000000000000000000000000000000000') "
    "ON CONFLICT DO NOTHING;";

std::string ConnMessage(PGconn* conn) {
  std::string m = conn ? PQerrorMessage(conn) : "out of memory";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  // libpq's multi-line messages ("connection to server ... failed: ...\n\tIs the server ...").
  for (char& c : m) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  return m;
}

int64_t ReadInt8(const PGresult* r, int row, int col) {
  uint32_t hi, lo;
  std::memcpy(&hi, PQgetvalue(r, row, col), 4);
  std::memcpy(&lo, PQgetvalue(r, row, col) + 4, 4);
  return static_cast<int64_t>((static_cast<uint64_t>(ntohl(hi)) << 32) | ntohl(lo));
}

std::string ReadBytes(const PGresult* r, int row, int col) {
  return std::string(PQgetvalue(r, row, col), static_cast<size_t>(PQgetlength(r, row, col)));
}

}  // namespace

Conn& Conn::operator=(Conn&& other) noexcept {
  if (this != &other) {
    if (conn_) PQfinish(conn_);
    conn_ = other.conn_;
    where_ = std::move(other.where_);
    other.conn_ = nullptr;
  }
  return *this;
}

Conn::~Conn() {
  if (conn_) PQfinish(conn_);
}

Result<Conn> Conn::Open(const std::string& conninfo, const std::string& password) {
  // Defaults the conninfo may override (it comes after them): a 5 s connect timeout, and a 10 s
  // bound on any statement, so a batch waiting on a lock held by a writer that hangs (a
  // partitioned gateway mid-transaction) fails with an error instead of holding every request.
  std::vector<const char*> keys = {"connect_timeout", "options", "dbname", "application_name"};
  std::vector<const char*> values = {"5", "-c statement_timeout=10000", conninfo.c_str(),
                                     "frontseat"};
  if (!password.empty()) {
    keys.push_back("password");
    values.push_back(password.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  Conn c;
  c.conn_ = PQconnectdbParams(keys.data(), values.data(), /*expand_dbname=*/1);
  if (c.conn_ == nullptr) return Status::Io("postgres: cannot allocate a connection");
  if (PQstatus(c.conn_) != CONNECTION_OK) {
    return Status::Io("postgres: cannot connect: " + ConnMessage(c.conn_));
  }
  // Server notices ("relation ... already exists, skipping" from the schema's IF NOT EXISTS)
  // are expected and would otherwise go to stderr.
  PQsetNoticeProcessor(
      c.conn_, [](void*, const char*) {}, nullptr);
  c.where_ = std::string(PQhost(c.conn_)) + ":" + PQport(c.conn_) + "/" + PQdb(c.conn_);
  return c;
}

bool Conn::Reset() {
  if (conn_ == nullptr) return false;
  PQreset(conn_);
  return ok();
}

Result<PgResult> Conn::Checked(PgResult r, std::string_view what) {
  ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    return Status::Io("postgres " + where_ + ": " + std::string(what) + ": " + ConnMessage(conn_));
  }
  return r;
}

Result<PgResult> Conn::Exec(const std::string& sql, std::string_view what) {
  return Checked(PgResult(PQexec(conn_, sql.c_str())), what);
}

Result<PgResult> Conn::ExecParams(const std::string& sql, const std::vector<Param>& params,
                                  std::string_view what, bool binary_result) {
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
  values.reserve(params.size());
  for (const Param& p : params) {
    // A text parameter must be NUL-terminated for libpq; binary ones are read by length. Every
    // text parameter here is a std::string's whole contents (numbers, hashes), so data() ends
    // in a NUL; an empty bytea still needs a non-null pointer.
    values.push_back(p.value.data() ? p.value.data() : "");
    lengths.push_back(static_cast<int>(p.value.size()));
    formats.push_back(p.binary ? 1 : 0);
  }
  PgResult r(PQexecParams(conn_, sql.c_str(), static_cast<int>(params.size()), nullptr,
                          values.data(), lengths.data(), formats.data(), binary_result ? 1 : 0));
  return Checked(std::move(r), what);
}

namespace {

Status CheckVersion(Conn& conn) {
  auto r = conn.Exec("SELECT value FROM frontseat_audit_meta WHERE key = 'schema_version'",
                     "read the schema version");
  if (!r.ok()) return r.status();
  if (PQntuples(r->get()) != 1) {
    return Status::Invalid("postgres " + conn.where() +
                           ": frontseat_audit_meta has no schema_version; not a frontseat audit "
                           "store");
  }
  std::string v = PQgetvalue(r->get(), 0, 0);
  int version = 0;
  for (char c : v) {
    if (c < '0' || c > '9' || version > 1000)
      return Status::Invalid("postgres " + conn.where() + ": bad schema_version \"" + v + "\"");
    version = version * 10 + (c - '0');
  }
  if (version > kSchemaVersion) {
    return Status::Invalid("postgres " + conn.where() + ": the audit tables have schema version " +
                           v + ", newer than this build's " + std::to_string(kSchemaVersion) +
                           "; upgrade frontseat");
  }
  if (version < 1) return Status::Invalid("postgres " + conn.where() + ": bad schema_version 0");
  return Status::Ok();
}

}  // namespace

Status EnsureSchema(Conn& conn) {
  std::string sql = std::string("BEGIN;") + kAdvisoryLock + ";" + kSchemaSql + "COMMIT;";
  auto r = conn.Exec(sql, "create the audit tables");
  if (!r.ok()) {
    (void)conn.Exec("ROLLBACK", "roll back");
    return r.status();
  }
  return CheckVersion(conn);
}

Status CheckSchema(Conn& conn) {
  auto r = conn.Exec(
      "SELECT count(*) FROM pg_catalog.pg_tables WHERE tablename IN "
      "('frontseat_audit_meta', 'frontseat_audit_head', 'frontseat_audit_events') "
      "AND schemaname = ANY (current_schemas(false))",
      "look for the audit tables");
  if (!r.ok()) return r.status();
  std::string n = PQgetvalue(r->get(), 0, 0);
  if (n == "0") {
    return Status::NotFound("postgres " + conn.where() +
                            ": no audit store (no frontseat_audit_* "
                            "tables); a gateway with `audit: {store: postgres}` creates them");
  }
  if (n != "3") {
    return Status::Invalid("postgres " + conn.where() + ": only " + n +
                           " of the 3 frontseat_audit_* tables exist");
  }
  return CheckVersion(conn);
}

Result<std::vector<StoredRow>> ReadRows(const PGresult* r) {
  if (PQnfields(r) != 19) return Status::Internal("ReadRows: expected 19 columns");
  for (int col : {0, 1, 7, 12, 13, 14, 15, 16}) {
    if (PQftype(r, col) != kInt8Oid) {
      return Status::Invalid(std::string("column ") + PQfname(r, col) + " is not a bigint");
    }
  }
  for (int col : {2, 3, 4, 5, 6, 8, 9, 10, 11}) {
    if (PQftype(r, col) != kByteaOid) {
      return Status::Invalid(std::string("column ") + PQfname(r, col) + " is not a bytea");
    }
  }
  for (int col : {17, 18}) {
    if (PQftype(r, col) != kTextOid) {
      return Status::Invalid(std::string("column ") + PQfname(r, col) + " is not a text");
    }
  }
  std::vector<StoredRow> rows;
  int n = PQntuples(r);
  rows.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    StoredRow row;
    row.seq = ReadInt8(r, i, 0);
    Event& e = row.event;
    e.time_us = ReadInt8(r, i, 1);
    e.request_id = ReadBytes(r, i, 2);
    e.tenant = ReadBytes(r, i, 3);
    e.route = ReadBytes(r, i, 4);
    e.model = ReadBytes(r, i, 5);
    e.action = ReadBytes(r, i, 6);
    e.http_status = static_cast<int>(ReadInt8(r, i, 7));
    e.categories_json = ReadBytes(r, i, 8);
    e.findings_json = ReadBytes(r, i, 9);
    e.redacted_input = ReadBytes(r, i, 10);
    e.redacted_output = ReadBytes(r, i, 11);
    e.guard_us = ReadInt8(r, i, 12);
    e.upstream_us = ReadInt8(r, i, 13);
    e.total_us = ReadInt8(r, i, 14);
    e.prompt_tokens = ReadInt8(r, i, 15);
    e.completion_tokens = ReadInt8(r, i, 16);
    row.prev_hash = ReadBytes(r, i, 17);
    row.hash = ReadBytes(r, i, 18);
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<Head> ReadHead(Conn& conn, bool for_update) {
  auto r = conn.Exec(std::string("SELECT seq, hash FROM frontseat_audit_head WHERE id = 1") +
                         (for_update ? " FOR UPDATE" : ""),
                     "read the chain head");
  if (!r.ok()) return r.status();
  if (PQntuples(r->get()) != 1) {
    return Status::Invalid("postgres " + conn.where() + ": frontseat_audit_head has no row");
  }
  Head head;
  std::string seq = PQgetvalue(r->get(), 0, 0);
  head.seq = std::strtoull(seq.c_str(), nullptr, 10);
  head.hash = PQgetvalue(r->get(), 0, 1);
  return head;
}

}  // namespace frontseat::audit::pg
