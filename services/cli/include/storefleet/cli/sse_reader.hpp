#pragma once
// An SSE byte stream (arbitrary chunks) as ServerEvents, read with the shared parser (core/sse.hpp: lines end in
// \n, \r\n or a bare \r, as the HTML spec says).
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "storefleet/cli/api_client.hpp"
#include "storefleet/core/sse.hpp"

namespace storefleet::cli {

class SseReader {
 public:
  SseReader();
  // Feeds bytes; calls `on_event` for each complete event; stops early (returns false) when it returns false.
  bool feed(std::string_view bytes, const std::function<bool(const ServerEvent&)>& on_event);

 private:
  std::vector<ServerEvent> ready_;
  SseParser parser_;
};

}  // namespace storefleet::cli
