// What the HTTP handlers share: the store, history, faults, counters and options of one kube-sim.
#pragma once
#include "controllers/controllers.hpp"
#include "faults.hpp"
#include "options.hpp"
#include "request_stats.hpp"
#include "status.hpp"
#include "store.hpp"
#include "watch_hub.hpp"

#include <httplib.h>

#include <atomic>

namespace kubesim {

struct ServerContext {
  const Options& opts;
  WatchHub& hub;
  Store& store;
  FaultState& faults;
  RequestStats& stats;
  std::atomic<bool>& stopping;
};

void send_json(httplib::Response& res, int status, const json::object& body);
void send_error(httplib::Response& res, const ApiError& e);

// /api/... and /apis/... requests for resources (CRUD, patch, watch).
void handle_resource_request(ServerContext& ctx, const httplib::Request& req, httplib::Response& res);
// Sets up a chunked watch response.
struct WatchParams {
  const ResourceType* rt;
  std::string ns;
  std::string label_selector, field_selector, resource_version, resource_version_match;
  bool send_initial_events = false;
  bool allow_bookmarks = false;
  long timeout_seconds = 0;
  bool table = false;  // kubectl get -w: every event object is a one-row Table
  std::string include_object;
};
void serve_watch(ServerContext& ctx, const WatchParams& p, const httplib::Request& req, httplib::Response& res);
// /sim/v1/... control API.
void register_control_api(httplib::Server& svr, ServerContext& ctx);
// Request body -> JSON object by Content-Type (JSON, YAML, Kubernetes protobuf).
json::object decode_body(const httplib::Request& req);
}  // namespace kubesim
