// Test support: runs the project's OpenAI-compatible stand-in server (`frontseat-standin`, see
// tools/standin/) as a child process on 127.0.0.1 with an ephemeral port, for tests of the
// gateway, the llm_judge detector and the red-team command.
//
//   frontseat::testing::StandinProcess standin(R"({"rules": [{"match": "bomb",
//                                                             "reply": "unsafe\nS9"}],
//                                                  "default": {"reply": "safe"}})");
//   ASSERT_TRUE(standin.ok()) << standin.error();
//   std::string url = standin.base_url();  // "http://127.0.0.1:PORT"
//
// The constructor writes the script to a temporary file, starts the binary and reads its
// `listening on ...` line; the destructor stops it (SIGTERM, then SIGKILL as a last resort) and
// removes the temporary files. Not copyable; one object per server.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace frontseat::testing {

class StandinProcess {
 public:
  // `script_json` is the script's text ("" runs without --script). `extra_args` are appended to
  // the command line.
  explicit StandinProcess(std::string_view script_json = "",
                          std::vector<std::string> extra_args = {});
  ~StandinProcess();
  StandinProcess(const StandinProcess&) = delete;
  StandinProcess& operator=(const StandinProcess&) = delete;

  // True once the server printed its port. Otherwise error() says why (its stderr included,
  // e.g. a script error naming the key).
  bool ok() const { return port_ != 0; }
  const std::string& error() const { return error_; }

  uint16_t port() const { return port_; }
  std::string host_port() const { return "127.0.0.1:" + std::to_string(port_); }
  std::string base_url() const { return "http://" + host_port(); }
  pid_t pid() const { return pid_; }

  // Sends SIGTERM and waits. Returns the exit status, or -1 if the process died of a signal
  // (or had to be killed). Idempotent: later calls return the first result.
  int Stop();

  // The path of the binary under test (from the build).
  static std::string BinaryPath();

 private:
  std::filesystem::path dir_;
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  uint16_t port_ = 0;
  std::string error_;
  bool stopped_ = false;
  int exit_status_ = -1;
};

}  // namespace frontseat::testing
