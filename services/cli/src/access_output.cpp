// Rendering of the access answers: a store's admin login and the list of API tokens.
#include <ctime>
#include <sstream>

#include "storefleet/cli/output.hpp"

namespace storefleet::cli {

std::string render_credentials(const boost::json::value& resp, OutputFormat f) {
  if (f == OutputFormat::json) return boost::json::serialize(resp) + "\n";
  static const boost::json::object empty;
  const auto& o = resp.is_object() ? resp.as_object() : empty;
  const std::pair<const char*, const char*> fields[] = {
      {"store", "storeName"},   {"engine", "engine"},      {"url", "url"},
      {"admin URL", "adminUrl"}, {"login", "login"},        {"username", "username"},
      {"password", "password"}, {"email", "email"},        {"store API", "storeApiUrl"},
      {"publishable key", "publishableKey"}};
  std::ostringstream out;
  for (const auto& [label, key] : fields) {
    const auto value = field_text(o, key);
    if (value.empty()) continue;
    out << label << ':' << std::string(16 - std::string_view(label).size(), ' ') << value << '\n';
  }
  if (const auto note = field_text(o, "note"); !note.empty()) out << '\n' << note << '\n';
  return out.str();
}

std::string render_token_list(const boost::json::value& resp, OutputFormat f) {
  if (f == OutputFormat::json) return boost::json::serialize(resp) + "\n";
  std::vector<std::vector<std::string>> rows;
  const auto* tokens = resp.is_object() ? resp.as_object().if_contains("tokens") : nullptr;
  const long long now = static_cast<long long>(std::time(nullptr)) * 1000;
  if (tokens && tokens->is_array())
    for (const auto& t : tokens->as_array()) {
      if (!t.is_object()) continue;
      const auto& o = t.as_object();
      const auto limit = field_text(o, "storeLimit");
      const auto revoked = field_text(o, "revokedAt");
      rows.push_back({field_text(o, "id"), field_text(o, "name"), field_text(o, "role"),
                      limit == "0" || limit.empty() ? "-" : limit, age_since(field_text(o, "createdAt"), now),
                      revoked.empty() ? "-" : "revoked " + age_since(revoked, now) + " ago"});
    }
  return render_table({"ID", "NAME", "ROLE", "STORE-LIMIT", "AGE", "REVOKED"}, rows);
}

}  // namespace storefleet::cli
