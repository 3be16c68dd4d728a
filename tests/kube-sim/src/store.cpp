#include "store.hpp"

#include "admission.hpp"
#include "patches.hpp"
#include "status.hpp"

#include <algorithm>

namespace kubesim {

std::string object_key(const std::string& ns, const std::string& name) { return ns + "/" + name; }
const json::object& meta(const json::object& obj) {
  static const json::object empty;
  auto m = obj_at(obj, "metadata");
  return m ? *m : empty;
}
std::string name_of(const json::object& obj) { return str_at(meta(obj), "name"); }
std::string namespace_of(const json::object& obj) { return str_at(meta(obj), "namespace"); }
std::string uid_of(const json::object& obj) { return str_at(meta(obj), "uid"); }

namespace {
// Everything except metadata and status: a change here bumps metadata.generation.
json::object spec_part(const json::object& o) {
  json::object r = o;
  r.erase("metadata");
  r.erase("status");
  return r;
}
// Compares objects ignoring the fields every write refreshes.
bool same_content(const json::object& a, const json::object& b) {
  auto strip = [](json::object o) {
    auto& m = ensure_obj(o, "metadata");
    m.erase("resourceVersion");
    m.erase("managedFields");
    return o;
  };
  return strip(a) == strip(b);
}
}  // namespace

ObjPtr Store::get_locked(const ResourceType& rt, const std::string& ns, const std::string& name) const {
  auto b = buckets_.find(rt.key());
  if (b == buckets_.end()) return nullptr;
  auto it = b->second.find(object_key(rt.namespaced ? ns : "", name));
  return it == b->second.end() ? nullptr : it->second;
}

std::vector<ObjPtr> Store::list_locked(const ResourceType& rt, const std::string& ns) const {
  std::vector<ObjPtr> out;
  auto b = buckets_.find(rt.key());
  if (b == buckets_.end()) return out;
  auto it = ns.empty() ? b->second.begin() : b->second.lower_bound(ns + "/");
  for (; it != b->second.end(); ++it) {
    if (!ns.empty() && it->first.compare(0, ns.size() + 1, ns + "/") != 0) break;
    out.push_back(it->second);
  }
  return out;
}

ObjPtr Store::get(const ResourceType& rt, const std::string& ns, const std::string& name) const {
  std::lock_guard lk(mu_);
  return get_locked(rt, ns, name);
}

Store::ListResult Store::list(const ResourceType& rt, const std::string& ns, const LabelSelector* labels,
                              const FieldSelector* fields, std::size_t limit, const std::string& cont) const {
  std::lock_guard lk(mu_);
  ListResult r;
  r.rv = rv_;
  auto b = buckets_.find(rt.key());
  if (b == buckets_.end()) return r;
  std::string prefix = (rt.namespaced && !ns.empty()) ? ns + "/" : "";
  auto it = cont.empty() ? b->second.lower_bound(prefix) : b->second.upper_bound(cont);
  for (; it != b->second.end(); ++it) {
    if (!prefix.empty() && it->first.compare(0, prefix.size(), prefix) != 0) break;
    const auto& obj = *it->second;
    if (labels && !labels->matches(labels_of(obj))) continue;
    if (fields && !fields->matches(obj)) continue;
    if (limit && r.items.size() == limit) {
      r.continue_token = std::prev(it)->first;
      for (; it != b->second.end(); ++it) {
        if (!prefix.empty() && it->first.compare(0, prefix.size(), prefix) != 0) break;
        ++r.remaining;
      }
      break;
    }
    r.items.push_back(it->second);
  }
  return r;
}

std::uint64_t Store::current_rv() const {
  std::lock_guard lk(mu_);
  return rv_;
}

void Store::compact() {
  std::lock_guard lk(mu_);
  hub_.compact(rv_);
}

std::optional<json::object> Store::last_applied(const std::string& uid, const std::string& manager) const {
  std::lock_guard lk(mu_);
  auto u = applied_.find(uid);
  if (u == applied_.end()) return std::nullopt;
  auto m = u->second.find(manager);
  if (m == u->second.end()) return std::nullopt;
  return m->second;
}

void Store::touch_managed_fields(json::object& obj, const ResourceType& rt, const WriteOptions& opts) {
  if (opts.manager.empty()) return;
  auto& md = ensure_obj(obj, "metadata");
  auto& mf = md["managedFields"];
  if (!mf.is_array()) mf = json::array();
  auto& arr = mf.get_array();
  std::string sub = opts.status_only ? "status" : "";
  for (auto& e : arr) {
    auto& eo = e.get_object();
    if (str_at(eo, "manager") == opts.manager && str_at(eo, "operation") == opts.operation &&
        str_at(eo, "subresource") == sub) {
      eo["time"] = now_rfc3339();
      return;
    }
  }
  json::object entry{{"manager", opts.manager},       {"operation", opts.operation},
                     {"apiVersion", rt.api_version()}, {"time", now_rfc3339()},
                     {"fieldsType", "FieldsV1"},       {"fieldsV1", json::object{{"f:metadata", json::object()}}}};
  if (!sub.empty()) entry["subresource"] = sub;
  arr.push_back(std::move(entry));
}

void Store::commit(const ResourceType& rt, const std::string& key, const std::string& type, json::object obj,
                   ObjPtr old, std::vector<Change>& out) {
  ++rv_;
  obj["kind"] = rt.kind;
  obj["apiVersion"] = rt.api_version();
  ensure_obj(obj, "metadata")["resourceVersion"] = std::to_string(rv_);
  auto ptr = std::make_shared<const json::object>(std::move(obj));
  buckets_[rt.key()][key] = ptr;
  hub_.append({rv_, type, &rt, rt.namespaced ? str_at(meta(*ptr), "namespace") : "", ptr, old, nullptr});
  out.push_back({&rt, type, ptr, old});
}

void Store::erase(const ResourceType& rt, const std::string& key, ObjPtr cur, std::vector<Change>& out) {
  ++rv_;
  json::object gone = *cur;
  ensure_obj(gone, "metadata")["resourceVersion"] = std::to_string(rv_);
  auto ptr = std::make_shared<const json::object>(std::move(gone));
  buckets_[rt.key()].erase(key);
  applied_.erase(uid_of(*cur));
  hub_.append({rv_, "DELETED", &rt, rt.namespaced ? str_at(meta(*ptr), "namespace") : "", ptr, cur, nullptr});
  out.push_back({&rt, "DELETED", ptr, cur});
}

Store::WriteResult Store::write(const ResourceType& rt, const std::string& ns_in, const std::string& name_in,
                                const Compute& compute, const WriteOptions& opts) {
  std::vector<Change> changes;
  WriteResult result;
  {
    std::lock_guard lk(mu_);
    std::string ns = rt.namespaced ? ns_in : "";
    ObjPtr cur = name_in.empty() ? nullptr : get_locked(rt, ns, name_in);
    // An update of an object that is gone (deleted between a controller's list and its write) is a 404 before
    // compute() runs: update lambdas may rely on the object being there. Controllers create only with create_only.
    if (!cur && (opts.update_only || (opts.internal && !opts.create_only))) throw ApiError::not_found(rt, name_in);
    json::object desired = compute(cur ? cur.get() : nullptr);
    if (opts.applied && cur) {  // server-side apply onto the live object
      const json::object* last = nullptr;
      if (auto u = applied_.find(uid_of(*cur)); u != applied_.end())
        if (auto m = u->second.find(opts.manager); m != u->second.end()) last = &m->second;
      desired = apply_merge(*cur, *opts.applied, last);
    }
    auto& md = ensure_obj(desired, "metadata");
    if (!cur) {
      std::string name = str_at(md, "name", name_in);
      if (name.empty() && md.contains("generateName")) name = str_at(md, "generateName") + random_suffix(5);
      if (!name_in.empty() && name != name_in)
        throw ApiError::bad_request("the name of the object (" + name + ") does not match the name on the URL (" +
                                    name_in + ")");
      if (name.empty())
        throw ApiError::invalid(rt, "", "metadata.name: Required value: name or generateName is required");
      auto bodyns = str_at(md, "namespace");
      if (rt.namespaced && !bodyns.empty() && bodyns != ns)
        throw ApiError::bad_request("the namespace of the provided object does not match the namespace sent on the "
                                    "request");
      if (get_locked(rt, ns, name)) throw ApiError::already_exists(rt, name);
      md["name"] = name;
      if (rt.namespaced) md["namespace"] = ns;
      else md.erase("namespace");
      // Careful: inserting into / erasing from `desired` invalidates references to its members (`md`).
      if (rt.has_status && !opts.internal) desired.erase("status");
      auto& md2 = ensure_obj(desired, "metadata");
      md2.erase("resourceVersion");
      md2.erase("deletionTimestamp");
      md2["uid"] = new_uid();
      md2["creationTimestamp"] = now_rfc3339();
      if (rt.tracks_generation) md2["generation"] = 1;
      else md2.erase("generation");
      md2.erase("managedFields");
      validate_create(rt, desired);
      default_object(rt, desired);
      if (!opts.internal) admit_create(rt, desired, *this);
      else if (rt.namespaced && !get_locked(resource("namespaces"), "", ns)) throw ApiError::namespace_not_found(ns);
      touch_managed_fields(desired, rt, opts);
      if (opts.dry_run) {
        result = {std::make_shared<const json::object>(std::move(desired)), true};
      } else {
        if (opts.applied) applied_[uid_of(desired)][opts.manager] = *opts.applied;
        commit(rt, object_key(ns, name), "ADDED", std::move(desired), nullptr, changes);
        result = {changes.back().obj, true};
      }
    } else {
      if (opts.create_only) throw ApiError::already_exists(rt, name_in);
      const auto& cmd = meta(*cur);
      auto want_rv = str_at(md, "resourceVersion");
      if (!want_rv.empty() && want_rv != str_at(cmd, "resourceVersion"))
        throw ApiError::conflict(rt, name_in, "the object has been modified; please apply your changes to the latest "
                                              "version and try again");
      if (str_at(md, "name", name_in) != name_in)
        throw ApiError::bad_request("the name of the object does not match the name on the URL");
      json::object next;
      if (opts.status_only) {
        next = *cur;
        if (desired.contains("status")) next["status"] = desired["status"];
      } else {
        next = std::move(desired);
        auto& nmd = ensure_obj(next, "metadata");
        for (const char* k : {"uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                              "generation", "namespace", "name"}) {
          auto it = cmd.find(k);
          if (it != cmd.end()) nmd[k] = it->value();
          else nmd.erase(k);
        }
        if (!opts.internal) {
          if (auto mf = cmd.find("managedFields"); mf != cmd.end()) nmd["managedFields"] = mf->value();
          if (rt.has_status) {
            if (cur->contains("status")) next["status"] = cur->at("status");
            else next.erase("status");
          }
          validate_update(rt, *cur, next);
          default_object(rt, next);
        }
        next["kind"] = rt.kind;
        next["apiVersion"] = rt.api_version();
        if (rt.tracks_generation && spec_part(next) != spec_part(*cur))
          ensure_obj(next, "metadata")["generation"] = int_at(cmd, "generation", 1) + 1;
      }
      if (opts.applied) applied_[str_at(cmd, "uid")][opts.manager] = *opts.applied;
      if (same_content(next, *cur)) {
        result = {cur, false};
      } else {
        touch_managed_fields(next, rt, opts);
        auto fins = arr_at(meta(next), "finalizers");
        bool finalize = meta(next).contains("deletionTimestamp") && (!fins || fins->empty()) &&
                        rt.plural != "namespaces";
        if (opts.dry_run) {
          result = {std::make_shared<const json::object>(std::move(next)), false};
        } else if (finalize) {
          erase(rt, object_key(ns, name_in), cur, changes);
          result = {changes.back().obj, false};
        } else {
          commit(rt, object_key(ns, name_in), "MODIFIED", std::move(next), cur, changes);
          result = {changes.back().obj, false};
        }
      }
    }
  }
  notify(changes);
  return result;
}

Store::DeleteResult Store::remove(const ResourceType& rt, const std::string& ns_in, const std::string& name,
                                  const json::object& opts) {
  std::vector<Change> changes;
  DeleteResult result;
  {
    std::lock_guard lk(mu_);
    std::string ns = rt.namespaced ? ns_in : "";
    auto cur = get_locked(rt, ns, name);
    if (!cur) throw ApiError::not_found(rt, name);
    const auto& cmd = meta(*cur);
    if (auto pre = obj_at(opts, "preconditions")) {
      auto uid = str_at(*pre, "uid");
      auto rv = str_at(*pre, "resourceVersion");
      if (!uid.empty() && uid != str_at(cmd, "uid"))
        throw ApiError::conflict(rt, name, "Precondition failed: UID in precondition: " + uid +
                                               ", UID in object meta: " + str_at(cmd, "uid"));
      if (!rv.empty() && rv != str_at(cmd, "resourceVersion"))
        throw ApiError::conflict(rt, name, "Precondition failed: ResourceVersion in precondition: " + rv +
                                               ", ResourceVersion in object meta: " + str_at(cmd, "resourceVersion"));
    }
    bool dry = arr_at(opts, "dryRun") && !arr_at(opts, "dryRun")->empty();
    auto policy = str_at(opts, "propagationPolicy");
    if (bool_at(opts, "orphanDependents")) policy = "Orphan";
    json::object next = *cur;
    auto& md = ensure_obj(next, "metadata");
    if (rt.plural == "namespaces") {
      if (!md.contains("deletionTimestamp")) {
        md["deletionTimestamp"] = now_rfc3339();
        ensure_obj(next, "status")["phase"] = "Terminating";  // md may dangle from here on: not used again
        if (!dry) commit(rt, object_key("", name), "MODIFIED", std::move(next), cur, changes);
      }
      result = {changes.empty() ? cur : changes.back().obj, false};
    } else {
      json::array fins = arr_at(md, "finalizers") ? *arr_at(md, "finalizers") : json::array();
      auto add_fin = [&](const char* f) {
        if (std::find(fins.begin(), fins.end(), json::value(f)) == fins.end()) fins.push_back(json::string(f));
      };
      if (policy == "Foreground") add_fin("foregroundDeletion");
      if (policy == "Orphan") add_fin("orphan");
      // Pods on a node terminate gracefully (the kubelet confirms later); unscheduled or finished pods go at once.
      auto phase = obj_at(*cur, "status") ? str_at(*obj_at(*cur, "status"), "phase") : "";
      bool graceful = rt.plural == "pods" && graceful_pods_ && int_at(opts, "gracePeriodSeconds", 1) != 0 &&
                      !md.contains("deletionTimestamp") && phase != "Succeeded" && phase != "Failed" &&
                      obj_at(*cur, "spec") && obj_at(*cur, "spec")->contains("nodeName");
      if (dry) {
        result = {cur, fins.empty() && !graceful};
      } else if (graceful) {
        md["deletionTimestamp"] = now_rfc3339();
        md["deletionGracePeriodSeconds"] = int_at(*obj_at(*cur, "spec"), "terminationGracePeriodSeconds", 30);
        if (!fins.empty()) md["finalizers"] = fins;
        commit(rt, object_key(ns, name), "MODIFIED", std::move(next), cur, changes);
        result = {changes.back().obj, false};
      } else if (fins.empty()) {
        erase(rt, object_key(ns, name), cur, changes);
        result = {changes.back().obj, true};
      } else {
        md["finalizers"] = fins;
        if (!md.contains("deletionTimestamp")) {
          md["deletionTimestamp"] = now_rfc3339();
          md["deletionGracePeriodSeconds"] = 0;
        }
        if (rt.tracks_generation) md["generation"] = int_at(md, "generation", 1) + 1;
        if (same_content(next, *cur)) {
          result = {cur, false};
        } else {
          commit(rt, object_key(ns, name), "MODIFIED", std::move(next), cur, changes);
          result = {changes.back().obj, false};
        }
      }
    }
  }
  notify(changes);
  return result;
}

void Store::finalize_namespace(const std::string& name) {
  std::vector<Change> changes;
  {
    std::lock_guard lk(mu_);
    const auto& rt = resource("namespaces");
    auto cur = get_locked(rt, "", name);
    if (!cur || !meta(*cur).contains("deletionTimestamp")) return;
    erase(rt, object_key("", name), cur, changes);
  }
  notify(changes);
}

void Store::notify(const std::vector<Change>& changes) {
  for (const auto& c : changes)
    for (const auto& l : listeners_) l(c);
}
}  // namespace kubesim
