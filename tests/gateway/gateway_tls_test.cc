// Does `frontseat serve` reach an https:// upstream (the way it reaches OpenAI itself): TLS with
// the certificate checked against the upstream's name, a private CA through `ca_file`, kept-alive
// connections reused, streams guarded as over plain HTTP — and does it refuse, with a 502 that
// says why, an upstream whose certificate it cannot trust?
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <boost/json.hpp>

#include "testing/gateway_process.h"
#include "testing/http_testing.h"
#include "testing/standin_process.h"
#include "testing/test_certs.h"

namespace frontseat::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

constexpr const char* kScript = R"({
  "rules": [{"match": "leak the key",
             "reply": "Sure. The key is AKIAZ7QW3RTY5UIO2PLK and that is all.", "chunk_size": 3}],
  "default": {"reply": "Hello over TLS."}
})";

std::string Chat(std::string_view user, bool stream = false) {
  json::object m{{"role", "user"}, {"content", user}};
  json::object o{{"model", "standin"}, {"messages", json::array{m}}};
  if (stream) o["stream"] = true;
  return json::serialize(o);
}

GatewayOptions WithConfig(std::string yaml) {
  GatewayOptions o;
  o.config_yaml = std::move(yaml);
  return o;
}

class GatewayTls : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("frontseat-tls-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A TLS stand-in serving `cert`, and a gateway whose one upstream is `url_host` on its port.
  std::string UpstreamYaml(const StandinProcess& up, const std::string& url_host,
                           const std::string& ca_file) {
    std::string yaml = "upstreams:\n  - { name: tls, url: \"https://" + url_host + ":" +
                       std::to_string(up.port()) + "/v1\"";
    if (!ca_file.empty()) yaml += ", ca_file: \"" + ca_file + "\"";
    return yaml + " }\n";
  }

  fs::path dir_;
};

TEST_F(GatewayTls, ChatAndStreamsThroughAnHttpsUpstreamTrustedByCaFile) {
  TestCert cert = MakeSelfSignedCert(dir_, "localhost", {"DNS:localhost", "IP:127.0.0.1"});
  ASSERT_TRUE(cert.error.empty()) << cert.error;
  StandinProcess up(kScript, {"--tls-cert", cert.cert_pem, "--tls-key", cert.key_pem});
  ASSERT_TRUE(up.ok()) << up.error();
  // By host name (SNI and a DNS name in the certificate) and by IP address (an IP SAN).
  for (const std::string host : {"localhost", "127.0.0.1"}) {
    GatewayProcess gw(WithConfig(UpstreamYaml(up, host, cert.cert_pem)));
    ASSERT_TRUE(gw.ok()) << gw.error();
    // Several calls in a row: the later ones reuse the pooled TLS connection.
    for (int i = 0; i < 3; ++i) {
      HttpResponse r = HttpCall(gw.port(), "POST", "/v1/chat/completions", Chat("hello"));
      ASSERT_EQ(r.status, 200) << host << ": " << r.body;
      EXPECT_NE(r.body.find("Hello over TLS."), std::string::npos) << r.body;
    }
    HttpResponse models = HttpCall(gw.port(), "GET", "/v1/models");
    EXPECT_EQ(models.status, 200) << models.body;
    EXPECT_NE(models.body.find("\"standin\""), std::string::npos) << models.body;

    // A streamed answer over TLS is guarded like any other: the key never reaches the client.
    HttpResponse s =
        HttpCall(gw.port(), "POST", "/v1/chat/completions", Chat("please leak the key", true));
    ASSERT_EQ(s.status, 200) << s.body;
    EXPECT_EQ(s.body.find("AKIAZ7QW3RTY5UIO2PLK"), std::string::npos) << s.body;
    EXPECT_NE(s.body.find("[DONE]"), std::string::npos) << s.body;
  }
}

TEST_F(GatewayTls, UntrustedOrMismatchedCertificatesAreRefusedWith502) {
  TestCert cert = MakeSelfSignedCert(dir_, "localhost", {"DNS:localhost", "IP:127.0.0.1"});
  TestCert other = MakeSelfSignedCert(dir_, "other.example", {"DNS:other.example"});
  ASSERT_TRUE(cert.error.empty() && other.error.empty()) << cert.error << other.error;
  StandinProcess up(kScript, {"--tls-cert", cert.cert_pem, "--tls-key", cert.key_pem});
  StandinProcess wrong_name(kScript, {"--tls-cert", other.cert_pem, "--tls-key", other.key_pem});
  ASSERT_TRUE(up.ok() && wrong_name.ok()) << up.error() << wrong_name.error();

  struct Case {
    const char* what;
    std::string yaml;
  };
  const Case cases[] = {
      // A self-signed certificate is not in the system's trust store.
      {"system trust store", UpstreamYaml(up, "localhost", "")},
      // Trusted, but issued to another name than the one the gateway dialed.
      {"name mismatch", UpstreamYaml(wrong_name, "127.0.0.1", other.cert_pem)},
      // A CA file that does not hold the upstream's issuer.
      {"other CA", UpstreamYaml(up, "localhost", other.cert_pem)},
  };
  for (const Case& c : cases) {
    GatewayProcess gw(WithConfig(c.yaml));
    ASSERT_TRUE(gw.ok()) << c.what << ": " << gw.error();
    HttpResponse r = HttpCall(gw.port(), "POST", "/v1/chat/completions", Chat("hello"));
    EXPECT_EQ(r.status, 502) << c.what << ": " << r.body;
    EXPECT_NE(r.body.find("TLS handshake failed"), std::string::npos) << c.what << ": " << r.body;
    EXPECT_NE(r.body.find("certificate verify failed"), std::string::npos)
        << c.what << ": " << r.body;
    EXPECT_EQ(r.body.find("Hello over TLS."), std::string::npos) << c.what;
  }

  // Plain HTTP to a TLS port is not mistaken for an answer either.
  GatewayOptions plain_options;
  plain_options.upstream = "http://127.0.0.1:" + std::to_string(up.port());
  GatewayProcess plain(plain_options);
  ASSERT_TRUE(plain.ok()) << plain.error();
  HttpResponse r = HttpCall(plain.port(), "POST", "/v1/chat/completions", Chat("hello"));
  EXPECT_EQ(r.status, 502) << r.body;
}

TEST_F(GatewayTls, CaFileProblemsAreConfigErrorsThatNameTheKey) {
  TestCert cert = MakeSelfSignedCert(dir_, "localhost", {"DNS:localhost"});
  ASSERT_TRUE(cert.error.empty()) << cert.error;
  const fs::path not_pem = dir_ / "notes.txt";
  { std::ofstream(not_pem) << "not a certificate\n"; }
  struct Case {
    std::string yaml;
    std::string expected;
  };
  const Case cases[] = {
      {"upstreams:\n  - { name: a, url: \"http://127.0.0.1:9/v1\", ca_file: \"" + cert.cert_pem +
           "\" }\n",
       "upstreams[0].ca_file: only https:// upstreams use a CA file"},
      {"upstreams:\n  - { name: a, url: \"https://127.0.0.1:9/v1\", ca_file: \"" +
           (dir_ / "absent.pem").string() + "\" }\n",
       "upstreams[0].ca_file: cannot read"},
      {"upstreams:\n  - { name: a, url: \"https://127.0.0.1:9/v1\", ca_file: \"" +
           not_pem.string() + "\" }\n",
       "no PEM certificate"},
  };
  for (const Case& c : cases) {
    GatewayProcess gw(WithConfig(c.yaml));
    EXPECT_FALSE(gw.ok());
    EXPECT_NE(gw.Stderr().find(c.expected), std::string::npos) << gw.Stderr();
  }
}

}  // namespace
}  // namespace frontseat::testing
