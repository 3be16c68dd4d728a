#pragma once
// Server-Sent Events wire format, one implementation for every part of Storefleet: the frames both services send
// and the parser the API (its provisioner link), the CLI and the tests read streams with (fed from a byte buffer,
// so it is tested without a network).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "storefleet/db/events.hpp"

namespace storefleet {

constexpr int kSseRetryMs = 2000;

// "id: N\nevent: TYPE\ndata: JSON\n\n" (the JSON is one line).
std::string sse_frame(const db::Event& e);
std::string sse_retry_frame(int retry_ms = kSseRetryMs);
// "id: N\nevent: resync\ndata: {...}\n\n": the client missed more than can be replayed (`missed` events);
// it reloads its view and resumes after id N.
std::string sse_resync_frame(std::int64_t resume_after_id, std::int64_t missed);
inline constexpr std::string_view kSseHeartbeat = ": heartbeat\n\n";

struct SseMessage {
  std::optional<std::string> id;  // the `id:` field, when present
  std::string event = "message";
  std::string data;
};

// Incremental parser per the HTML spec: lines end in \n, \r\n or \r; `data:` lines join with \n; comments
// (lines starting with ':') are ignored; a blank line dispatches. Lines longer than max_line_bytes are a
// protocol error (the stream should be dropped).
class SseParser {
 public:
  using Callback = std::function<void(const SseMessage&)>;
  explicit SseParser(Callback cb, std::size_t max_line_bytes = 1 << 20);
  // Returns false on a protocol error.
  bool feed(std::string_view bytes);

 private:
  void line(std::string_view l);
  Callback cb_;
  std::size_t max_line_;
  std::string buf_;
  bool last_was_cr_ = false;
  SseMessage current_;
  bool has_data_ = false;
};

}  // namespace storefleet
