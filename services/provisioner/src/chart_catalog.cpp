#include "storefleet/provisioner/chart_catalog.hpp"

#include <yaml-cpp/yaml.h>

#include <stdexcept>

namespace storefleet::provisioner {
namespace fs = std::filesystem;

namespace {

std::string scalar(const YAML::Node& n, const char* key, const std::string& where) {
  const auto v = n[key];
  if (!v || !v.IsScalar()) throw std::runtime_error(where + ": '" + key + "' is required");
  return v.as<std::string>();
}

CatalogVersion version_from_yaml(const YAML::Node& n, const std::string& where) {
  if (!n.IsMap()) throw std::runtime_error(where + ": each version must be a map");
  CatalogVersion v;
  v.version = scalar(n, "version", where);
  v.values_file = scalar(n, "values", where + " " + v.version);
  if (const auto s = n["summary"]) v.summary = s.as<std::string>();
  if (const auto d = n["dataSchema"]) v.data_schema = d.as<int>();
  if (const auto d = n["deprecated"]) v.deprecated = d.as<bool>();
  return v;
}

}  // namespace

Catalog load_chart_catalog(const fs::path& chart_dir) {
  const auto file = chart_dir / "versions" / "catalog.yaml";
  const std::string where = file.string();
  Catalog catalog;
  if (!fs::exists(file)) return catalog;  // a chart without versions: every store runs the chart's defaults
  try {
    const auto root = YAML::LoadFile(where);
    const auto engines = root["engines"];
    if (!engines || !engines.IsMap()) throw std::runtime_error("'engines' must be a map");
    for (const auto& entry : engines) {
      const auto name = entry.first.as<std::string>();
      const auto engine = parse_engine(name);
      if (!engine) throw std::runtime_error("unknown engine '" + name + "'");
      EngineCatalog ec;
      ec.engine = *engine;
      ec.default_version = scalar(entry.second, "default", name);
      const auto versions = entry.second["versions"];
      if (!versions || !versions.IsSequence()) throw std::runtime_error(name + ": 'versions' must be a list");
      for (const auto& v : versions) ec.versions.push_back(version_from_yaml(v, name));
      catalog.engines.push_back(std::move(ec));
    }
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(where + ": " + e.what());
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(where + ": " + e.what());
  }
  auto problems = catalog.problems();
  for (const auto& ec : catalog.engines)
    for (const auto& v : ec.versions)
      if (!v.values_file.empty() && !fs::is_regular_file(chart_dir / "versions" / v.values_file))
        problems.push_back(std::string(to_string(ec.engine)) + " " + v.version + ": " + v.values_file + " is missing");
  if (!problems.empty()) {
    std::string all;
    for (const auto& p : problems) all += (all.empty() ? "" : "; ") + p;
    throw std::runtime_error(where + ": " + all);
  }
  return catalog;
}

VersionValues version_values(const Catalog& catalog, const fs::path& chart_dir, Engine engine,
                             const std::string& version) {
  const auto* ec = catalog.engine(engine);
  if (!ec && version.empty()) return {};  // no versions for the engine: the chart's defaults, no values file
  const std::string wanted = version.empty() && ec ? ec->default_version : version;
  const auto* v = catalog.find(engine, wanted);
  if (!v)
    throw std::runtime_error(std::string(to_string(engine)) + " version '" + wanted +
                             "' is not in the chart's catalogue (versions/catalog.yaml)");
  return {v->version, chart_dir / "versions" / v->values_file};
}

}  // namespace storefleet::provisioner
