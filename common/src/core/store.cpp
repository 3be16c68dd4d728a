#include "storefleet/core/store.hpp"

#include <algorithm>
#include <array>

namespace storefleet {
namespace {

constexpr std::array<std::pair<Engine, std::string_view>, 2> kEngines{{
    {Engine::woocommerce, "woocommerce"},
    {Engine::medusa, "medusa"},
}};

constexpr std::array<std::pair<StoreStatus, std::string_view>, 10> kStatuses{{
    {StoreStatus::queued, "Queued"},
    {StoreStatus::provisioning, "Provisioning"},
    {StoreStatus::installing, "Installing"},
    {StoreStatus::upgrading, "Upgrading"},
    {StoreStatus::ready, "Ready"},
    {StoreStatus::suspended, "Suspended"},
    {StoreStatus::degraded, "Degraded"},
    {StoreStatus::failed, "Failed"},
    {StoreStatus::deleting, "Deleting"},
    {StoreStatus::deleted, "Deleted"},
}};

// Names that would read as platform endpoints or system namespaces once prefixed or used as hosts.
constexpr std::array<std::string_view, 14> kReserved{
    "api", "admin", "www", "default", "system", "kube-system", "kube-public", "storefleet",
    "dashboard", "metrics", "health", "status", "internal", "localhost"};

// Enum <-> name through one table per enum.
template <class E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E v, std::string_view fallback) {
  for (const auto& [value, name] : table)
    if (value == v) return name;
  return fallback;
}

template <class E, std::size_t N>
std::optional<E> value_of(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view s) {
  for (const auto& [value, name] : table)
    if (name == s) return value;
  return std::nullopt;
}

bool is_lower_alpha(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string_view to_string(Engine e) noexcept { return name_of(kEngines, e, "unknown"); }
std::optional<Engine> parse_engine(std::string_view s) noexcept { return value_of(kEngines, s); }
std::string_view to_string(StoreStatus st) noexcept { return name_of(kStatuses, st, "Unknown"); }
std::optional<StoreStatus> parse_status(std::string_view s) noexcept { return value_of(kStatuses, s); }

const std::vector<StoreStatus>& all_statuses() {
  static const std::vector<StoreStatus> all = [] {
    std::vector<StoreStatus> v;
    for (const auto& [st, _] : kStatuses) v.push_back(st);
    return v;
  }();
  return all;
}

bool is_reserved_store_name(std::string_view name) noexcept {
  return std::find(kReserved.begin(), kReserved.end(), name) != kReserved.end();
}

std::vector<FieldProblem> validate_store_name(std::string_view name, std::string_view field) {
  std::vector<FieldProblem> problems;
  auto add = [&](std::string msg) { problems.push_back({std::string(field), std::move(msg)}); };
  if (name.empty()) {
    add("is required");
    return problems;
  }
  if (name.size() < kStoreNameMin || name.size() > kStoreNameMax)
    add("must be between 3 and 40 characters long (got " + std::to_string(name.size()) + ")");
  const bool bad_char = std::any_of(name.begin(), name.end(),
                                    [](char c) { return !(is_lower_alpha(c) || is_digit(c) || c == '-'); });
  if (bad_char) add("may contain only lowercase letters (a-z), digits (0-9) and '-'");
  if (!is_lower_alpha(name.front())) add("must start with a lowercase letter");
  if (name.back() == '-') add("must not end with '-'");
  if (is_reserved_store_name(name)) add("'" + std::string(name) + "' is reserved");
  return problems;
}

std::string deployed_spec_of(const std::string& version, bool suspended) {
  return suspended ? version + "+suspended" : version;
}

std::string namespace_for(std::string_view name) { return "store-" + std::string(name); }

std::string store_host(std::string_view name, std::string_view store_domain) {
  return std::string(name) + "." + std::string(store_domain);
}

std::string store_url(std::string_view name, std::string_view store_domain) {
  return "http://" + store_host(name, store_domain);
}

}  // namespace storefleet
