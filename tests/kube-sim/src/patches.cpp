#include "patches.hpp"

#include "status.hpp"

#include <algorithm>

namespace kubesim {

json::value merge_patch(const json::value& target, const json::value& patch) {
  if (!patch.is_object()) return patch;
  json::object result = target.is_object() ? target.get_object() : json::object();
  for (const auto& [k, v] : patch.get_object()) {
    if (v.is_null()) {
      result.erase(k);
    } else {
      auto it = result.find(k);
      result[k] = merge_patch(it != result.end() ? it->value() : json::value(), v);
    }
  }
  return result;
}

namespace {
// Merge keys of the lists Kubernetes merges by key (a subset of the OpenAPI x-kubernetes-patch-merge-key data).
std::string merge_key_for(const std::string& field, const json::array& items) {
  if (field == "containers" || field == "initContainers" || field == "env" || field == "volumes" ||
      field == "imagePullSecrets" || field == "envFrom" || field == "ephemeralContainers")
    return field == "envFrom" ? "" : "name";
  if (field == "volumeMounts") return "mountPath";
  if (field == "ports") {
    for (const auto& i : items)
      if (i.is_object() && i.get_object().contains("containerPort")) return "containerPort";
    return "port";
  }
  if (field == "tolerations" || field == "finalizers") return "";
  return "";
}

bool is_directive(std::string_view k) { return !k.empty() && k[0] == '$'; }
}  // namespace

json::value strategic_merge_patch(const json::value& target, const json::value& patch, const std::string& field) {
  if (patch.is_object()) {
    const auto& p = patch.get_object();
    if (str_at(p, "$patch") == "replace") {
      json::object r = p;
      r.erase("$patch");
      return r;
    }
    if (str_at(p, "$patch") == "delete") return json::value();
    json::object result = target.is_object() ? target.get_object() : json::object();
    for (const auto& [k, v] : p) {
      if (is_directive(k)) continue;
      if (v.is_null()) {
        result.erase(k);
        continue;
      }
      auto it = result.find(k);
      auto merged = strategic_merge_patch(it != result.end() ? it->value() : json::value(), v, std::string(k));
      if (merged.is_null() && v.is_object()) result.erase(k);
      else result[k] = std::move(merged);
    }
    return result;
  }
  if (patch.is_array() && target.is_array()) {
    const auto& items = patch.get_array();
    auto key = merge_key_for(field, items);
    if (key.empty()) return patch;
    json::array result = target.get_array();
    for (const auto& item : items) {
      if (!item.is_object() || !item.get_object().contains(key)) {
        result.push_back(item);
        continue;
      }
      const auto& io = item.get_object();
      auto match = std::find_if(result.begin(), result.end(), [&](const json::value& e) {
        return e.is_object() && e.get_object().contains(key) && e.get_object().at(key) == io.at(key);
      });
      if (str_at(io, "$patch") == "delete") {
        if (match != result.end()) result.erase(match);
      } else if (match != result.end()) {
        *match = strategic_merge_patch(*match, item, "");
      } else {
        result.push_back(strategic_merge_patch(json::value(), item, ""));
      }
    }
    return result;
  }
  return patch;
}

namespace {
std::vector<std::string> parse_pointer(const std::string& ptr) {
  if (ptr.empty()) return {};
  if (ptr[0] != '/') throw ApiError(422, "Invalid", "the json patch path \"" + ptr + "\" is not a valid JSON pointer");
  std::vector<std::string> parts;
  std::string cur;
  for (std::size_t i = 1; i <= ptr.size(); ++i) {
    if (i == ptr.size() || ptr[i] == '/') {
      std::string dec;
      for (std::size_t j = 0; j < cur.size(); ++j) {
        if (cur[j] == '~' && j + 1 < cur.size()) {
          dec += cur[j + 1] == '1' ? '/' : '~';
          ++j;
        } else {
          dec += cur[j];
        }
      }
      parts.push_back(dec);
      cur.clear();
    } else {
      cur += ptr[i];
    }
  }
  return parts;
}

[[noreturn]] void patch_fail(const std::string& msg) { throw ApiError(422, "Invalid", msg); }

// Returns the container that holds the last path element.
json::value* parent_of(json::value& doc, const std::vector<std::string>& parts, const std::string& path) {
  json::value* cur = &doc;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    if (cur->is_object()) {
      auto it = cur->get_object().find(parts[i]);
      if (it == cur->get_object().end()) patch_fail("doc is missing path: \"" + path + "\": missing value");
      cur = &it->value();
    } else if (cur->is_array()) {
      std::size_t idx = std::stoul(parts[i]);
      if (idx >= cur->get_array().size()) patch_fail("doc is missing path: \"" + path + "\"");
      cur = &cur->get_array()[idx];
    } else {
      patch_fail("doc is missing path: \"" + path + "\"");
    }
  }
  return cur;
}

json::value get_at(json::value& doc, const std::string& path) {
  auto parts = parse_pointer(path);
  if (parts.empty()) return doc;
  auto* parent = parent_of(doc, parts, path);
  if (parent->is_object()) {
    auto it = parent->get_object().find(parts.back());
    if (it == parent->get_object().end()) patch_fail("doc is missing path: \"" + path + "\"");
    return it->value();
  }
  if (parent->is_array()) {
    std::size_t idx = std::stoul(parts.back());
    if (idx >= parent->get_array().size()) patch_fail("doc is missing path: \"" + path + "\"");
    return parent->get_array()[idx];
  }
  patch_fail("doc is missing path: \"" + path + "\"");
}

void remove_at(json::value& doc, const std::string& path) {
  auto parts = parse_pointer(path);
  auto* parent = parent_of(doc, parts, path);
  if (parent->is_object()) {
    if (!parent->get_object().erase(parts.back())) patch_fail("unable to remove nonexistent key: " + parts.back());
  } else if (parent->is_array()) {
    std::size_t idx = std::stoul(parts.back());
    if (idx >= parent->get_array().size()) patch_fail("unable to remove index out of range: " + path);
    parent->get_array().erase(parent->get_array().begin() + static_cast<std::ptrdiff_t>(idx));
  } else {
    patch_fail("doc is missing path: \"" + path + "\"");
  }
}

void add_at(json::value& doc, const std::string& path, json::value v, bool replace) {
  auto parts = parse_pointer(path);
  if (parts.empty()) {
    doc = std::move(v);
    return;
  }
  auto* parent = parent_of(doc, parts, path);
  if (parent->is_object()) {
    if (replace && !parent->get_object().contains(parts.back()))
      patch_fail("replace operation does not apply: doc is missing key: " + path);
    parent->get_object()[parts.back()] = std::move(v);
  } else if (parent->is_array()) {
    auto& arr = parent->get_array();
    if (parts.back() == "-") {
      if (replace) patch_fail("replace operation does not apply: " + path);
      arr.push_back(std::move(v));
      return;
    }
    std::size_t idx = std::stoul(parts.back());
    if (replace) {
      if (idx >= arr.size()) patch_fail("replace operation does not apply: doc is missing key: " + path);
      arr[idx] = std::move(v);
    } else {
      if (idx > arr.size()) patch_fail("add operation does not apply: index out of range: " + path);
      arr.insert(arr.begin() + static_cast<std::ptrdiff_t>(idx), std::move(v));
    }
  } else {
    patch_fail("doc is missing path: \"" + path + "\"");
  }
}
}  // namespace

json::value json_patch(const json::value& target, const json::value& ops) {
  if (!ops.is_array()) throw ApiError::bad_request("json patch must be an array of operations");
  json::value doc = target;
  for (const auto& opv : ops.get_array()) {
    if (!opv.is_object()) throw ApiError::bad_request("json patch operation must be an object");
    const auto& op = opv.get_object();
    auto kind = str_at(op, "op");
    auto path = str_at(op, "path");
    auto value_it = op.find("value");
    json::value value = value_it != op.end() ? value_it->value() : json::value();
    try {
      if (kind == "add") add_at(doc, path, value, false);
      else if (kind == "replace") add_at(doc, path, value, true);
      else if (kind == "remove") remove_at(doc, path);
      else if (kind == "test") {
        if (get_at(doc, path) != value) patch_fail("testing value " + path + " failed: test failed");
      } else if (kind == "move" || kind == "copy") {
        auto from = str_at(op, "from");
        auto v = get_at(doc, from);
        if (kind == "move") remove_at(doc, from);
        add_at(doc, path, v, false);
      } else {
        throw ApiError::bad_request("Unexpected kind: " + kind);
      }
    } catch (const std::invalid_argument&) {
      patch_fail("invalid array index in path " + path);
    } catch (const std::out_of_range&) {
      patch_fail("invalid array index in path " + path);
    }
  }
  return doc;
}

namespace {
// Removes from `live` every field present in `previous` but absent from `current` (both applied configs).
void prune_dropped(json::object& live, const json::object& previous, const json::object& current) {
  for (const auto& [k, pv] : previous) {
    auto cit = current.find(k);
    auto lit = live.find(k);
    if (lit == live.end()) continue;
    if (cit == current.end()) {
      live.erase(k);
    } else if (pv.is_object() && cit->value().is_object() && lit->value().is_object()) {
      prune_dropped(lit->value().get_object(), pv.get_object(), cit->value().get_object());
    }
  }
}

json::value apply_value(const json::value& live, const json::value& applied) {
  if (applied.is_object() && live.is_object()) {
    json::object r = live.get_object();
    for (const auto& [k, v] : applied.get_object()) {
      auto it = r.find(k);
      r[k] = apply_value(it != r.end() ? it->value() : json::value(), v);
    }
    return r;
  }
  return applied;  // scalars and lists: the applier owns the whole value
}
}  // namespace

json::object apply_merge(const json::object& live, const json::object& applied, const json::object* last_applied) {
  json::object base = live;
  if (last_applied) prune_dropped(base, *last_applied, applied);
  return apply_value(base, applied).get_object();
}
}  // namespace kubesim
