// `storefleet list`: every store by default, page after page (the API's cursor), like kubectl get; --limit caps it.
#include <ostream>

#include "storefleet/cli/api_client.hpp"
#include "storefleet/cli/commands.hpp"
#include "storefleet/cli/exit_codes.hpp"

namespace storefleet::cli {
namespace {
constexpr int kPageSize = 500;

std::string list_path(const ListOptions& l, int page_size, const std::string& cursor) {
  std::string path = "/api/stores?limit=" + std::to_string(page_size) + "&sort=" + url_component(l.sort_by) +
                     "&order=" + (l.descending ? "desc" : "asc");
  for (auto [name, value] : {std::pair{"status", &l.status}, std::pair{"engine", &l.engine},
                             std::pair{"owner", &l.owner}, std::pair{"q", &l.search}})
    if (!value->empty()) path += std::string("&") + name + "=" + url_component(*value);
  if (!cursor.empty()) path += "&cursor=" + url_component(cursor);
  return path;
}
}  // namespace

int run_list(const Options& o, const ListOptions& l, std::ostream& out, std::ostream& err) {
  try {
    ApiClient api(o.server, o.token, client_settings(o, err));
    boost::json::array stores;
    std::int64_t total = 0;
    std::string cursor;
    for (;;) {
      const int want = l.limit > 0 ? std::min(kPageSize, l.limit - static_cast<int>(stores.size())) : kPageSize;
      auto page = api.get(list_path(l, want, cursor)).as_object();
      if (const auto* t = page.if_contains("total"); t && t->is_int64()) total = t->as_int64();
      for (auto& s : page.at("stores").as_array()) stores.push_back(std::move(s));
      const auto* next = page.if_contains("next_cursor");
      if (!next || !next->is_string() || (l.limit > 0 && static_cast<int>(stores.size()) >= l.limit)) break;
      cursor = std::string(next->as_string());
    }
    const auto shown = static_cast<std::int64_t>(stores.size());
    out << render_store_list(boost::json::object{{"stores", std::move(stores)}, {"total", total}}, o.output);
    // Said on stderr, so a script reading stdout gets the table (or JSON) alone.
    if (shown < total)
      err << shown << " of " << total << " stores shown; --limit 0 lists them all\n";
    return kOk;
  } catch (const ApiError& e) {
    return report(e, err);
  }
}

}  // namespace storefleet::cli
