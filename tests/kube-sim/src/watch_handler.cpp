// Watch streams: chunked newline-delimited JSON events. Supports resourceVersion resumption (410 Expired
// as an ERROR event when too old), synthetic ADDED events for "" / "0", the watch-list protocol
// (sendInitialEvents + initial-events-end BOOKMARK), periodic BOOKMARKs, timeoutSeconds, selectors
// (objects entering/leaving a selector become ADDED/DELETED) and the watchCloseAfterSeconds fault.
#include "server_context.hpp"
#include "table.hpp"

#include <spdlog/spdlog.h>

#include <deque>

namespace kubesim {
namespace {

struct WatchState {
  const ResourceType* rt;
  std::string ns;
  LabelSelector labels;
  FieldSelector fields;
  std::deque<std::string> pending;  // lines not yet written (initial events)
  std::uint64_t cursor = 0;         // last resourceVersion consumed from the hub
  bool initial_end_bookmark = false;
  bool allow_bookmarks = false;
  bool table = false;
  std::string include_object;
  std::chrono::steady_clock::time_point deadline;
  std::chrono::steady_clock::time_point next_bookmark;
  std::chrono::steady_clock::time_point last_write;
  bool finished = false;
};

bool matches(const WatchState& w, const json::object& o) {
  return w.labels.matches(labels_of(o)) && w.fields.matches(o);
}

std::string event_line(const std::string& type, const std::string& object_json) {
  std::string s;
  s.reserve(object_json.size() + 32);
  s += "{\"type\":\"";
  s += type;
  s += "\",\"object\":";
  s += object_json;
  s += "}\n";
  return s;
}

std::string bookmark_line(const ResourceType& rt, std::uint64_t rv, bool initial_end) {
  json::object md{{"resourceVersion", std::to_string(rv)}};
  if (initial_end) md["annotations"] = json::object{{"k8s.io/initial-events-end", "true"}};
  json::object o{{"kind", rt.kind}, {"apiVersion", rt.api_version()}, {"metadata", md}};
  return event_line("BOOKMARK", json::serialize(o));
}

std::string object_text(const WatchState& w, const ObjPtr& obj, const std::string& cached) {
  if (!w.table) return cached.empty() ? json::serialize(*obj) : cached;
  return json::serialize(to_table(*w.rt, {obj}, w.include_object, str_at(meta(*obj), "resourceVersion")));
}

// Translates a hub event into what this watcher sees ("" = nothing).
std::string translate(const WatchState& w, const WatchEvent& e) {
  if (e.rt != w.rt || (!w.ns.empty() && e.ns != w.ns)) return "";
  bool now = matches(w, *e.obj);
  std::string type = e.type;
  if (e.type == "MODIFIED") {
    bool before = e.old && matches(w, *e.old);
    if (!now && !before) return "";
    if (!before) type = "ADDED";
    else if (!now) type = "DELETED";
  } else if (!now) {
    return "";
  }
  return event_line(type, object_text(w, e.obj, *e.object_json));
}
}  // namespace

void serve_watch(ServerContext& ctx, const WatchParams& p, const httplib::Request& req, httplib::Response& res) {
  auto w = std::make_shared<WatchState>();
  w->rt = p.rt;
  w->ns = p.ns;
  w->labels = LabelSelector::parse(p.label_selector);
  w->fields = FieldSelector::parse(p.field_selector);
  w->allow_bookmarks = p.allow_bookmarks;
  w->table = p.table;
  w->include_object = p.include_object;
  if (p.send_initial_events) {
    if (p.resource_version_match != "NotOlderThan")
      throw ApiError(422, "Invalid", "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: "
                                     "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan");
    if (!p.allow_bookmarks)
      throw ApiError(422, "Invalid", "ListOptions.meta.k8s.io \"\" is invalid: allowWatchBookmarks: Forbidden: "
                                     "sendInitialEvents requires setting allowWatchBookmarks to true");
  }
  bool synthetic = p.send_initial_events || p.resource_version.empty() || p.resource_version == "0";
  std::string expired;
  if (synthetic) {
    auto snap = ctx.store.list(*p.rt, p.ns, &w->labels, &w->fields);
    for (const auto& o : snap.items) w->pending.push_back(event_line("ADDED", object_text(*w, o, "")));
    w->cursor = snap.rv;
    w->initial_end_bookmark = p.send_initial_events;
  } else {
    w->cursor = std::strtoull(p.resource_version.c_str(), nullptr, 10);
    if (w->cursor < ctx.hub.floor())
      expired = "too old resource version: " + p.resource_version + " (" + std::to_string(ctx.hub.floor()) + ")";
  }
  auto now = std::chrono::steady_clock::now();
  long timeout = p.timeout_seconds > 0 ? p.timeout_seconds : 1800;
  w->deadline = now + std::chrono::seconds(timeout);
  auto faults = ctx.faults.get();
  if (faults.watch_close_after_seconds > 0)
    w->deadline = std::min(w->deadline, now + std::chrono::milliseconds(
                                                  static_cast<long long>(faults.watch_close_after_seconds * 1000)));
  w->next_bookmark = now + ctx.opts.bookmark_interval;
  w->last_write = now;
  if (!expired.empty()) {
    ApiError e = ApiError::expired(expired);
    w->pending.push_back(event_line("ERROR", json::serialize(status_object(e))));
    w->finished = true;
  }
  // A streamed body must not go through httplib's gzip/brotli compressor (it buffers): drop the client's
  // Accept-Encoding for this response.
  const_cast<httplib::Request&>(req).headers.erase("Accept-Encoding");
  res.set_header("Cache-Control", "no-cache, private");
  res.set_chunked_content_provider("application/json", [&ctx, w](std::size_t, httplib::DataSink& sink) {
    std::string batch;
    while (!w->pending.empty() && batch.size() < (1 << 16)) {
      batch += w->pending.front();
      w->pending.pop_front();
    }
    if (!batch.empty()) {
      w->last_write = std::chrono::steady_clock::now();
      return sink.write(batch.data(), batch.size());
    }
    if (w->finished) {
      sink.done();
      return true;
    }
    if (w->initial_end_bookmark) {
      w->initial_end_bookmark = false;
      auto line = bookmark_line(*w->rt, w->cursor, true);
      return sink.write(line.data(), line.size());
    }
    auto now = std::chrono::steady_clock::now();
    if (now >= w->deadline || ctx.stopping) {
      sink.done();
      return true;
    }
    auto wake = std::min({w->deadline, now + std::chrono::milliseconds(1000),
                          w->allow_bookmarks ? w->next_bookmark : w->deadline});
    std::vector<EventPtr> events;
    try {
      events = ctx.hub.wait_after(w->cursor, wake);
    } catch (const ApiError& e) {  // compacted while we were behind
      w->pending.push_back(event_line("ERROR", json::serialize(status_object(e))));
      w->finished = true;
      return true;
    }
    for (const auto& e : events) {
      auto line = translate(*w, *e);
      if (!line.empty()) batch += line;
      w->cursor = e->rv;
    }
    if (w->allow_bookmarks && std::chrono::steady_clock::now() >= w->next_bookmark) {
      w->next_bookmark = std::chrono::steady_clock::now() + ctx.opts.bookmark_interval;
      batch += bookmark_line(*w->rt, w->cursor, false);
    }
    now = std::chrono::steady_clock::now();
    // An idle stream gets a bare newline now and then (JSON decoders skip whitespace between values): writing is
    // the only way to notice a client that went away, and each open watch holds a server thread.
    if (batch.empty() && now - w->last_write >= std::chrono::seconds(5)) batch = "\n";
    if (batch.empty()) return sink.is_writable();
    w->last_write = now;
    if (!sink.write(batch.data(), batch.size())) {
      spdlog::debug("watch on {} ended: client gone", w->rt->plural);
      return false;
    }
    return true;
  });
}
}  // namespace kubesim
