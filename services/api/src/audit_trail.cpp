#include "storefleet/api/audit_trail.hpp"

#include <boost/json/parse.hpp>

#include <array>
#include <vector>
#include <utility>

#include "storefleet/core/log.hpp"
#include "storefleet/core/store.hpp"
#include "storefleet/core/util.hpp"
#include "storefleet/db/audit.hpp"

namespace storefleet::api {

bool is_audited_write(const std::string& method, const std::string& path) {
  return (method == "POST" || method == "DELETE" || method == "PUT" || method == "PATCH") &&
         path.rfind("/api/", 0) == 0;
}

std::string audit_action(const std::string& method, const std::string& route) {
  static const std::array<std::pair<std::string_view, std::string_view>, 7> kNames{{
      {"POST /api/stores", "store.create"},
      {"DELETE /api/stores/:name", "store.delete"},
      {"POST /api/stores/:name/retry", "store.retry"},
      {"POST /api/tokens", "token.create"},
      {"DELETE /api/tokens/:id", "token.revoke"},
      {"POST /api/session", "session.create"},
      {"DELETE /api/session", "session.delete"},
  }};
  const auto key = method + " " + route;
  for (const auto& [k, v] : kNames)
    if (k == key) return std::string(v);
  return key;
}

std::string audit_store(const std::string& path) {
  constexpr std::string_view prefix = "/api/stores/";
  if (path.rfind(prefix, 0) != 0) return {};
  auto name = path.substr(prefix.size());
  name = name.substr(0, name.find('/'));
  return name.size() <= 63 ? name : name.substr(0, 63);
}

std::string rejected_outcome(const HttpResponse& resp) {
  boost::system::error_code ec;
  auto v = boost::json::parse(resp.body, ec);
  if (!ec && v.is_object())
    if (const auto* err = v.as_object().if_contains("error"); err && err->is_object())
      if (const auto* code = err->as_object().if_contains("code"); code && code->is_string())
        return "rejected: " + std::string(code->as_string());
  return "rejected: " + std::to_string(resp.status);
}

namespace {
// The storeName of a refused create, when it is a valid name (anything else is caller text, not logged).
std::string requested_store(const std::string& body) {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return {};
  const auto* name = v.as_object().if_contains("storeName");
  if (!name || !name->is_string()) return {};
  std::string n(name->as_string());
  return validate_store_name(n).empty() ? n : std::string();
}
}  // namespace

bool RefusalTally::tallied(const std::string& outcome) {
  return outcome == "rejected: unauthorized" || outcome == "rejected: rate_limited";
}

void RefusalTally::note(const db::AuditEntry& e) {
  std::lock_guard lock(mutex_);
  Key key{e.action, e.store, e.actor, e.client_ip, e.outcome};
  auto it = counts_.find(key);
  Count* c = nullptr;
  if (it != counts_.end()) {
    c = &it->second;
  } else if (counts_.size() < max_sources_) {
    c = &counts_[std::move(key)];
  } else {
    c = &overflow_;
  }
  if (c->n++ == 0) c->first = e.at;
  c->last = e.at;
}

std::uint64_t RefusalTally::pending() const {
  std::lock_guard lock(mutex_);
  std::uint64_t n = overflow_.n;
  for (const auto& [_, c] : counts_) n += c.n;
  return n;
}

std::size_t RefusalTally::flush(db::Database& db) {
  std::map<Key, Count> counts;
  Count overflow;
  {
    std::lock_guard lock(mutex_);
    counts.swap(counts_);
    std::swap(overflow, overflow_);
  }
  if (counts.empty() && overflow.n == 0) return 0;
  const auto span = [](const Count& c) {
    return std::to_string(c.n) + (c.n == 1 ? " refusal" : " refusals") + " from " + iso8601_ms(c.first) + " to " +
           iso8601_ms(c.last);
  };
  std::vector<db::AuditEntry> rows;
  for (const auto& [k, c] : counts) {
    const auto& [action, store, actor, ip, outcome] = k;
    rows.push_back({0, c.last, action, store, actor, ip, outcome, span(c), {}});
  }
  if (overflow.n > 0)
    rows.push_back({0, overflow.last, "refusals", "", "various", "various", "rejected: various",
                    span(overflow) + " (more sources than are counted one by one)", {}});
  try {
    db.write([&](db::Conn& c) {
      for (const auto& r : rows) db::AuditLog::record(c, r);
    });
  } catch (const std::exception& ex) {
    log::warn("audit", "recording refused requests failed", {{"error", ex.what()}, {"rows", std::to_string(rows.size())}});
    return 0;
  }
  return rows.size();
}

AuditSink make_audit_sink(db::Database& db, RefusalTally* tally) {
  return [&db, tally](const HttpRequest& req, const HttpResponse& resp, const std::string& route) {
    if (!is_audited_write(req.method, req.path) || resp.status < 400) return;
    db::AuditEntry e;
    e.at = now_ms();
    // An unmatched route is named by its method only: the raw path is caller-controlled text.
    e.action = route.rfind("/", 0) == 0 ? audit_action(req.method, route) : req.method + " (" + route + ")";
    e.store = audit_store(req.path);
    if (e.store.empty() && req.method == "POST" && req.path == "/api/stores") e.store = requested_store(req.body);
    e.actor = req.ctx.actor;
    e.client_ip = req.ctx.client_ip;
    e.outcome = rejected_outcome(resp);
    if (tally && RefusalTally::tallied(e.outcome)) return tally->note(e);  // a flood is not a flood of fsyncs
    try {
      db.write([&](db::Conn& c) { db::AuditLog::record(c, e); });
    } catch (const std::exception& ex) {
      log::warn("audit", "recording a rejected request failed", {{"error", ex.what()}});
    }
  };
}

}  // namespace storefleet::api
