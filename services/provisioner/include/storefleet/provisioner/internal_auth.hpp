#pragma once
// Who may call the provisioner's HTTP endpoints (proto-docs/contracts.md, "API ⇄ provisioner"). Pure functions,
// so every access decision is unit-tested without sockets.
#include <optional>
#include <string>
#include <string_view>

namespace storefleet::provisioner {

// True for 127.0.0.0/8, ::1 and "localhost": the addresses only this machine can reach.
bool is_loopback_host(std::string_view host) noexcept;

// Does an `Authorization` header value carry exactly `Bearer <token>` (scheme case-insensitive)? Constant time
// in the token's content
// (both sides are hashed to a fixed length first, then compared with CRYPTO_memcmp). An empty token never
// matches.
bool bearer_matches(std::string_view authorization, std::string_view token);

enum class AccessDecision { allow, unauthorized /*401*/, forbidden /*403*/ };

// GET /stores/{name}/credentials: with an internal token configured every peer, loopback included, must present
// it (401 otherwise); without one only loopback peers are answered (403 otherwise).
AccessDecision credentials_access(std::string_view token, bool peer_loopback, std::string_view authorization);

// GET /events and POST /wake: loopback peers are always let in; with a token, other peers must present it.
// Without a token the server only ever listens on loopback (see listen_security_problem), so a non-loopback
// peer cannot occur; it is refused (403) all the same.
AccessDecision internal_access(std::string_view token, bool peer_loopback, std::string_view authorization);

// Why the provisioner must not start with this --listen host, or nothing when it may: a non-loopback address
// needs an internal token.
std::optional<std::string> listen_security_problem(std::string_view host, bool token_configured);

}  // namespace storefleet::provisioner
