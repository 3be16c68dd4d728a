#pragma once
// Store rows. A deleted store keeps its row (status Deleted) for history; its name becomes free again.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storefleet/core/store.hpp"
#include "storefleet/db/database.hpp"

namespace storefleet::db {

struct NewStore {
  std::string name;
  Engine engine = Engine::woocommerce;
  std::string url;
  std::string owner;
  std::string version{};  // "" = the catalogue's default, resolved by the provisioner
  std::string requested_by{};
};

struct StoreFilter {
  std::optional<StoreStatus> status;
  std::optional<std::string> owner;     // tenant restriction
  bool include_deleted = false;
  std::int64_t after_id = 0;            // cursor: rows with id > after_id
  int limit = 100;
};

struct StoreCounts {
  std::int64_t total = 0, ready = 0, degraded = 0, failed = 0, provisioning = 0;  // provisioning = Queued+Provisioning+Installing
  std::vector<std::pair<StoreStatus, std::int64_t>> by_status;
};

// The store columns in the order store_from_row reads them, optionally qualified by a table alias ("s" → "s.id, …").
std::string store_columns(std::string_view alias = {});
constexpr int kStoreColumnCount = 18;
// A Store from a row whose first columns are store_columns().
Store store_from_row(SQLite::Statement& q);

class StoreRepo {
 public:
  // Throws DomainError(conflict) when a live store already has the name.
  static Store insert(Conn& c, const NewStore& s, std::int64_t now);
  static std::optional<Store> find_live(Conn& c, const std::string& name);  // newest non-Deleted row
  static std::optional<Store> find_latest(Conn& c, const std::string& name);  // newest row, Deleted or not
  static std::optional<Store> find_by_id(Conn& c, std::int64_t id);
  static std::vector<Store> list(Conn& c, const StoreFilter& f);
  // Sets status + reason (+ ready_at when Ready); returns false if the row does not exist.
  static bool set_status(Conn& c, std::int64_t id, StoreStatus status, const std::string& reason, std::int64_t now);
  static void set_observed(Conn& c, std::int64_t id, const std::string& observed_json, std::int64_t now);
  static void bump_generation(Conn& c, std::int64_t id, std::int64_t now);  // an accepted request (retry, delete)
  // An accepted PATCH: the new spec, and the generation bumped with it.
  static void set_spec(Conn& c, std::int64_t id, const std::string& version, bool suspended, const std::string& by,
                       std::int64_t now);
  // Records the default version a store created without one was installed with (only while it has none).
  static bool resolve_default_version(Conn& c, std::int64_t id, const std::string& version);
  static void set_deployed_spec(Conn& c, std::int64_t id, const std::string& spec);
  // The provisioner settled `generation` (never moves backwards).
  static void set_observed_generation(Conn& c, std::int64_t id, std::int64_t generation);
  static StoreCounts counts(Conn& c, const std::optional<std::string>& owner = std::nullopt);
  static std::int64_t count_live_for_owner(Conn& c, const std::string& owner);
  // Owner of a store row (events carry the id of the row they happened to).
  static std::optional<std::string> owner_of(Conn& c, std::int64_t id);
};

}  // namespace storefleet::db
