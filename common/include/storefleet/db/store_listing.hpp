#pragma once
// The store list as operators query it: filters, a substring search, a sort and keyset (cursor) paging. Keyset
// paging is stable under concurrent inserts: a page never repeats or skips a row that existed when paging began.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storefleet/core/store.hpp"
#include "storefleet/db/database.hpp"

namespace storefleet::db {

enum class StoreSort { created, name, status, engine, updated };
std::string_view to_string(StoreSort s) noexcept;
std::optional<StoreSort> parse_store_sort(std::string_view s) noexcept;
std::vector<std::string_view> store_sort_names();
// Whether the sort's key is text (name, engine) or a number (created, status rank, updated).
bool sorts_by_text(StoreSort s) noexcept;

// Where the previous page ended: its last row's sort key (text for name/engine, a number otherwise) and id.
struct StoreListPosition {
  std::string text_key;
  std::int64_t number_key = 0;
  std::int64_t id = 0;
};

struct StoreQuery {
  std::vector<StoreStatus> statuses;        // any of these; empty = every status but Deleted
  std::optional<Engine> engine;
  std::optional<std::string> owner;         // a token id or a token's name
  std::optional<std::string> tenant;        // a tenant's token id: only its own stores
  std::string name_contains;                // substring of the store name; "" = any
  StoreSort sort = StoreSort::created;
  bool descending = false;
  std::optional<StoreListPosition> after;
  int limit = 50;
};

struct ListedStore {
  Store store;
  std::string owner_name;  // the owning token's name ("" for admin-made stores)
};

struct StorePage {
  std::vector<ListedStore> rows;
  std::optional<StoreListPosition> next;  // set when more rows follow
  std::int64_t total = 0;                 // rows matching the filters, on every page
};

class StoreListing {
 public:
  static StorePage query(Conn& c, const StoreQuery& q);
};

}  // namespace storefleet::db
