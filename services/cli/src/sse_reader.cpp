#include "storefleet/cli/sse_reader.hpp"

namespace storefleet::cli {

bool SseReader::feed(std::string_view bytes, const std::function<bool(const ServerEvent&)>& on_event) {
  buffer_.append(bytes);
  std::size_t start = 0;
  for (;;) {
    auto nl = buffer_.find('\n', start);
    if (nl == std::string::npos) break;
    std::string_view line(buffer_.data() + start, nl - start);
    start = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {  // blank line: dispatch
      if (has_data_) {
        bool go_on = on_event(current_);
        current_ = {};
        has_data_ = false;
        if (!go_on) {
          buffer_.erase(0, start);
          return false;
        }
      }
      continue;
    }
    if (line.front() == ':') continue;  // comment / heartbeat
    auto colon = line.find(':');
    std::string_view field = line.substr(0, colon);
    std::string_view value = colon == std::string_view::npos ? std::string_view{} : line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (field == "id") {
      current_.id = value;
    } else if (field == "event") {
      current_.type = value;
    } else if (field == "data") {
      if (has_data_) current_.data.push_back('\n');
      current_.data.append(value);
      has_data_ = true;
    }
  }
  buffer_.erase(0, start);
  return true;
}

}  // namespace storefleet::cli
