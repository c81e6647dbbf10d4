// Self-signed test certificates (see test_certs.h), with the OpenSSL 3 API.
#include "testing/test_certs.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <memory>

namespace frontseat::testing {

namespace {

template <typename T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, decltype([](T* p) { Free(p); })>;

bool WritePem(const std::filesystem::path& path, auto&& write) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) return false;
  const bool ok = write(f) == 1;
  return std::fclose(f) == 0 && ok;
}

}  // namespace

TestCert MakeSelfSignedCert(const std::filesystem::path& dir, const std::string& common_name,
                            const std::vector<std::string>& subject_alt_names) {
  TestCert out;
  Owned<EVP_PKEY, EVP_PKEY_free> key(EVP_EC_gen("P-256"));
  Owned<X509, X509_free> cert(X509_new());
  if (!key || !cert) {
    out.error = "cannot make a key or a certificate";
    return out;
  }
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  X509_set_issuer_name(cert.get(), name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  std::string sans;
  for (const std::string& san : subject_alt_names) sans += (sans.empty() ? "" : ",") + san;
  for (auto [nid, value] : {std::pair{NID_basic_constraints, std::string("critical,CA:TRUE")},
                            std::pair{NID_subject_alt_name, sans}}) {
    if (value.empty()) continue;
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    if (ext == nullptr) {
      out.error = "bad certificate extension \"" + value + "\"";
      return out;
    }
    X509_add_ext(cert.get(), ext, -1);
    X509_EXTENSION_free(ext);
  }
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) {
    out.error = "cannot sign the certificate";
    return out;
  }
  out.cert_pem = (dir / (common_name + ".crt.pem")).string();
  out.key_pem = (dir / (common_name + ".key.pem")).string();
  if (!WritePem(out.cert_pem, [&](FILE* f) { return PEM_write_X509(f, cert.get()); }) ||
      !WritePem(out.key_pem, [&](FILE* f) {
        return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
      })) {
    out.error = "cannot write the PEM files in " + dir.string();
  }
  return out;
}

}  // namespace frontseat::testing
