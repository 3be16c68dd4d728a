#include "storefleet/api/store_api.hpp"

#include <boost/json/parse.hpp>

#include "storefleet/api/idempotency.hpp"
#include "storefleet/api/json_response.hpp"
#include "storefleet/api/provisioner_link.hpp"
#include "storefleet/api/request_parsing.hpp"
#include "storefleet/api/store_json.hpp"
#include "storefleet/api/store_list_request.hpp"
#include "storefleet/core/util.hpp"
#include "storefleet/db/audit.hpp"
#include "storefleet/db/events.hpp"
#include "storefleet/db/jobs.hpp"
#include "storefleet/db/store_listing.hpp"
#include "storefleet/db/stores.hpp"
#include "storefleet/db/tokens.hpp"
#include "store_requests.hpp"

namespace storefleet::api {
namespace json = boost::json;

namespace {

// 202 answer of a request that queued a create job (seed shape): create and retry.
HttpResponse queued_response(const Store& store) {
  return json_response(202, json::object{{"success", true},
                                         {"status", std::string(to_string(StoreStatus::queued))},
                                         {"storeName", store.name},
                                         {"namespace", store.ns},
                                         {"url", store.url}});
}

constexpr int kMaxTimeline = 1000;

}  // namespace

namespace store_requests {

// A name that fails validation cannot exist, so it is simply not found (nothing about it reaches SQL text:
// repositories bind parameters anyway).
Store find_store_or_404(db::Conn& c, const std::string& name, const RequestContext& ctx) {
  if (!validate_store_name(name).empty()) throw DomainError(Errc::not_found, "store not found");
  auto s = db::StoreRepo::find_live(c, name);
  // A tenant sees other tenants' stores as absent (404, not 403).
  if (!s || (ctx.owner_filter && s->owner != *ctx.owner_filter)) throw DomainError(Errc::not_found, "store not found");
  return *s;
}

std::pair<Store, std::string> with_owner_name(db::Conn& c, Store s) {
  auto token = s.owner.empty() ? std::nullopt : db::TokenRepo::find(c, s.owner);
  std::string name = token ? token->name : std::string();
  return {std::move(s), std::move(name)};
}

void audit(db::Conn& c, const RequestContext& ctx, std::string action, const std::string& store, std::int64_t now,
           std::string detail) {
  db::AuditEntry a;
  a.at = now;
  a.action = std::move(action);
  a.store = store;
  a.actor = ctx.actor;
  a.client_ip = ctx.client_ip;
  a.outcome = "accepted";
  a.detail = std::move(detail);
  db::AuditLog::record(c, std::move(a));
}

}  // namespace store_requests

using store_requests::audit;
using store_requests::find_store_or_404;

StoreApi::StoreApi(StoreApiDeps deps) : deps_(std::move(deps)) {}

void StoreApi::register_routes(Router& router) {
  auto bind = [this](HttpResponse (StoreApi::*m)(const HttpRequest&, const PathParams&)) {
    return [this, m](const HttpRequest& r, const PathParams& p) { return (this->*m)(r, p); };
  };
  // Writes replay their first answer for a repeated Idempotency-Key.
  auto once = [this](HttpResponse (StoreApi::*m)(const HttpRequest&, const PathParams&)) {
    return [this, m](const HttpRequest& r, const PathParams& p) {
      return with_idempotency(*deps_.db, r, [&] { return (this->*m)(r, p); });
    };
  };
  router.add("GET", "/api/stores", bind(&StoreApi::list));
  router.add("POST", "/api/stores", once(&StoreApi::create));
  router.add("GET", "/api/stores/:name", bind(&StoreApi::get));
  router.add("PATCH", "/api/stores/:name", once(&StoreApi::patch));
  router.add("GET", "/api/catalog", bind(&StoreApi::catalog));
  router.add("GET", "/api/stores/:name/revisions", bind(&StoreApi::revisions));
  router.add("POST", "/api/stores/:name/rollback", once(&StoreApi::rollback));
  router.add("DELETE", "/api/stores/:name", once(&StoreApi::remove));
  router.add("GET", "/api/stores/:name/status", bind(&StoreApi::status));
  router.add("GET", "/api/stores/:name/events", bind(&StoreApi::events));
  router.add("POST", "/api/stores/:name/retry", once(&StoreApi::retry));
  router.add("GET", "/api/stores/:name/credentials", bind(&StoreApi::credentials));
}

void StoreApi::after_mutation() {
  if (deps_.events_written) deps_.events_written();
  if (deps_.wake_provisioner) deps_.wake_provisioner();
}

HttpResponse StoreApi::list(const HttpRequest& req, const PathParams&) {
  auto query = parse_store_list_request(req);
  query.tenant = req.ctx.owner_filter;
  auto page = deps_.db->read([&](db::Conn& c) { return db::StoreListing::query(c, query); });
  json::array stores;
  for (const auto& row : page.rows) stores.push_back(store_row_to_json(row.store, row.owner_name));
  json::value next = nullptr;
  if (page.next) next = json::string(encode_store_cursor(query.sort, query.descending, *page.next));
  return json_response(200, json::object{{"stores", std::move(stores)},
                                         {"next_cursor", std::move(next)},
                                         {"total", page.total}});
}

HttpResponse StoreApi::create(const HttpRequest& req, const PathParams&) {
  auto body = parse_json_object_body(req);
  std::vector<FieldProblem> problems;
  std::string name;
  std::optional<Engine> engine;
  if (auto* v = body.if_contains("storeName"); !v || v->is_null()) {
    problems.push_back({"storeName", "is required"});
  } else if (!v->is_string()) {
    problems.push_back({"storeName", "must be a string"});
  } else {
    name = std::string(v->as_string());
    auto p = validate_store_name(name);
    problems.insert(problems.end(), p.begin(), p.end());
  }
  if (auto* v = body.if_contains("engine"); !v || v->is_null()) {
    problems.push_back({"engine", "is required"});
  } else if (!v->is_string() || !(engine = parse_engine(std::string_view(v->as_string())))) {
    problems.push_back({"engine", "must be \"woocommerce\" or \"medusa\""});
  }
  std::string version;
  if (auto* v = body.if_contains("version"); v && !v->is_null()) {
    if (v->is_string() && !v->as_string().empty()) version = std::string(v->as_string());
    else problems.push_back({"version", "must be a non-empty string (or absent: the default)"});
  }
  if (!problems.empty()) throw DomainError(Errc::validation_failed, "invalid store request", std::move(problems));

  const auto now = now_ms();
  const auto url = store_url(name, deps_.store_domain);
  Store store = deps_.db->write([&](db::Conn& c) {
    if (req.ctx.store_limit > 0 && db::StoreRepo::count_live_for_owner(c, req.ctx.actor) >= req.ctx.store_limit)
      throw DomainError(Errc::store_limit_reached,
                        "store limit reached: this token may have " + std::to_string(req.ctx.store_limit) +
                            " live stores; delete one first");
    const auto wanted = checked_new_store_version(c, *engine, version);
    auto s = db::StoreRepo::insert(
        c, db::NewStore{name, *engine, url, req.ctx.owner_for_new_stores, wanted, req.ctx.actor}, now);
    db::JobQueue::enqueue(c, s.id, db::JobKind::create, db::QueuePolicy{}, now);
    db::EventLog::append(c, db::status_event(s, StoreStatus::queued, "store requested", now));
    audit(c, req.ctx, "store.create", s.name, now,
          "engine=" + std::string(to_string(*engine)) + (wanted.empty() ? "" : " version=" + wanted));
    return s;
  });
  after_mutation();
  return queued_response(store);
}

HttpResponse StoreApi::get(const HttpRequest& req, const PathParams& p) {
  auto [s, owner_name] = deps_.db->read(
      [&](db::Conn& c) { return store_requests::with_owner_name(c, find_store_or_404(c, p.at("name"), req.ctx)); });
  return json_response(200, store_row_to_json(s, owner_name));
}

HttpResponse StoreApi::status(const HttpRequest& req, const PathParams& p) {
  auto s = deps_.db->read([&](db::Conn& c) { return find_store_or_404(c, p.at("name"), req.ctx); });
  return json_response(200, store_status_to_json(s));
}

HttpResponse StoreApi::events(const HttpRequest& req, const PathParams& p) {
  const auto& name = p.at("name");
  auto rows = deps_.db->read([&](db::Conn& c) {
    // The timeline outlives the store: a deleted store's history is still readable (by whoever may see it).
    // A reused name is another store: the timeline is that of the newest row of the name (the live one, else the
    // last deleted one), never a former store's.
    const bool valid = validate_store_name(name).empty();
    auto store = valid ? db::StoreRepo::find_latest(c, name) : std::nullopt;
    if (!valid || (req.ctx.owner_filter && (!store || store->status == StoreStatus::deleted ||
                                            store->owner != *req.ctx.owner_filter)))
      throw DomainError(Errc::not_found, "store not found");
    auto evs = store ? db::EventLog::for_store(c, store->id, kMaxTimeline)
                     : db::EventLog::for_storeless_name(c, name, kMaxTimeline);  // an orphan namespace's reports
    if (!store && evs.empty()) throw DomainError(Errc::not_found, "store not found");
    return evs;
  });
  json::array list;
  for (const auto& e : rows) list.push_back(event_to_value(e));
  return json_response(200, json::object{{"events", std::move(list)}});
}

HttpResponse StoreApi::remove(const HttpRequest& req, const PathParams& p) {
  const auto now = now_ms();
  bool changed = deps_.db->write([&](db::Conn& c) {
    auto s = find_store_or_404(c, p.at("name"), req.ctx);
    if (s.status == StoreStatus::deleting) return false;  // already on its way: deleting twice is harmless
    db::StoreRepo::set_status(c, s.id, StoreStatus::deleting, "delete requested", now);
    db::StoreRepo::bump_generation(c, s.id, now);
    db::JobQueue::enqueue(c, s.id, db::JobKind::destroy, db::QueuePolicy{}, now);
    db::EventLog::append(c, db::status_event(s, StoreStatus::deleting, "delete requested", now));
    audit(c, req.ctx, "store.delete", s.name, now);
    return true;
  });
  if (changed) after_mutation();
  return json_response(202, json::object{{"success", true},
                                         {"status", std::string(to_string(StoreStatus::deleting))},
                                         {"storeName", p.at("name")}});
}

HttpResponse StoreApi::retry(const HttpRequest& req, const PathParams& p) {
  const auto now = now_ms();
  Store store = deps_.db->write([&](db::Conn& c) {
    auto s = find_store_or_404(c, p.at("name"), req.ctx);
    // Degraded: a retry reinstalls what went missing (namespace, release) and waits for Ready again.
    if (s.status != StoreStatus::failed && s.status != StoreStatus::degraded)
      throw DomainError(Errc::conflict, "only a Failed or Degraded store can be retried (status is " +
                                            std::string(to_string(s.status)) + ")");
    db::StoreRepo::set_status(c, s.id, StoreStatus::queued, "retry requested", now);
    db::StoreRepo::bump_generation(c, s.id, now);
    db::JobQueue::enqueue(c, s.id, db::JobKind::create, db::QueuePolicy{}, now);
    db::EventLog::append(c, db::status_event(s, StoreStatus::queued, "retry requested", now));
    audit(c, req.ctx, "store.retry", s.name, now);
    return s;
  });
  after_mutation();
  return queued_response(store);
}

}  // namespace storefleet::api

namespace storefleet::api {

namespace {
std::string admin_url(const Store& s) {
  return s.engine == Engine::woocommerce ? s.url + "/wp-admin/" : s.url + "/app";
}
}  // namespace

HttpResponse StoreApi::credentials(const HttpRequest& req, const PathParams& p) {
  auto s = deps_.db->read([&](db::Conn& c) { return find_store_or_404(c, p.at("name"), req.ctx); });
  if (s.status == StoreStatus::deleting) throw DomainError(Errc::not_found, "store is being deleted");
  if (!deps_.fetch_credentials) throw DomainError(Errc::unavailable, "credentials are not available here");
  // The provisioner answers later: the worker is free meanwhile, and the answer is built where it arrives.
  HttpResponse later;
  later.deferred = [this, s, ctx = req.ctx](std::function<void(HttpResponse)> done) {
    deps_.fetch_credentials(s.name, [this, s, ctx, done = std::move(done)](CredentialsReply reply) {
      try {
        done(credentials_answer(s, ctx, reply));
      } catch (const DomainError& e) {
        done(error_response(e));
      } catch (const std::exception&) {
        done(error_response(DomainError(Errc::internal, "internal error")));
      }
    });
  };
  return later;
}

HttpResponse StoreApi::credentials_answer(const Store& s, const RequestContext& ctx, const CredentialsReply& reply) {
  if (reply.status == 404) throw DomainError(Errc::not_ready, "the store has no credentials yet");
  if (reply.status == 0)
    throw DomainError(Errc::unavailable, "the provisioner cannot be reached or did not answer in time; try again");
  json::value got;
  boost::system::error_code ec;
  if (reply.status == 200) got = json::parse(reply.body, ec);
  const auto* obj = !ec && reply.status == 200 ? got.if_object() : nullptr;
  auto text = [&](const char* key) -> std::string {
    const auto* v = obj ? obj->if_contains(key) : nullptr;
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  // Only the status is reported: the provisioner's body may be anything.
  if (!obj || text("password").empty())
    throw DomainError(Errc::bad_gateway, "the provisioner answered " + std::to_string(reply.status));
  const auto now = now_ms();
  deps_.db->write([&](db::Conn& c) { audit(c, ctx, "store.credentials.read", s.name, now); });
  json::object body{{"storeName", s.name},
                    {"engine", std::string(to_string(s.engine))},
                    {"url", s.url},
                    {"adminUrl", admin_url(s)},
                    // What the admin screen asks for: WordPress takes the user name, Medusa's admin the email.
                    {"login", s.engine == Engine::woocommerce ? text("username") : text("email")},
                    {"username", text("username")},
                    {"password", text("password")},
                    {"email", text("email")}};
  if (s.engine == Engine::medusa) {
    body["storeApiUrl"] = s.url + "/store";
    body["publishableKey"] = text("publishableKey");  // "" for a store created before keys were generated
    body["note"] =
        "A Medusa store is the commerce backend and its admin; it has no storefront. Point a storefront (for "
        "example Medusa's Next.js starter) at the Store API with the publishable key.";
  }
  return json_response(200, body);
}

}  // namespace storefleet::api
