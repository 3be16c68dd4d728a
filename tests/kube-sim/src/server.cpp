#include "server.hpp"
#include "state_file.hpp"

#include "discovery.hpp"
#include "kubeconfig.hpp"
#include "server_context.hpp"
#include "tls.hpp"

#include <openssl/crypto.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

namespace kubesim {

struct KubeSim::Impl {
  Options opts;
  WatchHub hub;
  Store store;
  FaultState faults;
  RequestStats stats;
  std::atomic<bool> stopping{false};
  Controllers controllers;
  TlsMaterial tls;
  std::unique_ptr<httplib::SSLServer> svr;
  ServerContext ctx;
  std::string token;
  int port = 0;
  std::thread listener;
  std::mt19937 rng{std::random_device{}()};
  std::mutex rng_mu;

  explicit Impl(Options o)
      : opts(std::move(o)), hub(opts.watch_history), store(hub), controllers(store, opts, faults),
        ctx{opts, hub, store, faults, stats, stopping} {}

  bool authorized(const httplib::Request& req) const {
    auto h = req.get_header_value("Authorization");
    std::string want = "Bearer " + token;
    return h.size() == want.size() && CRYPTO_memcmp(h.data(), want.data(), h.size()) == 0;
  }

  httplib::Server::HandlerResponse pre_route(const httplib::Request& req, httplib::Response& res) {
    if (!authorized(req)) {
      send_error(res, ApiError(401, "Unauthorized", "Unauthorized"));
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.path.rfind("/sim/", 0) == 0) return httplib::Server::HandlerResponse::Unhandled;
    auto f = faults.get();
    if (f.latency_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(f.latency_ms));
    if (f.error_rate > 0) {
      double roll;
      {
        std::lock_guard lk(rng_mu);
        roll = std::uniform_real_distribution<double>(0, 1)(rng);
      }
      if (roll < f.error_rate) {
        bool throttle = f.error_status == 429;
        send_error(res, ApiError(f.error_status, throttle ? "TooManyRequests" : "InternalError",
                                 throttle ? "the server has received too many requests and has asked us to try again "
                                            "later (simulated)"
                                          : "an error on the server (\"simulated fault\") has prevented the request "
                                            "from succeeding"));
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    return httplib::Server::HandlerResponse::Unhandled;
  }

  void routes() {
    auto& s = *svr;
    s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) { return pre_route(req, res); });
    s.Get("/version", [](const httplib::Request&, httplib::Response& res) { send_json(res, 200, version_document()); });
    s.Get("/api", [this](const httplib::Request&, httplib::Response& res) {
      send_json(res, 200, core_versions(opts.bind + ":" + std::to_string(port)));
    });
    s.Get("/apis", [](const httplib::Request&, httplib::Response& res) { send_json(res, 200, api_group_list()); });
    s.Get("/openapi/v2", [](const httplib::Request&, httplib::Response& res) {
      res.status = 200;
      res.set_content("", kOpenApiV2ContentType);
    });
    s.Get(R"(/openapi/v3.*)", [](const httplib::Request&, httplib::Response& res) {
      send_error(res, ApiError(404, "NotFound", "the server could not find the requested resource"));
    });
    s.Get(R"(/(healthz|livez|readyz))", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("ok", "text/plain");
    });
    register_control_api(s, ctx);
    // Group-version discovery documents: exact /api/v1 or /apis/G/V.
    s.Get(R"(/api/([^/]+)|/apis/([^/]+)/([^/]+))", [](const httplib::Request& req, httplib::Response& res) {
      auto doc = req.matches[1].matched ? resource_list("", req.matches[1].str())
                                        : resource_list(req.matches[2].str(), req.matches[3].str());
      if (!doc) return send_error(res, ApiError(404, "NotFound", "the server could not find the requested resource"));
      send_json(res, 200, *doc);
    });
    s.Get(R"(/apis/([^/]+))", [](const httplib::Request& req, httplib::Response& res) {
      auto groups = api_group_list();
      for (const auto& g : groups["groups"].as_array())
        if (str_at(g.as_object(), "name") == req.matches[1].str()) {
          json::object o = g.as_object();
          o["kind"] = "APIGroup";
          o["apiVersion"] = "v1";
          return send_json(res, 200, o);
        }
      send_error(res, ApiError(404, "NotFound", "the server could not find the requested resource"));
    });
    auto resource_handler = [this](const httplib::Request& req, httplib::Response& res) {
      handle_resource_request(ctx, req, res);
    };
    const char* pattern = R"(/apis?/.+)";
    s.Get(pattern, resource_handler);
    s.Post(pattern, resource_handler);
    s.Put(pattern, resource_handler);
    s.Patch(pattern, resource_handler);
    s.Delete(pattern, resource_handler);
    s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
      try {
        std::rethrow_exception(ep);
      } catch (const ApiError& e) {
        send_error(res, e);
      } catch (const std::exception& e) {
        send_error(res, ApiError(500, "InternalError", std::string("Internal error occurred: ") + e.what()));
      }
    });
    s.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      spdlog::debug("{} {} -> {}", req.method, req.target, res.status);
    });
  }
};

namespace {
// A fresh cluster: the node pods get scheduled on (kubectl describe/get -o wide refer to it) and the namespaces
// every cluster has.
void create_initial_objects(Store& store) {
  WriteOptions wo;
  wo.internal = true;
  wo.create_only = true;
  store.write(resource("nodes"), "", "sim-node-1", [](const json::object*) {
    return json::object{{"metadata", {{"name", "sim-node-1"}, {"labels", {{"kubernetes.io/hostname", "sim-node-1"},
                                                                           {"kubernetes.io/os", "linux"}}}}},
                        {"status", {{"conditions", json::array{json::object{{"type", "Ready"}, {"status", "True"},
                                                                            {"reason", "KubeletReady"}}}},
                                    {"addresses", json::array{json::object{{"type", "InternalIP"}, {"address", "172.18.0.2"}}}},
                                    {"allocatable", {{"cpu", "64"}, {"memory", "256Gi"}, {"pods", "1000"}}},
                                    {"capacity", {{"cpu", "64"}, {"memory", "256Gi"}, {"pods", "1000"}}}}}};
  }, wo);
  for (const char* ns : {"default", "kube-system", "kube-public"})
    store.write(resource("namespaces"), "", ns, [ns](const json::object*) {
      return json::object{{"metadata", {{"name", ns}}}};
    }, WriteOptions{});
}
}  // namespace

KubeSim::KubeSim(Options opts) : impl_(std::make_unique<Impl>(std::move(opts))) {}

KubeSim::~KubeSim() { stop(); }

void KubeSim::start() {
  auto& d = *impl_;
  std::signal(SIGPIPE, SIG_IGN);  // TLS writes to a vanished client must fail, not kill the process
  if (!d.opts.token_file.empty()) {
    std::ifstream in(d.opts.token_file);
    std::stringstream ss;
    ss << in.rdbuf();
    d.token = ss.str();
    while (!d.token.empty() && (d.token.back() == '\n' || d.token.back() == '\r')) d.token.pop_back();
    if (d.token.empty()) throw std::runtime_error("token file is empty or unreadable");
  } else {
    d.token = random_suffix(32);
  }
  d.tls = generate_tls(d.opts.bind);
  d.svr = std::make_unique<httplib::SSLServer>(d.tls.server_cert.get(), d.tls.server_key.get());
  if (!d.svr->is_valid()) throw std::runtime_error("TLS server setup failed");
  auto threads = static_cast<std::size_t>(std::clamp(d.opts.threads, 4, 4096));
  d.svr->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  d.svr->set_tcp_nodelay(true);  // watch events and small replies must not wait for Nagle / delayed ACKs
  d.svr->set_keep_alive_max_count(100000);
  d.svr->set_keep_alive_timeout(30);
  d.svr->set_read_timeout(30);
  d.svr->set_write_timeout(30);
  d.svr->set_payload_max_length(64 * 1024 * 1024);
  d.routes();
  d.port = d.opts.port == 0 ? d.svr->bind_to_any_port(d.opts.bind) : (d.svr->bind_to_port(d.opts.bind, d.opts.port) ? d.opts.port : -1);
  if (d.port <= 0) throw std::runtime_error("cannot listen on " + d.opts.bind + ":" + std::to_string(d.opts.port));
  const bool restored = !d.opts.state_file.empty() && load_state(d.store, d.opts.state_file);
  if (!restored) create_initial_objects(d.store);
  d.store.set_graceful_pod_deletion(d.opts.pod_termination_delay.count() > 0);
  d.controllers.start();
  if (restored) d.store.replay_to_listeners();
  d.listener = std::thread([&d] { d.svr->listen_after_bind(); });
  while (!d.svr->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  write_kubeconfig(d.opts.kubeconfig_out, "https://" + d.opts.bind + ":" + std::to_string(d.port), d.tls.ca_pem,
                   d.token);
  spdlog::info("kube-sim serving on https://{}:{} (kubeconfig {})", d.opts.bind, d.port, d.opts.kubeconfig_out);
}

void KubeSim::wait() {
  if (impl_->listener.joinable()) impl_->listener.join();
}

void KubeSim::stop() {
  if (!impl_) return;
  impl_->stopping = true;
  impl_->hub.wake_all();
  if (impl_->svr) impl_->svr->stop();
  if (impl_->listener.joinable()) impl_->listener.join();
  impl_->controllers.stop();
  if (!impl_->opts.state_file.empty() && impl_->port > 0) {
    try {
      save_state(impl_->store, impl_->opts.state_file);
    } catch (const std::exception& e) {
      spdlog::error("kube-sim: {}", e.what());
    }
    impl_->opts.state_file.clear();  // once: stop() also runs from the destructor
  }
}

int KubeSim::port() const { return impl_->port; }
const std::string& KubeSim::token() const { return impl_->token; }
std::string KubeSim::ca_pem() const { return impl_->tls.ca_pem; }
}  // namespace kubesim
