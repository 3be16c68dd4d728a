#include "storefleet/cli/sse_reader.hpp"

namespace storefleet::cli {

SseReader::SseReader()
    : parser_([this](const SseMessage& m) {
        if (!m.data.empty() || m.id) ready_.push_back({m.id.value_or(""), m.event, m.data});
      }) {}

bool SseReader::feed(std::string_view bytes, const std::function<bool(const ServerEvent&)>& on_event) {
  parser_.feed(bytes);
  // Events complete in this chunk, in order; after a stop the rest is dropped (the caller stops reading).
  auto ready = std::move(ready_);
  ready_.clear();
  for (const auto& e : ready)
    if (!on_event(e)) return false;
  return true;
}

}  // namespace storefleet::cli
