#pragma once
// API tokens and dashboard sessions. Only SHA-256 hashes of secrets are stored: a stolen database file lets
// nobody in. Tokens have a role (admin | tenant); a tenant's stores are those whose owner is its token id.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storefleet/db/database.hpp"

namespace storefleet::db {

enum class Role { admin, tenant };
std::string_view to_string(Role r) noexcept;
std::optional<Role> parse_role(std::string_view s) noexcept;

struct ApiToken {
  std::string id;          // public id ("tok_…"), the audit actor and the owner of a tenant's stores
  std::string name;        // label given at creation
  Role role = Role::tenant;
  int store_limit = 0;     // tenants: most live stores at once (0 = no limit)
  std::int64_t created_at = 0;
  std::optional<std::int64_t> revoked_at;
};

struct IssuedToken {
  ApiToken token;
  std::string secret;  // shown once: "sf_<random>"; only its hash is stored
};

class TokenRepo {
 public:
  static IssuedToken issue(Conn& c, const std::string& name, Role role, int store_limit, std::int64_t now);
  // The live token whose secret hashes to this value, or nothing (unknown or revoked).
  static std::optional<ApiToken> find_by_secret(Conn& c, const std::string& secret);
  static std::optional<ApiToken> find(Conn& c, const std::string& id);
  static std::vector<ApiToken> list(Conn& c);
  static bool revoke(Conn& c, const std::string& id, std::int64_t now);
};

struct Session {
  std::string token_id;     // "admin" for the start-up admin token
  Role role = Role::tenant;
  std::int64_t expires_at = 0;
  std::string credential_digest;  // for admin sessions: a digest of the admin token they were opened with
  std::string secret_hash;        // the row's key (the SHA-256 of the cookie's secret)
  std::int64_t created_at = 0;
};

class SessionRepo {
 public:
  // Returns the session secret for the cookie; stores only its hash. The lifetime is absolute (never extended).
  static std::string create(Conn& c, const std::string& token_id, Role role, std::int64_t expires_at, std::int64_t now,
                            const std::string& credential_digest = "");
  static std::optional<Session> find(Conn& c, const std::string& secret, std::int64_t now);
  static std::vector<Session> list(Conn& c, std::int64_t now);  // live sessions, newest first
  static void remove(Conn& c, const std::string& secret);
  static bool remove_by_hash(Conn& c, const std::string& secret_hash);
  static void remove_for_token(Conn& c, const std::string& token_id);
  static int purge_expired(Conn& c, std::int64_t now);
};

// Idempotency-Key records: the first answer to (actor, key) is replayed for 24 h; the same key with another
// request body is refused.
struct IdempotentAnswer {
  std::string request_hash;
  int status = 0;            // 0: a reservation (the first request is still running)
  std::string body;
  std::int64_t created_at = 0;
};

class IdempotencyRepo {
 public:
  static std::optional<IdempotentAnswer> find(Conn& c, const std::string& actor, const std::string& key,
                                              std::int64_t not_before);
  static void save(Conn& c, const std::string& actor, const std::string& key, const IdempotentAnswer& a,
                   std::int64_t now);
  static void remove(Conn& c, const std::string& actor, const std::string& key);
  static int purge_older_than(Conn& c, std::int64_t cutoff);
};

}  // namespace storefleet::db
