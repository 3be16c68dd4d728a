// Day-2 changes to a store's spec: PATCH /api/stores/{name} (a JSON merge patch of version and suspended) and the
// versions catalogue they are checked against (GET /api/catalog).
#include "storefleet/api/store_api.hpp"

#include <boost/json/parse.hpp>

#include "storefleet/api/json_response.hpp"
#include "storefleet/api/request_parsing.hpp"
#include "storefleet/api/store_json.hpp"
#include "store_requests.hpp"
#include "storefleet/core/catalog.hpp"
#include "storefleet/core/util.hpp"
#include "storefleet/db/audit.hpp"
#include "storefleet/db/catalog_repo.hpp"
#include "storefleet/db/events.hpp"
#include "storefleet/db/jobs.hpp"
#include "storefleet/db/revisions.hpp"
#include "storefleet/db/spec_changes.hpp"
#include "storefleet/db/stores.hpp"
#include "storefleet/db/tokens.hpp"

namespace storefleet::api {
namespace json = boost::json;
using store_requests::audit;
using store_requests::find_store_or_404;
using store_requests::with_owner_name;

namespace {

// What a PATCH asks for; absent members keep their value (RFC 7396).
struct SpecPatch {
  std::optional<std::string> version;
  std::optional<bool> suspended;
};

SpecPatch parse_spec_patch(const json::object& body) {
  SpecPatch p;
  std::vector<FieldProblem> problems;
  for (const auto& [key, value] : body) {
    if (key == "version") {
      if (value.is_string() && !value.as_string().empty()) p.version = std::string(value.as_string());
      else problems.push_back({"version", value.is_null() ? "cannot be removed; name the version to run"
                                                            : "must be a non-empty string"});
    } else if (key == "suspended") {
      if (value.is_bool()) p.suspended = value.as_bool();
      else problems.push_back({"suspended", "must be true or false"});
    } else {
      problems.push_back({std::string(key), "cannot be changed (changeable: version, suspended)"});
    }
  }
  if (body.empty()) problems.push_back({"", "name at least one of: version, suspended"});
  if (!problems.empty()) throw DomainError(Errc::validation_failed, "invalid store change", std::move(problems));
  return p;
}

db::PublishedCatalog published_catalog_or_503(db::Conn& c) {
  auto published = db::CatalogRepo::load(c);
  if (!published)
    throw DomainError(Errc::unavailable, "the versions catalogue is not published yet (it comes with the provisioner's "
                                         "start); try again shortly");
  return std::move(*published);
}

std::string change_summary(const Store& before, const std::string& version, bool suspended) {
  std::string out;
  auto add = [&](const std::string& s) { out += (out.empty() ? "" : ", ") + s; };
  if (version != before.version) add("upgrade " + (before.version.empty() ? "default" : before.version) + " → " + version);
  if (suspended != before.suspended) add(suspended ? "suspend" : "resume");
  return out;
}

}  // namespace

std::string StoreApi::checked_new_store_version(db::Conn& c, Engine engine, const std::string& version) {
  if (version.empty()) {
    // No version asked for: the default, when a catalogue is published (else the provisioner resolves it).
    const auto published = db::CatalogRepo::load(c);
    const auto* ec = published ? published->catalog.engine(engine) : nullptr;
    return ec ? ec->default_version : std::string();
  }
  const auto published = published_catalog_or_503(c);
  if (auto why = refuse_new_store_version(published.catalog, engine, version))
    throw DomainError(Errc::validation_failed, "invalid store request", {{"version", *why}});
  return version;
}

HttpResponse StoreApi::patch(const HttpRequest& req, const PathParams& p) {
  const auto patch = parse_spec_patch(parse_json_object_body(req, BodyType::merge_patch));
  const auto now = now_ms();
  bool changed = false;
  auto [store, owner_name] = deps_.db->write([&](db::Conn& c) {
    auto s = find_store_or_404(c, p.at("name"), req.ctx);
    if (s.status == StoreStatus::deleting)
      throw DomainError(Errc::conflict, "the store is being deleted; it cannot be changed");
    const auto version = patch.version.value_or(s.version);
    const auto suspended = patch.suspended.value_or(s.suspended);
    if (version != s.version) {
      const auto published = published_catalog_or_503(c);
      if (auto why = refuse_version_change(published.catalog, s.engine, s.version, version))
        throw DomainError(Errc::validation_failed, "invalid store change", {{"version", *why}});
    }
    const auto summary = change_summary(s, version, suspended);
    if (!summary.empty()) {
      changed = true;
      db::change_spec(c, s, version, suspended, req.ctx.actor, summary + " requested", now);
      audit(c, req.ctx, "store.update", s.name, now, summary);
    }
    return with_owner_name(c, *db::StoreRepo::find_by_id(c, s.id));
  });
  if (changed) after_mutation();
  // 202: accepted and being rolled out; 200: nothing to change.
  return json_response(changed ? 202 : 200, store_row_to_json(store, owner_name));
}

namespace {

json::object revision_to_json(const db::Revision& r) {
  return {{"revision", r.revision}, {"version", r.version},       {"suspended", r.suspended},
          {"action", r.action},     {"outcome", r.outcome},       {"requestedBy", r.requested_by},
          {"detail", r.detail},     {"at", iso8601_ms(r.at)}};
}

}  // namespace

HttpResponse StoreApi::revisions(const HttpRequest& req, const PathParams& p) {
  const auto rows = deps_.db->read([&](db::Conn& c) {
    const auto s = find_store_or_404(c, p.at("name"), req.ctx);
    return db::RevisionRepo::for_store(c, s.id);
  });
  json::array list;
  for (const auto& r : rows) list.push_back(revision_to_json(r));
  return json_response(200, json::object{{"revisions", std::move(list)}});
}

// A rollback is a change back to an earlier revision's spec (version, suspended), rolled out like a PATCH: the
// same checks (a data format older than the store's is refused), the same Upgrading, a new helm revision.
HttpResponse StoreApi::rollback(const HttpRequest& req, const PathParams& p) {
  const auto body = parse_json_object_body(req);
  const auto* rv = body.if_contains("revision");
  if (!rv || !rv->is_int64() || rv->as_int64() < 1 || rv->as_int64() > 1'000'000)
    throw DomainError(Errc::validation_failed, "invalid rollback", {{"revision", "must be a revision number (>= 1)"}});
  for (const auto& [key, _] : body)
    if (key != "revision")
      throw DomainError(Errc::validation_failed, "invalid rollback", {{std::string(key), "is not a rollback field"}});
  const int wanted = static_cast<int>(rv->as_int64());
  const auto now = now_ms();
  auto [store, owner_name] = deps_.db->write([&](db::Conn& c) {
    auto s = find_store_or_404(c, p.at("name"), req.ctx);
    if (s.status == StoreStatus::deleting)
      throw DomainError(Errc::conflict, "the store is being deleted; it cannot be rolled back");
    const auto target = db::RevisionRepo::find(c, s.id, wanted);
    if (!target) throw DomainError(Errc::not_found, "the store has no revision " + std::to_string(wanted));
    if (target->outcome != "deployed")
      throw DomainError(Errc::validation_failed, "invalid rollback",
                        {{"revision", "revision " + std::to_string(wanted) + " failed; roll back to one that deployed"}});
    if (target->version != s.version) {
      const auto published = published_catalog_or_503(c);
      const auto* current = published.catalog.find(s.engine, s.version);
      const auto* older = published.catalog.find(s.engine, target->version);
      if (!older)
        throw DomainError(Errc::validation_failed, "invalid rollback",
                          {{"revision", "its version " + target->version + " is no longer in the catalogue"}});
      if (current && older->data_schema < current->data_schema)
        throw DomainError(Errc::validation_failed, "invalid rollback",
                          {{"revision", "its version " + target->version + " cannot read the data of " + s.version +
                                            " (an older data format); restore a backup instead"}});
    }
    const auto summary = "rollback to revision " + std::to_string(wanted) + " (" + target->version +
                         (target->suspended ? ", suspended" : "") + ")";
    db::change_spec(c, s, target->version, target->suspended,
                    req.ctx.actor + " (rollback to r" + std::to_string(wanted) + ")", summary + " requested", now);
    audit(c, req.ctx, "store.rollback", s.name, now, summary);
    return with_owner_name(c, *db::StoreRepo::find_by_id(c, s.id));
  });
  after_mutation();
  return json_response(202, store_row_to_json(store, owner_name));
}

HttpResponse StoreApi::catalog(const HttpRequest&, const PathParams&) {
  const auto published = deps_.db->read([](db::Conn& c) { return published_catalog_or_503(c); });
  auto body = json::parse(catalog_to_json(published.catalog, false)).as_object();
  body["publishedAt"] = iso8601_ms(published.published_at);
  return json_response(200, body);
}

}  // namespace storefleet::api
