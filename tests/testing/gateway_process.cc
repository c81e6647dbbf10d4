// Test support, see gateway_process.h. posix_spawn as in standin_process.cc.
#include "testing/gateway_process.h"

#include <fcntl.h>
#include <poll.h>
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

bool WaitFor(pid_t pid, int rounds, int& raw_status) {
  for (int i = 0; i < rounds; ++i) {
    pid_t r = ::waitpid(pid, &raw_status, WNOHANG);
    if (r == pid || (r < 0 && errno != EINTR)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace

GatewayProcess::GatewayProcess(GatewayOptions options) {
  std::string tmpl = (fs::temp_directory_path() / "frontseat_gateway_XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) {
    error_ = "cannot create a temporary directory";
    return;
  }
  dir_ = tmpl;
  data_dir_ = options.data_dir.empty() ? dir_ / "data" : options.data_dir;
  std::vector<std::string> args = {FRONTSEAT_BINARY, "serve", "--listen", "127.0.0.1:0",
                                   "--data-dir", data_dir_.string()};
  if (!options.config_yaml.empty()) {
    fs::path cfg = dir_ / "gateway.yaml";
    std::ofstream(cfg, std::ios::binary) << options.config_yaml;
    args.push_back("--config");
    args.push_back(cfg.string());
  }
  if (!options.upstream.empty()) {
    args.push_back("--upstream");
    args.push_back(options.upstream);
  }
  for (std::string& a : options.extra_args) args.push_back(std::move(a));
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) env_strings.emplace_back(*e);
  for (const std::string& e : options.env) env_strings.push_back(e);
  std::vector<char*> envp;
  for (std::string& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);

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
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  const int rc = ::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  stdout_fd_ = fds[0];
  if (rc != 0) {
    pid_ = -1;
    error_ = std::string("cannot start frontseat: ") + std::strerror(rc);
    return;
  }
  // The poll limit is a safety net against a broken binary, not a speed assertion.
  std::string line;
  while (line.find('\n') == std::string::npos) {
    pollfd pfd{stdout_fd_, POLLIN, 0};
    if (::poll(&pfd, 1, 120000) <= 0) break;
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
    error_ = "frontseat serve did not start (exit status " + std::to_string(exit_status_) +
             "); stdout: \"" + line + "\"; stderr: " + Slurp(err_path);
  }
}

std::string GatewayProcess::Stderr() const { return Slurp(dir_ / "stderr.txt"); }

int GatewayProcess::Stop() {
  if (stopped_ || pid_ <= 0) return exit_status_;
  stopped_ = true;
  int raw = 0;
  ::kill(pid_, SIGTERM);
  if (!WaitFor(pid_, 6000, raw)) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &raw, 0);
    exit_status_ = -1;
    return exit_status_;
  }
  exit_status_ = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return exit_status_;
}

void GatewayProcess::Kill(int sig) {
  if (stopped_ || pid_ <= 0) return;
  stopped_ = true;
  ::kill(pid_, sig);
  int raw = 0;
  ::waitpid(pid_, &raw, 0);
  exit_status_ = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

int GatewayProcess::RunCli(const std::string& args, std::string& out) {
  std::string tmpl = (fs::temp_directory_path() / "frontseat_cli_XXXXXX").string();
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) return -1;
  ::close(fd);
  std::string cmd = std::string(FRONTSEAT_BINARY) + " " + args + " > " + tmpl + " 2>&1";
  int raw = std::system(cmd.c_str());
  out = Slurp(tmpl);
  fs::remove(tmpl);
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

GatewayProcess::~GatewayProcess() {
  Stop();
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

}  // namespace frontseat::testing
