// Test support, see cli_testing.h.
#include "testing/cli_testing.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace frontseat::testing {

std::string FrontseatBinary() { return FRONTSEAT_BINARY; }

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void CliTest::SetUp() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  dir_ = fs::temp_directory_path() / ("frontseat_cli_test_" + std::to_string(::getpid()) + "_" +
                                      info->test_suite_name() + "_" + info->name());
  fs::create_directories(dir_);
}

void CliTest::TearDown() { fs::remove_all(dir_); }

fs::path CliTest::Write(const std::string& name, const std::string& content) {
  fs::path p = dir_ / name;
  std::ofstream(p, std::ios::binary) << content;
  return p;
}

CliRun CliTest::RunCli(const std::string& subcommand, const std::string& args,
                       const std::string& stdin_text) {
  fs::path in = Write("stdin.txt", stdin_text);
  fs::path out = dir_ / "out.txt";
  fs::path err = dir_ / "err.txt";
  std::string cmd = std::string(FRONTSEAT_BINARY) + " " + subcommand + " " + args + " < " +
                    in.string() + " > " + out.string() + " 2> " + err.string();
  int raw = std::system(cmd.c_str());
  CliRun r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = ReadFile(out);
  r.err = ReadFile(err);
  return r;
}

}  // namespace frontseat::testing
