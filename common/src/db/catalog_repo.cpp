#include "storefleet/db/catalog_repo.hpp"

namespace storefleet::db {

bool CatalogRepo::publish(Conn& c, const Catalog& catalog, std::int64_t now) {
  const auto text = catalog_to_json(catalog);
  SQLite::Statement q(c, "INSERT INTO catalog (id, json, published_at) VALUES (1, ?, ?) "
                         "ON CONFLICT (id) DO UPDATE SET json = excluded.json, published_at = excluded.published_at "
                         "WHERE json <> excluded.json");
  q.bind(1, text);
  q.bind(2, now);
  return q.exec() == 1;
}

std::optional<PublishedCatalog> CatalogRepo::load(Conn& c) {
  SQLite::Statement q(c, "SELECT json, published_at FROM catalog WHERE id = 1");
  if (!q.executeStep()) return std::nullopt;
  return PublishedCatalog{catalog_from_json(q.getColumn(0).getString()), q.getColumn(1).getInt64()};
}

}  // namespace storefleet::db
