#pragma once
// The published versions catalogue (one row): written by the provisioner at start, read by the API.
#include <cstdint>
#include <optional>
#include <string>

#include "storefleet/core/catalog.hpp"
#include "storefleet/db/database.hpp"

namespace storefleet::db {

struct PublishedCatalog {
  Catalog catalog;
  std::int64_t published_at = 0;
};

class CatalogRepo {
 public:
  // Replaces the published catalogue; returns whether it differed from the one stored.
  static bool publish(Conn& c, const Catalog& catalog, std::int64_t now);
  // Nothing until a provisioner has published one.
  static std::optional<PublishedCatalog> load(Conn& c);
};

}  // namespace storefleet::db
