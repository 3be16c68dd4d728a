#pragma once
// /api/rollouts: fleet rollouts, admin-only. The API records the request (the stores it selects, in waves); the
// provisioner drives it (rollout_driver.cpp) and reports progress as rollout.progress events.
#include <functional>

#include "storefleet/api/router.hpp"
#include "storefleet/db/database.hpp"

namespace storefleet::api {

struct RolloutApiDeps {
  db::Database* db = nullptr;
  std::function<void()> wake_provisioner;
};

class RolloutApi {
 public:
  explicit RolloutApi(RolloutApiDeps deps) : deps_(std::move(deps)) {}
  void register_routes(Router& router);

  HttpResponse start(const HttpRequest& req, const PathParams& p);
  HttpResponse list(const HttpRequest& req, const PathParams& p);
  HttpResponse get(const HttpRequest& req, const PathParams& p);
  HttpResponse resume(const HttpRequest& req, const PathParams& p);
  HttpResponse abort(const HttpRequest& req, const PathParams& p);

 private:
  RolloutApiDeps deps_;
};

}  // namespace storefleet::api
