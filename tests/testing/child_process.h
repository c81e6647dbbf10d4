// Test support shared by the fixtures that run a server as a child process (Redis, PostgreSQL).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>

namespace frontseat::testing {

// A TCP port on 127.0.0.1 that the system handed out a moment before (a socket bound to port 0,
// then closed); 0 when none could be had.
uint16_t FreeLoopbackPort();

// Sends `sig` to `pid`, reaps it, and sends SIGKILL if it has not exited within `grace`.
void StopChild(pid_t pid, int sig, std::chrono::milliseconds grace);

}  // namespace frontseat::testing
