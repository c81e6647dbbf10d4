// Test support for end-to-end tests of the `frontseat` binary: a fixture with its own temporary
// directory, files written into it, and the binary run as a user runs it (shell redirects, exit
// status, stdout and stderr captured).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace frontseat::testing {

struct CliRun {
  int status = -1;  // the exit status, or -1 if the process did not exit normally
  std::string out;
  std::string err;
};

std::string ReadFile(const std::filesystem::path& path);

// The path of the `frontseat` binary under test.
std::string FrontseatBinary();

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Writes `content` to `name` in the test's directory and returns its path.
  std::filesystem::path Write(const std::string& name, const std::string& content);

  // Runs `frontseat <subcommand> <args>` with `stdin_text` on standard input.
  CliRun RunCli(const std::string& subcommand, const std::string& args,
                const std::string& stdin_text = "");

  std::filesystem::path dir_;
};

}  // namespace frontseat::testing
