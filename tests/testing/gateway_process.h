// Test support: runs `frontseat serve` as a child process on 127.0.0.1 with an ephemeral port
// and its own temporary data dir (the audit store), for the gateway's end-to-end tests.
//
//   frontseat::testing::StandinProcess upstream(script);
//   frontseat::testing::GatewayProcess gw({.upstream = upstream.base_url()});
//   ASSERT_TRUE(gw.ok()) << gw.error();
//   HttpResponse r = HttpCall(gw.port(), "POST", "/v1/guard", R"({"text":"hi"})");
//
// The destructor stops it (SIGTERM, SIGKILL as a last resort) and removes the directory.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace frontseat::testing {

struct GatewayOptions {
  std::string config_yaml;  // written to DIR/gateway.yaml and passed as --config when not empty
  std::string upstream;     // --upstream URL when not empty
  std::vector<std::string> extra_args;
  std::vector<std::string> env;  // NAME=VALUE added to the child's environment
  std::filesystem::path data_dir;  // empty: DIR/data (kept across restarts of the same object)
};

class GatewayProcess {
 public:
  explicit GatewayProcess(GatewayOptions options = {});
  ~GatewayProcess();
  GatewayProcess(const GatewayProcess&) = delete;
  GatewayProcess& operator=(const GatewayProcess&) = delete;

  bool ok() const { return port_ != 0; }
  const std::string& error() const { return error_; }
  uint16_t port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  pid_t pid() const { return pid_; }
  const std::filesystem::path& data_dir() const { return data_dir_; }
  const std::filesystem::path& dir() const { return dir_; }

  // SIGTERM and wait: the exit status, or -1 if it died of a signal. Idempotent.
  int Stop();
  // Sends `sig` (SIGKILL for the crash test) and reaps the process.
  void Kill(int sig);
  std::string Stderr() const;

  // Runs `frontseat <args>` to completion (e.g. "audit verify --data-dir D"); output in `out`.
  static int RunCli(const std::string& args, std::string& out);

 private:
  std::filesystem::path dir_;
  std::filesystem::path data_dir_;
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  uint16_t port_ = 0;
  std::string error_;
  bool stopped_ = false;
  int exit_status_ = -1;
};

}  // namespace frontseat::testing
