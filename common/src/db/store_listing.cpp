#include "storefleet/db/store_listing.hpp"

#include "storefleet/db/stores.hpp"

#include <array>

namespace storefleet::db {
namespace {

constexpr std::array<std::pair<StoreSort, std::string_view>, 5> kSorts{{{StoreSort::created, "created"},
                                                                        {StoreSort::name, "name"},
                                                                        {StoreSort::status, "status"},
                                                                        {StoreSort::engine, "engine"},
                                                                        {StoreSort::updated, "updated"}}};

// The column a sort orders by (each has an index ending in id, migration 7); "" = id alone.
std::string_view sort_column(StoreSort s) {
  switch (s) {
    case StoreSort::name: return "s.name";
    case StoreSort::status: return "s.status_rank";  // severity: Failed first
    case StoreSort::engine: return "s.engine";
    case StoreSort::updated: return "s.updated_at";
    case StoreSort::created: break;
  }
  return "";
}

// The store's columns (0 … kStoreColumnCount-1), then the owner's name and the status rank.
const std::string kColumns = store_columns("s") + ", coalesce(t.name, ''), s.status_rank";

// The WHERE clause of the filters (not the cursor): shared by the page and its total.
std::string filter_sql(const StoreQuery& q) {
  std::string sql = " WHERE 1";
  if (q.statuses.empty()) {
    sql += " AND s.status <> 'Deleted'";
  } else {
    sql += " AND s.status IN (";
    for (std::size_t i = 0; i < q.statuses.size(); ++i) sql += (i ? ", :st" : ":st") + std::to_string(i);
    sql += ")";
  }
  if (q.engine) sql += " AND s.engine = :engine";
  if (q.owner) sql += " AND (s.owner = :owner OR s.owner IN (SELECT id FROM api_tokens WHERE name = :owner))";
  if (q.tenant) sql += " AND s.owner = :tenant";
  if (!q.name_contains.empty()) sql += " AND instr(s.name, :contains) > 0";
  return sql;
}

void bind_filters(SQLite::Statement& st, const StoreQuery& q) {
  for (std::size_t i = 0; i < q.statuses.size(); ++i)
    st.bind(":st" + std::to_string(i), std::string(to_string(q.statuses[i])));
  if (q.engine) st.bind(":engine", std::string(to_string(*q.engine)));
  if (q.owner) st.bind(":owner", *q.owner);
  if (q.tenant) st.bind(":tenant", *q.tenant);
  if (!q.name_contains.empty()) st.bind(":contains", q.name_contains);
}

ListedStore read_row(SQLite::Statement& st) {
  ListedStore r;
  r.store = store_from_row(st);
  r.owner_name = st.getColumn(kStoreColumnCount).getString();
  return r;
}

StoreListPosition position_of(SQLite::Statement& st, StoreSort sort) {
  StoreListPosition p;
  p.id = st.getColumn(0).getInt64();
  switch (sort) {
    case StoreSort::name: p.text_key = st.getColumn(1).getString(); break;
    case StoreSort::engine: p.text_key = st.getColumn(2).getString(); break;
    case StoreSort::updated: p.number_key = st.getColumn(10).getInt64(); break;
    case StoreSort::status: p.number_key = st.getColumn(kStoreColumnCount + 1).getInt64(); break;
    case StoreSort::created: break;
  }
  return p;
}

}  // namespace

std::string_view to_string(StoreSort s) noexcept {
  for (const auto& [sort, name] : kSorts)
    if (sort == s) return name;
  return "created";
}

std::optional<StoreSort> parse_store_sort(std::string_view s) noexcept {
  for (const auto& [sort, name] : kSorts)
    if (name == s) return sort;
  return std::nullopt;
}

bool sorts_by_text(StoreSort s) noexcept { return s == StoreSort::name || s == StoreSort::engine; }

std::vector<std::string_view> store_sort_names() {
  std::vector<std::string_view> out;
  for (const auto& [sort, name] : kSorts) out.push_back(name);
  return out;
}

StorePage StoreListing::query(Conn& c, const StoreQuery& q) {
  const auto column = sort_column(q.sort);
  const std::string dir = q.descending ? " DESC" : " ASC";
  const std::string cmp = q.descending ? " < " : " > ";
  std::string sql = "SELECT " + kColumns + " FROM stores s LEFT JOIN api_tokens t ON t.id = s.owner" +
                    filter_sql(q);
  if (q.after)  // a row value comparison: SQLite seeks the (key, id) index to the cursor
    sql += column.empty() ? " AND s.id" + cmp + ":after_id"
                          : " AND (" + std::string(column) + ", s.id)" + cmp + "(:after_key, :after_id)";
  sql += " ORDER BY ";
  if (!column.empty()) sql += std::string(column) + dir + ", ";
  sql += "s.id" + dir + " LIMIT :limit";

  SQLite::Statement st(c, sql);
  bind_filters(st, q);
  if (q.after) {
    st.bind(":after_id", q.after->id);
    if (!column.empty()) {
      if (sorts_by_text(q.sort))
        st.bind(":after_key", q.after->text_key);
      else
        st.bind(":after_key", q.after->number_key);
    }
  }
  st.bind(":limit", q.limit + 1);  // one row more than asked tells whether another page exists
  StorePage page;
  StoreListPosition last;  // of the last row returned: the next page starts after it
  while (st.executeStep()) {
    if (static_cast<int>(page.rows.size()) == q.limit) {
      page.next = last;
      break;
    }
    page.rows.push_back(read_row(st));
    last = position_of(st, q.sort);
  }

  if (!q.after && !page.next) {  // the whole result is on this page: no count needed (a search's usual case)
    page.total = static_cast<std::int64_t>(page.rows.size());
    return page;
  }
  SQLite::Statement count(c, "SELECT count(*) FROM stores s" + filter_sql(q));
  bind_filters(count, q);
  count.executeStep();
  page.total = count.getColumn(0).getInt64();
  return page;
}

}  // namespace storefleet::db
