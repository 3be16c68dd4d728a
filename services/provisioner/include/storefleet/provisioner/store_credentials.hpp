#pragma once
// A store's admin login, read from its Secret `<name>-credentials` (keys admin-user, admin-password,
// admin-email; the database passwords in the same Secret are never read out). Pure parts, tested without a
// cluster; StoreResources::read_credentials does the GET.
#include <boost/json/object.hpp>

#include <functional>
#include <optional>
#include <string>

namespace storefleet::provisioner {

struct StoreCredentials {
  std::string username, password, email;
  std::string publishable_key;  // Medusa's Store API key (not a secret); empty for WooCommerce and older Secrets
};

// The admin login from a Secret object as the API server returns it (`data` values base64-encoded). Nothing
// when a key is missing or not valid base64.
std::optional<StoreCredentials> credentials_from_secret(const boost::json::object& secret);

// An HTTP answer the server sends as is (JSON body).
struct HttpReply {
  int status = 200;
  std::string body;
};

// GET /stores/{name}/credentials once access is granted: 400 for an invalid name, 404 when `read` finds no
// Secret, 503 when the cluster cannot be reached, 502 when it answers with an error (KubeError from `read`),
// else 200 {"storeName","username","password","email"}. Error bodies never carry a value from the Secret.
HttpReply credentials_reply(const std::string& store,
                            const std::function<std::optional<StoreCredentials>(const std::string&)>& read);

}  // namespace storefleet::provisioner
