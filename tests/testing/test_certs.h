// Test support: a throwaway self-signed certificate (EC P-256, valid for a day) and its key as
// PEM files, made with OpenSSL at test time, for tests of TLS clients and servers on 127.0.0.1.
//
//   auto cert = MakeSelfSignedCert(dir, "localhost", {"DNS:localhost", "IP:127.0.0.1"});
//   ASSERT_TRUE(cert.error.empty()) << cert.error;
//   StandinProcess tls_upstream("", {"--tls-cert", cert.cert_pem, "--tls-key", cert.key_pem});
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace frontseat::testing {

struct TestCert {
  std::string cert_pem;  // path of the certificate (also the CA file that trusts it)
  std::string key_pem;   // path of its private key
  std::string error;     // empty on success
};

// Writes DIR/<common_name>.crt.pem and DIR/<common_name>.key.pem. `subject_alt_names` are
// OpenSSL's "DNS:name" / "IP:address" forms.
TestCert MakeSelfSignedCert(const std::filesystem::path& dir, const std::string& common_name,
                            const std::vector<std::string>& subject_alt_names);

}  // namespace frontseat::testing
