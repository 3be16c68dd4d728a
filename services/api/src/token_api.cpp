#include "storefleet/api/access_api.hpp"

#include "storefleet/api/json_response.hpp"
#include "storefleet/api/request_parsing.hpp"
#include "storefleet/core/util.hpp"
#include "storefleet/db/audit.hpp"
#include "storefleet/db/tokens.hpp"

namespace storefleet::api {
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxTokenName = 100;
constexpr std::int64_t kMaxStoreLimit = 10000;

json::object token_json(const db::ApiToken& t) {
  return json::object{{"id", t.id},
                      {"name", t.name},
                      {"role", std::string(db::to_string(t.role))},
                      {"storeLimit", t.store_limit},
                      {"createdAt", iso8601_ms(t.created_at)},
                      {"revokedAt", t.revoked_at ? json::value(iso8601_ms(*t.revoked_at)) : json::value(nullptr)}};
}

bool printable(std::string_view s) {
  for (unsigned char ch : s)
    if (ch < 0x20 || ch == 0x7f) return false;
  return true;
}

}  // namespace

void require_admin(const RequestContext& ctx) {
  if (!ctx.admin) throw DomainError(Errc::forbidden, "this needs an admin token");
}

void TokenApi::register_routes(Router& router) {
  router.add("POST", "/api/tokens", [this](const HttpRequest& r, const PathParams&) { return create(r); });
  router.add("GET", "/api/tokens", [this](const HttpRequest& r, const PathParams&) { return list(r); });
  router.add("DELETE", "/api/tokens/:id",
             [this](const HttpRequest& r, const PathParams& p) { return revoke(r, p.at("id")); });
}

HttpResponse TokenApi::create(const HttpRequest& req) {
  require_admin(req.ctx);
  auto body = parse_json_object_body(req);
  std::vector<FieldProblem> problems;
  std::string name;
  if (const auto* v = body.if_contains("name"); !v || !v->is_string() || v->as_string().empty())
    problems.push_back({"name", "is required (a label for the token)"});
  else if (v->as_string().size() > kMaxTokenName || !printable(v->as_string()))
    problems.push_back({"name", "must be at most 100 printable characters"});
  else
    name = std::string(v->as_string());
  db::Role role = db::Role::tenant;
  if (const auto* v = body.if_contains("role"); v && !v->is_null()) {
    auto r = v->is_string() ? db::parse_role(std::string_view(v->as_string())) : std::nullopt;
    if (!r)
      problems.push_back({"role", "must be \"tenant\" or \"admin\""});
    else
      role = *r;
  }
  int limit = 0;
  if (const auto* v = body.if_contains("storeLimit"); v && !v->is_null()) {
    if (!v->is_int64() || v->as_int64() < 0 || v->as_int64() > kMaxStoreLimit)
      problems.push_back({"storeLimit", "must be an integer from 0 (no limit) to 10000"});
    else
      limit = static_cast<int>(v->as_int64());
  }
  if (!problems.empty()) throw DomainError(Errc::validation_failed, "invalid token request", std::move(problems));
  const auto now = now_ms();
  auto issued = db_.write([&](db::Conn& c) {
    auto t = db::TokenRepo::issue(c, name, role, limit, now);
    db::AuditLog::record(c, {0, now, "token.create", "", req.ctx.actor, req.ctx.client_ip, "accepted",
                             "id=" + t.token.id + " role=" + std::string(db::to_string(role)), {}});
    return t;
  });
  auto out = token_json(issued.token);
  out["token"] = issued.secret;  // the only time the secret leaves the server
  return json_response(201, out);
}

HttpResponse TokenApi::list(const HttpRequest& req) {
  require_admin(req.ctx);
  auto rows = db_.read([](db::Conn& c) { return db::TokenRepo::list(c); });
  json::array tokens;
  for (const auto& t : rows) tokens.push_back(token_json(t));
  return json_response(200, json::object{{"tokens", std::move(tokens)}});
}

HttpResponse TokenApi::revoke(const HttpRequest& req, const std::string& id) {
  require_admin(req.ctx);
  const auto now = now_ms();
  const bool found = db_.write([&](db::Conn& c) {
    if (!db::TokenRepo::find(c, id)) return false;
    db::TokenRepo::revoke(c, id, now);
    db::SessionRepo::remove_for_token(c, id);
    db::AuditLog::record(c, {0, now, "token.revoke", "", req.ctx.actor, req.ctx.client_ip, "accepted", "id=" + id, {}});
    return true;
  });
  if (!found) throw DomainError(Errc::not_found, "token not found");
  if (on_revoke_) on_revoke_(id);
  return json_response(200, json::object{{"id", id}, {"revoked", true}});
}

}  // namespace storefleet::api
