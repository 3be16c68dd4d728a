#pragma once
// The watch state machine of one informer (kube-rs watcher style), free of I/O so it can be tested on recorded
// streams: Empty → (LIST) → Listed → (WATCH opened) → Watching. Bookmarks and events advance the
// resourceVersion; a 410 Gone (as HTTP status or as an ERROR event) sends it back to Empty (relist); any other
// drop resumes the watch from the last resourceVersion after a backoff.
#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace storefleet::provisioner {

// Watch events arrive as newline-delimited JSON, but lines do not align with HTTP chunks: this keeps the partial
// tail of the last chunk until its newline arrives.
class LineSplitter {
 public:
  std::vector<std::string> feed(std::string_view bytes);
  void reset() { partial_.clear(); }
  std::size_t pending() const noexcept { return partial_.size(); }

 private:
  std::string partial_;
};

enum class WatchState { empty, listed, watching };
std::string_view to_string(WatchState s) noexcept;

// What the informer must do to its cache.
struct CacheUpdate {
  enum class Kind { replace_all, upsert, remove } kind = Kind::upsert;
  boost::json::object object;               // upsert/remove
  std::vector<boost::json::object> items;   // replace_all
};

struct NextStep {
  enum class Kind { list, watch } kind = Kind::list;
  std::chrono::milliseconds delay{0};
  std::string resource_version;  // for watch
};

struct BackoffPolicy {
  std::chrono::milliseconds base{250};
  std::chrono::milliseconds cap{30000};
};

class WatchMachine {
 public:
  explicit WatchMachine(BackoffPolicy p = {}) : policy_(p) {}

  WatchState state() const noexcept { return state_; }
  const std::string& resource_version() const noexcept { return rv_; }
  int consecutive_failures() const noexcept { return failures_; }
  std::uint64_t restarts() const noexcept { return restarts_; }
  std::uint64_t garbage_lines() const noexcept { return garbage_; }

  // What to do now: LIST when Empty, otherwise WATCH from the resourceVersion; with the backoff delay.
  NextStep next() const;

  // A LIST answered 200: its body (a *List object). Returns the cache replacement.
  CacheUpdate on_list(const boost::json::object& list_body);
  // A LIST or WATCH request answered with a non-200 status (or failed to connect: status 0).
  void on_http_error(int status);
  // The watch stream opened (200 headers received).
  void on_watch_open();
  // Bytes of the watch body; returns the cache updates they complete.
  std::vector<CacheUpdate> feed(std::string_view bytes);
  // The stream ended: `clean` when the server closed it (timeoutSeconds), false on a network error/timeout.
  void on_stream_end(bool clean);

 private:
  void handle_line(const std::string& line, std::vector<CacheUpdate>& out);
  void fail();

  BackoffPolicy policy_;
  WatchState state_ = WatchState::empty;
  std::string rv_;
  LineSplitter lines_;
  int failures_ = 0;
  std::uint64_t restarts_ = 0;
  std::uint64_t garbage_ = 0;
};

}  // namespace storefleet::provisioner
