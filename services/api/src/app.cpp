#include "storefleet/api/app.hpp"

#include <sys/stat.h>

#include <cstdio>

#include "storefleet/api/access_api.hpp"
#include "storefleet/api/audit_trail.hpp"
#include "storefleet/api/auth.hpp"
#include "storefleet/api/http_server.hpp"
#include "storefleet/api/idempotency.hpp"
#include "storefleet/api/info_api.hpp"
#include "storefleet/api/provisioner_calls.hpp"
#include "storefleet/api/provisioner_link.hpp"
#include "storefleet/api/rollout_api.hpp"
#include "storefleet/api/store_api.hpp"
#include "storefleet/core/log.hpp"
#include "storefleet/core/util.hpp"
#include "storefleet/db/events.hpp"
#include "storefleet/db/jobs.hpp"
#include "storefleet/db/stores.hpp"
#include "storefleet/db/tokens.hpp"

namespace storefleet::api {

void add_api_options(CLI::App& app, ApiConfig& cfg) {
  add_common_options(app, cfg.common, "0.0.0.0:3001");
  app.add_option("--provisioner-url", cfg.provisioner_url, "Base URL of storefleet-provisioner (events, wake-up)")
      ->envname("STOREFLEET_PROVISIONER_URL")
      ->capture_default_str();
  app.add_option("--provisioner-ca-file", cfg.provisioner_ca_file,
                 "PEM CA that signed an https:// --provisioner-url's certificate (default: the system's CAs)")
      ->envname("STOREFLEET_PROVISIONER_CA_FILE")
      ->check(CLI::ExistingFile);
  app.add_option("--dashboard-dir", cfg.dashboard_dir, "Folder with the built dashboard (served at /)")
      ->envname("STOREFLEET_DASHBOARD_DIR");
  app.add_option("--threads", cfg.threads, "I/O threads")->check(CLI::Range(1, 64))->capture_default_str();
  app.add_option("--cors-origin", cfg.cors_origins, "Allowed CORS origin (repeatable; * allows any)")
      ->envname("STOREFLEET_CORS_ORIGIN")
      ->delimiter(',');
  app.add_option("--sse-heartbeat-ms", cfg.sse_heartbeat_ms, "Interval of SSE heartbeat comments")
      ->check(CLI::Range(50, 600000))
      ->capture_default_str();
  app.add_option("--sse-buffer-kib", cfg.sse_buffer_kib, "KiB buffered for a slow SSE client before dropping it")
      ->check(CLI::Range(4, 1 << 20))
      ->capture_default_str();
  app.add_option("--max-connections", cfg.max_connections,
                 "Connections at once, event streams included; beyond, 503 (0 = the descriptor limit less 64)")
      ->check(CLI::Range(0, 1 << 20))
      ->capture_default_str();
  app.add_option("--max-streams-per-token", cfg.max_streams_per_token,
                 "Open /api/events streams per credential; beyond, 429 (0 = no limit)")
      ->check(CLI::Range(0, 1 << 20))
      ->capture_default_str();
  app.add_option("--event-poll-ms", cfg.event_poll_ms, "How often the event log is re-read as a safety net")
      ->check(CLI::Range(10, 60000))
      ->capture_default_str();
  app.add_option("--admin-token-file", cfg.admin_token_file, "File holding the admin bearer token (>= 16 characters)")
      ->envname("STOREFLEET_ADMIN_TOKEN_FILE")
      ->required();
  auto rate = [&](const char* flag, double& v, const char* what) {
    app.add_option(flag, v, what)->check(CLI::Range(0.0, 1e6))->capture_default_str();
  };
  rate("--token-rate", cfg.limits.token_rate, "Requests per second per token (0 = no limit)");
  rate("--token-burst", cfg.limits.token_burst, "Burst of requests per token");
  rate("--ip-rate", cfg.limits.ip_rate, "Requests per second per client IP (0 = no limit)");
  rate("--ip-burst", cfg.limits.ip_burst, "Burst of requests per client IP");
  rate("--create-rate-per-min", cfg.limits.create_per_min, "Store creations per minute per token (0 = no limit)");
  rate("--create-burst", cfg.limits.create_burst, "Burst of store creations per token");
  rate("--auth-failure-rate-per-min", cfg.limits.auth_failure_per_min,
       "Failed authentications per minute per client IP before 429 (0 = no limit)");
  rate("--auth-failure-burst", cfg.limits.auth_failure_burst, "Burst of failed authentications per client IP");
  app.add_option("--session-hours", cfg.session_hours, "Lifetime of a dashboard session")
      ->check(CLI::Range(1, 24 * 30))
      ->capture_default_str();
  app.add_flag("--secure-cookies", cfg.secure_cookies,
               "Mark the session cookie Secure (implied by --tls-cert-file; for TLS ended at a proxy)");
  app.add_option("--trusted-proxies", cfg.trusted_proxies,
                 "CIDR[,CIDR...] of proxies whose Forwarded / X-Forwarded-For names the client (default: none)")
      ->envname("STOREFLEET_TRUSTED_PROXIES")
      ->check([](const std::string& v) {
        try {
          TrustedProxies::parse(v);
          return std::string();
        } catch (const std::invalid_argument& e) {
          return std::string(e.what());
        }
      });
  add_tls_options(app, cfg.tls_cert_file, cfg.tls_key_file, "browsers and clients");
}

int run_api(const ApiConfig& cfg) {
  log::init(cfg.common.log_level);
  const auto listen = parse_host_port(cfg.common.listen);
  db::Database database(cfg.common.db);
  database.checkpoint_in_background();  // no WAL checkpoint (and its fsync) inside a request's COMMIT
  const auto started = now_ms();

  const std::string internal_token =
      cfg.common.internal_token_file.empty() ? std::string() : read_secret_file(cfg.common.internal_token_file);
  if (internal_token.empty())
    log::warn("api", "no --internal-token-file: the provisioner will refuse this API's event stream, wake-ups and "
                     "credentials reads (give both services the same token file)");

  AuthSettings auth_settings;
  {
    auth_settings.admin_secret = read_secret_file(cfg.admin_token_file);
    if (auth_settings.admin_secret.size() < 16)
      throw std::runtime_error("the admin token in " + cfg.admin_token_file + " is shorter than 16 characters");
    struct stat st {};
    // Group access is how Kubernetes (fsGroup) and systemd share a file with a service; others must not read it.
    if (::stat(cfg.admin_token_file.c_str(), &st) == 0 && (st.st_mode & 007) != 0)
      log::warn("api", "the admin token file is readable by any user; chmod o-rwx it",
                {{"file", cfg.admin_token_file}});
  }
  auth_settings.trusted_origins = cfg.cors_origins;
  auth_settings.limits = cfg.limits;
  auth_settings.session_ttl = std::chrono::hours(cfg.session_hours);
  const bool tls = !cfg.tls_cert_file.empty();
  auth_settings.secure_cookies = cfg.secure_cookies || tls;  // a cookie set over HTTPS never travels over HTTP
  Authenticator auth(database, std::move(auth_settings));

  SseHub hub(database, database.read([](db::Conn& c) { return db::EventLog::last_id(c); }));
  // Every publication runs on this one thread: a create answers without waiting for its event to reach every
  // stream, events in quick succession share one fan-out, and a fan-out that took T rests 2T, so streaming to
  // thousands of clients takes at most a third of the I/O threads and batches more events per write as it grows.
  CoalescingTask publisher([&] { hub.catch_up(); }, 2.0);
  publisher.start();
  ProvisionerWaker waker(cfg.provisioner_url, internal_token, cfg.provisioner_ca_file);
  EventStreamClient stream(
      cfg.provisioner_url, [&] { return hub.last_published(); },
      [&](std::int64_t id) {
        if (id < 0 || id > hub.last_published()) publisher.poke();
      },
      internal_token, cfg.provisioner_ca_file);

  Router router;
  ProvisionerCalls provisioner_calls(cfg.provisioner_url, internal_token, cfg.provisioner_ca_file);
  StoreApi stores({&database, cfg.common.store_domain, [&] { publisher.poke(); }, [&] { waker.ping(); },
                   [&](const std::string& store, std::function<void(CredentialsReply)> done) {
                     provisioner_calls.fetch_credentials(store, std::move(done));
                   }});
  stores.register_routes(router);
  RolloutApi rollouts({&database, [&] { waker.ping(); }});
  rollouts.register_routes(router);
  SessionApi sessions(database, auth, [&](const std::string& session) { hub.end_streams_of_session(session); });
  sessions.register_routes(router);
  TokenApi tokens(database, [&](const std::string& token_id) { hub.end_streams_of_actor(token_id); });
  tokens.register_routes(router);
  InfoApi info({&database, "0.1.0", started, [&] { return stream.connected(); }});
  info.register_routes(router);
  RequestMetrics metrics;
  register_platform_routes(router, [&] {
    GaugeSnapshot g;
    g.sse_clients = static_cast<std::int64_t>(hub.client_count());
    g.sse_dropped_total = hub.dropped_total();
    g.sse_fanouts_total = hub.fanouts_total();
    g.sse_deliveries_total = hub.deliveries_total();
    g.provisioner_connected = stream.connected();
    g.db_write_transactions_total = database.write_transactions();
    database.read([&](db::Conn& c) {
      g.queue_depth = db::JobQueue::depth(c);
      auto counts = db::StoreRepo::counts(c);
      for (auto s : all_statuses()) {
        std::int64_t n = 0;
        for (const auto& [st, k] : counts.by_status)
          if (st == s) n = k;
        g.stores_by_status.emplace_back(std::string(to_string(s)), n);
      }
    });
    return metrics.render(g);
  });

  StaticFiles statics(cfg.dashboard_dir);
  RequestPipeline pipeline(router, statics, CorsPolicy(cfg.cors_origins), metrics);
  pipeline.set_authenticator([&](HttpRequest& req) { return auth(req); });
  RefusalTally refusals;
  pipeline.set_audit_sink(make_audit_sink(database, &refusals));
  pipeline.set_https_only(tls);

  ServerOptions opts;
  opts.host = listen.host;
  opts.port = listen.port;
  opts.threads = cfg.threads;
  opts.sse_heartbeat = std::chrono::milliseconds(cfg.sse_heartbeat_ms);
  opts.sse_buffer_bytes = static_cast<std::size_t>(cfg.sse_buffer_kib) * 1024;
  opts.max_connections = cfg.max_connections;
  opts.max_streams_per_token = cfg.max_streams_per_token;
  opts.trusted_proxies = TrustedProxies::parse(cfg.trusted_proxies);
  opts.tls_cert_file = cfg.tls_cert_file;
  opts.tls_key_file = cfg.tls_key_file;
  HttpServer server(opts, pipeline, hub);
  const auto port = server.listen();
  server.every(std::chrono::milliseconds(cfg.sse_heartbeat_ms), [&] { hub.heartbeat(); });
  server.every(std::chrono::milliseconds(cfg.event_poll_ms), [&] { publisher.poke(); });
  server.every(std::chrono::seconds(10), [&] { refusals.flush(database); });
  server.every(std::chrono::minutes(10), [&] {
    const auto now = now_ms();
    try {
      database.write([&](db::Conn& c) {
        db::SessionRepo::purge_expired(c, now);
        db::IdempotencyRepo::purge_older_than(c, now - kIdempotencyWindowMs);
      });
    } catch (const std::exception& e) {
      log::warn("api", "purging expired sessions failed", {{"error", e.what()}});
    }
  });

  waker.start();
  stream.start();
  log::info("api", "listening",
            {{"host", listen.host}, {"port", std::to_string(port)}, {"provisioner", cfg.provisioner_url},
             {"dashboard", cfg.dashboard_dir.empty() ? "(none)" : cfg.dashboard_dir}});
  std::printf("storefleet-api listening on %s:%u%s\n", listen.host.c_str(), port, tls ? " (https)" : "");
  std::fflush(stdout);

  server.run();
  // Calls still waiting on the provisioner are dropped while the server (whose connections they would answer)
  // still exists.
  provisioner_calls.shutdown();
  publisher.stop();
  refusals.flush(database);  // what was counted since the last flush
  stream.stop();
  waker.stop();
  log::info("api", "stopped");
  return 0;
}

}  // namespace storefleet::api
