// `frontseat serve`: runs the gateway (src/gateway/) until SIGTERM or SIGINT.
//
//   frontseat serve [--config FILE] [--listen HOST:PORT] [--upstream URL] [--data-dir DIR]
//                   [--tls-cert FILE.pem --tls-key FILE.pem]
//
// With no file it listens on 127.0.0.1:8080, sends every model to --upstream (if given), keeps
// its SQLite audit store in DIR (default ./frontseat-data) and uses the built-in default policy.
// Flags override the file. Prints "listening on HOST:PORT" once it accepts connections.
// On SIGTERM: stops accepting, lets requests in flight finish, flushes the audit store, exits 0.
//
// Exit status: 0 after a clean stop; 2 for a bad config (every problem listed), an address
// that cannot be bound, or an audit store that cannot be opened.
#pragma once

#include <ostream>
#include <string>

namespace frontseat::cli {

struct ServeOptions {
  std::string config_path;  // empty: defaults
  std::string listen;       // empty: from the config (127.0.0.1:8080)
  std::string upstream;     // empty: from the config
  std::string data_dir;     // empty: from the config (./frontseat-data)
  int threads = -1;         // -1: from the config
  std::string tls_cert_file;  // with tls_key_file: serve HTTPS (overrides the config's tls:)
  std::string tls_key_file;
};

int RunServe(const ServeOptions& options, std::ostream& out, std::ostream& err);

// `frontseat serve --hash-key`: reads an API key from stdin, prints the sha256 for keys[].sha256.
int RunHashKey(std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace frontseat::cli
