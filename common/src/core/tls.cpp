#include "storefleet/core/tls.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <stdexcept>

namespace storefleet {
namespace ssl = boost::asio::ssl;

namespace {
std::string openssl_reason() {
  const auto code = ERR_get_error();
  if (code == 0) return "unknown error";
  char buf[256];
  ERR_error_string_n(code, buf, sizeof buf);
  ERR_clear_error();
  return buf;
}
}  // namespace

std::shared_ptr<ssl::context> make_server_tls_context(const std::string& cert_chain_file,
                                                      const std::string& private_key_file) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::single_dh_use);
  SSL_CTX* native = ctx->native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);  // nothing older than TLS 1.2
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  if (SSL_CTX_set_cipher_list(native, "ECDHE+AESGCM:ECDHE+CHACHA20") != 1)
    throw std::runtime_error("TLS: cipher list refused: " + openssl_reason());
  boost::system::error_code ec;
  ctx->use_certificate_chain_file(cert_chain_file, ec);
  if (ec) throw std::runtime_error("TLS: cannot use certificate " + cert_chain_file + ": " + openssl_reason());
  ctx->use_private_key_file(private_key_file, ssl::context::pem, ec);
  if (ec) throw std::runtime_error("TLS: cannot use private key " + private_key_file + ": " + openssl_reason());
  if (SSL_CTX_check_private_key(native) != 1)
    throw std::runtime_error("TLS: the private key does not match the certificate: " + openssl_reason());
  return ctx;
}

}  // namespace storefleet
