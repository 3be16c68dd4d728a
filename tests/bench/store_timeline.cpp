// store_timeline: creates N stores through the API and records, on one clock, what the cluster did (pod and Job
// watches on the Kubernetes API) and what an SSE client of the API was told (GET /api/events). It reports:
//  - status latency: a pod turning Ready in the cluster -> the first store.observed event showing it ready,
//    and the last pod Ready / Job Complete of a store -> its store.status Ready event;
//  - provisioning: POST -> Ready per store, the cluster's own share of it (first pod seen -> last pod Ready / Job
//    Complete) and the rest (the platform's overhead), also without the wait for a free worker (from the
//    store's Provisioning event, when a worker claimed its job, to Ready).
//
//   store_timeline --api-port 3001 --kubeconfig kc.yaml --stores 20 --spacing-ms 0
#include <CLI/CLI.hpp>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <set>

#include "http_once.hpp"
#include "streams.hpp"

namespace json = boost::json;

namespace {

// A JSON value that is the string s (false for any other type).
bool str_is(const json::value& v, std::string_view s) { return v.is_string() && std::string_view(v.as_string()) == s; }

struct StoreTimes {
  double post_ms = 0, post_answer_ms = 0, ready_event_ms = -1, failed_event_ms = -1;
  double provisioning_event_ms = -1;  // a worker claimed the job: the end of the store's wait in the queue
  double first_pod_seen_ms = -1, last_cluster_ready_ms = -1;
  int post_status = 0;
};

struct Recorder {
  std::mutex mu;
  std::string ns_prefix;                                    // "store-<prefix>"
  std::map<std::string, double> pod_ready;                  // "ns/pod" -> first time seen Ready (workload pods)
  std::map<std::string, double> job_complete;               // "ns/job" -> first time seen Complete
  std::map<std::string, double> first_pod_seen;             // ns -> first time any pod of it was seen
  std::vector<std::pair<double, json::object>> events;      // API SSE events of our stores

  static bool condition_true(const json::object& obj, std::string_view type) {
    const auto* st = obj.if_contains("status");
    const auto* conds = st && st->is_object() ? st->as_object().if_contains("conditions") : nullptr;
    if (!conds || !conds->is_array()) return false;
    for (const auto& c : conds->as_array()) {
      const auto& co = c.as_object();
      if (co.contains("type") && str_is(co.at("type"), type) && co.contains("status") && str_is(co.at("status"), "True"))
        return true;
    }
    return false;
  }
  static bool owned_by_job(const json::object& obj) {
    const auto* refs = obj.at("metadata").as_object().if_contains("ownerReferences");
    if (!refs || !refs->is_array()) return false;
    for (const auto& r : refs->as_array())
      if (r.as_object().contains("kind") && str_is(r.as_object().at("kind"), "Job")) return true;
    return false;
  }
  bool ours(const json::object& obj, std::string& ns, std::string& name) const {
    const auto& meta = obj.at("metadata").as_object();
    if (!meta.contains("namespace")) return false;
    ns = std::string(meta.at("namespace").as_string());
    name = std::string(meta.at("name").as_string());
    return ns.rfind(ns_prefix, 0) == 0;
  }
  void on_pod(double t, const std::string& type, const json::object& pod) {
    std::string ns, name;
    if (type == "BOOKMARK" || !ours(pod, ns, name)) return;
    std::lock_guard lock(mu);
    first_pod_seen.try_emplace(ns, t);
    if (!owned_by_job(pod) && condition_true(pod, "Ready")) pod_ready.try_emplace(ns + "/" + name, t);
  }
  void on_job(double t, const std::string& type, const json::object& job) {
    std::string ns, name;
    if (type == "BOOKMARK" || !ours(job, ns, name)) return;
    std::lock_guard lock(mu);
    if (condition_true(job, "Complete")) job_complete.try_emplace(ns + "/" + name, t);
  }
  void on_event(double t, const json::object& e, const std::string& store_prefix) {
    if (!e.contains("store") || !e.at("store").is_string()) return;
    if (std::string_view(e.at("store").as_string()).rfind(store_prefix, 0) != 0) return;
    std::lock_guard lock(mu);
    events.emplace_back(t, e);
  }
};

bool pod_ready_in(const json::object& event, const std::string& pod) {
  const auto* data = event.if_contains("data");
  const auto* pods = data && data->is_object() ? data->as_object().if_contains("pods") : nullptr;
  if (!pods || !pods->is_array()) return false;
  for (const auto& p : pods->as_array()) {
    const auto& po = p.as_object();
    if (po.contains("name") && str_is(po.at("name"), pod) && po.contains("ready") && po.at("ready").is_bool() &&
        po.at("ready").as_bool())
      return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"store_timeline: create stores, time cluster readiness against the API's SSE events"};
  int api_port = 0, stores = 10, spacing_ms = 300;
  double timeout_s = 300;
  std::string kubeconfig, prefix, engine = "woocommerce";
  app.add_option("--api-port", api_port, "API port on 127.0.0.1")->required();
  app.add_option("--kubeconfig", kubeconfig, "kubeconfig of the cluster the provisioner uses")->required();
  app.add_option("--stores", stores, "stores to create")->capture_default_str();
  app.add_option("--spacing-ms", spacing_ms, "pause between two POSTs (0: all at once)")->capture_default_str();
  app.add_option("--timeout", timeout_s, "seconds to wait for every store to be Ready")->capture_default_str();
  app.add_option("--prefix", prefix, "store name prefix (default: random)");
  app.add_option("--engine", engine, "woocommerce | medusa")->capture_default_str();
  std::string token_file;
  app.add_option("--token-file", token_file, "file holding the API token");
  CLI11_PARSE(app, argc, argv);
  const auto token = bench::read_token_file(token_file);
  if (prefix.empty()) prefix = "t" + std::to_string(std::random_device{}() % 1000000);
  const auto kube = bench::read_kubeconfig(kubeconfig);

  Recorder rec;
  rec.ns_prefix = "store-" + prefix + "-";
  const std::string store_prefix = prefix + "-";
  bench::StreamThread sse, pods, jobs;
  sse.start([&](bench::StreamThread& st) {
    bench::sse_stream_once(st, api_port, token, [&](double t, const json::object& e) { rec.on_event(t, e, store_prefix); });
  });
  pods.start([&](bench::StreamThread& st) {
    bench::watch_once(st, kube, "/api/v1/pods", [&](double t, const std::string& ty, const json::object& o) {
      rec.on_pod(t, ty, o);
    });
  });
  jobs.start([&](bench::StreamThread& st) {
    bench::watch_once(st, kube, "/apis/batch/v1/jobs", [&](double t, const std::string& ty, const json::object& o) {
      rec.on_job(t, ty, o);
    });
  });
  if (!bench::wait_for([&] { return sse.connected && pods.connected && jobs.connected; }, 10000)) {
    std::cerr << "store_timeline: streams not connected (sse " << sse.connected << ", pods " << pods.connected
              << ", jobs " << jobs.connected << ")\n";
    return 2;
  }

  std::map<std::string, StoreTimes> times;
  httplib::Client api("127.0.0.1", api_port);
  if (!token.empty()) api.set_bearer_token_auth(token);
  const double t_start = bench::now_ms();
  for (int i = 0; i < stores; ++i) {
    const std::string name = store_prefix + std::to_string(i);
    auto& st = times[name];
    st.post_ms = bench::now_ms();
    auto res = api.Post("/api/stores", R"({"storeName":")" + name + R"(","engine":")" + engine + R"("})",
                        "application/json");
    st.post_answer_ms = bench::now_ms();
    st.post_status = res ? res->status : 0;
    if (spacing_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(spacing_ms));
  }
  auto settled = [&] {
    std::lock_guard lock(rec.mu);
    std::set<std::string> done;
    for (const auto& [t, e] : rec.events)
      if (str_is(e.at("type"), "store.status") && (str_is(e.at("status"), "Ready") || str_is(e.at("status"), "Failed")))
        done.insert(std::string(e.at("store").as_string()));
    return static_cast<int>(done.size()) >= stores;
  };
  const bool all_settled = bench::wait_for(settled, timeout_s * 1000);
  const double wall_ms = bench::now_ms() - t_start;
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // late watch events of the last store
  sse.stop();
  pods.stop();
  jobs.stop();

  std::lock_guard lock(rec.mu);
  std::vector<double> pod_to_event, ready_to_event, post_to_ready, cluster_span, overhead;
  std::vector<double> queue_wait, service_time, own_overhead;
  int pods_never_reported = 0, failed = 0;
  for (const auto& [key, t_ready] : rec.pod_ready) {
    const auto slash = key.find('/');
    const std::string store = key.substr(std::string("store-").size(), slash - 6), pod = key.substr(slash + 1);
    bool found = false;
    for (const auto& [t, e] : rec.events) {
      if (str_is(e.at("type"), "store.observed") && str_is(e.at("store"), store) && pod_ready_in(e, pod)) {
        pod_to_event.push_back(t - t_ready);
        found = true;
        break;
      }
    }
    if (!found) ++pods_never_reported;
  }
  for (const auto& [t, e] : rec.events) {
    if (!str_is(e.at("type"), "store.status")) continue;
    auto it = times.find(std::string(e.at("store").as_string()));
    if (it == times.end()) continue;
    if (str_is(e.at("status"), "Ready") && it->second.ready_event_ms < 0) it->second.ready_event_ms = t;
    if (str_is(e.at("status"), "Failed") && it->second.failed_event_ms < 0) it->second.failed_event_ms = t;
    if (str_is(e.at("status"), "Provisioning") && it->second.provisioning_event_ms < 0)
      it->second.provisioning_event_ms = t;
  }
  json::array per_store;
  for (auto& [name, st] : times) {
    const std::string ns = "store-" + name;
    if (auto f = rec.first_pod_seen.find(ns); f != rec.first_pod_seen.end()) st.first_pod_seen_ms = f->second;
    for (const auto* m : {&rec.pod_ready, &rec.job_complete})
      for (const auto& [key, t] : *m)
        if (key.rfind(ns + "/", 0) == 0) st.last_cluster_ready_ms = std::max(st.last_cluster_ready_ms, t);
    if (st.failed_event_ms >= 0) ++failed;
    json::object o{{"store", name}, {"post_status", st.post_status},
                   {"post_answer_ms", bench::round3(st.post_answer_ms - st.post_ms)}};
    if (st.ready_event_ms >= 0) {
      post_to_ready.push_back(st.ready_event_ms - st.post_ms);
      o["post_to_ready_ms"] = bench::round3(st.ready_event_ms - st.post_ms);
      if (st.last_cluster_ready_ms >= 0) {
        ready_to_event.push_back(st.ready_event_ms - st.last_cluster_ready_ms);
        o["cluster_ready_to_event_ms"] = bench::round3(st.ready_event_ms - st.last_cluster_ready_ms);
      }
      if (st.first_pod_seen_ms >= 0 && st.last_cluster_ready_ms >= 0) {
        const double span = st.last_cluster_ready_ms - st.first_pod_seen_ms;
        cluster_span.push_back(span);
        overhead.push_back(st.ready_event_ms - st.post_ms - span);
        o["cluster_span_ms"] = bench::round3(span);
        o["overhead_ms"] = bench::round3(st.ready_event_ms - st.post_ms - span);
        if (st.provisioning_event_ms >= 0) {
          // Without the time spent waiting for a free worker (other stores' installs and cluster spans).
          queue_wait.push_back(st.provisioning_event_ms - st.post_ms);
          service_time.push_back(st.ready_event_ms - st.provisioning_event_ms);
          own_overhead.push_back(st.ready_event_ms - st.provisioning_event_ms - span);
          o["queue_wait_ms"] = bench::round3(st.provisioning_event_ms - st.post_ms);
          o["own_overhead_ms"] = bench::round3(st.ready_event_ms - st.provisioning_event_ms - span);
        }
      }
    }
    per_store.push_back(std::move(o));
  }
  json::object out{{"benchmark", "store_timeline"},
                   {"prefix", prefix},
                   {"stores", stores},
                   {"spacing_ms", spacing_ms},
                   {"all_settled", all_settled},
                   {"failed", failed},
                   {"wall_ms", bench::round3(wall_ms)},
                   {"pods_ready_seen", rec.pod_ready.size()},
                   {"jobs_complete_seen", rec.job_complete.size()},
                   {"pods_never_reported", pods_never_reported},
                   {"pod_ready_to_observed_event", bench::summarize(pod_to_event)},
                   {"last_cluster_ready_to_ready_event", bench::summarize(ready_to_event)},
                   {"post_to_ready", bench::summarize(post_to_ready)},
                   {"cluster_span", bench::summarize(cluster_span)},
                   {"overhead", bench::summarize(overhead)},
                   {"queue_wait", bench::summarize(queue_wait)},
                   {"service_time", bench::summarize(service_time)},
                   {"own_overhead", bench::summarize(own_overhead)},
                   {"per_store", std::move(per_store)}};
  std::cout << json::serialize(out) << std::endl;
  std::cout.flush();
  std::_Exit(all_settled && failed == 0 ? 0 : 1);  // stream threads may still sit in a blocking read
}
