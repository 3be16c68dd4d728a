#include "storefleet/cli/commands.hpp"

#include <condition_variable>
#include <mutex>
#include <ostream>
#include <thread>

#include "storefleet/cli/api_client.hpp"
#include "storefleet/cli/exit_codes.hpp"
#include "storefleet/cli/token_source.hpp"
#include "storefleet/core/util.hpp"

namespace storefleet::cli {

ClientSettings client_settings(const Options& o, std::ostream& err) {
  ClientSettings s;
  s.ca_cert_file = o.ca_cert_file;
  s.notice = [&err](const std::string& text) { err << "note: " << text << std::endl; };
  return s;
}

int report(const ApiError& e, std::ostream& err) {
  err << "error: " << e.what() << '\n';
  return e.exit_code;
}

namespace {

constexpr auto enc = url_component;

// Whether `status` is the goal, or one of the goals "A|B".
bool is_goal(std::string_view status, std::string_view goals) {
  while (!goals.empty()) {
    const auto bar = goals.find('|');
    if (goals.substr(0, bar) == status) return true;
    if (bar == std::string_view::npos) break;
    goals.remove_prefix(bar + 1);
  }
  return false;
}

// Subscribes to the store's events, then runs `action`, then waits for a final status: `success_status`
// (exit 0) or Failed (exit 5). Reconnects with Last-Event-ID if the stream drops, so no transition is missed.
// The action returns its output rather than writing it: the follower thread may already be printing events,
// and both print under one lock so their lines never interleave.
int act_and_wait(const Options& o, const std::string& name, const std::string& success_status,
                 const std::function<std::string()>& action, std::ostream& out, std::ostream& err) {
  ApiClient stream(o.server, o.token, client_settings(o, err));
  std::mutex m;
  std::condition_variable cv;
  bool opened = false;
  int result = -1;
  std::string reason;
  std::string last_id;
  const auto deadline = std::chrono::steady_clock::now() + o.wait_timeout;

  std::thread follower([&] {
    while (std::chrono::steady_clock::now() < deadline) {
      {
        std::lock_guard lock(m);
        if (result >= 0) return;
      }
      try {
        stream.follow("/api/events?store=" + enc(name), last_id,
                      [&] {
                        std::lock_guard lock(m);
                        opened = true;
                        cv.notify_all();
                      },
                      [&](const ServerEvent& ev) {
                        boost::system::error_code ec;
                        auto v = boost::json::parse(ev.data, ec);
                        std::lock_guard lock(m);
                        if (!ev.id.empty()) last_id = ev.id;
                        if (ec || !v.is_object()) return true;
                        const auto& obj = v.as_object();
                        const auto* store = obj.if_contains("store");
                        if (!store || !store->is_string() || store->as_string() != name) return true;
                        if (o.output == OutputFormat::json)
                          out << ev.data << '\n';
                        else
                          out << render_event_line(v) << '\n';
                        out.flush();
                        const auto* status = obj.if_contains("status");
                        if (status && status->is_string() && obj.at("type").as_string() == "store.status") {
                          if (is_goal(status->as_string(), success_status)) result = kOk;
                          if (status->as_string() == "Failed") {
                            result = kStoreFailed;
                            if (const auto* r = obj.if_contains("reason"); r && r->is_string()) reason = r->as_string();
                          }
                        }
                        if (result >= 0) cv.notify_all();
                        return result < 0;
                      });
      } catch (const ApiError& e) {
        std::lock_guard lock(m);
        if (e.http_status >= 400 && e.http_status < 500) {
          result = e.exit_code;
          reason = e.what();
          cv.notify_all();
          return;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  });

  auto finish = [&](int code) {
    stream.stop();
    follower.join();
    return code;
  };
  {
    std::unique_lock lock(m);
    cv.wait_until(lock, std::min(deadline, std::chrono::steady_clock::now() + std::chrono::seconds(10)),
                  [&] { return opened || result >= 0; });
    if (!opened && result < 0) {
      result = kUnavailable;
      lock.unlock();
      err << "error: cannot follow the event stream at " << o.server << "/api/events\n";
      return finish(kUnavailable);
    }
    if (!opened) {  // the stream was refused (401, 429, …): act on nothing
      const int code = result;
      lock.unlock();
      err << "error: " << reason << '\n';
      return finish(code);
    }
  }
  try {
    auto printed = action();
    std::lock_guard lock(m);
    out << printed;
    out.flush();
  } catch (const ApiError& e) {
    {
      std::lock_guard lock(m);
      result = e.exit_code;
    }
    report(e, err);
    return finish(e.exit_code);
  }
  std::unique_lock lock(m);
  if (!cv.wait_until(lock, deadline, [&] { return result >= 0; })) {
    result = kTimedOut;
    lock.unlock();
    err << "error: " << name << " reached no final status within " << o.wait_timeout.count() << "s\n";
    return finish(kTimedOut);
  }
  int code = result;
  lock.unlock();
  if (code == kStoreFailed) err << "error: " << name << " failed: " << reason << '\n';
  return finish(code);
}

// A write on one store (create, delete, retry) sent with an Idempotency-Key: prints its answer (`line` for
// tables), then with --wait follows the store to `success_status`.
int run_store_write(const Options& o, const std::string& name, const std::string& success_status,
                    const std::function<boost::json::value(ApiClient&, const std::string& key)>& send,
                    const std::function<std::string(const boost::json::object&)>& line, std::ostream& out,
                    std::ostream& err) {
  try {
    ApiClient api(o.server, o.token, client_settings(o, err));
    const auto key = o.idempotency_key.empty() ? new_idempotency_key() : o.idempotency_key;
    auto act = [&]() -> std::string {
      auto v = send(api, key);
      if (o.output == OutputFormat::json) return boost::json::serialize(v) + '\n';
      return line(v.as_object()) + '\n';
    };
    if (!o.wait) {
      out << act();
      return kOk;
    }
    return act_and_wait(o, name, success_status, act, out, err);
  } catch (const ApiError& e) {
    return report(e, err);
  }
}

std::string text(const boost::json::object& o, const char* key) { return std::string(o.at(key).as_string()); }

}  // namespace

int run_create(const Options& o, const std::string& name, const std::string& engine, std::ostream& out,
               std::ostream& err, const std::string& engine_version) {
  boost::json::object body{{"storeName", name}, {"engine", engine}};
  if (!engine_version.empty()) body["version"] = engine_version;
  return run_store_write(
      o, name, "Ready",
      [&](ApiClient& api, const std::string& key) { return api.post("/api/stores", body, key); },
      [&](const boost::json::object& v) {
        return name + ": accepted (" + text(v, "status") + "), url " + text(v, "url");
      },
      out, err);
}

int run_delete(const Options& o, const std::string& name, std::ostream& out, std::ostream& err) {
  return run_store_write(
      o, name, "Deleted",
      [&](ApiClient& api, const std::string& key) { return api.del("/api/stores/" + enc(name), key); },
      [&](const boost::json::object&) { return name + ": deleting"; }, out, err);
}

int run_retry(const Options& o, const std::string& name, std::ostream& out, std::ostream& err) {
  return run_store_write(
      o, name, "Ready",
      [&](ApiClient& api, const std::string& key) { return api.post("/api/stores/" + enc(name) + "/retry", {}, key); },
      [&](const boost::json::object& v) { return name + ": retry accepted (" + text(v, "status") + ")"; }, out, err);
}

// upgrade / suspend / resume: a merge patch of the store's spec; with --wait, followed to `goal`.
int run_change(const Options& o, const std::string& name, const boost::json::object& patch, const std::string& goal,
               std::ostream& out, std::ostream& err) {
  return run_store_write(
      o, name, goal,
      [&](ApiClient& api, const std::string& key) { return api.patch("/api/stores/" + enc(name), patch, key); },
      [&](const boost::json::object& v) {
        const auto status = text(v, "status");
        // 200: the spec already was what was asked; the store stays as it is.
        if (status == goal) return name + ": already " + status + " (version " + text(v, "version") + ")";
        return name + ": change accepted (" + status + ": " + text(v, "status_reason") + ")";
      },
      out, err);
}

int run_rollback(const Options& o, const std::string& name, int revision, std::ostream& out, std::ostream& err) {
  // The goal is the revision's own state (Ready, or Suspended for a suspended one): --wait follows to either.
  return run_store_write(
      o, name, "Ready|Suspended",
      [&](ApiClient& api, const std::string& key) {
        return api.post("/api/stores/" + enc(name) + "/rollback", {{"revision", revision}}, key);
      },
      [&](const boost::json::object& v) {
        return name + ": rollback accepted (" + text(v, "status") + ": " + text(v, "status_reason") + ")";
      },
      out, err);
}

int run_revisions(const Options& o, const std::string& name, std::ostream& out, std::ostream& err) {
  try {
    ApiClient api(o.server, o.token, client_settings(o, err));
    const auto v = api.get("/api/stores/" + enc(name) + "/revisions");
    if (o.output == OutputFormat::json) {
      out << boost::json::serialize(v) << '\n';
      return kOk;
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& r : v.at("revisions").as_array()) {
      const auto& ro = r.as_object();
      rows.push_back({std::to_string(ro.at("revision").as_int64()), text(ro, "version") +
                          (ro.at("suspended").as_bool() ? " (suspended)" : ""),
                      text(ro, "action"), text(ro, "outcome"), text(ro, "at"), text(ro, "requestedBy"), text(ro, "detail")});
    }
    out << render_table({"REVISION", "VERSION", "ACTION", "OUTCOME", "AT", "BY", "DETAIL"}, rows);
    return kOk;
  } catch (const ApiError& e) {
    return report(e, err);
  }
}

int run_catalog(const Options& o, std::ostream& out, std::ostream& err) {
  try {
    ApiClient api(o.server, o.token, client_settings(o, err));
    const auto v = api.get("/api/catalog");
    if (o.output == OutputFormat::json) {
      out << boost::json::serialize(v) << '\n';
      return kOk;
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& [engine, entry] : v.at("engines").as_object()) {
      const auto def = text(entry.as_object(), "default");
      for (const auto& version : entry.at("versions").as_array()) {
        const auto& vo = version.as_object();
        const auto name = text(vo, "version");
        const std::string note = name == def ? "default" : vo.at("deprecated").as_bool() ? "deprecated" : "";
        rows.push_back({std::string(engine), name, note, text(vo, "summary")});
      }
    }
    out << render_table({"ENGINE", "VERSION", "NOTE", "SUMMARY"}, rows);
    return kOk;
  } catch (const ApiError& e) {
    return report(e, err);
  }
}

int run_status(const Options& o, const std::string& name, std::ostream& out, std::ostream& err) {
  try {
    ApiClient api(o.server, o.token, client_settings(o, err));
    out << render_store_status(name, api.get("/api/stores/" + enc(name) + "/status"), o.output);
    return kOk;
  } catch (const ApiError& e) {
    return report(e, err);
  }
}

namespace {
// The stored timeline of one store, filtered by --since and cut to --tail; returns the last event id printed
// (where following resumes), "" when none.
std::string print_history(ApiClient& api, const Options& o, const EventsOptions& e, std::ostream& out) {
  auto v = api.get("/api/stores/" + enc(e.store) + "/events");
  std::vector<boost::json::value> kept;
  std::string last_id;
  for (const auto& ev : v.at("events").as_array()) {
    if (const auto* id = ev.as_object().if_contains("id"); id && id->is_int64()) last_id = std::to_string(id->as_int64());
    const auto at = parse_iso8601_ms(field_text(ev.as_object(), "at"));
    if (e.since_ms >= 0 && (!at || *at < e.since_ms)) continue;
    kept.push_back(ev);
  }
  const std::size_t tail = e.tail < 0 ? kept.size() : static_cast<std::size_t>(e.tail);
  for (std::size_t i = kept.size() > tail ? kept.size() - tail : 0; i < kept.size(); ++i)
    out << (o.output == OutputFormat::json ? boost::json::serialize(kept[i]) : render_event_line(kept[i])) << '\n';
  out.flush();
  return last_id;
}
}  // namespace

int run_events(const Options& o, const EventsOptions& e, std::ostream& out, std::ostream& err) {
  try {
    ApiClient api(o.server, o.token, client_settings(o, err));
    std::string last_id;
    if (!e.store.empty()) {
      // An unknown store is an error (404, exit 3), not a stream that never says anything.
      if (e.tail >= 0 || e.since_ms >= 0)
        last_id = print_history(api, o, e, out);
      else
        api.get("/api/stores/" + enc(e.store));
    }
    if (!e.follow) return kOk;
    for (;;) {  // follows until interrupted; reconnects with Last-Event-ID
      api.follow("/api/events" + (e.store.empty() ? "" : "?store=" + enc(e.store)), last_id, [] {},
                 [&](const ServerEvent& ev) {
                   if (!ev.id.empty()) last_id = ev.id;
                   boost::system::error_code ec;
                   auto v = boost::json::parse(ev.data, ec);
                   out << (o.output == OutputFormat::json || ec ? ev.data : render_event_line(v)) << '\n';
                   out.flush();
                   return true;
                 });
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  } catch (const ApiError& ex) {
    return report(ex, err);
  }
}

}  // namespace storefleet::cli
