// Does `frontseat serve` serve HTTPS itself when given a certificate (tls: in the config, or
// --tls-cert/--tls-key): guarded routes answered over TLS to a client that trusts the
// certificate, refused by one that does not, plain HTTP on the TLS port dropped without hurting
// the next client — and are a missing, unreadable or mismatched certificate and key refused at
// start with a message naming the file?
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>

#include "detectors/llm_judge/http_client.h"
#include "testing/gateway_process.h"
#include "testing/http_testing.h"
#include "testing/standin_process.h"
#include "testing/test_certs.h"

namespace frontseat::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using detectors::HttpClient;
using detectors::HttpFailure;
using detectors::HttpOutcome;

constexpr const char* kKey = "AKIAZ7QW3RTY5UIO2PLK";

// GET over HTTPS (blocking Beast), trusting `ca_file`; the body, or "" on any failure.
std::string HttpsGet(uint16_t port, const std::string& target, const std::string& ca_file) {
  namespace asio = boost::asio;
  namespace beast = boost::beast;
  asio::io_context io;
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  boost::system::error_code ec;
  detectors::ConfigureTlsClient(ctx, ca_file, ec);
  if (ec) return "";
  beast::ssl_stream<beast::tcp_stream> stream(io, ctx);
  beast::get_lowest_layer(stream).connect({asio::ip::make_address("127.0.0.1"), port}, ec);
  if (!ec) stream.handshake(asio::ssl::stream_base::client, ec);
  if (ec) return "";
  beast::http::request<beast::http::empty_body> req{beast::http::verb::get, target, 11};
  req.set(beast::http::field::host, "127.0.0.1");
  beast::http::write(stream, req, ec);
  beast::flat_buffer buffer;
  beast::http::response<beast::http::string_body> res;
  if (!ec) beast::http::read(stream, buffer, res, ec);
  return ec ? "" : res.body();
}

class GatewayHttpsListener : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("frontseat-https-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    cert_ = MakeSelfSignedCert(dir_, "gateway", {"DNS:localhost", "IP:127.0.0.1"});
    ASSERT_TRUE(cert_.error.empty()) << cert_.error;
  }
  void TearDown() override { fs::remove_all(dir_); }

  HttpOutcome Post(const HttpClient& client, uint16_t port, std::string_view path,
                   std::string_view body) {
    auto url =
        detectors::ParseHttpUrl("https://127.0.0.1:" + std::to_string(port) + std::string(path));
    EXPECT_TRUE(url.ok());
    return client.Post(*url, body, {}, std::chrono::milliseconds(10000));
  }

  fs::path dir_;
  TestCert cert_;
};

TEST_F(GatewayHttpsListener, GuardedRoutesAnswerOverTlsFromTheCommandLineFlags) {
  StandinProcess up(R"({"rules": [], "default": {"reply": "Hello over HTTPS."}})");
  ASSERT_TRUE(up.ok()) << up.error();
  GatewayOptions o;
  o.upstream = up.base_url();
  o.extra_args = {"--tls-cert", cert_.cert_pem, "--tls-key", cert_.key_pem};
  GatewayProcess gw(o);
  ASSERT_TRUE(gw.ok()) << gw.error();

  HttpClient trusting(cert_.cert_pem);
  HttpOutcome r = Post(trusting, gw.port(), "/v1/guard",
                       R"({"text": "the key is )" + std::string(kKey) + R"("})");
  ASSERT_EQ(r.failure, HttpFailure::kNone) << r.error;
  EXPECT_EQ(r.reply.status, 200) << r.reply.body;
  json::value v = json::parse(r.reply.body);
  EXPECT_EQ(v.at("action").as_string(), "redact") << r.reply.body;
  EXPECT_EQ(r.reply.body.find(kKey), std::string::npos) << r.reply.body;

  r = Post(trusting, gw.port(), "/v1/chat/completions",
           R"({"model": "standin", "messages": [{"role": "user", "content": "hi"}]})");
  ASSERT_EQ(r.failure, HttpFailure::kNone) << r.error;
  EXPECT_EQ(r.reply.status, 200) << r.reply.body;
  EXPECT_NE(r.reply.body.find("Hello over HTTPS."), std::string::npos) << r.reply.body;
}

TEST_F(GatewayHttpsListener, UntrustedClientsAndPlainHttpAreDroppedAndServiceGoesOn) {
  GatewayOptions o;
  o.config_yaml =
      "tls: { cert_file: \"" + cert_.cert_pem + "\", key_file: \"" + cert_.key_pem + "\" }\n";
  GatewayProcess gw(o);
  ASSERT_TRUE(gw.ok()) << gw.error();

  // A client with the system trust store does not know this self-signed certificate.
  HttpClient system_trust;
  HttpOutcome r = Post(system_trust, gw.port(), "/v1/guard", R"({"text": "hi"})");
  EXPECT_EQ(r.failure, HttpFailure::kTls) << r.error;
  EXPECT_NE(r.error.find("certificate verify failed"), std::string::npos) << r.error;

  // Plain HTTP to the TLS port: no HTTP answer, the connection is closed.
  HttpResponse plain = HttpCall(gw.port(), "POST", "/v1/guard", R"({"text": "hi"})", {},
                                std::chrono::milliseconds(5000));
  EXPECT_EQ(plain.status, 0) << plain.body;

  // The next trusting client is served as if nothing happened.
  HttpClient trusting(cert_.cert_pem);
  r = Post(trusting, gw.port(), "/v1/guard", R"({"text": "hi"})");
  ASSERT_EQ(r.failure, HttpFailure::kNone) << r.error;
  EXPECT_EQ(r.reply.status, 200) << r.reply.body;

  // Both refused connections are counted.
  const std::string metrics = HttpsGet(gw.port(), "/metrics", cert_.cert_pem);
  EXPECT_NE(metrics.find("\nfrontseat_tls_handshake_failures_total 2\n"), std::string::npos)
      << metrics;
  EXPECT_EQ(gw.Stop(), 0);
}

TEST_F(GatewayHttpsListener, AClientSilentBeforeItsHandshakeDoesNotHoldUpAStop) {
  GatewayOptions o;
  o.config_yaml = "tls: { cert_file: \"" + cert_.cert_pem + "\", key_file: \"" + cert_.key_pem +
                  "\" }\nthreads: 1\nlimits: { read_timeout_ms: 3600000 }\n";
  GatewayProcess gw(o);
  ASSERT_TRUE(gw.ok()) << gw.error();
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket silent(io);
  silent.connect({boost::asio::ip::make_address("127.0.0.1"), gw.port()});
  // A request after it on the one worker: the silent connection has been accepted and is in its
  // handshake by the time this is answered.
  HttpClient trusting(cert_.cert_pem);
  HttpOutcome r = Post(trusting, gw.port(), "/v1/guard", R"({"text": "hi"})");
  ASSERT_EQ(r.failure, HttpFailure::kNone) << r.error;
  // Without the stop cancelling the handshake, it would wait for the hour-long read timeout and
  // Stop() would give up and SIGKILL it (-1).
  EXPECT_EQ(gw.Stop(), 0);
}

TEST_F(GatewayHttpsListener, BadCertificateSettingsAreRefusedAtStartNamingTheFile) {
  TestCert other = MakeSelfSignedCert(dir_, "other", {"DNS:localhost"});
  ASSERT_TRUE(other.error.empty()) << other.error;
  const std::string not_pem = (dir_ / "not.pem").string();
  std::ofstream(not_pem) << "hello\n";
  struct Case {
    std::vector<std::string> args;
    std::string expected;
  };
  const std::string cfg = (dir_ / "gw.yaml").string();
  std::ofstream(cfg) << "tls: { cert_file: \"" << cert_.cert_pem << "\" }\n";
  const std::string missing = (dir_ / "missing.pem").string();
  for (const Case& c : std::vector<Case>{
           {{"--tls-cert", cert_.cert_pem, "--tls-key", other.key_pem},
            "tls.key_file: " + other.key_pem + ": does not match the certificate in " +
                cert_.cert_pem},
           {{"--tls-cert", not_pem, "--tls-key", cert_.key_pem},
            "tls.cert_file: " + not_pem + ": cannot load a PEM certificate chain"},
           {{"--tls-cert", cert_.cert_pem}, "--tls-cert and --tls-key go together"},
           {{"--config", cfg}, "tls.key_file: missing; cert_file and key_file go together"},
           {{"--tls-cert", missing, "--tls-key", cert_.key_pem},
            "tls.cert_file: " + missing + ": cannot load"}}) {
    std::string cmd = "serve --listen 127.0.0.1:0 --data-dir " + (dir_ / "data").string();
    for (const std::string& a : c.args) cmd += " '" + a + "'";
    std::string out;
    EXPECT_EQ(GatewayProcess::RunCli(cmd, out), 2) << cmd << "\n" << out;
    EXPECT_NE(out.find(c.expected), std::string::npos) << cmd << "\n" << out;
  }
}

}  // namespace
}  // namespace frontseat::testing
