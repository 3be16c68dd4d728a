#include "storefleet/provisioner/app.hpp"

#include <boost/json/serialize.hpp>
#include <signal.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "storefleet/core/config.hpp"
#include "storefleet/core/log.hpp"
#include "storefleet/core/util.hpp"
#include "storefleet/db/catalog_repo.hpp"
#include "storefleet/db/jobs.hpp"
#include "storefleet/db/stores.hpp"
#include "storefleet/provisioner/chart_catalog.hpp"
#include "storefleet/provisioner/cluster_cache.hpp"
#include "storefleet/provisioner/durations.hpp"
#include "storefleet/provisioner/http_server.hpp"
#include "storefleet/provisioner/internal_auth.hpp"
#include "storefleet/provisioner/process_runner.hpp"
#include "storefleet/provisioner/reconcile.hpp"
#include "storefleet/provisioner/reconciler.hpp"

namespace json = boost::json;

namespace storefleet::provisioner {
namespace {

struct Options {
  CommonConfig common;
  std::string kubeconfig, context;
  std::string timeout = "15m", helm_timeout = "5m", fail_fast_after = "30s", lease = "30s", delete_timeout = "5m";
  std::string retry_backoff = "2s";
  std::string tls_cert_file, tls_key_file;
  ProvisionerSettings settings;
};

std::chrono::milliseconds duration_option(const std::string& name, const std::string& value) {
  const auto d = parse_duration(value);
  if (!d) throw CLI::ValidationError(name, "expected a duration like 90s, 15m or 500ms, got '" + value + "'");
  return *d;
}

std::optional<std::string> env(const std::string& k) {
  const char* v = std::getenv(k.c_str());
  return v ? std::optional<std::string>(v) : std::nullopt;
}

// --kubeconfig, else in-cluster service account, else $KUBECONFIG, else ~/.kube/config.
ClusterConfig cluster_config(Options& o) {
  if (o.kubeconfig.empty()) {
    if (running_in_cluster(env)) return in_cluster_config(env);
    if (auto k = env("KUBECONFIG"); k && !k->empty()) {
      o.kubeconfig = *k;
    } else if (auto home = env("HOME"); home && std::filesystem::exists(*home + "/.kube/config")) {
      o.kubeconfig = *home + "/.kube/config";
    } else {
      throw KubeconfigError("no --kubeconfig given, not in a cluster, and no $KUBECONFIG or ~/.kube/config");
    }
  }
  return load_kubeconfig(o.kubeconfig, o.context);
}

void reconcile_at_start(Services& s) {
  ReconcileInput in;
  db::StoreFilter f;
  f.limit = 100000;
  in.live_stores = s.db.read([&](db::Conn& c) { return db::StoreRepo::list(c, f); });
  for (const auto& ns : s.cache.namespaces())
    in.namespaces.emplace_back(json_string(ns, {"metadata", "name"}), store_label(ns));
  const auto plan = plan_reconcile(in);
  for (const auto& [ns, label] : plan.orphans) s.events.orphan(label, ns);
  s.metrics.set_orphans(static_cast<std::int64_t>(plan.orphans.size()));
  log::info("reconcile", "startup reconcile done", {{"stores", std::to_string(in.live_stores.size())},
                                                    {"orphans", std::to_string(plan.orphans.size())}});
}

}  // namespace

int run_app(int argc, char** argv) {
  Options o;
  auto& st = o.settings;
  CLI::App app{"storefleet-provisioner: drains the store job queue, runs helm, watches the cluster, streams events"};
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);  // a later flag overrides an earlier one
  add_common_options(app, o.common, "127.0.0.1:3002");
  app.add_option("--kubeconfig", o.kubeconfig, "kubeconfig file (default: in-cluster service account, $KUBECONFIG, ~/.kube/config)")
      ->envname("STOREFLEET_KUBECONFIG");
  app.add_option("--context", o.context, "kubeconfig context (default: current-context)");
  app.add_option("--chart", st.chart_dir, "store chart directory")->envname("STOREFLEET_CHART")->capture_default_str();
  app.add_option("--helm", st.helm.helm, "helm binary (Helm 4 or 3.12+)")->envname("STOREFLEET_HELM")->capture_default_str();
  app.add_option("--values-env", st.values_env, "values-<env>.yaml of the chart to use")
      ->check(CLI::IsMember({"local", "prod"}))->capture_default_str();
  app.add_option("--concurrency", st.concurrency,
                 "stores with a job at work at once (a store waiting for its pods costs no thread)")
      ->check(CLI::Range(1, 100000))->capture_default_str();
  app.add_option("--helm-concurrency", st.helm_concurrency, "helm processes at once, whatever --concurrency is")
      ->check(CLI::Range(1, 64))->capture_default_str();
  app.add_option("--timeout", o.timeout, "overall time a store may take to become Ready")->capture_default_str();
  app.add_option("--helm-timeout", o.helm_timeout, "time limit of one helm command")->capture_default_str();
  app.add_option("--fail-fast-after", o.fail_fast_after,
                 "how long a pod may sit in ImagePullBackOff/CrashLoopBackOff/Unschedulable before the store fails")
      ->capture_default_str();
  app.add_option("--lease", o.lease, "job lease (extended while working; a crashed worker's jobs are retaken after it)")
      ->capture_default_str();
  app.add_option("--delete-timeout", o.delete_timeout, "time a namespace may stay Terminating")->capture_default_str();
  app.add_option("--retry-backoff", o.retry_backoff, "delay before the 2nd attempt (doubles each time)")->capture_default_str();
  add_tls_options(app, o.tls_cert_file, o.tls_key_file, "the API");
  app.add_option("--auto-rollback", st.auto_rollback,
                 "roll a failed upgrade, suspend or resume back to the store's last revision that deployed")
      ->capture_default_str();
  app.add_flag("--cleanup-on-failure", st.cleanup_on_failure,
               "uninstall and delete the namespace of a store that failed for good (default: keep for debugging)");
  try {
    app.parse(argc, argv);
    st.thresholds.timeout = duration_option("--timeout", o.timeout);
    st.helm.timeout = std::chrono::duration_cast<std::chrono::seconds>(duration_option("--helm-timeout", o.helm_timeout));
    st.thresholds.fail_fast_after = duration_option("--fail-fast-after", o.fail_fast_after);
    st.lease = duration_option("--lease", o.lease);
    st.delete_timeout = duration_option("--delete-timeout", o.delete_timeout);
    st.queue.backoff_base = duration_option("--retry-backoff", o.retry_backoff);
    if (st.lease < std::chrono::seconds(3)) throw CLI::ValidationError("--lease", "must be at least 3s");
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  log::init(o.common.log_level);
  st.store_domain = o.common.store_domain;

  // Signals are taken by sigwait() below; block them before any thread starts so no thread is interrupted.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);  // reload the TLS certificate
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);

  try {
    auto listen = parse_host_port(o.common.listen);
    if (const auto problem = startup_problem(!o.common.internal_token_file.empty())) {
      log::error("main", "refusing to start", {{"error", *problem}});
      std::cerr << "storefleet-provisioner: " << *problem << "\n";
      return 2;
    }
    if (listen.host == "localhost") listen.host = "127.0.0.1";  // the acceptor binds addresses, not names
    ClusterConfig cluster = cluster_config(o);
    st.helm.kubeconfig = o.kubeconfig;
    st.helm.kube_context = o.context;
    std::string token;
    if (!o.common.internal_token_file.empty()) token = read_secret_file(o.common.internal_token_file);

    const auto version = run_process(helm_version_argv(st.helm), std::chrono::seconds(20));
    if (!version.ok()) {
      log::error("main", "helm is not usable", {{"helm", st.helm.helm}, {"output", version.output + version.error}});
      return 1;
    }
    log::info("main", "helm found", {{"helm", st.helm.helm}, {"version", version.output.substr(0, version.output.find('\n'))}});
    if (const int stale = remove_stale_values_files(std::filesystem::temp_directory_path(), 2 * st.helm.timeout))
      log::info("main", "removed values files left by a killed provisioner", {{"count", std::to_string(stale)}});

    try {
      st.catalog = load_chart_catalog(st.chart_dir);
      if (st.catalog.engines.empty())
        log::warn("main", "the chart has no versions catalogue (versions/catalog.yaml): stores run its defaults",
                  {{"chart", st.chart_dir}});
    } catch (const std::exception& e) {
      log::error("main", "the chart's versions catalogue is unusable", {{"error", e.what()}});
      std::cerr << "storefleet-provisioner: " << e.what() << "\n";
      return 2;
    }
    db::Database database(o.common.db);
    database.checkpoint_in_background();
    // The API validates versions against what this provisioner can deploy.
    if (database.write([&](db::Conn& c) { return db::CatalogRepo::publish(c, st.catalog, now_ms()); }))
      log::info("main", "published the versions catalogue", {{"chart", st.chart_dir}});
    RetryPolicy job_retry;
    job_retry.budget = st.lease / 2;  // with extensions every lease/3, a worker's call never outlives its lease
    KubeClient kube(cluster, job_retry);
    KubeClient informer_kube(cluster);  // LISTs of thousands of objects keep the full timeouts and retries
    ClusterCache cache(informer_kube);
    Metrics metrics;
    std::unique_ptr<HttpServer> server;
    StoreEvents events(database, [&] {
      if (server) server->notify();
    });
    Services services{database, kube, cache, events, metrics, st};
    Reconciler reconciler(services);
    cache.on_store_change([&](const std::string& store) { reconciler.enqueue(store); });
    struct StopCacheFirst {  // informer threads call into the reconciler: they stop before it is destroyed
      ClusterCache& cache;
      ~StopCacheFirst() { cache.stop(); }
    } stop_cache_first{cache};

    HttpHandlers handlers;
    handlers.wake = [&] { reconciler.wake(); };
    handlers.health_json = [&] {
      // Public (probes need no token): nothing about the cluster or the work in it.
      return json::serialize(json::object{{"status", "ok"}});
    };
    handlers.metrics = [&] {
      GaugeInputs g;
      try {
        g.queue_depth = database.read([](db::Conn& c) { return db::JobQueue::depth(c); });
      } catch (const std::exception&) {
      }
      g.informers_synced = cache.synced();
      g.watch_restarts = cache.watch_restarts();
      g.kube_requests = kube_requests_by_method();
      const auto q = reconciler.stats();
      g.status_queue_depth = q.depth;
      g.status_queue_adds = q.adds;
      g.status_queue_retries = q.retries;
      g.status_queue_longest_running_seconds = q.longest_running_seconds;
      g.jobs_held = reconciler.held();
      g.helm_waiting = reconciler.helm_waiting();
      return metrics.render(g);
    };
    handlers.credentials = [&kube](const std::string& store) {
      StoreResources res(kube);
      return credentials_reply(store, [&](const std::string& s) { return res.read_credentials(s); });
    };
    server = std::make_unique<HttpServer>(database, handlers, token);
    if (!o.tls_cert_file.empty()) server->use_tls(o.tls_cert_file, o.tls_key_file);
    const auto port = server->start(listen.host, listen.port);
    log::info("main", "listening", {{"host", listen.host}, {"port", std::to_string(port)},
                                    {"kube", cluster.server}, {"concurrency", std::to_string(st.concurrency)},
                                    {"helm_concurrency", std::to_string(st.helm_concurrency)},
                                    {"tls", o.tls_cert_file.empty() ? "off" : "on"}});

    cache.start();
    if (!cache.wait_synced(std::chrono::seconds(60)))
      log::warn("main", "informers not synced after 60s; working anyway (the cache fills in as lists succeed)");
    else {
      try {
        reconcile_at_start(services);
      } catch (const std::exception& e) {
        log::warn("reconcile", "startup reconcile failed", {{"error", e.what()}});
      }
    }
    reconciler.start();
    try {
      reconciler.enqueue_all();  // every Ready/Degraded store is judged once from the fresh cache
    } catch (const std::exception& e) {
      log::warn("reconcile", "could not list stores to watch", {{"error", e.what()}});
    }

    int sig = 0;
    while (sigwait(&signals, &sig) == 0 && sig == SIGHUP) {
      if (o.tls_cert_file.empty()) continue;
      try {
        server->use_tls(o.tls_cert_file, o.tls_key_file);
        log::info("main", "TLS certificate reloaded", {{"cert", o.tls_cert_file}});
      } catch (const std::exception& e) {
        log::error("main", "TLS reload failed; still serving the previous certificate", {{"error", e.what()}});
      }
    }
    log::info("main", "shutting down", {{"signal", std::to_string(sig)}});
    reconciler.stop();
    cache.stop();
    server->stop();
    return 0;
  } catch (const KubeconfigError& e) {
    log::error("main", "kubernetes configuration", {{"error", e.what()}});
    std::cerr << "storefleet-provisioner: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    log::error("main", "fatal", {{"error", e.what()}});
    std::cerr << "storefleet-provisioner: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace storefleet::provisioner
