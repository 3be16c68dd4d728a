#pragma once
// Splits an SSE byte stream (arbitrary chunks) into events: `id:`, `event:`, `data:` lines, blank line ends one.
#include <functional>
#include <string>
#include <string_view>

#include "storefleet/cli/api_client.hpp"

namespace storefleet::cli {

class SseReader {
 public:
  // Feeds bytes; calls `on_event` for each complete event; stops early (returns false) when it returns false.
  bool feed(std::string_view bytes, const std::function<bool(const ServerEvent&)>& on_event);

 private:
  std::string buffer_;
  ServerEvent current_;
  bool has_data_ = false;
};

}  // namespace storefleet::cli
