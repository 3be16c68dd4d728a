// storefleet-api: the REST + SSE front of Storefleet (see services/api/include/storefleet/api/app.hpp).
#include <CLI/CLI.hpp>

#include <sys/stat.h>

#include <cstdio>
#include <exception>

#include "storefleet/api/app.hpp"

int main(int argc, char** argv) {
  // The database, its WAL and every file made later hold tenants' metadata and audit: owner only.
  ::umask(077);
  CLI::App app{"storefleet-api: REST API, live events and dashboard for Storefleet"};
  storefleet::api::ApiConfig cfg;
  storefleet::api::add_api_options(app, cfg);
  CLI11_PARSE(app, argc, argv);
  try {
    return storefleet::api::run_api(cfg);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "storefleet-api: %s\n", e.what());
    return 1;
  }
}
