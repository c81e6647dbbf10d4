// Test support: a private PostgreSQL server (Debian `postgresql`) as a child process on
// 127.0.0.1, in a temporary cluster made by initdb (trust authentication, fsync off), for tests
// of the PostgreSQL audit store.
//
//   frontseat::testing::PostgresProcess pg;
//   if (!pg.available()) GTEST_SKIP() << pg.error();  // no PostgreSQL on this machine
//   ASSERT_TRUE(pg.ok()) << pg.error();
//   std::string url = pg.CreateDatabase("t1");  // "postgresql://postgres@127.0.0.1:PORT/t1"
//
// initdb and postgres refuse to run as root, so as root the cluster belongs to the `postgres`
// user (the package creates it) and both run as that user. The port is one the system handed
// out a moment before. Stop() and Start() make an outage. The destructor stops the server (fast
// shutdown) and removes the cluster.
// One server per test suite is cheaper than one per test (initdb takes about a second).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace frontseat::testing {

class PostgresProcess {
 public:
  PostgresProcess();
  ~PostgresProcess();
  PostgresProcess(const PostgresProcess&) = delete;
  PostgresProcess& operator=(const PostgresProcess&) = delete;

  // False when PostgreSQL is not installed (tests skip then; CI installs it).
  bool available() const { return !bindir_.empty(); }
  bool ok() const { return running_; }
  const std::string& error() const { return error_; }
  uint16_t port() const { return port_; }

  // Creates database `name` and returns its libpq URI; "" on failure (error() says why).
  std::string CreateDatabase(const std::string& name);
  // Runs SQL on database `db` through a fresh connection; the first column of the first row
  // (or "" when none), or "ERROR: ..." when the statement fails.
  std::string Exec(const std::string& db, const std::string& sql) const;
  // Stops the server (fast shutdown) and starts it again on the same port and data: an outage.
  bool Stop();
  bool Start();
  // Restarts the server with TLS on (the given certificate and key) and TCP connections allowed
  // only over TLS (pg_hba `hostssl`). libpq's default sslmode (prefer) then uses TLS.
  bool RequireTls(const std::string& cert_pem, const std::string& key_pem);
  std::string Url(const std::string& db) const {
    return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + db;
  }

 private:
  bool Run(const std::vector<std::string>& args, const std::string& log, pid_t* background);
  std::string bindir_;
  std::filesystem::path dir_;
  uint16_t port_ = 0;
  pid_t pid_ = -1;
  bool running_ = false;
  bool as_postgres_ = false;
  bool tls_ = false;
  uid_t uid_ = 0;
  gid_t gid_ = 0;
  std::string error_;
};

}  // namespace frontseat::testing
