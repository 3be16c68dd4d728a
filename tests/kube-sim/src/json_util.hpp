// Small helpers over Boost.JSON used everywhere in kube-sim.
#pragma once
#include <boost/json.hpp>

#include <string>
#include <string_view>

namespace kubesim {
namespace json = boost::json;

// Object member as object/string/int, or a default when absent or of another type.
const json::object* obj_at(const json::object& o, std::string_view key);
json::object* obj_at(json::object& o, std::string_view key);
const json::array* arr_at(const json::object& o, std::string_view key);
std::string str_at(const json::object& o, std::string_view key, std::string def = "");
std::int64_t int_at(const json::object& o, std::string_view key, std::int64_t def = 0);
bool bool_at(const json::object& o, std::string_view key, bool def = false);
// Creates (or replaces a non-object with) an empty object member.
json::object& ensure_obj(json::object& o, std::string_view key);
// Dotted path lookup ("status.phase"); nullptr when missing.
const json::value* path_at(const json::object& o, std::string_view dotted);
// Scalar rendering used by field selectors and messages ("true", "3", "x").
std::string scalar_string(const json::value& v);

json::object parse_object(std::string_view text);  // throws ApiError(400) on bad JSON / non-object
std::string dump(const json::value& v);

std::string now_rfc3339();
std::string new_uid();
std::string random_suffix(std::size_t n);  // k8s rand.String alphabet (bcdfghjklmnpqrstvwxz2456789)
std::string stable_hash(std::string_view data, std::size_t n);  // same alphabet, deterministic

std::string base64_encode(std::string_view in);
}  // namespace kubesim

namespace kubesim {
// Removes the array elements for which pred is true (std::erase_if does not apply to json::array).
template <class Pred>
void erase_where(json::array& a, Pred pred) {
  for (std::size_t i = a.size(); i-- > 0;)
    if (pred(a[i])) a.erase(a.begin() + static_cast<std::ptrdiff_t>(i));
}
}  // namespace kubesim
