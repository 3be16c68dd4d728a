// Commands about access: a store's admin login, and the API tokens an admin issues to tenants.
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <ostream>

#include "storefleet/cli/api_client.hpp"
#include "storefleet/cli/commands.hpp"
#include "storefleet/cli/exit_codes.hpp"

namespace storefleet::cli {
namespace {

std::string enc(const std::string& s) { return boost::urls::encode(s, boost::urls::unreserved_chars); }

}  // namespace

int run_credentials(const Options& o, const std::string& name, std::ostream& out, std::ostream& err) {
  try {
    ApiClient api(o.server, o.token, client_settings(o, err));
    out << render_credentials(api.get("/api/stores/" + enc(name) + "/credentials"), o.output);
    return kOk;
  } catch (const ApiError& e) {
    return report(e, err);
  }
}

int run_tokens_create(const Options& o, const std::string& name, const std::string& role, int store_limit,
                      std::ostream& out, std::ostream& err) {
  try {
    ApiClient api(o.server, o.token, client_settings(o, err));
    // No Idempotency-Key (the API takes none here) and so no automatic re-send: a second token would be issued.
    auto v = api.post("/api/tokens", {{"name", name}, {"role", role}, {"storeLimit", store_limit}});
    if (o.output == OutputFormat::json) {
      out << boost::json::serialize(v) << '\n';
      return kOk;
    }
    const auto& t = v.as_object();
    out << field_text(t, "token") << '\n';
    const auto limit = field_text(t, "storeLimit");
    err << "created token " << field_text(t, "id") << " (" << field_text(t, "name") << ", role "
        << field_text(t, "role") << ", store limit " << (limit == "0" ? "none" : limit)
        << "); the secret above is shown only this once\n";
    return kOk;
  } catch (const ApiError& e) {
    return report(e, err);
  }
}

int run_tokens_list(const Options& o, std::ostream& out, std::ostream& err) {
  try {
    ApiClient api(o.server, o.token, client_settings(o, err));
    out << render_token_list(api.get("/api/tokens"), o.output);
    return kOk;
  } catch (const ApiError& e) {
    return report(e, err);
  }
}

int run_tokens_revoke(const Options& o, const std::string& id, std::ostream& out, std::ostream& err) {
  try {
    ApiClient api(o.server, o.token, client_settings(o, err));
    auto v = api.del("/api/tokens/" + enc(id));
    if (o.output == OutputFormat::json)
      out << boost::json::serialize(v) << '\n';
    else
      out << id << ": revoked\n";
    return kOk;
  } catch (const ApiError& e) {
    return report(e, err);
  }
}

}  // namespace storefleet::cli
