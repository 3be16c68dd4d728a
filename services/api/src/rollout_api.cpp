#include "storefleet/api/rollout_api.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <charconv>

#include "storefleet/api/access_api.hpp"
#include "storefleet/api/idempotency.hpp"
#include "storefleet/api/json_response.hpp"
#include "storefleet/api/request_parsing.hpp"
#include "storefleet/core/catalog.hpp"
#include "storefleet/core/util.hpp"
#include "storefleet/db/catalog_repo.hpp"
#include "storefleet/db/rollouts.hpp"
#include "storefleet/db/stores.hpp"
#include "store_requests.hpp"

namespace storefleet::api {
namespace json = boost::json;

namespace {

struct RolloutRequest {
  Engine engine = Engine::woocommerce;
  std::string to_version;
  json::value selector = "all";
  int wave_size = 10;
  int max_failures = 0;
};

int int_member(const json::object& body, const char* key, int fallback, int min, int max,
               std::vector<FieldProblem>& problems) {
  const auto* v = body.if_contains(key);
  if (!v) return fallback;
  if (!v->is_int64() || v->as_int64() < min || v->as_int64() > max) {
    problems.push_back({key, "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max)});
    return fallback;
  }
  return static_cast<int>(v->as_int64());
}

RolloutRequest parse_rollout_request(const json::object& body) {
  RolloutRequest r;
  std::vector<FieldProblem> problems;
  for (const auto& [key, _] : body)
    if (key != "engine" && key != "toVersion" && key != "selector" && key != "waveSize" && key != "maxUnavailable" &&
        key != "maxFailures")
      problems.push_back({std::string(key), "is not a rollout field"});
  const auto* engine = body.if_contains("engine");
  if (!engine || !engine->is_string() || !parse_engine(std::string_view(engine->as_string())))
    problems.push_back({"engine", "must be \"woocommerce\" or \"medusa\""});
  else
    r.engine = *parse_engine(std::string_view(engine->as_string()));
  const auto* to = body.if_contains("toVersion");
  if (!to || !to->is_string() || to->as_string().empty()) problems.push_back({"toVersion", "is required"});
  else r.to_version = std::string(to->as_string());
  if (const auto* s = body.if_contains("selector")) {
    const bool all = s->is_string() && s->as_string() == "all";
    const auto* o = s->if_object();
    const bool names = o && o->size() == 1 && o->contains("names") && o->at("names").is_array() &&
                       std::all_of(o->at("names").as_array().begin(), o->at("names").as_array().end(),
                                   [](const json::value& n) { return n.is_string(); });
    const bool tenant = o && o->size() == 1 && o->contains("tenant") && o->at("tenant").is_string();
    if (!all && !names && !tenant)
      problems.push_back({"selector", "must be \"all\", {\"names\": [...]} or {\"tenant\": \"<token id>\"}"});
    r.selector = *s;
  }
  if (body.contains("waveSize") && body.contains("maxUnavailable"))
    problems.push_back({"waveSize", "give waveSize or maxUnavailable, not both"});
  r.wave_size = int_member(body, body.contains("maxUnavailable") ? "maxUnavailable" : "waveSize", 10, 1, 1000, problems);
  r.max_failures = int_member(body, "maxFailures", 0, 0, 100000, problems);
  if (!problems.empty()) throw DomainError(Errc::validation_failed, "invalid rollout", std::move(problems));
  return r;
}

bool selected(const json::value& selector, const Store& s) {
  if (selector.is_string()) return true;  // "all"
  const auto& o = selector.as_object();
  if (const auto* t = o.if_contains("tenant")) return s.owner == t->as_string();
  for (const auto& n : o.at("names").as_array())
    if (n.as_string() == s.name) return true;
  return false;
}

std::int64_t rollout_id_or_404(const PathParams& p) {
  const auto& text = p.at("id");
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0)
    throw DomainError(Errc::not_found, "rollout not found");
  return id;
}

db::RolloutSnapshot load_or_404(db::Conn& c, std::int64_t id) {
  auto s = db::load_rollout(c, id);
  if (!s) throw DomainError(Errc::not_found, "rollout not found");
  return std::move(*s);
}

json::object rollout_to_json(const db::RolloutSnapshot& s) {
  const auto& r = s.rollout;
  json::array waves, stores;
  for (int w = 1; w <= s.waves; ++w) {
    std::int64_t total = 0, done = 0, failed = 0, upgrading = 0, pending = 0;
    for (std::size_t i = 0; i < s.entries.size(); ++i) {
      if (s.entries[i].wave != w) continue;
      ++total;
      done += s.outcomes[i] == StoreOutcome::done;
      failed += s.outcomes[i] == StoreOutcome::failed;
      upgrading += s.outcomes[i] == StoreOutcome::upgrading;
      pending += s.outcomes[i] == StoreOutcome::pending;
    }
    waves.push_back(json::object{{"wave", w}, {"total", total}, {"done", done}, {"failed", failed},
                                 {"upgrading", upgrading}, {"pending", pending}});
  }
  for (std::size_t i = 0; i < s.entries.size(); ++i) {
    const auto& e = s.entries[i];
    const auto& m = s.view.members[i];
    stores.push_back(json::object{{"store", e.store}, {"wave", e.wave}, {"fromVersion", e.from_version},
                                  {"state", to_string(e.state)}, {"outcome", to_string(s.outcomes[i])},
                                  {"reason", m.reason}});
  }
  boost::system::error_code ec;
  auto selector = json::parse(r.selector_json, ec);
  return {{"id", r.id},
          {"engine", to_string(r.engine)},
          {"toVersion", r.to_version},
          {"selector", ec ? json::value(r.selector_json) : selector},
          {"waveSize", r.wave_size},
          {"maxFailures", r.max_failures},
          {"state", to_string(r.state)},
          {"reason", r.reason},
          {"currentWave", r.current_wave},
          {"waves", std::move(waves)},
          {"stores", std::move(stores)},
          {"createdBy", r.created_by},
          {"createdAt", iso8601_ms(r.created_at)},
          {"updatedAt", iso8601_ms(r.updated_at)}};
}


}  // namespace

void RolloutApi::register_routes(Router& router) {
  auto bind = [this](HttpResponse (RolloutApi::*m)(const HttpRequest&, const PathParams&)) {
    return [this, m](const HttpRequest& r, const PathParams& p) { return (this->*m)(r, p); };
  };
  auto once = [this](HttpResponse (RolloutApi::*m)(const HttpRequest&, const PathParams&)) {
    return [this, m](const HttpRequest& r, const PathParams& p) {
      return with_idempotency(*deps_.db, r, [&] { return (this->*m)(r, p); });
    };
  };
  router.add("POST", "/api/rollouts", once(&RolloutApi::start));
  router.add("GET", "/api/rollouts", bind(&RolloutApi::list));
  router.add("GET", "/api/rollouts/:id", bind(&RolloutApi::get));
  router.add("POST", "/api/rollouts/:id/resume", once(&RolloutApi::resume));
  router.add("POST", "/api/rollouts/:id/abort", once(&RolloutApi::abort));
}

HttpResponse RolloutApi::start(const HttpRequest& req, const PathParams&) {
  require_admin(req.ctx);  // a fleet-wide change: tenants change their own stores one by one
  const auto request = parse_rollout_request(parse_json_object_body(req));
  const auto now = now_ms();
  const auto snapshot = deps_.db->write([&](db::Conn& c) {
    const auto published = db::CatalogRepo::load(c);
    if (!published) throw DomainError(Errc::unavailable, "the versions catalogue is not published yet; try again shortly");
    if (auto why = refuse_new_store_version(published->catalog, request.engine, request.to_version))
      throw DomainError(Errc::validation_failed, "invalid rollout", {{"toVersion", *why}});
    if (const auto other = db::RolloutRepo::unfinished_for_engine(c, request.engine))
      throw DomainError(Errc::conflict, "rollout " + std::to_string(*other) + " of " +
                                            std::string(to_string(request.engine)) +
                                            " is not finished: resume or abort it first");
    db::StoreFilter f;
    f.limit = 1000000;
    auto stores = db::StoreRepo::list(c, f);
    std::erase_if(stores, [&](const Store& s) {
      return s.engine != request.engine || s.status == StoreStatus::deleting || s.version == request.to_version ||
             !selected(request.selector, s);
    });
    std::sort(stores.begin(), stores.end(), [](const Store& a, const Store& b) { return a.name < b.name; });
    std::vector<RolloutEntry> entries;
    int index = 0;
    for (const auto& s : stores) {
      RolloutEntry e;
      e.store_id = s.id;
      e.store = s.name;
      e.from_version = s.version;
      if (auto why = refuse_version_change(published->catalog, s.engine, s.version, request.to_version)) {
        e.wave = 0;  // in no wave: reported as kept with the reason
        e.state = RolloutStoreState::kept;
        e.reason = *why;
      } else {
        e.wave = index++ / request.wave_size + 1;
      }
      entries.push_back(std::move(e));
    }
    if (index == 0)
      throw DomainError(Errc::validation_failed, "invalid rollout",
                        {{"selector", "selects no store that can move to " + request.to_version}});
    db::Rollout r;
    r.engine = request.engine;
    r.to_version = request.to_version;
    r.selector_json = json::serialize(request.selector);
    r.wave_size = request.wave_size;
    r.max_failures = request.max_failures;
    r.created_by = req.ctx.actor;
    r.created_at = now;
    const auto id = db::RolloutRepo::insert(c, r, entries);
    store_requests::audit(c, req.ctx, "rollout.start", "", now,
          "rollout " + std::to_string(id) + ": " + std::to_string(index) + " " + std::string(to_string(r.engine)) +
              " store(s) to " + r.to_version);
    return *db::load_rollout(c, id);
  });
  if (deps_.wake_provisioner) deps_.wake_provisioner();
  return json_response(202, rollout_to_json(snapshot));
}

HttpResponse RolloutApi::list(const HttpRequest& req, const PathParams&) {
  require_admin(req.ctx);
  const auto all = deps_.db->read([](db::Conn& c) {
    std::vector<db::RolloutSnapshot> out;
    for (const auto& r : db::RolloutRepo::list(c)) out.push_back(*db::load_rollout(c, r.id));
    return out;
  });
  json::array list;
  for (const auto& s : all) {
    auto o = rollout_to_json(s);
    o.erase("stores");  // the list is a summary: GET /api/rollouts/{id} has every store
    list.push_back(std::move(o));
  }
  return json_response(200, json::object{{"rollouts", std::move(list)}});
}

HttpResponse RolloutApi::get(const HttpRequest& req, const PathParams& p) {
  require_admin(req.ctx);
  const auto id = rollout_id_or_404(p);
  return json_response(200, rollout_to_json(deps_.db->read([&](db::Conn& c) { return load_or_404(c, id); })));
}

HttpResponse RolloutApi::resume(const HttpRequest& req, const PathParams& p) {
  require_admin(req.ctx);
  const auto id = rollout_id_or_404(p);
  const auto now = now_ms();
  const auto s = deps_.db->write([&](db::Conn& c) {
    const auto snap = load_or_404(c, id);
    if (snap.rollout.state != RolloutState::paused)
      throw DomainError(Errc::conflict, "only a paused rollout can be resumed (it is " +
                                            std::string(to_string(snap.rollout.state)) + ")");
    // The failures that paused it are accepted: only new ones count against maxFailures.
    db::RolloutRepo::acknowledge_failures(c, id, started_failures(snap.view), now);
    db::RolloutRepo::set_state(c, id, RolloutState::running, "resumed", now);
    store_requests::audit(c, req.ctx, "rollout.resume", "", now, "rollout " + std::to_string(id));
    return *db::load_rollout(c, id);
  });
  if (deps_.wake_provisioner) deps_.wake_provisioner();
  return json_response(202, rollout_to_json(s));
}

HttpResponse RolloutApi::abort(const HttpRequest& req, const PathParams& p) {
  require_admin(req.ctx);
  const auto id = rollout_id_or_404(p);
  const auto now = now_ms();
  const auto s = deps_.db->write([&](db::Conn& c) {
    const auto snap = load_or_404(c, id);
    const auto st = snap.rollout.state;
    if (st != RolloutState::running && st != RolloutState::paused)
      throw DomainError(Errc::conflict, "only a running or paused rollout can be aborted (it is " +
                                            std::string(to_string(st)) + ")");
    db::RolloutRepo::set_state(c, id, RolloutState::aborting, "abort requested", now);
    store_requests::audit(c, req.ctx, "rollout.abort", "", now, "rollout " + std::to_string(id));
    return *db::load_rollout(c, id);
  });
  if (deps_.wake_provisioner) deps_.wake_provisioner();
  return json_response(202, rollout_to_json(s));
}

}  // namespace storefleet::api
