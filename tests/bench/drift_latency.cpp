// drift_latency: a Ready store's status follows the cluster. Creates N stores through the API, waits until they
// are Ready, then one store at a time deletes its web pod (DELETE on the Kubernetes API) and times, on one clock:
//  - the first watch event after which the store's namespace is unhealthy (a Deployment/StatefulSet with fewer
//    ready replicas than wanted, or a long-running pod not Ready) -> its store.status Degraded event at an SSE
//    client of the API;
//  - the watch event after which it is healthy again -> its store.status Ready event.
//
//   drift_latency --api-port 3001 --kubeconfig kc.yaml --stores 20
#include <CLI/CLI.hpp>
#include <iostream>
#include <map>
#include <mutex>
#include <random>

#include "http_once.hpp"
#include "streams.hpp"

namespace json = boost::json;

namespace {

bool str_is(const json::value* v, std::string_view s) { return v && v->is_string() && v->as_string() == s; }
std::int64_t int_at(const json::object& o, const char* a, const char* b) {
  const auto* x = o.if_contains(a);
  const auto* y = x && x->is_object() ? x->as_object().if_contains(b) : nullptr;
  return y && y->is_int64() ? y->as_int64() : 0;
}
bool pod_ready(const json::object& pod) {
  const auto* st = pod.if_contains("status");
  const auto* conds = st && st->is_object() ? st->as_object().if_contains("conditions") : nullptr;
  if (!conds || !conds->is_array()) return false;
  for (const auto& c : conds->as_array())
    if (str_is(c.as_object().if_contains("type"), "Ready")) return str_is(c.as_object().if_contains("status"), "True");
  return false;
}
bool long_running(const json::object& pod) {
  const auto& meta = pod.at("metadata").as_object();
  if (meta.contains("deletionTimestamp")) return false;
  if (const auto* refs = meta.if_contains("ownerReferences"); refs && refs->is_array())
    for (const auto& r : refs->as_array())
      if (str_is(r.as_object().if_contains("kind"), "Job")) return false;
  const auto* st = pod.if_contains("status");
  const auto* phase = st && st->is_object() ? st->as_object().if_contains("phase") : nullptr;
  return !str_is(phase, "Succeeded") && !str_is(phase, "Failed");
}

// The cluster as three watches see it, per namespace of ours, and when each namespace turned healthy/unhealthy.
struct ClusterView {
  std::mutex mu;
  std::string ns_prefix;
  std::map<std::string, std::map<std::string, json::object>> objects;  // ns -> "Kind/name" -> object
  std::map<std::string, bool> healthy;
  std::map<std::string, std::vector<std::pair<double, bool>>> transitions;

  bool judge(const std::string& ns) {
    bool any_workload = false;
    for (const auto& [key, o] : objects[ns]) {
      if (key.rfind("Pod/", 0) == 0) {
        if (long_running(o) && !pod_ready(o)) return false;
      } else {
        any_workload = true;
        const auto want = o.at("spec").as_object().contains("replicas") ? int_at(o, "spec", "replicas") : 1;
        if (int_at(o, "status", "readyReplicas") < want) return false;
      }
    }
    return any_workload;
  }
  void on(double t, const std::string& kind, const std::string& type, const json::object& o) {
    const auto& meta = o.at("metadata").as_object();
    if (type == "BOOKMARK" || !meta.contains("namespace")) return;
    const std::string ns(meta.at("namespace").as_string());
    if (ns.rfind(ns_prefix, 0) != 0) return;
    std::lock_guard lock(mu);
    const std::string key = kind + "/" + std::string(meta.at("name").as_string());
    if (type == "DELETED") objects[ns].erase(key);
    else objects[ns][key] = o;
    const bool now = judge(ns);
    if (auto it = healthy.find(ns); it == healthy.end() || it->second != now) {
      healthy[ns] = now;
      transitions[ns].emplace_back(t, now);
    }
  }
  std::string web_pod(const std::string& ns) {
    std::lock_guard lock(mu);
    for (const auto& [key, o] : objects[ns]) {
      const auto* labels = o.at("metadata").as_object().if_contains("labels");
      if (key.rfind("Pod/", 0) == 0 && long_running(o) && labels && labels->is_object() &&
          str_is(labels->as_object().if_contains("app.kubernetes.io/component"), "web"))
        return key.substr(4);
    }
    return {};
  }
  double first_transition(const std::string& ns, bool to, double after) {
    std::lock_guard lock(mu);
    for (const auto& [t, v] : transitions[ns])
      if (t > after && v == to) return t;
    return -1;
  }
};

struct StatusEvents {
  std::mutex mu;
  std::vector<std::tuple<double, std::string, std::string>> seen;  // (arrival, store, status)
  void on(double t, const json::object& e) {
    if (!str_is(e.if_contains("type"), "store.status")) return;
    std::lock_guard lock(mu);
    seen.emplace_back(t, std::string(e.at("store").as_string()), std::string(e.at("status").as_string()));
  }
  double first(const std::string& store, const std::string& status, double after) {
    std::lock_guard lock(mu);
    for (const auto& [t, s, st] : seen)
      if (t > after && s == store && st == status) return t;
    return -1;
  }
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"drift_latency: break Ready stores in the cluster, time the Degraded and Ready-again events"};
  int api_port = 0, stores = 10;
  std::string kubeconfig, token_file;
  app.add_option("--api-port", api_port, "API port on 127.0.0.1")->required();
  app.add_option("--kubeconfig", kubeconfig, "kubeconfig of the cluster the provisioner uses")->required();
  app.add_option("--stores", stores, "stores to create and break one after the other")->capture_default_str();
  app.add_option("--token-file", token_file, "file holding the API token");
  CLI11_PARSE(app, argc, argv);
  const auto token = bench::read_token_file(token_file);
  const auto kube = bench::read_kubeconfig(kubeconfig);
  const std::string prefix = "d" + std::to_string(std::random_device{}() % 1000000) + "-";

  ClusterView cluster;
  cluster.ns_prefix = "store-" + prefix;
  StatusEvents events;
  bench::StreamThread sse, pods, deployments, statefulsets;
  sse.start([&](bench::StreamThread& st) {
    bench::sse_stream_once(st, api_port, token, [&](double t, const json::object& e) { events.on(t, e); });
  });
  auto watch = [&](bench::StreamThread& th, const std::string& path, const std::string& kind) {
    th.start([&, path, kind](bench::StreamThread& st) {
      bench::watch_once(st, kube, path, [&](double t, const std::string& ty, const json::object& o) {
        cluster.on(t, kind, ty, o);
      });
    });
  };
  watch(pods, "/api/v1/pods", "Pod");
  watch(deployments, "/apis/apps/v1/deployments", "Deployment");
  watch(statefulsets, "/apis/apps/v1/statefulsets", "StatefulSet");
  if (!bench::wait_for([&] { return sse.connected && pods.connected && deployments.connected && statefulsets.connected; },
                10000)) {
    std::cerr << "drift_latency: streams not connected\n";
    return 2;
  }

  httplib::Client api("127.0.0.1", api_port);
  if (!token.empty()) api.set_bearer_token_auth(token);
  const double t0 = bench::now_ms();
  for (int i = 0; i < stores; ++i)
    api.Post("/api/stores", R"({"storeName":")" + prefix + std::to_string(i) + R"(","engine":"woocommerce"})",
             "application/json");
  for (int i = 0; i < stores; ++i)
    if (!bench::wait_for([&] { return events.first(prefix + std::to_string(i), "Ready", t0) > 0; }, 300000)) {
      std::cerr << "drift_latency: store " << i << " never Ready\n";
      return 1;
    }

  httplib::SSLClient kc(kube.host, kube.port);
  bench::trust_ca(kc, kube.ca_pem);
  kc.set_bearer_token_auth(kube.token);
  std::vector<double> to_degraded, to_ready;
  int missed = 0;
  for (int i = 0; i < stores; ++i) {
    const std::string store = prefix + std::to_string(i), ns = "store-" + store;
    const std::string pod = cluster.web_pod(ns);
    const double t_delete = bench::now_ms();
    auto res = kc.Delete("/api/v1/namespaces/" + ns + "/pods/" + pod);
    if (pod.empty() || !res || res->status >= 300) {
      ++missed;
      continue;
    }
    double t_degraded = -1, t_ready = -1;
    if (!bench::wait_for([&] { return (t_degraded = events.first(store, "Degraded", t_delete)) > 0; }, 30000) ||
        !bench::wait_for([&] { return (t_ready = events.first(store, "Ready", t_degraded)) > 0; }, 60000)) {
      ++missed;
      continue;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // late watch events of this round
    const double t_sick = cluster.first_transition(ns, false, t_delete);
    const double t_well = cluster.first_transition(ns, true, t_sick);
    if (t_sick < 0 || t_well < 0) {
      ++missed;
      continue;
    }
    to_degraded.push_back(t_degraded - t_sick);
    to_ready.push_back(t_ready - t_well);
  }
  json::object out{{"benchmark", "drift"},
                   {"stores", stores},
                   {"rounds_missed", missed},
                   {"unhealthy_to_degraded_event", bench::summarize(to_degraded)},
                   {"healthy_to_ready_event", bench::summarize(to_ready)}};
  std::cout << json::serialize(out) << std::endl;
  std::cout.flush();
  std::_Exit(missed == 0 ? 0 : 1);  // stream threads may still sit in a blocking read
}
