// frontseat-standin: the project's OpenAI-compatible stand-in model server, for tests and local
// runs of the gateway, the llm_judge detector and the red-team command (see server.h, script.h).
//   frontseat-standin [--listen HOST:PORT] [--script FILE.json] [--tls-cert PEM --tls-key PEM]
// Prints `listening on HOST:PORT` once bound; SIGTERM or SIGINT stop it (exit 0).
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "standin/script.h"
#include "standin/server.h"

int main(int argc, char** argv) {
  CLI::App app{"frontseat-standin: an OpenAI-compatible stand-in model server for tests"};
  std::string listen = "127.0.0.1:0";
  std::string script_path;
  app.add_option("--listen", listen, "HOST:PORT to listen on (port 0: a free port)")
      ->capture_default_str();
  app.add_option("--script", script_path, "JSON script of replies and faults");
  frontseat::standin::TlsFiles tls;
  app.add_option("--tls-cert", tls.cert_file, "PEM certificate chain: serve HTTPS only");
  app.add_option("--tls-key", tls.key_file, "PEM private key of --tls-cert");
  CLI11_PARSE(app, argc, argv);

  const size_t colon = listen.rfind(':');
  std::string host = colon == std::string::npos ? "" : listen.substr(0, colon);
  const std::string port_text = colon == std::string::npos ? "" : listen.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  unsigned long port = 0;
  bool port_ok = !port_text.empty() && port_text.size() <= 5 &&
                 port_text.find_first_not_of("0123456789") == std::string::npos;
  if (port_ok) port = std::stoul(port_text);
  if (host.empty() || !port_ok || port > 65535) {
    std::cerr << "frontseat-standin: --listen: expected HOST:PORT (e.g. 127.0.0.1:0); got \""
              << listen << "\"\n";
    return 2;
  }

  frontseat::standin::Script script;
  if (!script_path.empty()) {
    auto loaded = frontseat::standin::LoadScript(script_path);
    if (!loaded.ok()) {
      std::cerr << "frontseat-standin: " << loaded.status().message() << "\n";
      return 2;
    }
    script = std::move(*loaded);
  }
  const frontseat::Status status = frontseat::standin::RunServer(
      std::move(script), host, static_cast<uint16_t>(port), std::cout, tls);
  if (!status.ok()) {
    std::cerr << "frontseat-standin: " << status.message() << "\n";
    return 1;
  }
  return 0;
}
