// Which audit store a reader (Verify, Query) opens: the SQLite file in a data dir, or a
// PostgreSQL database shared by several gateways.
#pragma once

#include <string>

namespace frontseat::audit {

struct StoreRef {
  std::string data_dir;           // SQLite: DATA_DIR/audit.db
  std::string postgres_conninfo;  // when not empty: PostgreSQL (libpq URI or key=value string)
  std::string postgres_password;  // overrides a password in the conninfo (may be empty)
};

}  // namespace frontseat::audit
