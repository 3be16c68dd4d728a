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

// Every endpoint but /healthz (GET /events, POST /wake, GET /metrics, GET /stores/{name}/credentials): the
// caller must present the internal token, loopback peers included: any local process, or a browser on this
// machine, is not the API. No token configured (cannot happen once started: see startup_problem) → 403.
AccessDecision internal_access(std::string_view token, std::string_view authorization);

// Why the provisioner must not start, or nothing: its HTTP API needs the internal token.
std::optional<std::string> startup_problem(bool token_configured);

// DNS rebinding: a server bound to a loopback address answers only requests whose Host is a loopback name (with
// its port, when given); one bound elsewhere (a pod, behind a Service) answers any Host.
bool host_allowed(std::string_view host_header, std::string_view listen_host, unsigned short port);

}  // namespace storefleet::provisioner
