// REST verbs on resources: get/list/watch/create/update/patch/delete/deletecollection.
#include "patches.hpp"
#include "server_context.hpp"
#include "table.hpp"

#include <openssl/evp.h>

#include <algorithm>

namespace kubesim {

void send_json(httplib::Response& res, int status, const json::object& body) {
  res.status = status;
  res.set_content(json::serialize(body), "application/json");
}

void send_error(httplib::Response& res, const ApiError& e) {
  if (e.code == 429) res.set_header("Retry-After", "1");
  send_json(res, e.code, status_object(e));
}

namespace {

struct Target {
  const ResourceType* rt = nullptr;
  std::string ns, name, sub;
};

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : path) {
    if (c == '/') {
      if (!cur.empty()) parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) parts.push_back(cur);
  return parts;
}

Target parse_target(const std::string& path) {
  auto parts = split_path(path);
  std::size_t i = 0;
  std::string group, version;
  if (parts.size() >= 2 && parts[0] == "api") {
    version = parts[1];
    i = 2;
  } else if (parts.size() >= 3 && parts[0] == "apis") {
    group = parts[1];
    version = parts[2];
    i = 3;
  } else {
    throw ApiError(404, "NotFound", "the server could not find the requested resource");
  }
  Target t;
  if (i + 2 < parts.size() && parts[i] == "namespaces" && find_resource(group, version, parts[i + 2])) {
    t.ns = parts[i + 1];
    i += 2;
  }
  if (i >= parts.size()) throw ApiError(404, "NotFound", "the server could not find the requested resource");
  t.rt = find_resource(group, version, parts[i]);
  if (!t.rt) throw ApiError(404, "NotFound", "the server could not find the requested resource");
  if (i + 1 < parts.size()) t.name = parts[i + 1];
  if (i + 2 < parts.size()) t.sub = parts[i + 2];
  if (i + 3 < parts.size()) throw ApiError(404, "NotFound", "the server could not find the requested resource");
  if (!t.sub.empty() && std::find(t.rt->subresources.begin(), t.rt->subresources.end(), t.sub) == t.rt->subresources.end())
    throw ApiError(404, "NotFound", "the server could not find the requested resource");
  return t;
}

std::string param(const httplib::Request& req, const char* key) {
  return req.has_param(key) ? req.get_param_value(key) : "";
}

json::object list_response(const ResourceType& rt, const Store::ListResult& r) {
  json::array items;
  items.reserve(r.items.size());
  for (const auto& o : r.items) {
    json::object copy = *o;
    copy.erase("kind");  // list items carry no TypeMeta, as from a real API server
    copy.erase("apiVersion");
    items.push_back(std::move(copy));
  }
  json::object md{{"resourceVersion", std::to_string(r.rv)}};
  if (!r.continue_token.empty()) {
    md["continue"] = base64_encode(r.continue_token);
    md["remainingItemCount"] = r.remaining;
  }
  return {{"kind", rt.kind + "List"}, {"apiVersion", rt.api_version()}, {"metadata", md}, {"items", items}};
}

std::string decode_continue(const std::string& token) {
  if (token.empty()) return "";
  std::string out(token.size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(token.data()), static_cast<int>(token.size()));
  if (n < 0) throw ApiError::bad_request("continue key is not valid: illegal base64 data");
  out.resize(static_cast<std::size_t>(n));
  while (!out.empty() && out.back() == '\0') out.pop_back();
  return out;
}

// Scale subresource view (autoscaling/v1 Scale) of a workload.
json::object scale_of(const ResourceType& rt, const json::object& obj) {
  auto spec = obj_at(obj, "spec");
  auto st = obj_at(obj, "status");
  return {{"kind", "Scale"},
          {"apiVersion", "autoscaling/v1"},
          {"metadata", {{"name", name_of(obj)}, {"namespace", namespace_of(obj)}, {"uid", uid_of(obj)},
                        {"resourceVersion", str_at(meta(obj), "resourceVersion")}}},
          {"spec", {{"replicas", spec ? int_at(*spec, "replicas", 1) : 1}}},
          {"status", {{"replicas", st ? int_at(*st, "replicas") : 0}, {"selector", rt.kind}}}};
}

void check_kind(const ResourceType& rt, const json::object& body) {
  auto kind = str_at(body, "kind");
  auto av = str_at(body, "apiVersion");
  if ((!kind.empty() && kind != rt.kind) || (!av.empty() && av != rt.api_version()))
    throw ApiError::bad_request("the API version in the data (" + av + ") does not match the expected API version (" +
                                rt.api_version() + ")");
}

void handle_patch(ServerContext& ctx, const Target& t, const httplib::Request& req, httplib::Response& res) {
  auto ct = req.get_header_value("Content-Type");
  ct = ct.substr(0, ct.find(';'));
  auto body = decode_body(req);
  WriteOptions wo;
  wo.manager = param(req, "fieldManager");
  wo.dry_run = !param(req, "dryRun").empty();
  wo.status_only = t.sub == "status";
  if (t.sub == "scale") {  // only spec.replicas can change through the scale subresource
    wo.update_only = true;
    auto r = ctx.store.write(*t.rt, t.ns, t.name, [&](const json::object* cur) {
      json::object o = *cur;
      auto scale = scale_of(*t.rt, o);
      auto patched = ct == "application/json-patch+json" ? json_patch(scale, body["$ops"]) : merge_patch(scale, body);
      if (auto r = path_at(patched.as_object(), "spec.replicas")) ensure_obj(o, "spec")["replicas"] = *r;
      return o;
    }, wo);
    return send_json(res, 200, scale_of(*t.rt, *r.obj));
  }
  if (ct == "application/apply-patch+yaml" || ct == "application/apply-patch+cbor") {
    if (wo.manager.empty())
      throw ApiError(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is "
                                     "required for apply patch");
    check_kind(*t.rt, body);
    wo.operation = "Apply";
    wo.applied = body;
    auto r = ctx.store.write(*t.rt, t.ns, t.name, [&](const json::object*) { return body; }, wo);
    return send_json(res, r.created ? 201 : 200, *r.obj);
  }
  if (ct != "application/merge-patch+json" && ct != "application/strategic-merge-patch+json" &&
      ct != "application/json-patch+json")
    throw ApiError(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media "
                                                "types include: application/json-patch+json, application/merge-patch+json, "
                                                "application/apply-patch+yaml");
  wo.update_only = true;
  auto r = ctx.store.write(*t.rt, t.ns, t.name, [&](const json::object* cur) {
    json::value patched;
    if (ct == "application/json-patch+json") patched = json_patch(*cur, body["$ops"]);
    else if (ct == "application/merge-patch+json") patched = merge_patch(*cur, body);
    else patched = strategic_merge_patch(*cur, body);
    if (!patched.is_object()) throw ApiError::bad_request("patch did not produce an object");
    return patched.get_object();
  }, wo);
  send_json(res, 200, *r.obj);
}

json::object delete_options(const httplib::Request& req) {
  json::object o = decode_body(req);
  if (req.has_param("propagationPolicy")) o["propagationPolicy"] = req.get_param_value("propagationPolicy");
  if (req.has_param("dryRun")) o["dryRun"] = json::array{json::string(req.get_param_value("dryRun"))};
  if (req.has_param("gracePeriodSeconds"))
    o["gracePeriodSeconds"] = std::atoll(req.get_param_value("gracePeriodSeconds").c_str());
  return o;
}

void handle_delete(ServerContext& ctx, const Target& t, const httplib::Request& req, httplib::Response& res) {
  auto opts = delete_options(req);
  auto r = ctx.store.remove(*t.rt, t.ns, t.name, opts);
  // Pending deletions (finalizers, namespaces) and pods answer with the object; others with a Status.
  if (!r.gone || t.rt->plural == "pods") return send_json(res, 200, *r.obj);
  send_json(res, 200, status_success(*t.rt, t.name, uid_of(*r.obj)));
}

std::string verb_of(const httplib::Request& req, const Target& t) {
  auto watch = param(req, "watch");
  if (req.method == "GET") return (watch == "true" || watch == "1") ? "watch" : t.name.empty() ? "list" : "get";
  if (req.method == "POST") return "create";
  if (req.method == "PUT") return "update";
  if (req.method == "PATCH") return "patch";
  if (req.method == "DELETE") return t.name.empty() ? "deletecollection" : "delete";
  return req.method;
}
}  // namespace

void handle_resource_request(ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
  try {
    auto t = parse_target(req.path);
    auto verb = verb_of(req, t);
    ctx.stats.count(verb, t.rt->group, t.rt->version, t.rt->plural, t.ns);
    if (t.rt->namespaced && t.ns.empty() && !t.name.empty())
      throw ApiError(404, "NotFound", "the server could not find the requested resource");
    if (!t.rt->namespaced) t.ns.clear();
    if (verb == "watch") {
      WatchParams p{t.rt, t.ns, param(req, "labelSelector"), param(req, "fieldSelector"), param(req, "resourceVersion"),
                    param(req, "resourceVersionMatch"), param(req, "sendInitialEvents") == "true",
                    param(req, "allowWatchBookmarks") == "true",
                    req.has_param("timeoutSeconds") ? std::atol(param(req, "timeoutSeconds").c_str()) : 0,
                    wants_table(req.get_header_value("Accept")), param(req, "includeObject")};
      if (!t.name.empty()) p.field_selector = "metadata.name=" + t.name + (p.field_selector.empty() ? "" : "," + p.field_selector);
      return serve_watch(ctx, p, req, res);
    }
    if (verb == "list") {
      auto ls = LabelSelector::parse(param(req, "labelSelector"));
      auto fs = FieldSelector::parse(param(req, "fieldSelector"));
      std::size_t limit = req.has_param("limit") ? std::strtoul(param(req, "limit").c_str(), nullptr, 10) : 0;
      auto r = ctx.store.list(*t.rt, t.ns, &ls, &fs, limit, decode_continue(param(req, "continue")));
      if (wants_table(req.get_header_value("Accept"))) {
        auto table = to_table(*t.rt, r.items, param(req, "includeObject"), std::to_string(r.rv));
        if (!r.continue_token.empty()) table["metadata"].as_object()["continue"] = base64_encode(r.continue_token);
        res.status = 200;
        return res.set_content(json::serialize(table), kTableContentType);
      }
      return send_json(res, 200, list_response(*t.rt, r));
    }
    if (verb == "get") {
      auto o = ctx.store.get(*t.rt, t.ns, t.name);
      if (!o) throw ApiError::not_found(*t.rt, t.name);
      if (t.sub == "log") {  // simulated containers print one line
        auto c = param(req, "container");
        if (c.empty()) c = str_at((*arr_at(*obj_at(*o, "spec"), "containers"))[0].as_object(), "name");
        res.status = 200;
        return res.set_content("kube-sim: simulated container \"" + c + "\" of pod " + t.ns + "/" + t.name + "\n",
                               "text/plain");
      }
      if (t.sub.empty() && wants_table(req.get_header_value("Accept"))) {
        res.status = 200;
        return res.set_content(json::serialize(to_table(*t.rt, {o}, param(req, "includeObject"),
                                                        str_at(meta(*o), "resourceVersion"))),
                               kTableContentType);
      }
      return send_json(res, 200, t.sub == "scale" ? scale_of(*t.rt, *o) : *o);
    }
    if (verb == "create") {
      if (!t.name.empty()) throw ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
      auto body = decode_body(req);
      check_kind(*t.rt, body);
      WriteOptions wo;
      wo.create_only = true;
      wo.manager = param(req, "fieldManager");
      if (wo.manager.empty()) wo.manager = req.get_header_value("User-Agent").substr(0, req.get_header_value("User-Agent").find('/'));
      wo.dry_run = !param(req, "dryRun").empty();
      auto r = ctx.store.write(*t.rt, t.ns, name_of(body), [&](const json::object*) { return body; }, wo);
      return send_json(res, 201, *r.obj);
    }
    if (verb == "update") {
      auto body = decode_body(req);
      check_kind(*t.rt, body);
      WriteOptions wo;
      wo.update_only = true;
      wo.status_only = t.sub == "status";
      wo.manager = param(req, "fieldManager");
      if (wo.manager.empty()) wo.manager = req.get_header_value("User-Agent").substr(0, req.get_header_value("User-Agent").find('/'));
      wo.dry_run = !param(req, "dryRun").empty();
      if (t.sub == "scale") {
        wo.update_only = true;  // a scale subresource exists only on an existing object
        auto r = ctx.store.write(*t.rt, t.ns, t.name, [&](const json::object* cur) {
          json::object o = *cur;
          if (auto rep = path_at(body, "spec.replicas")) ensure_obj(o, "spec")["replicas"] = *rep;
          return o;
        }, wo);
        return send_json(res, 200, scale_of(*t.rt, *r.obj));
      }
      auto r = ctx.store.write(*t.rt, t.ns, t.name, [&](const json::object*) { return body; }, wo);
      return send_json(res, 200, *r.obj);
    }
    if (verb == "patch") return handle_patch(ctx, t, req, res);
    if (verb == "delete") return handle_delete(ctx, t, req, res);
    if (verb == "deletecollection") {
      auto ls = LabelSelector::parse(param(req, "labelSelector"));
      auto fs = FieldSelector::parse(param(req, "fieldSelector"));
      auto r = ctx.store.list(*t.rt, t.ns, &ls, &fs);
      auto opts = delete_options(req);
      Store::ListResult deleted{{}, r.rv, "", 0};
      for (auto& o : r.items) {
        try {
          deleted.items.push_back(ctx.store.remove(*t.rt, namespace_of(*o), name_of(*o), opts).obj);
        } catch (const ApiError&) {
        }
      }
      return send_json(res, 200, list_response(*t.rt, deleted));
    }
    throw ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
  } catch (const ApiError& e) {
    send_error(res, e);
  }
}
}  // namespace kubesim
