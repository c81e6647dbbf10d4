// Test support: a private redis-server (Debian `redis-server`) as a child process on 127.0.0.1,
// with no persistence, for tests of the Redis rate-limit store.
//
//   frontseat::testing::RedisProcess redis;
//   if (!redis.available()) GTEST_SKIP() << redis.error();  // no redis-server on this machine
//   ASSERT_TRUE(redis.ok()) << redis.error();
//   std::string url = redis.url();  // "redis://127.0.0.1:PORT"
//
// The port is one the system handed out a moment before (a socket bound to port 0, then
// closed); the constructor waits until the server answers PING. Stop() and Start() stop and
// restart it on the same port (an outage). The destructor stops it. Not copyable.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace frontseat::testing {

class RedisProcess {
 public:
  // `password`: started with --requirepass, and Command() authenticates with it.
  explicit RedisProcess(std::string password = "");
  ~RedisProcess();
  RedisProcess(const RedisProcess&) = delete;
  RedisProcess& operator=(const RedisProcess&) = delete;

  // False when redis-server is not installed (tests skip then; CI installs it).
  bool available() const { return !binary_.empty(); }
  bool ok() const { return running_; }
  const std::string& error() const { return error_; }
  uint16_t port() const { return port_; }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }

  // Sends a command through a fresh connection and returns the reply as text (integers in
  // decimal, arrays one item per line, errors prefixed with "ERR:"); "" when it cannot connect.
  std::string Command(const std::vector<std::string>& argv) const;
  bool Stop();
  bool Start();

 private:
  std::string binary_;
  std::string password_;
  std::filesystem::path dir_;
  uint16_t port_ = 0;
  pid_t pid_ = -1;
  bool running_ = false;
  std::string error_;
};

}  // namespace frontseat::testing
