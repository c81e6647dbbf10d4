// The stand-in server: an OpenAI-compatible HTTP/1.1 server (Boost.Beast on Asio, C++20
// coroutines, one thread) that answers as its Script says. It is what every test of the gateway,
// the llm_judge detector and the red-team command talks to instead of a real model.
//
// Routes:
//   GET  /v1/models             OpenAI list shape, the script's models
//   POST /v1/chat/completions   OpenAI chat completion; with "stream": true an SSE stream of
//                               chat.completion.chunk objects ending in `data: [DONE]`
//   GET  /stats                 JSON counters for tests: requests per route ("POST /v1/..."),
//                               hits per rule, the last request's route, body and Authorization,
//                               failed TLS handshakes
//   GET  /healthz               {"status":"ok"}
// Errors use OpenAI's error shape: {"error":{"message","type","param","code"}}.
//
// With TlsFiles (`--tls-cert`, `--tls-key`) it serves the same routes over TLS only.
//
// Thread model: one io_context on the calling thread; every connection is a coroutine, so the
// counters need no lock. A hanging or slow reply holds only its own connection.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

#include "standin/script.h"

namespace frontseat::standin {

// A certificate chain and its private key (PEM files): with both set, every connection is TLS.
struct TlsFiles {
  std::string cert_file;
  std::string key_file;
};

// Binds `host:port` (a numeric IPv4 or IPv6 address; port 0 picks a free port), writes one line
// `listening on HOST:PORT` to `out` and flushes it, then serves until SIGINT or SIGTERM.
// Returns a Status when the address is bad or cannot be bound; OK after a clean stop.
Status RunServer(Script script, const std::string& host, uint16_t port, std::ostream& out,
                 const TlsFiles& tls = {});

}  // namespace frontseat::standin
