#include "storefleet/cli/commands.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <condition_variable>
#include <mutex>
#include <ostream>
#include <thread>

#include "storefleet/cli/api_client.hpp"
#include "storefleet/cli/exit_codes.hpp"
#include "storefleet/cli/token_source.hpp"

namespace storefleet::cli {

namespace {
ClientSettings client_settings(const Options& o) {
  ClientSettings s;
  s.ca_cert_file = o.ca_cert_file;
  return s;
}
}  // namespace

int report(const ApiError& e, std::ostream& err) {
  err << "error: " << e.what() << '\n';
  return e.exit_code;
}

namespace {

std::string enc(const std::string& s) { return boost::urls::encode(s, boost::urls::unreserved_chars); }

// Subscribes to the store's events, then runs `action`, then waits for a final status: `success_status`
// (exit 0) or Failed (exit 5). Reconnects with Last-Event-ID if the stream drops, so no transition is missed.
// The action returns its output rather than writing it: the follower thread may already be printing events,
// and both print under one lock so their lines never interleave.
int act_and_wait(const Options& o, const std::string& name, const std::string& success_status,
                 const std::function<std::string()>& action, std::ostream& out, std::ostream& err) {
  ApiClient stream(o.server, o.token, client_settings(o));
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
                          if (status->as_string() == success_status) result = kOk;
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

}  // namespace

int run_create(const Options& o, const std::string& name, const std::string& engine, std::ostream& out,
               std::ostream& err) {
  try {
    ApiClient api(o.server, o.token, client_settings(o));
    const auto key = o.idempotency_key.empty() ? new_idempotency_key() : o.idempotency_key;
    auto create = [&]() -> std::string {
      auto v = api.post("/api/stores", {{"storeName", name}, {"engine", engine}}, key);
      if (o.output == OutputFormat::json) return boost::json::serialize(v) + '\n';
      return name + ": accepted (" + std::string(v.as_object().at("status").as_string()) + "), url " +
             std::string(v.as_object().at("url").as_string()) + '\n';
    };
    if (!o.wait) {
      out << create();
      return kOk;
    }
    return act_and_wait(o, name, "Ready", create, out, err);
  } catch (const ApiError& e) {
    return report(e, err);
  }
}

int run_delete(const Options& o, const std::string& name, std::ostream& out, std::ostream& err) {
  try {
    ApiClient api(o.server, o.token, client_settings(o));
    const auto key = o.idempotency_key.empty() ? new_idempotency_key() : o.idempotency_key;
    auto remove = [&]() -> std::string {
      auto v = api.del("/api/stores/" + enc(name), key);
      if (o.output == OutputFormat::json) return boost::json::serialize(v) + '\n';
      return name + ": deleting\n";
    };
    if (!o.wait) {
      out << remove();
      return kOk;
    }
    return act_and_wait(o, name, "Deleted", remove, out, err);
  } catch (const ApiError& e) {
    return report(e, err);
  }
}

int run_list(const Options& o, const std::string& status, std::ostream& out, std::ostream& err) {
  try {
    ApiClient api(o.server, o.token, client_settings(o));
    out << render_store_list(api.get("/api/stores" + (status.empty() ? "" : "?status=" + enc(status))), o.output);
    return kOk;
  } catch (const ApiError& e) {
    return report(e, err);
  }
}

int run_status(const Options& o, const std::string& name, std::ostream& out, std::ostream& err) {
  try {
    ApiClient api(o.server, o.token, client_settings(o));
    out << render_store_status(name, api.get("/api/stores/" + enc(name) + "/status"), o.output);
    return kOk;
  } catch (const ApiError& e) {
    return report(e, err);
  }
}

int run_events(const Options& o, const std::string& store, std::ostream& out, std::ostream& err) {
  try {
    ApiClient api(o.server, o.token, client_settings(o));
    std::string last_id;
    for (;;) {  // follows until interrupted; reconnects with Last-Event-ID
      api.follow("/api/events" + (store.empty() ? "" : "?store=" + enc(store)), last_id, [] {},
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
  } catch (const ApiError& e) {
    return report(e, err);
  }
}

}  // namespace storefleet::cli
