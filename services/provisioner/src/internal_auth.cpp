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

AccessDecision internal_access(std::string_view token, std::string_view authorization) {
  if (token.empty()) return AccessDecision::forbidden;
  return bearer_matches(authorization, token) ? AccessDecision::allow : AccessDecision::unauthorized;
}

std::optional<std::string> startup_problem(bool token_configured) {
  if (token_configured) return std::nullopt;
  return "--internal-token-file is required: the provisioner's HTTP API (events, wake-ups, store credentials, "
         "metrics) answers only callers that present that token. Make one with `openssl rand -hex 32 > FILE` "
         "(mode 0600) and give the same file to storefleet-api";
}

bool host_allowed(std::string_view host_header, std::string_view listen_host, unsigned short port) {
  if (!is_loopback_host(listen_host)) return true;
  std::string_view name = host_header, given_port;
  if (!name.empty() && name.front() == '[') {  // [::1]:3002
    const auto close = name.find(']');
    if (close == std::string_view::npos) return false;
    given_port = name.substr(close + 1);
    name = name.substr(1, close - 1);
  } else if (const auto colon = name.rfind(':'); colon != std::string_view::npos) {
    given_port = name.substr(colon);
    name = name.substr(0, colon);
  }
  if (!given_port.empty() && given_port != ":" + std::to_string(port)) return false;
  return is_loopback_host(name);
}

}  // namespace storefleet::provisioner
