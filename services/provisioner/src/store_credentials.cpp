#include "storefleet/provisioner/store_credentials.hpp"

#include <boost/json/serialize.hpp>

#include "storefleet/core/store.hpp"
#include "storefleet/provisioner/kubeconfig.hpp"
#include "storefleet/provisioner/store_resources.hpp"

namespace json = boost::json;

namespace storefleet::provisioner {
namespace {

std::string error_body(const std::string& code, const std::string& message) {
  return json::serialize(json::object{
      {"error", json::object{{"code", code}, {"message", message}, {"details", json::array{}}}}});
}

}  // namespace

std::optional<StoreCredentials> credentials_from_secret(const json::object& secret) {
  const auto* data = secret.if_contains("data");
  if (!data || !data->is_object()) return std::nullopt;
  auto field = [&](const char* key) -> std::optional<std::string> {
    const auto* v = data->as_object().if_contains(key);
    if (!v || !v->is_string()) return std::nullopt;
    try {
      return base64_decode(std::string(v->as_string()));
    } catch (const KubeconfigError&) {
      return std::nullopt;  // not base64; the error is dropped whole, whatever it quotes
    }
  };
  auto user = field("admin-user");
  auto password = field("admin-password");
  auto email = field("admin-email");
  if (!user || !password || !email) return std::nullopt;
  return StoreCredentials{std::move(*user), std::move(*password), std::move(*email),
                          field("publishable-key").value_or("")};
}

HttpReply credentials_reply(const std::string& store,
                            const std::function<std::optional<StoreCredentials>(const std::string&)>& read) {
  if (const auto problems = validate_store_name(store); !problems.empty())
    return {400, error_body("bad_request", "invalid store name: " + problems.front().message)};
  try {
    const auto creds = read(store);
    if (!creds) return {404, error_body("not_found", "store " + store + " has no credentials Secret")};
    json::object body{{"storeName", store},
                      {"username", creds->username},
                      {"password", creds->password},
                      {"email", creds->email}};
    if (!creds->publishable_key.empty()) body["publishableKey"] = creds->publishable_key;
    return {200, json::serialize(body)};
  } catch (const KubeError& e) {
    // The message names the call and the cluster's status only (see StoreResources), never Secret data.
    if (e.status() == 0) return {503, error_body("cluster_unavailable", "cannot reach the cluster")};
    return {502, error_body("cluster_error", "the cluster answered HTTP " + std::to_string(e.status()))};
  } catch (const std::exception&) {
    // e.g. a Secret without the admin keys; what() is not passed on, so no value can leak through it.
    return {502, error_body("cluster_error", "the credentials Secret of " + store + " is unreadable")};
  }
}

}  // namespace storefleet::provisioner
