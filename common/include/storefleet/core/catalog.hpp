#pragma once
// The versions catalogue: per engine, the versions the platform can run (each a values file of the store chart
// that pins images and app versions), the default for new stores, and which are deprecated. The provisioner reads
// it from the chart (charts/store/versions/catalog.yaml) and publishes it into the database; the API validates
// creates and PATCHes against the published copy and serves it at GET /api/catalog.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storefleet/core/store.hpp"

namespace storefleet {

struct CatalogVersion {
  std::string version;      // what a store records and a user asks for, e.g. "9.8.5"
  std::string values_file;  // in the chart's versions/ folder, e.g. "woocommerce-9.8.5.yaml"
  std::string summary;      // what it runs, for people ("WordPress 6.8.1, WooCommerce 9.8.5")
  // The version's data format generation: a store may move down only to a version of the same generation (its
  // database was migrated forward and the older code cannot read it).
  int data_schema = 1;
  bool deprecated = false;  // kept running and upgradable from, never chosen for a new store or a change
};

struct EngineCatalog {
  Engine engine = Engine::woocommerce;
  std::string default_version;
  std::vector<CatalogVersion> versions;
};

struct Catalog {
  std::vector<EngineCatalog> engines;

  const EngineCatalog* engine(Engine e) const;
  const CatalogVersion* find(Engine e, std::string_view version) const;
  // Every rule the catalogue breaks (empty when it is sound): each engine once, a default that exists and is not
  // deprecated, versions unique and non-empty, values files named.
  std::vector<std::string> problems() const;
};

// The stored form (with values files) and the public form (GET /api/catalog: without them).
std::string catalog_to_json(const Catalog& c, bool with_values_files = true);
// Throws std::invalid_argument naming what is wrong.
Catalog catalog_from_json(std::string_view text);

// Why a new store may not run `version` (nothing when it may). "" asks for the default and is always fine.
std::optional<std::string> refuse_new_store_version(const Catalog& c, Engine e, const std::string& version);
// Why a store running `from` may not move to `to` (nothing when it may): unknown or deprecated target, or a
// downgrade to an older data format.
std::optional<std::string> refuse_version_change(const Catalog& c, Engine e, const std::string& from,
                                                 const std::string& to);

}  // namespace storefleet
