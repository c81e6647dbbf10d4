// Test support, see redis_process.h.
#include "testing/redis_process.h"

#include <hiredis/hiredis.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "testing/child_process.h"

extern char** environ;

namespace frontseat::testing {
namespace {

namespace fs = std::filesystem;

std::string FindBinary() {
  for (const char* dir : {"/usr/bin", "/usr/local/bin", "/usr/sbin"}) {
    fs::path p = fs::path(dir) / "redis-server";
    if (::access(p.c_str(), X_OK) == 0) return p.string();
  }
  return "";
}

std::string ReplyText(const redisReply* r) {
  switch (r->type) {
    case REDIS_REPLY_INTEGER:
      return std::to_string(r->integer);
    case REDIS_REPLY_NIL:
      return "(nil)";
    case REDIS_REPLY_ERROR:
      return "ERR:" + std::string(r->str, r->len);
    case REDIS_REPLY_ARRAY: {
      std::string out;
      for (size_t i = 0; i < r->elements; ++i) {
        if (i) out += "\n";
        out += ReplyText(r->element[i]);
      }
      return out;
    }
    default:
      return std::string(r->str, r->len);
  }
}

}  // namespace

RedisProcess::RedisProcess(std::string password)
    : binary_(FindBinary()), password_(std::move(password)) {
  if (binary_.empty()) {
    error_ = "redis-server is not installed (Debian package redis-server; `make deps` installs it)";
    return;
  }
  std::string tmpl = (fs::temp_directory_path() / "frontseat_redis_XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) {
    error_ = "cannot create a temporary directory";
    return;
  }
  dir_ = tmpl;
  port_ = FreeLoopbackPort();
  if (port_ == 0) {
    error_ = "no free port";
    return;
  }
  Start();
}

std::string RedisProcess::Command(const std::vector<std::string>& argv) const {
  timeval tv{1, 0};
  redisContext* c = redisConnectWithTimeout("127.0.0.1", port_, tv);
  if (c == nullptr || c->err) {
    if (c) redisFree(c);
    return "";
  }
  if (!password_.empty()) {
    auto* auth = static_cast<redisReply*>(redisCommand(c, "AUTH %s", password_.c_str()));
    if (auth) freeReplyObject(auth);
  }
  std::vector<const char*> ptrs;
  std::vector<size_t> lens;
  for (const std::string& a : argv) {
    ptrs.push_back(a.data());
    lens.push_back(a.size());
  }
  auto* r = static_cast<redisReply*>(
      redisCommandArgv(c, static_cast<int>(argv.size()), ptrs.data(), lens.data()));
  std::string out = r ? ReplyText(r) : "";
  if (r) freeReplyObject(r);
  redisFree(c);
  return out;
}

bool RedisProcess::Start() {
  if (running_ || binary_.empty() || port_ == 0) return running_;
  std::vector<std::string> args = {binary_,
                                   "--port",
                                   std::to_string(port_),
                                   "--bind",
                                   "127.0.0.1",
                                   "--save",
                                   "",
                                   "--appendonly",
                                   "no",
                                   "--dir",
                                   dir_.string(),
                                   "--logfile",
                                   (dir_ / "redis.log").string()};
  if (!password_.empty()) {
    args.push_back("--requirepass");
    args.push_back(password_);
  }
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const int rc = ::posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ);
  if (rc != 0) {
    pid_ = -1;
    error_ = "cannot start " + binary_ + ": " + std::strerror(rc);
    return false;
  }
  // Wait (bounded) until it answers; a working server does in milliseconds.
  for (int i = 0; i < 1000; ++i) {
    if (Command({"PING"}) == "PONG") {
      running_ = true;
      return true;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::ifstream log(dir_ / "redis.log");
  std::ostringstream ss;
  ss << log.rdbuf();
  error_ = "redis-server on port " + std::to_string(port_) + " did not answer; log: " + ss.str();
  Stop();
  return false;
}

bool RedisProcess::Stop() {
  if (pid_ <= 0) return true;
  StopChild(pid_, SIGTERM, std::chrono::seconds(5));
  pid_ = -1;
  running_ = false;
  return true;
}

RedisProcess::~RedisProcess() {
  Stop();
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

}  // namespace frontseat::testing
