// Test support, see postgres_process.h.
#include "testing/postgres_process.h"

#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <sys/stat.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "testing/child_process.h"

namespace frontseat::testing {
namespace {

namespace fs = std::filesystem;

// The newest /usr/lib/postgresql/N/bin holding initdb and postgres.
std::string FindBindir() {
  std::error_code ec;
  std::string best;
  int best_version = -1;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    fs::path bin = entry.path() / "bin";
    if (::access((bin / "initdb").c_str(), X_OK) != 0) continue;
    if (::access((bin / "postgres").c_str(), X_OK) != 0) continue;
    int v = std::atoi(entry.path().filename().c_str());
    if (v > best_version) {
      best_version = v;
      best = bin.string();
    }
  }
  return best;
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

PostgresProcess::PostgresProcess() : bindir_(FindBindir()) {
  if (bindir_.empty()) {
    error_ = "PostgreSQL is not installed (Debian package postgresql; `make deps` installs it)";
    return;
  }
  // As root the server runs as `postgres`, which must be able to reach the directory: /tmp
  // rather than a TMPDIR that may sit under a private home.
  fs::path base = ::geteuid() == 0 ? fs::path("/tmp") : fs::temp_directory_path();
  std::string tmpl = (base / "frontseat_pg_XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) {
    error_ = "cannot create a temporary directory";
    return;
  }
  dir_ = tmpl;
  if (::geteuid() == 0) {
    const passwd* pw = ::getpwnam("postgres");
    if (pw == nullptr) {
      error_ = "running as root and there is no `postgres` user to run the server as";
      return;
    }
    as_postgres_ = true;
    uid_ = pw->pw_uid;
    gid_ = pw->pw_gid;
    if (::chown(dir_.c_str(), uid_, gid_) != 0) {
      error_ = "cannot chown " + dir_.string() + ": " + std::strerror(errno);
      return;
    }
  }
  port_ = FreeLoopbackPort();
  if (port_ == 0) {
    error_ = "no free port";
    return;
  }
  if (!Run({bindir_ + "/initdb", "-D", (dir_ / "data").string(), "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--locale=C", "--no-sync"},
           (dir_ / "initdb.log").string(), nullptr)) {
    error_ = "initdb failed: " + ReadFile(dir_ / "initdb.log");
    return;
  }
  Start();
}

bool PostgresProcess::Start() {
  if (running_ || bindir_.empty() || port_ == 0) return running_;
  fs::path data = dir_ / "data";
  if (!Run({bindir_ + "/postgres", "-D", data.string(), "-p", std::to_string(port_), "-k",
            dir_.string(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c",
            "full_page_writes=off", "-c", "max_connections=50", "-c",
            tls_ ? "ssl=on" : "ssl=off"},
           (dir_ / "server.log").string(), &pid_)) {
    error_ = "cannot start postgres";
    return false;
  }
  std::string conninfo =
      "host=127.0.0.1 port=" + std::to_string(port_) + " user=postgres dbname=postgres";
  for (int i = 0; i < 1500; ++i) {
    if (PQping(conninfo.c_str()) == PQPING_OK) {
      running_ = true;
      return true;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  error_ = "postgres on port " + std::to_string(port_) +
           " did not answer; log: " + ReadFile(dir_ / "server.log");
  return false;
}

bool PostgresProcess::RequireTls(const std::string& cert_pem, const std::string& key_pem) {
  if (bindir_.empty() || port_ == 0) return false;
  fs::path data = dir_ / "data";
  // The server reads server.crt and server.key from its data directory; it refuses a key that
  // others can read.
  std::error_code ec;
  fs::copy_file(cert_pem, data / "server.crt", fs::copy_options::overwrite_existing, ec);
  if (!ec) fs::copy_file(key_pem, data / "server.key", fs::copy_options::overwrite_existing, ec);
  if (ec) {
    error_ = "cannot copy the certificate into " + data.string() + ": " + ec.message();
    return false;
  }
  ::chmod((data / "server.key").c_str(), 0600);
  {
    std::ofstream hba(data / "pg_hba.conf", std::ios::trunc);
    hba << "local all all trust\nhostssl all all 127.0.0.1/32 trust\n";
    if (!hba) {
      error_ = "cannot write pg_hba.conf";
      return false;
    }
  }
  if (as_postgres_) {
    for (const char* f : {"server.crt", "server.key", "pg_hba.conf"}) {
      if (::chown((data / f).c_str(), uid_, gid_) != 0) {
        error_ = std::string("cannot chown ") + f + ": " + std::strerror(errno);
        return false;
      }
    }
  }
  Stop();
  tls_ = true;
  return Start();
}

bool PostgresProcess::Stop() {
  // Fast shutdown: open transactions are rolled back.
  StopChild(pid_, SIGINT, std::chrono::seconds(10));
  pid_ = -1;
  running_ = false;
  return true;
}

// Runs args with stdout and stderr to `log`, as the postgres user when we are root; waits for
// it unless `background` is given (then its pid goes there).
bool PostgresProcess::Run(const std::vector<std::string>& args, const std::string& log,
                          pid_t* background) {
  pid_t pid = ::fork();
  if (pid < 0) return false;
  if (pid == 0) {
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      if (as_postgres_) (void)::fchown(fd, uid_, gid_);
    }
    if (as_postgres_) {
      if (::setgroups(0, nullptr) != 0 || ::setgid(gid_) != 0 || ::setuid(uid_) != 0) _exit(126);
    }
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    _exit(127);
  }
  if (background) {
    *background = pid;
    return true;
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

std::string PostgresProcess::CreateDatabase(const std::string& name) {
  std::string r = Exec("postgres", "CREATE DATABASE \"" + name + "\"");
  if (r.rfind("ERROR", 0) == 0) {
    error_ = r;
    return "";
  }
  return Url(name);
}

std::string PostgresProcess::Exec(const std::string& db, const std::string& sql) const {
  PGconn* c = PQconnectdb(Url(db).c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::string e = "ERROR: connect: " + std::string(PQerrorMessage(c));
    PQfinish(c);
    return e;
  }
  PGresult* r = PQexec(c, sql.c_str());
  std::string out;
  ExecStatusType st = PQresultStatus(r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    out = "ERROR: " + std::string(PQerrorMessage(c));
  } else if (st == PGRES_TUPLES_OK && PQntuples(r) > 0 && PQnfields(r) > 0) {
    out = PQgetvalue(r, 0, 0);
  }
  PQclear(r);
  PQfinish(c);
  return out;
}

PostgresProcess::~PostgresProcess() {
  Stop();
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

}  // namespace frontseat::testing
