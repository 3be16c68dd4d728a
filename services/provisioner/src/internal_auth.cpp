#include "storefleet/provisioner/internal_auth.hpp"

#include <arpa/inet.h>
#include <openssl/crypto.h>

#include <cctype>

#include "storefleet/core/util.hpp"

namespace storefleet::provisioner {

bool is_loopback_host(std::string_view host) noexcept {
  if (host == "localhost") return true;
  const std::string h(host);
  in_addr v4{};
  if (inet_pton(AF_INET, h.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, h.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

bool bearer_matches(std::string_view authorization, std::string_view token) {
  if (token.empty()) return false;
  // The scheme is case-insensitive (RFC 9110); the token is compared exactly.
  constexpr std::string_view scheme = "bearer ";
  if (authorization.size() < scheme.size()) return false;
  for (std::size_t i = 0; i < scheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != scheme[i]) return false;
  // Hashing first makes both sides 64 characters, so neither the comparison's time nor an early length check
  // tells a caller how much of the token it guessed right.
  const std::string want = sha256_hex(token);
  const std::string got = sha256_hex(authorization.substr(scheme.size()));
  return CRYPTO_memcmp(want.data(), got.data(), want.size()) == 0;
}

AccessDecision credentials_access(std::string_view token, bool peer_loopback, std::string_view authorization) {
  if (!token.empty()) return bearer_matches(authorization, token) ? AccessDecision::allow : AccessDecision::unauthorized;
  return peer_loopback ? AccessDecision::allow : AccessDecision::forbidden;
}

AccessDecision internal_access(std::string_view token, bool peer_loopback, std::string_view authorization) {
  if (peer_loopback) return AccessDecision::allow;
  if (token.empty()) return AccessDecision::forbidden;
  return bearer_matches(authorization, token) ? AccessDecision::allow : AccessDecision::unauthorized;
}

std::optional<std::string> listen_security_problem(std::string_view host, bool token_configured) {
  if (token_configured || is_loopback_host(host)) return std::nullopt;
  return "--listen " + std::string(host) +
         " is not a loopback address: give --internal-token-file so the API must authenticate, or listen on "
         "127.0.0.1";
}

}  // namespace storefleet::provisioner
