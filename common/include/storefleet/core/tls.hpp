#pragma once
// Server-side TLS for both services' listeners (Boost.Asio SSL over OpenSSL): TLS 1.2 or newer, forward-secret
// AEAD ciphers only for TLS 1.2 (TLS 1.3's suites are all modern), the certificate chain and key from PEM files.
#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>

namespace storefleet {

// Throws std::runtime_error naming the file and OpenSSL's reason (unreadable, not PEM, key does not match).
std::shared_ptr<boost::asio::ssl::context> make_server_tls_context(const std::string& cert_chain_file,
                                                                   const std::string& private_key_file);

}  // namespace storefleet
