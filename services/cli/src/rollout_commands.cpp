// storefleet rollout start|status|resume|abort: fleet rollouts (admin). --wait polls the rollout once a second
// until it stops moving: completed or aborted (exit 0), paused (exit 5, with the reason).
#include <boost/json.hpp>

#include <chrono>
#include <ostream>
#include <thread>

#include "storefleet/cli/api_client.hpp"
#include "storefleet/cli/commands.hpp"
#include "storefleet/cli/exit_codes.hpp"
#include "storefleet/cli/output.hpp"
#include "storefleet/cli/token_source.hpp"

namespace storefleet::cli {
namespace json = boost::json;

namespace {

std::string text(const json::value& v, const char* key) {
  const auto* s = v.as_object().if_contains(key);
  return s && s->is_string() ? std::string(s->as_string()) : std::string();
}

std::string render_rollout(const json::value& r) {
  std::string out = "rollout " + std::to_string(r.at("id").as_int64()) + ": " + text(r, "engine") + " → " +
                    text(r, "toVersion") + ", " + text(r, "state");
  if (!text(r, "reason").empty()) out += " (" + text(r, "reason") + ")";
  out += "\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& w : r.at("waves").as_array()) {
    auto n = [&](const char* k) { return std::to_string(w.at(k).as_int64()); };
    rows.push_back({n("wave"), n("total"), n("done"), n("failed"), n("upgrading"), n("pending")});
  }
  out += render_table({"WAVE", "STORES", "DONE", "FAILED", "UPGRADING", "PENDING"}, rows);
  if (const auto* stores = r.as_object().if_contains("stores")) {
    std::vector<std::vector<std::string>> trouble;
    for (const auto& s : stores->as_array())
      if (text(s, "outcome") == "failed" || text(s, "state") == "kept")
        trouble.push_back({text(s, "store"), text(s, "state") == "kept" ? "kept" : "failed", text(s, "reason")});
    if (!trouble.empty()) out += render_table({"STORE", "", "REASON"}, trouble);
  }
  return out;
}

void print(const Options& o, const json::value& r, std::ostream& out) {
  out << (o.output == OutputFormat::json ? json::serialize(r) + "\n" : render_rollout(r));
  out.flush();
}

// Follows the rollout until it is completed, paused or aborted (or --wait-timeout).
int wait_for(const Options& o, ApiClient& api, std::int64_t id, std::ostream& out, std::ostream& err) {
  const auto deadline = std::chrono::steady_clock::now() + o.wait_timeout;
  std::string last;
  while (true) {
    const auto r = api.get("/api/rollouts/" + std::to_string(id));
    const auto state = text(r, "state");
    std::string progress = state + " wave " + std::to_string(r.at("currentWave").as_int64());
    for (const auto& w : r.at("waves").as_array())
      progress += " " + std::to_string(w.at("done").as_int64()) + "/" + std::to_string(w.at("total").as_int64());
    if (progress != last && o.output != OutputFormat::json) out << progress << std::endl;
    last = progress;
    if (state == "completed" || state == "aborted" || state == "paused") {
      print(o, r, out);
      if (state != "paused") return kOk;
      err << "error: rollout " << id << " paused: " << text(r, "reason") << '\n';
      return kStoreFailed;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      err << "error: rollout " << id << " still " << state << " after " << o.wait_timeout.count() << "s\n";
      return kTimedOut;
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}

std::int64_t newest_id(ApiClient& api) {
  const auto list = api.get("/api/rollouts");
  const auto& all = list.at("rollouts").as_array();
  if (all.empty()) throw ApiError(kRejected, 404, "there is no rollout yet");
  return all.front().at("id").as_int64();
}

}  // namespace

int run_rollout(const Options& o, const RolloutOptions& r, std::ostream& out, std::ostream& err) {
  try {
    ApiClient api(o.server, o.token, client_settings(o, err));
    std::int64_t id = r.id;
    if (r.action == "start") {
      json::object body{{"engine", r.engine}, {"toVersion", r.to_version}, {"waveSize", r.wave_size},
                        {"maxFailures", r.max_failures}};
      if (!r.names.empty()) {
        json::array names;
        for (const auto& n : r.names) names.push_back(json::string(n));
        body["selector"] = json::object{{"names", std::move(names)}};
      } else if (!r.tenant.empty()) {
        body["selector"] = json::object{{"tenant", r.tenant}};
      }
      const auto key = o.idempotency_key.empty() ? new_idempotency_key() : o.idempotency_key;
      const auto started = api.post("/api/rollouts", body, key);
      id = started.at("id").as_int64();
      if (!o.wait) return print(o, started, out), kOk;
      return wait_for(o, api, id, out, err);
    }
    if (id == 0) id = newest_id(api);
    if (r.action == "status") return print(o, api.get("/api/rollouts/" + std::to_string(id)), out), kOk;
    const auto key = o.idempotency_key.empty() ? new_idempotency_key() : o.idempotency_key;
    const auto answer = api.post("/api/rollouts/" + std::to_string(id) + "/" + r.action, {}, key);
    if (!o.wait) return print(o, answer, out), kOk;
    return wait_for(o, api, id, out, err);
  } catch (const ApiError& e) {
    return report(e, err);
  }
}

}  // namespace storefleet::cli
