// A throwaway CA and a server certificate for 127.0.0.1/localhost, generated with OpenSSL at start.
#pragma once
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>

namespace kubesim {

struct TlsMaterial {
  std::unique_ptr<X509, decltype(&X509_free)> server_cert{nullptr, X509_free};
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> server_key{nullptr, EVP_PKEY_free};
  std::string ca_pem;  // for the kubeconfig's certificate-authority-data
};

// Throws std::runtime_error when OpenSSL fails.
TlsMaterial generate_tls(const std::string& ip = "127.0.0.1");
}  // namespace kubesim
