#include "storefleet/core/catalog.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <set>
#include <stdexcept>

namespace storefleet {
namespace json = boost::json;

const EngineCatalog* Catalog::engine(Engine e) const {
  for (const auto& ec : engines)
    if (ec.engine == e) return &ec;
  return nullptr;
}

const CatalogVersion* Catalog::find(Engine e, std::string_view version) const {
  const auto* ec = engine(e);
  if (!ec) return nullptr;
  for (const auto& v : ec->versions)
    if (v.version == version) return &v;
  return nullptr;
}

std::vector<std::string> Catalog::problems() const {
  std::vector<std::string> out;
  std::set<Engine> seen_engines;
  for (const auto& ec : engines) {
    const std::string name(to_string(ec.engine));
    if (!seen_engines.insert(ec.engine).second) out.push_back(name + ": listed twice");
    std::set<std::string> seen;
    for (const auto& v : ec.versions) {
      if (v.version.empty()) out.push_back(name + ": a version has no name");
      if (!seen.insert(v.version).second) out.push_back(name + " " + v.version + ": listed twice");
      if (v.values_file.empty()) out.push_back(name + " " + v.version + ": no values file");
      if (v.values_file.find('/') != std::string::npos || v.values_file.starts_with("."))
        out.push_back(name + " " + v.version + ": the values file must be a plain file name in versions/");
    }
    const auto* def = find(ec.engine, ec.default_version);
    if (!def) out.push_back(name + ": the default '" + ec.default_version + "' is not one of its versions");
    else if (def->deprecated) out.push_back(name + ": the default '" + ec.default_version + "' is deprecated");
  }
  return out;
}

std::string catalog_to_json(const Catalog& c, bool with_values_files) {
  json::object engines;
  for (const auto& ec : c.engines) {
    json::array versions;
    for (const auto& v : ec.versions) {
      json::object o{{"version", v.version},
                     {"summary", v.summary},
                     {"dataSchema", v.data_schema},
                     {"deprecated", v.deprecated}};
      if (with_values_files) o["values"] = v.values_file;
      versions.push_back(std::move(o));
    }
    engines[to_string(ec.engine)] = json::object{{"default", ec.default_version}, {"versions", std::move(versions)}};
  }
  return json::serialize(json::object{{"engines", std::move(engines)}});
}

namespace {

std::string text_of(const json::object& o, const char* key, const std::string& where) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string()) throw std::invalid_argument(where + ": '" + key + "' must be a string");
  return std::string(v->as_string());
}

}  // namespace

Catalog catalog_from_json(std::string_view text) {
  boost::system::error_code ec;
  const auto doc = json::parse(text, ec);
  if (ec || !doc.is_object()) throw std::invalid_argument("catalogue: not a JSON object");
  const auto* engines = doc.as_object().if_contains("engines");
  if (!engines || !engines->is_object()) throw std::invalid_argument("catalogue: 'engines' must be an object");
  Catalog out;
  for (const auto& [key, value] : engines->as_object()) {
    const std::string where(key);
    const auto engine = parse_engine(where);
    if (!engine) throw std::invalid_argument("catalogue: unknown engine '" + where + "'");
    if (!value.is_object()) throw std::invalid_argument(where + ": must be an object");
    EngineCatalog e;
    e.engine = *engine;
    e.default_version = text_of(value.as_object(), "default", where);
    const auto* versions = value.as_object().if_contains("versions");
    if (!versions || !versions->is_array()) throw std::invalid_argument(where + ": 'versions' must be a list");
    for (const auto& item : versions->as_array()) {
      if (!item.is_object()) throw std::invalid_argument(where + ": each version must be an object");
      const auto& o = item.as_object();
      CatalogVersion v;
      v.version = text_of(o, "version", where);
      if (const auto* f = o.if_contains("values"); f && f->is_string()) v.values_file = std::string(f->as_string());
      if (const auto* s = o.if_contains("summary"); s && s->is_string()) v.summary = std::string(s->as_string());
      if (const auto* d = o.if_contains("dataSchema"); d && d->is_int64()) v.data_schema = static_cast<int>(d->as_int64());
      if (const auto* d = o.if_contains("deprecated"); d && d->is_bool()) v.deprecated = d->as_bool();
      e.versions.push_back(std::move(v));
    }
    out.engines.push_back(std::move(e));
  }
  return out;
}

namespace {

std::string offered(const Catalog& c, Engine e) {
  std::string out;
  if (const auto* ec = c.engine(e))
    for (const auto& v : ec->versions)
      if (!v.deprecated) out += (out.empty() ? "" : ", ") + v.version;
  return out.empty() ? "none" : out;
}

std::optional<std::string> refuse_target(const Catalog& c, Engine e, const std::string& version) {
  const auto* v = c.find(e, version);
  if (!v)
    return "'" + version + "' is not a " + std::string(to_string(e)) + " version of this platform (choose one of: " +
           offered(c, e) + ")";
  if (v->deprecated)
    return "'" + version + "' is deprecated: stores on it keep running, none moves to it (choose one of: " +
           offered(c, e) + ")";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> refuse_new_store_version(const Catalog& c, Engine e, const std::string& version) {
  if (version.empty()) return std::nullopt;
  return refuse_target(c, e, version);
}

std::optional<std::string> refuse_version_change(const Catalog& c, Engine e, const std::string& from,
                                                 const std::string& to) {
  if (from == to) return std::nullopt;
  if (auto why = refuse_target(c, e, to)) return why;
  const auto* current = c.find(e, from);
  const auto* target = c.find(e, to);
  // A version the catalogue no longer lists can only move forward to a listed one: nothing to compare.
  if (current && target->data_schema < current->data_schema)
    return "cannot move from " + from + " down to " + to + ": " + from + "'s data format (" +
           std::to_string(current->data_schema) + ") is newer than " + to + " can read (" +
           std::to_string(target->data_schema) + "); restore a backup taken before the upgrade instead";
  return std::nullopt;
}

}  // namespace storefleet
