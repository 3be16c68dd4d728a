// /sim/v1 control API: faults, history compaction, request counters.
#include "server_context.hpp"

namespace kubesim {

void register_control_api(httplib::Server& svr, ServerContext& ctx) {
  svr.Get("/sim/v1/faults", [&ctx](const httplib::Request&, httplib::Response& res) {
    send_json(res, 200, ctx.faults.get().to_json());
  });
  svr.Put("/sim/v1/faults", [&ctx](const httplib::Request& req, httplib::Response& res) {
    try {
      ctx.faults.set(Faults::from_json(parse_object(req.body)));
      ctx.hub.wake_all();
      send_json(res, 200, ctx.faults.get().to_json());
    } catch (const ApiError& e) {
      send_error(res, e);
    }
  });
  svr.Post("/sim/v1/compact", [&ctx](const httplib::Request&, httplib::Response& res) {
    ctx.store.compact();
    send_json(res, 200, json::object{{"compactedResourceVersion", std::to_string(ctx.store.current_rv())}});
  });
  svr.Get("/sim/v1/requests", [&ctx](const httplib::Request&, httplib::Response& res) {
    send_json(res, 200, ctx.stats.to_json());
  });
  svr.Delete("/sim/v1/requests", [&ctx](const httplib::Request&, httplib::Response& res) {
    ctx.stats.reset();
    send_json(res, 200, ctx.stats.to_json());
  });
}
}  // namespace kubesim
