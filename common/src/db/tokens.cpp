#include "storefleet/db/tokens.hpp"

#include "storefleet/core/util.hpp"

namespace storefleet::db {
namespace {

constexpr const char* kTokenColumns = "id, name, role, store_limit, created_at, revoked_at";

ApiToken row_to_token(SQLite::Statement& q) {
  ApiToken t;
  t.id = q.getColumn(0).getString();
  t.name = q.getColumn(1).getString();
  t.role = parse_role(q.getColumn(2).getString()).value_or(Role::tenant);
  t.store_limit = q.getColumn(3).getInt();
  t.created_at = q.getColumn(4).getInt64();
  if (!q.getColumn(5).isNull()) t.revoked_at = q.getColumn(5).getInt64();
  return t;
}

}  // namespace

std::string_view to_string(Role r) noexcept { return r == Role::admin ? "admin" : "tenant"; }

std::optional<Role> parse_role(std::string_view s) noexcept {
  if (s == "admin") return Role::admin;
  if (s == "tenant") return Role::tenant;
  return std::nullopt;
}

IssuedToken TokenRepo::issue(Conn& c, const std::string& name, Role role, int store_limit, std::int64_t now) {
  IssuedToken out;
  out.secret = "sf_" + random_hex(24);
  out.token = {"tok_" + random_hex(8), name, role, store_limit, now, std::nullopt};
  SQLite::Statement q(c, "INSERT INTO api_tokens (id, name, role, secret_hash, store_limit, created_at) "
                         "VALUES (?, ?, ?, ?, ?, ?)");
  q.bind(1, out.token.id);
  q.bind(2, name);
  q.bind(3, std::string(to_string(role)));
  q.bind(4, sha256_hex(out.secret));
  q.bind(5, store_limit);
  q.bind(6, now);
  q.exec();
  return out;
}

std::optional<ApiToken> TokenRepo::find_by_secret(Conn& c, const std::string& secret) {
  // Looked up by hash: the comparison happens on a digest, so its timing tells nothing about the secret.
  SQLite::Statement q(c, std::string("SELECT ") + kTokenColumns +
                             " FROM api_tokens WHERE secret_hash = ? AND revoked_at IS NULL");
  q.bind(1, sha256_hex(secret));
  if (!q.executeStep()) return std::nullopt;
  return row_to_token(q);
}

std::optional<ApiToken> TokenRepo::find(Conn& c, const std::string& id) {
  SQLite::Statement q(c, std::string("SELECT ") + kTokenColumns + " FROM api_tokens WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return row_to_token(q);
}

std::vector<ApiToken> TokenRepo::list(Conn& c) {
  SQLite::Statement q(c, std::string("SELECT ") + kTokenColumns + " FROM api_tokens ORDER BY created_at, id");
  std::vector<ApiToken> out;
  while (q.executeStep()) out.push_back(row_to_token(q));
  return out;
}

bool TokenRepo::revoke(Conn& c, const std::string& id, std::int64_t now) {
  SQLite::Statement q(c, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
  q.bind(1, now);
  q.bind(2, id);
  return q.exec() == 1;
}

std::string SessionRepo::create(Conn& c, const std::string& token_id, Role role, std::int64_t expires_at,
                                std::int64_t now, const std::string& credential_digest) {
  std::string secret = random_hex(32);
  SQLite::Statement q(c, "INSERT INTO sessions (secret_hash, token_id, role, created_at, expires_at, credential_digest) "
                         "VALUES (?, ?, ?, ?, ?, ?)");
  q.bind(1, sha256_hex(secret));
  q.bind(2, token_id);
  q.bind(3, std::string(to_string(role)));
  q.bind(4, now);
  q.bind(5, expires_at);
  q.bind(6, credential_digest);
  q.exec();
  return secret;
}

namespace {
constexpr const char* kSessionColumns = "token_id, role, expires_at, credential_digest, secret_hash, created_at";
Session session_from(SQLite::Statement& q) {
  return Session{q.getColumn(0).getString(), parse_role(q.getColumn(1).getString()).value_or(Role::tenant),
                 q.getColumn(2).getInt64(),  q.getColumn(3).getString(),
                 q.getColumn(4).getString(), q.getColumn(5).getInt64()};
}
}  // namespace

std::optional<Session> SessionRepo::find(Conn& c, const std::string& secret, std::int64_t now) {
  SQLite::Statement q(c, std::string("SELECT ") + kSessionColumns +
                             " FROM sessions WHERE secret_hash = ? AND expires_at > ?");
  q.bind(1, sha256_hex(secret));
  q.bind(2, now);
  if (!q.executeStep()) return std::nullopt;
  return session_from(q);
}

std::vector<Session> SessionRepo::list(Conn& c, std::int64_t now) {
  SQLite::Statement q(c, std::string("SELECT ") + kSessionColumns +
                             " FROM sessions WHERE expires_at > ? ORDER BY created_at DESC, secret_hash");
  q.bind(1, now);
  std::vector<Session> out;
  while (q.executeStep()) out.push_back(session_from(q));
  return out;
}

bool SessionRepo::remove_by_hash(Conn& c, const std::string& secret_hash) {
  SQLite::Statement q(c, "DELETE FROM sessions WHERE secret_hash = ?");
  q.bind(1, secret_hash);
  return q.exec() == 1;
}

void SessionRepo::remove(Conn& c, const std::string& secret) {
  SQLite::Statement q(c, "DELETE FROM sessions WHERE secret_hash = ?");
  q.bind(1, sha256_hex(secret));
  q.exec();
}

void SessionRepo::remove_for_token(Conn& c, const std::string& token_id) {
  SQLite::Statement q(c, "DELETE FROM sessions WHERE token_id = ?");
  q.bind(1, token_id);
  q.exec();
}

int SessionRepo::purge_expired(Conn& c, std::int64_t now) {
  SQLite::Statement q(c, "DELETE FROM sessions WHERE expires_at <= ?");
  q.bind(1, now);
  return q.exec();
}

std::optional<IdempotentAnswer> IdempotencyRepo::find(Conn& c, const std::string& actor, const std::string& key,
                                                      std::int64_t not_before) {
  SQLite::Statement q(c, "SELECT request_hash, status, body, created_at FROM idempotency_keys "
                         "WHERE actor = ? AND key = ? AND created_at >= ?");
  q.bind(1, actor);
  q.bind(2, key);
  q.bind(3, not_before);
  if (!q.executeStep()) return std::nullopt;
  return IdempotentAnswer{q.getColumn(0).getString(), q.getColumn(1).getInt(), q.getColumn(2).getString(),
                          q.getColumn(3).getInt64()};
}

void IdempotencyRepo::save(Conn& c, const std::string& actor, const std::string& key, const IdempotentAnswer& a,
                           std::int64_t now) {
  // An expired record under the same key is replaced.
  SQLite::Statement q(c, "INSERT OR REPLACE INTO idempotency_keys (actor, key, request_hash, status, body, created_at) "
                         "VALUES (?, ?, ?, ?, ?, ?)");
  q.bind(1, actor);
  q.bind(2, key);
  q.bind(3, a.request_hash);
  q.bind(4, a.status);
  q.bind(5, a.body);
  q.bind(6, now);
  q.exec();
}

void IdempotencyRepo::remove(Conn& c, const std::string& actor, const std::string& key) {
  SQLite::Statement q(c, "DELETE FROM idempotency_keys WHERE actor = ? AND key = ?");
  q.bind(1, actor);
  q.bind(2, key);
  q.exec();
}

int IdempotencyRepo::purge_older_than(Conn& c, std::int64_t cutoff) {
  SQLite::Statement q(c, "DELETE FROM idempotency_keys WHERE created_at < ?");
  q.bind(1, cutoff);
  return q.exec();
}

}  // namespace storefleet::db
