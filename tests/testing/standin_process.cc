// Test support, see standin_process.h. posix_spawn rather than fork: test programs may already
// run threads, and the child only needs its stdout (a pipe, for the port line) and its stderr (a
// file, for error messages) redirected.
#include "testing/standin_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace frontseat::testing {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Waits for `pid` up to `rounds` × 10 ms; true (and the status) once it has exited.
bool WaitFor(pid_t pid, int rounds, int& raw_status) {
  for (int i = 0; i < rounds; ++i) {
    pid_t r = ::waitpid(pid, &raw_status, WNOHANG);
    if (r == pid || (r < 0 && errno != EINTR)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace

std::string StandinProcess::BinaryPath() { return FRONTSEAT_STANDIN_BINARY; }

StandinProcess::StandinProcess(std::string_view script_json, std::vector<std::string> extra_args) {
  std::string tmpl = (fs::temp_directory_path() / "frontseat_standin_XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) {
    error_ = "cannot create a temporary directory";
    return;
  }
  dir_ = tmpl;
  std::vector<std::string> args = {BinaryPath(), "--listen", "127.0.0.1:0"};
  if (!script_json.empty()) {
    const fs::path script = dir_ / "script.json";
    std::ofstream(script, std::ios::binary) << script_json;
    args.push_back("--script");
    args.push_back(script.string());
  }
  for (std::string& a : extra_args) args.push_back(std::move(a));
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    error_ = "pipe failed";
    return;
  }
  const std::string err_path = (dir_ / "stderr.txt").string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int rc = ::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  stdout_fd_ = fds[0];
  if (rc != 0) {
    pid_ = -1;
    error_ = "cannot start " + args[0] + ": " + std::strerror(rc);
    return;
  }

  // Read the one line "listening on 127.0.0.1:PORT". The poll limit is a safety net so a broken
  // binary fails the test instead of hanging it; a working one answers in milliseconds.
  std::string line;
  while (line.find('\n') == std::string::npos) {
    pollfd pfd{stdout_fd_, POLLIN, 0};
    if (::poll(&pfd, 1, 60000) <= 0) break;
    char buf[256];
    ssize_t n = ::read(stdout_fd_, buf, sizeof buf);
    if (n <= 0) break;
    line.append(buf, static_cast<size_t>(n));
  }
  const std::string prefix = "listening on 127.0.0.1:";
  if (line.rfind(prefix, 0) == 0 && line.find('\n') != std::string::npos) {
    port_ = static_cast<uint16_t>(std::atoi(line.c_str() + prefix.size()));
  }
  if (port_ == 0) {
    Stop();
    error_ = "frontseat-standin did not start (exit status " + std::to_string(exit_status_) +
             "); stdout: \"" + line + "\"; stderr: " + Slurp(err_path);
  }
}

int StandinProcess::Stop() {
  if (stopped_ || pid_ <= 0) return exit_status_;
  stopped_ = true;
  int raw = 0;
  ::kill(pid_, SIGTERM);
  if (!WaitFor(pid_, 1000, raw)) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &raw, 0);
    exit_status_ = -1;
    return exit_status_;
  }
  exit_status_ = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return exit_status_;
}

StandinProcess::~StandinProcess() {
  Stop();
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

}  // namespace frontseat::testing
