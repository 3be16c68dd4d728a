#pragma once
// The store model: names, engines, statuses and the rules that validate a create request.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storefleet/core/errors.hpp"

namespace storefleet {

enum class Engine { woocommerce, medusa };
std::string_view to_string(Engine e) noexcept;
std::optional<Engine> parse_engine(std::string_view s) noexcept;

// Queued → Provisioning → Installing → Ready | Failed;  Ready ⇄ Degraded (watched after Ready);
// a change to an installed store (version, suspend, resume): → Upgrading → Ready | Suspended | Failed;
// Deleting → Deleted. proto-docs/state-machine.md has the whole table.
enum class StoreStatus { queued, provisioning, installing, upgrading, ready, suspended, degraded, failed, deleting,
                         deleted };
std::string_view to_string(StoreStatus s) noexcept;  // "Queued", "Provisioning", ...
std::optional<StoreStatus> parse_status(std::string_view s) noexcept;
const std::vector<StoreStatus>& all_statuses();

constexpr std::size_t kStoreNameMin = 3;
constexpr std::size_t kStoreNameMax = 40;

// Every rule a store name breaks (empty when valid): DNS-1123 label of 3–40 characters, lowercase letters,
// digits and '-', starting with a letter, not ending with '-', not reserved.
std::vector<FieldProblem> validate_store_name(std::string_view name, std::string_view field = "storeName");
bool is_reserved_store_name(std::string_view name) noexcept;

// Namespace of a store: "store-<name>" (kept 1:1 with the name, so "my-shop" and "myshop" never collide).
std::string namespace_for(std::string_view name);

// Host and URL of a store from the shared --store-domain setting: "local" → "<name>.local",
// "203.0.113.7.nip.io" → "<name>.203.0.113.7.nip.io".
std::string store_host(std::string_view name, std::string_view store_domain);
std::string store_url(std::string_view name, std::string_view store_domain);

// A store row as both services see it. Times are milliseconds since the Unix epoch.
struct Store {
  std::int64_t id = 0;
  std::string name;
  Engine engine = Engine::woocommerce;
  std::string ns;
  StoreStatus status = StoreStatus::queued;
  std::string status_reason;
  std::string url;
  std::string owner;           // token id of the tenant that owns it ("" = admin/unowned)
  std::string observed_json;   // what the provisioner last observed (pods, setup job), JSON object
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::optional<std::int64_t> ready_at;
  // Desired vs observed: every accepted request (create, retry, delete) bumps generation; the provisioner sets
  // observed_generation to the generation it settled (Ready, Failed, Deleted). Equal: it has caught up.
  std::int64_t generation = 1;
  std::int64_t observed_generation = 0;
  // The spec beyond name and engine (PATCH /api/stores/{name}): the catalogue version it should run ("" = the
  // catalogue's default, resolved when the provisioner installs it) and whether its workloads are scaled to 0.
  std::string version;
  bool suspended = false;
  // The spec (deployed_spec_of) of the last helm upgrade that succeeded: the provisioner skips helm when the release
  // is deployed with the spec wanted now.
  std::string deployed_spec;
  std::string spec_by;  // who asked for this spec: an actor, or "provisioner (auto-rollback)"
};

// "9.8.5" or "9.8.5+suspended": what a helm release was deployed with.
std::string deployed_spec_of(const std::string& version, bool suspended);

}  // namespace storefleet
