#pragma once
// Transport-free request/response types: handlers are pure functions from HttpRequest to HttpResponse, so they
// are tested without sockets and the Beast server only converts to and from these.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace storefleet::api {

// Who is calling and from where. The authenticator fills it before dispatch; handlers only read it.
enum class AuthMethod { none, bearer, session_cookie };

struct RequestContext {
  std::string actor = "anonymous";          // token id ("admin" for the start-up admin token)
  std::string actor_name;                   // the token's label
  bool admin = false;
  AuthMethod auth = AuthMethod::none;
  std::string session_id;                   // cookie sessions: SHA-256 of the cookie (ends streams on logout)
  int store_limit = 0;                      // tenants: most live stores at once (0 = no limit)
  std::string client_ip;
  std::optional<std::string> owner_filter;  // tenant restriction passed to db::StoreFilter; empty = sees all
  std::string owner_for_new_stores;         // owner recorded on created stores
};

struct HttpRequest {
  std::string method;                      // upper case, e.g. "GET"
  std::string target;                      // raw request target, path + optional query
  std::string path;                        // target before '?', still percent-encoded
  std::map<std::string, std::string> query;  // decoded query parameters (last one wins)
  std::map<std::string, std::string> headers;  // lower-cased names
  std::string body;
  RequestContext ctx;

  std::string header(std::string_view name) const;  // "" when absent; name must be lower case
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Set by a handler whose answer comes later, from another service (the credentials read): it is called once
  // with the function that delivers the final response; nothing waits for it meanwhile.
  std::function<void(std::function<void(HttpResponse)>)> deferred;

  void set_header(std::string name, std::string value);
  std::string header(std::string_view name) const;  // case-insensitive lookup, "" when absent
};

// Splits target into path and decoded query (Boost.URL). Throws DomainError(bad_request) on a malformed target.
HttpRequest make_request(std::string method, std::string target, std::map<std::string, std::string> headers = {},
                         std::string body = {});

}  // namespace storefleet::api
