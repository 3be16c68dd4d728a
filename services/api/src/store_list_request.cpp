#include "storefleet/api/store_list_request.hpp"

#include <boost/algorithm/string/case_conv.hpp>
#include <boost/algorithm/string/predicate.hpp>
#include <boost/algorithm/string/split.hpp>

#include <charconv>

#include "storefleet/api/request_parsing.hpp"
#include "storefleet/core/errors.hpp"
#include "storefleet/core/util.hpp"

namespace storefleet::api {
namespace {

constexpr std::size_t kMaxSearch = 63;  // a store name's length limit
constexpr std::size_t kMaxOwner = 128;

template <class Range>
std::string joined(const Range& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

std::vector<StoreStatus> parse_statuses(const std::string& text) {
  std::vector<std::string> parts;
  boost::algorithm::split(parts, text, [](char c) { return c == ','; });
  std::vector<std::string_view> valid;
  for (auto s : all_statuses()) valid.push_back(to_string(s));
  std::vector<StoreStatus> out;
  for (const auto& part : parts) {
    bool found = false;
    for (auto s : all_statuses())
      if (boost::algorithm::iequals(part, to_string(s))) {
        out.push_back(s);
        found = true;
      }
    if (!found) throw bad_query_param("status", "'" + part + "' is not a status; use one or more of: " + joined(valid));
  }
  return out;
}

}  // namespace

db::StoreQuery parse_store_list_request(const HttpRequest& req) {
  db::StoreQuery q;
  if (const auto* v = query_value(req, "status")) q.statuses = parse_statuses(*v);
  if (const auto* v = query_value(req, "engine")) {
    q.engine = parse_engine(boost::algorithm::to_lower_copy(*v));
    if (!q.engine) throw bad_query_param("engine", "'" + *v + "' is not an engine; use woocommerce or medusa");
  }
  if (const auto* v = query_value(req, "owner")) {
    if (v->size() > kMaxOwner) throw bad_query_param("owner", "must be a token id or name of at most 128 characters");
    q.owner = *v;
  }
  if (const auto* v = query_value(req, "q")) {
    if (v->size() > kMaxSearch) throw bad_query_param("q", "must be at most 63 characters (a store name's length)");
    q.name_contains = boost::algorithm::to_lower_copy(*v);  // store names are lower case
  }
  if (const auto* v = query_value(req, "sort")) {
    auto sort = db::parse_store_sort(*v);
    if (!sort) throw bad_query_param("sort", "'" + *v + "' is not a sort key; use one of: " + joined(db::store_sort_names()));
    q.sort = *sort;
  }
  if (const auto* v = query_value(req, "order")) {
    if (*v != "asc" && *v != "desc") throw bad_query_param("order", "'" + *v + "' is not an order; use asc or desc");
    q.descending = *v == "desc";
  }
  q.limit = query_int(req, "limit", kDefaultStorePage, 1, kMaxStorePage);
  if (const auto* v = query_value(req, "cursor")) q.after = decode_store_cursor(*v, q.sort, q.descending);
  return q;
}

// "p:<sort>:<a|d>:<id>:<key>": the key is last, so it may hold any character.
std::string encode_store_cursor(db::StoreSort sort, bool descending, const db::StoreListPosition& after) {
  const bool text = db::sorts_by_text(sort);
  return base64url_encode("p:" + std::string(db::to_string(sort)) + ":" + (descending ? "d" : "a") + ":" +
                          std::to_string(after.id) + ":" +
                          (text ? after.text_key : std::to_string(after.number_key)));
}

db::StoreListPosition decode_store_cursor(const std::string& cursor, db::StoreSort sort, bool descending) {
  auto bad = [] { throw bad_query_param("cursor", "is not a cursor this list returned"); };
  if (cursor.size() > 256) bad();
  auto raw = base64_decode(cursor);
  if (!raw) bad();
  const std::string prefix = "p:" + std::string(db::to_string(sort)) + ":" + (descending ? "d" : "a") + ":";
  if (raw->rfind("p:", 0) == 0 && raw->rfind(prefix, 0) != 0)
    throw bad_query_param("cursor", "belongs to another sort or order: keep sort and order while paging");
  if (raw->rfind(prefix, 0) != 0) bad();
  const std::string_view rest = std::string_view(*raw).substr(prefix.size());
  const auto colon = rest.find(':');
  if (colon == std::string_view::npos) bad();
  db::StoreListPosition p;
  auto number = [&](std::string_view s, std::int64_t& out) {
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) bad();
  };
  number(rest.substr(0, colon), p.id);
  const auto key = rest.substr(colon + 1);
  if (db::sorts_by_text(sort))
    p.text_key = std::string(key);
  else if (sort != db::StoreSort::created)
    number(key, p.number_key);
  return p;
}

}  // namespace storefleet::api
