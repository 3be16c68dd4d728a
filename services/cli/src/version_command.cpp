// `storefleet version`: this CLI's version, and the API server's (from /api/health) when it can be reached.
#include <ostream>

#include "storefleet/cli/api_client.hpp"
#include "storefleet/cli/commands.hpp"
#include "storefleet/cli/exit_codes.hpp"

#ifndef STOREFLEET_VERSION
#error "STOREFLEET_VERSION must be defined by the build"
#endif

namespace storefleet::cli {

int run_version(const Options& o, std::ostream& out, std::ostream& err) {
  std::string server_version;
  try {
    auto settings = client_settings(o, err);
    settings.transport_retries = 0;
    settings.read_timeout = std::chrono::milliseconds(5000);
    ApiClient api(o.server, o.token, settings);
    const auto health = api.get("/api/health");
    server_version = field_text(health.as_object(), "version");
  } catch (const ApiError& e) {
    server_version = "";  // the CLI's own version is still worth printing
    if (o.output == OutputFormat::table) err << "note: server version unknown: " << e.what() << '\n';
  }
  if (o.output == OutputFormat::json) {
    out << boost::json::serialize(boost::json::object{{"client", STOREFLEET_VERSION},
                                                      {"server", server_version.empty() ? boost::json::value(nullptr)
                                                                                        : boost::json::value(server_version)},
                                                      {"serverUrl", o.server}})
        << '\n';
  } else {
    out << "storefleet " << STOREFLEET_VERSION << '\n';
    if (!server_version.empty()) out << "server " << server_version << " at " << o.server << '\n';
  }
  return kOk;
}

}  // namespace storefleet::cli
