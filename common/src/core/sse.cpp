#include "storefleet/core/sse.hpp"

#include <boost/json.hpp>

namespace storefleet {

std::string sse_frame(const db::Event& e) {
  std::string f = "id: " + std::to_string(e.id) + "\nevent: " + e.type + "\ndata: ";
  f += db::event_to_json(e);
  f += "\n\n";
  return f;
}

std::string sse_retry_frame(int retry_ms) { return "retry: " + std::to_string(retry_ms) + "\n\n"; }

std::string sse_resync_frame(std::int64_t resume_after_id, std::int64_t missed) {
  const auto data = boost::json::serialize(boost::json::object{
      {"reason", "more events were missed than are replayed; reload the stores"},
      {"missed", missed},
      {"resumeAfter", resume_after_id}});
  return "id: " + std::to_string(resume_after_id) + "\nevent: resync\ndata: " + data + "\n\n";
}

SseParser::SseParser(Callback cb, std::size_t max_line_bytes) : cb_(std::move(cb)), max_line_(max_line_bytes) {}

bool SseParser::feed(std::string_view bytes) {
  for (char c : bytes) {
    if (c == '\n' && last_was_cr_) {  // the \n of a \r\n pair: the line was already ended by \r
      last_was_cr_ = false;
      continue;
    }
    last_was_cr_ = c == '\r';
    if (c == '\n' || c == '\r') {
      line(buf_);
      buf_.clear();
      continue;
    }
    buf_.push_back(c);
    if (buf_.size() > max_line_) return false;
  }
  return true;
}

void SseParser::line(std::string_view l) {
  if (l.empty()) {
    if (has_data_ || current_.id) cb_(current_);
    current_ = SseMessage{};
    has_data_ = false;
    return;
  }
  if (l.front() == ':') return;  // comment (heartbeat)
  std::string_view field = l, value;
  if (auto colon = l.find(':'); colon != std::string_view::npos) {
    field = l.substr(0, colon);
    value = l.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  if (field == "data") {
    if (has_data_) current_.data.push_back('\n');
    current_.data.append(value);
    has_data_ = true;
  } else if (field == "event") {
    current_.event = std::string(value);
  } else if (field == "id") {
    current_.id = std::string(value);
  }
}

}  // namespace storefleet
