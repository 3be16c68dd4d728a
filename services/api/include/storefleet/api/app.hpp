#pragma once
// storefleet-api: flags, wiring and lifecycle. main() only calls run_api().
#include <chrono>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "storefleet/api/rate_limits.hpp"
#include "storefleet/core/config.hpp"

namespace storefleet::api {

struct ApiConfig {
  CommonConfig common;               // --db, --listen (default 0.0.0.0:3001), --store-domain, --log-level
  std::string provisioner_url = "http://127.0.0.1:3002";
  std::string provisioner_ca_file;   // PEM CA for an https:// provisioner URL (default: the system's)
  std::string dashboard_dir;         // empty: no static files
  int threads = 2;
  std::vector<std::string> cors_origins;
  int sse_heartbeat_ms = 15000;
  int sse_buffer_kib = 1024;
  int max_connections = 0;        // 0: from the descriptor limit (default_max_connections)
  int max_streams_per_token = 20;  // 0: no limit
  int event_poll_ms = 1000;          // safety net: re-read the event log this often
  std::string admin_token_file;      // holds the admin bearer token
  RateLimitSettings limits;
  int session_hours = 12;
  bool secure_cookies = false;
  std::string trusted_proxies;       // CIDR[,CIDR…]: peers whose Forwarded / X-Forwarded-For is believed
  std::string tls_cert_file, tls_key_file;  // both set: HTTPS only (reloaded on SIGHUP)
};

void add_api_options(CLI::App& app, ApiConfig& cfg);
// Runs until SIGTERM/SIGINT; returns the process exit code.
int run_api(const ApiConfig& cfg);

}  // namespace storefleet::api
