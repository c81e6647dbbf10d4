// `frontseat serve` (see serve_command.h): config → audit store → gateway → HTTP server, and a
// signal set that turns SIGTERM/SIGINT into a graceful stop.
#include "cli/serve_command.h"

#include <csignal>
#include <iostream>

#include <boost/asio/signal_set.hpp>

#include "audit/audit_store.h"
#include "gateway/config.h"
#include "gateway/gateway.h"
#include "gateway/http_server.h"

namespace frontseat::cli {

int RunServe(const ServeOptions& options, std::ostream& out, std::ostream& err) {
  using namespace frontseat::gateway;
  Result<GatewayConfig> loaded =
      options.config_path.empty() ? ParseGatewayConfig("", "<defaults>")
                                  : LoadGatewayConfig(options.config_path);
  if (!loaded.ok()) {
    err << loaded.status().message() << "\n";
    return 2;
  }
  GatewayConfig config = std::move(loaded).value();
  if (!options.listen.empty()) {
    auto a = ParseListenAddress(options.listen);
    if (!a.ok()) {
      err << "--listen: " << a.status().message() << "\n";
      return 2;
    }
    config.listen = *a;
  }
  if (!options.upstream.empty()) {
    Upstream u;
    u.name = "default";
    u.url = options.upstream;
    u.models = {"*"};
    Status s = ParseUpstreamUrl(options.upstream, u);
    if (!s.ok()) {
      err << "--upstream: " << s.message() << "\n";
      return 2;
    }
    // --upstream comes first: it takes every model the file's upstreams do not name first.
    config.upstreams.insert(config.upstreams.begin(), std::move(u));
  }
  if (!options.data_dir.empty()) config.data_dir = options.data_dir;
  if (options.threads >= 0) config.threads = static_cast<uint32_t>(options.threads);
  if (!options.tls_cert_file.empty() || !options.tls_key_file.empty()) {
    if (options.tls_cert_file.empty() || options.tls_key_file.empty()) {
      err << "--tls-cert and --tls-key go together\n";
      return 2;
    }
    config.tls.cert_file = options.tls_cert_file;
    config.tls.key_file = options.tls_key_file;
  }

  auto store = config.audit.postgres
                   ? audit::AuditStore::OpenPostgres(config.audit.postgres_url,
                                                     config.audit.postgres_password)
                   : audit::AuditStore::OpenSqlite(config.data_dir);
  if (!store.ok()) {
    err << "audit store: " << store.status().message() << "\n";
    return 2;
  }
  audit::AuditStore* audit_store = store->get();
  AuditHooks hooks;
  hooks.append = [audit_store](audit::Event e, std::function<void(Result<uint64_t>)> done) {
    audit_store->Append(std::move(e), std::move(done));
  };
  // A request alone in flight commits on its own worker when the store is idle (see AuditHooks).
  hooks.append_here = [audit_store](audit::Event e, std::function<void(Result<uint64_t>)> done) {
    audit_store->AppendHere(std::move(e), std::move(done));
  };
  hooks.queue_depth = [audit_store] { return static_cast<uint64_t>(audit_store->QueueDepth()); };
  hooks.stats = [audit_store] { return audit_store->Stats(); };

  auto gw = Gateway::Create(config, hooks);
  if (!gw.ok()) {
    err << gw.status().message() << "\n";
    return 2;
  }
  Gateway* gateway = gw->get();
  ServerOptions so;
  so.host = config.listen.host;
  so.port = config.listen.port;
  so.threads = config.threads;
  so.max_header_bytes = config.limits.max_header_bytes;
  so.max_body_bytes = config.limits.max_body_bytes;
  so.read_timeout_ms = config.limits.read_timeout_ms;
  so.idle_timeout_ms = config.limits.idle_timeout_ms;
  so.tls_cert_file = config.tls.cert_file;
  so.tls_key_file = config.tls.key_file;
  auto server = HttpServer::Create(
      so, [gateway](Exchange& ex) { return gateway->Handle(ex); });
  if (!server.ok()) {
    err << server.status().message() << "\n";
    return 2;
  }
  HttpServer* srv = server->get();
  gateway->AttachWorkers(srv->contexts());
  if (srv->tls()) {
    gateway->metrics().SetTlsHandshakeFailures([srv] { return srv->tls_handshake_failures(); });
  }

  boost::asio::signal_set signals(*srv->contexts()[0], SIGTERM, SIGINT);
  signals.async_wait([srv, gateway, &err](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    err << "frontseat serve: " << (sig == SIGTERM ? "SIGTERM" : "SIGINT")
        << ": finishing requests in flight\n";
    gateway->SetReady(false);
    srv->Stop();
  });
  std::signal(SIGPIPE, SIG_IGN);

  std::string host = so.host.find(':') != std::string::npos ? "[" + so.host + "]" : so.host;
  out << "listening on " << host << ":" << srv->port() << std::endl;
  err << "frontseat serve: " << config.upstreams.size() << " upstream(s), "
      << config.profiles.size() << " profile(s), "
      << (config.keys.empty() ? std::string("no API keys (open)")
                              : std::to_string(config.keys.size()) + " API key(s)")
      << ", audit store in "
      << (config.audit.postgres ? "postgres" : config.data_dir) << (srv->tls() ? ", HTTPS" : "")
      << std::endl;
  gateway->SetReady(true);
  srv->Run();
  // Every connection has ended; the pools go before their contexts, the store flushes last.
  gateway->DetachWorkers();
  audit_store->Flush();
  err << "frontseat serve: stopped; audit store flushed\n";
  return 0;
}

int RunHashKey(std::istream& in, std::ostream& out, std::ostream& err) {
  std::string key;
  std::getline(in, key);
  while (!key.empty() && (key.back() == '\r' || key.back() == ' ')) key.pop_back();
  if (key.empty()) {
    err << "--hash-key: expected the API key on standard input\n";
    return 2;
  }
  out << gateway::HashApiKey(key) << "\n";
  return 0;
}

}  // namespace frontseat::cli
