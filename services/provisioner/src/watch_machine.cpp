#include "storefleet/provisioner/watch_machine.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>

namespace json = boost::json;

namespace storefleet::provisioner {

std::vector<std::string> LineSplitter::feed(std::string_view bytes) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] != '\n') continue;
    partial_.append(bytes.substr(start, i - start));
    if (!partial_.empty() && partial_.back() == '\r') partial_.pop_back();
    if (!partial_.empty()) lines.push_back(std::move(partial_));
    partial_.clear();
    start = i + 1;
  }
  partial_.append(bytes.substr(start));
  return lines;
}

std::string_view to_string(WatchState s) noexcept {
  switch (s) {
    case WatchState::empty: return "Empty";
    case WatchState::listed: return "Listed";
    case WatchState::watching: return "Watching";
  }
  return "?";
}

namespace {
std::string rv_of(const json::object& o) {
  const auto* meta = o.if_contains("metadata");
  if (!meta || !meta->is_object()) return {};
  const auto* rv = meta->as_object().if_contains("resourceVersion");
  return rv && rv->is_string() ? std::string(rv->as_string()) : std::string();
}
}  // namespace

NextStep WatchMachine::next() const {
  NextStep step;
  step.kind = state_ == WatchState::empty ? NextStep::Kind::list : NextStep::Kind::watch;
  step.resource_version = rv_;
  if (failures_ > 0) {
    const int shift = std::min(failures_ - 1, 16);
    step.delay = std::min<std::chrono::milliseconds>(policy_.base * (1LL << shift), policy_.cap);
  }
  return step;
}

CacheUpdate WatchMachine::on_list(const json::object& list_body) {
  CacheUpdate up;
  up.kind = CacheUpdate::Kind::replace_all;
  if (const auto* items = list_body.if_contains("items"); items && items->is_array()) {
    for (const auto& item : items->as_array())
      if (item.is_object()) up.items.push_back(item.as_object());
  }
  rv_ = rv_of(list_body);
  state_ = WatchState::listed;
  failures_ = 0;
  return up;
}

void WatchMachine::fail() {
  ++failures_;
  ++restarts_;
}

void WatchMachine::on_http_error(int status) {
  if (status == 410) {
    state_ = WatchState::empty;  // our resourceVersion is too old: start over
    rv_.clear();
  } else if (state_ == WatchState::watching) {
    state_ = WatchState::listed;
  }
  lines_.reset();
  fail();
}

void WatchMachine::on_watch_open() {
  state_ = WatchState::watching;
  lines_.reset();
}

std::vector<CacheUpdate> WatchMachine::feed(std::string_view bytes) {
  std::vector<CacheUpdate> out;
  for (const auto& line : lines_.feed(bytes)) {
    if (state_ != WatchState::watching) break;  // an ERROR event ended this stream: ignore what follows
    handle_line(line, out);
  }
  return out;
}

void WatchMachine::handle_line(const std::string& line, std::vector<CacheUpdate>& out) {
  json::error_code ec;
  json::value v = json::parse(line, ec);
  if (ec || !v.is_object()) {
    ++garbage_;
    return;
  }
  const auto& ev = v.as_object();
  const auto* type = ev.if_contains("type");
  const auto* obj = ev.if_contains("object");
  if (!type || !type->is_string() || !obj || !obj->is_object()) {
    ++garbage_;
    return;
  }
  const std::string_view t = type->as_string();
  const auto& o = obj->as_object();
  if (t == "ERROR") {
    const auto* code = o.if_contains("code");
    const bool gone = code && code->is_int64() && code->as_int64() == 410;
    state_ = gone ? WatchState::empty : WatchState::listed;
    if (gone) rv_.clear();
    fail();
    return;
  }
  const std::string rv = rv_of(o);
  if (t == "BOOKMARK") {
    if (!rv.empty()) rv_ = rv;
    failures_ = 0;
    return;
  }
  CacheUpdate up;
  if (t == "ADDED" || t == "MODIFIED") {
    up.kind = CacheUpdate::Kind::upsert;
  } else if (t == "DELETED") {
    up.kind = CacheUpdate::Kind::remove;
  } else {
    ++garbage_;
    return;
  }
  if (!rv.empty()) rv_ = rv;
  failures_ = 0;
  up.object = o;
  out.push_back(std::move(up));
}

void WatchMachine::on_stream_end(bool clean) {
  lines_.reset();
  // Not Watching: an ERROR event already decided what comes next (relist on 410, resume otherwise).
  if (state_ != WatchState::watching) return;
  state_ = WatchState::listed;
  if (clean) {
    ++restarts_;  // normal end of a watch (timeoutSeconds): resume at once
  } else {
    fail();
  }
}

}  // namespace storefleet::provisioner
