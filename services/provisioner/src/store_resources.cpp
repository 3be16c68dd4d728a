#include "storefleet/provisioner/store_resources.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "storefleet/core/util.hpp"
#include "storefleet/provisioner/informer.hpp"
#include "storefleet/provisioner/observed_facts.hpp"

namespace json = boost::json;

namespace storefleet::provisioner {
namespace {

std::string status_message(const KubeResponse& r) {
  if (r.status == 0) return r.error;
  json::error_code ec;
  auto v = json::parse(r.body, ec);
  if (!ec && v.is_object()) {
    const auto msg = json_string(v.as_object(), {"message"});
    if (!msg.empty()) return msg;
  }
  return "HTTP " + std::to_string(r.status);
}

[[noreturn]] void fail(const std::string& what, const KubeResponse& r) {
  throw KubeError(r.status, what + ": " + status_message(r));
}

}  // namespace

std::string namespace_body(const std::string& store) {
  return json::serialize(json::object{
      {"apiVersion", "v1"},
      {"kind", "Namespace"},
      {"metadata",
       json::object{{"name", namespace_for(store)},
                    {"labels", json::object{{kStoreLabel, store},
                                            {"app.kubernetes.io/managed-by", "storefleet"},
                                            {"pod-security.kubernetes.io/enforce", "restricted"}}}}}});
}

std::map<std::string, std::string> generate_credentials(Engine engine, const std::string& admin_email) {
  std::map<std::string, std::string> c{
      {"admin-user", "admin"}, {"admin-password", random_password(24)}, {"admin-email", admin_email}};
  if (engine == Engine::woocommerce) {
    c["mysql-password"] = random_password(32);
    c["mysql-root-password"] = random_password(32);
  } else {
    c["postgres-password"] = random_password(32);
    c["jwt-secret"] = random_password(48);
    c["cookie-secret"] = random_password(48);
    // The Store API key a storefront sends (public by design); the seed Job gives Medusa this token, so the
    // platform can hand it out without asking the store (charts/store/files/medusa/publishable-key.js).
    c["publishable-key"] = "pk_" + random_hex(32);
  }
  return c;
}

std::string secret_body(const std::string& store, const std::map<std::string, std::string>& string_data) {
  json::object data;
  for (const auto& [k, v] : string_data) data[k] = v;
  return json::serialize(json::object{
      {"apiVersion", "v1"},
      {"kind", "Secret"},
      {"type", "Opaque"},
      {"metadata", json::object{{"name", store + "-credentials"},
                                {"namespace", namespace_for(store)},
                                {"labels", json::object{{kStoreLabel, store}}}}},
      {"stringData", std::move(data)}});
}

std::vector<ReleaseRecord> release_records(const json::object& secret_list) {
  std::vector<ReleaseRecord> out;
  const auto* items = secret_list.if_contains("items");
  if (!items || !items->is_array()) return out;
  for (const auto& item : items->as_array()) {
    if (!item.is_object()) continue;
    const auto& o = item.as_object();
    ReleaseRecord r;
    try {
      r.version = std::stoi(json_string(o, {"metadata", "labels", "version"}));
    } catch (...) {
      continue;
    }
    r.status = json_string(o, {"metadata", "labels", "status"});
    out.push_back(std::move(r));
  }
  return out;
}

std::string namespace_conditions_summary(const json::object& ns) {
  std::string out;
  const auto* conds = json_path(ns, {"status", "conditions"});
  if (!conds || !conds->is_array()) return out;
  for (const auto& c : conds->as_array()) {
    if (!c.is_object() || json_string(c.as_object(), {"status"}) != "True") continue;
    if (!out.empty()) out += "; ";
    out += json_string(c.as_object(), {"type"}) + "=" + json_string(c.as_object(), {"reason"});
    const auto msg = json_string(c.as_object(), {"message"});
    if (!msg.empty()) out += ": " + msg;
  }
  return out;
}

Ensured StoreResources::ensure_namespace(const std::string& store) {
  const auto res = client_.request("POST", "/api/v1/namespaces", namespace_body(store));
  if (res.ok()) return Ensured::created;
  if (res.status != 409) fail("creating namespace " + namespace_for(store), res);
  const auto ns = get_namespace(store);
  if (ns && json_string(*ns, {"status", "phase"}) == "Terminating")
    throw KubeError(409, "namespace " + namespace_for(store) + " is still Terminating");
  return Ensured::existed;
}

Ensured StoreResources::ensure_secret(const std::string& store, Engine engine, const std::string& store_domain) {
  const std::string path = "/api/v1/namespaces/" + namespace_for(store) + "/secrets";
  // Look first, so passwords are generated only when there is no Secret yet.
  const auto get = client_.request("GET", path + "/" + store + "-credentials");
  if (get.ok()) return Ensured::existed;
  if (get.status != 404) fail("reading secret " + store + "-credentials", get);
  const auto creds = generate_credentials(engine, "admin@" + store_host(store, store_domain));
  const auto res = client_.request("POST", path, secret_body(store, creds));
  if (res.ok()) return Ensured::created;
  if (res.status == 409) return Ensured::existed;  // created meanwhile: keep that one
  fail("creating secret " + store + "-credentials", res);
}

std::optional<StoreCredentials> StoreResources::read_credentials(const std::string& store) {
  const auto res = client_.request_once(
      "GET", "/api/v1/namespaces/" + namespace_for(store) + "/secrets/" + store + "-credentials", {},
      "application/json", std::chrono::seconds(10));
  if (res.status == 404) return std::nullopt;
  // Only the status goes into the error: the body of a failed GET is a Status object, but nothing here needs it.
  if (!res.ok()) throw KubeError(res.status, "reading secret " + store + "-credentials: HTTP " + std::to_string(res.status));
  json::error_code ec;
  auto v = json::parse(res.body, ec);
  if (ec || !v.is_object()) throw std::runtime_error("secret " + store + "-credentials: invalid JSON");
  auto creds = credentials_from_secret(v.as_object());
  if (!creds) throw std::runtime_error("secret " + store + "-credentials lacks the admin keys");
  return creds;
}

std::vector<ReleaseRecord> StoreResources::release_history(const std::string& store) {
  const auto res = client_.request("GET", "/api/v1/namespaces/" + namespace_for(store) +
                                              "/secrets?labelSelector=owner%3Dhelm%2Cname%3D" + store);
  if (res.status == 404) return {};
  if (!res.ok()) fail("reading helm release records", res);
  json::error_code ec;
  auto v = json::parse(res.body, ec);
  if (ec || !v.is_object()) throw KubeError(0, "helm release records: invalid JSON");
  return release_records(v.as_object());
}

bool StoreResources::delete_namespace(const std::string& store) {
  const auto res = client_.request("DELETE", "/api/v1/namespaces/" + namespace_for(store),
                                   R"({"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Background"})");
  if (res.status == 404) return false;
  if (!res.ok()) fail("deleting namespace " + namespace_for(store), res);
  return true;
}

std::optional<json::object> StoreResources::get_namespace(const std::string& store) {
  const auto res = client_.request("GET", "/api/v1/namespaces/" + namespace_for(store));
  if (res.status == 404) return std::nullopt;
  if (!res.ok()) fail("reading namespace " + namespace_for(store), res);
  json::error_code ec;
  auto v = json::parse(res.body, ec);
  if (ec || !v.is_object()) throw KubeError(0, "namespace: invalid JSON");
  return v.as_object();
}

}  // namespace storefleet::provisioner
