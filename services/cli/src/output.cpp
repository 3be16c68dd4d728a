#include "storefleet/cli/output.hpp"

#include <ctime>
#include <sstream>

#include "storefleet/core/util.hpp"

namespace storefleet::cli {
std::string field_text(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v) return "";
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_null()) return "";
  return boost::json::serialize(*v);
}

namespace {

constexpr auto str = field_text;

}  // namespace

std::string render_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width(header.size());
  for (std::size_t i = 0; i < header.size(); ++i) width[i] = header[i].size();
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.size() && i < width.size(); ++i) width[i] = std::max(width[i], r[i].size());
  std::ostringstream out;
  auto line = [&](const std::vector<std::string>& cells) {
    std::string l;
    for (std::size_t i = 0; i < width.size(); ++i) {
      std::string cell = i < cells.size() ? cells[i] : "";
      l += cell;
      if (i + 1 < width.size()) l += std::string(width[i] - cell.size() + 2, ' ');
    }
    while (!l.empty() && l.back() == ' ') l.pop_back();
    out << l << '\n';
  };
  line(header);
  for (const auto& r : rows) line(r);
  return out.str();
}

std::string age_since(const std::string& iso_time, long long now_ms) {
  const auto t = parse_iso8601_ms(iso_time);  // the API's times (core/util)
  if (!t) return "?";
  long long s = std::max(0LL, static_cast<long long>(now_ms - *t) / 1000);
  if (s < 60) return std::to_string(s) + "s";
  if (s < 3600) return std::to_string(s / 60) + "m";
  if (s < 86400) return std::to_string(s / 3600) + "h";
  return std::to_string(s / 86400) + "d";
}

namespace {
// The status reason, else the first warning the provisioner observed (trouble before the store fails).
std::string reason_or_warning(const boost::json::object& o) {
  if (auto reason = str(o, "status_reason"); !reason.empty()) return reason;
  const auto* w = o.if_contains("warnings");
  if (!w || !w->is_array() || w->as_array().empty() || !w->as_array()[0].is_object()) return "";
  const auto& first = w->as_array()[0].as_object();
  return "warning: " + str(first, "reason") + " (" + str(first, "name") + ")";
}
}  // namespace

std::string render_store_list(const boost::json::value& resp, OutputFormat f) {
  if (f == OutputFormat::json) return boost::json::serialize(resp) + "\n";
  std::vector<std::vector<std::string>> rows;
  const auto* stores = resp.is_object() ? resp.as_object().if_contains("stores") : nullptr;
  long long now = static_cast<long long>(std::time(nullptr)) * 1000;
  bool owners = false;  // the OWNER column only when some store has one (an admin's view of tenants' stores)
  if (stores && stores->is_array())
    for (const auto& s : stores->as_array())
      if (s.is_object() && !str(s.as_object(), "owner_name").empty()) owners = true;
  if (stores && stores->is_array())
    for (const auto& s : stores->as_array()) {
      if (!s.is_object()) continue;
      const auto& o = s.as_object();
      std::vector<std::string> row{str(o, "store_name"), str(o, "engine"), str(o, "status")};
      if (owners) row.push_back(str(o, "owner_name"));
      for (auto cell : {age_since(str(o, "created_at"), now), str(o, "url"), reason_or_warning(o)}) row.push_back(cell);
      rows.push_back(std::move(row));
    }
  if (owners) return render_table({"NAME", "ENGINE", "STATUS", "OWNER", "AGE", "URL", "REASON"}, rows);
  return render_table({"NAME", "ENGINE", "STATUS", "AGE", "URL", "REASON"}, rows);
}

std::string render_store_status(const std::string& name, const boost::json::value& resp, OutputFormat f) {
  if (f == OutputFormat::json) return boost::json::serialize(resp) + "\n";
  std::ostringstream out;
  const auto& o = resp.as_object();
  out << name << ": " << str(o, "status");
  if (auto reason = str(o, "reason"); !reason.empty()) out << " (" << reason << ")";
  out << '\n';
  std::vector<std::vector<std::string>> rows;
  if (const auto* pods = o.if_contains("pods"); pods && pods->is_array())
    for (const auto& p : pods->as_array())
      if (p.is_object())
        rows.push_back({"pod", str(p.as_object(), "name"), str(p.as_object(), "phase"),
                        str(p.as_object(), "ready") == "true" ? "ready" : "not ready", str(p.as_object(), "reason")});
  if (const auto* jobs = o.if_contains("jobs"); jobs && jobs->is_array())
    for (const auto& j : jobs->as_array())
      if (j.is_object()) rows.push_back({"job", str(j.as_object(), "name"), str(j.as_object(), "state"), "", ""});
  if (!rows.empty()) out << render_table({"KIND", "NAME", "STATE", "READY", "REASON"}, rows);
  return out.str();
}

namespace {
// "2/3 pods ready, setup job running": a store.observed event in one line.
std::string summarize_observation(const boost::json::object& d) {
  std::size_t total = 0, ready = 0;
  if (const auto* pods = d.if_contains("pods"); pods && pods->is_array())
    for (const auto& p : pods->as_array()) {
      ++total;
      if (const auto* r = p.is_object() ? p.as_object().if_contains("ready") : nullptr; r && r->is_bool())
        ready += r->as_bool() ? 1 : 0;
    }
  std::string line = std::to_string(ready) + "/" + std::to_string(total) + " pods ready";
  if (const auto* job = d.if_contains("setupJob"); job && job->is_object())
    if (auto state = str(job->as_object(), "state"); !state.empty()) line += ", setup job " + state;
  return line;
}
}  // namespace

std::string render_event_line(const boost::json::value& event) {
  if (!event.is_object()) return "";
  const auto& o = event.as_object();
  std::string at = str(o, "at");
  std::string time = at.size() >= 19 ? at.substr(11, 8) + "Z" : at;  // UTC, and it says so
  std::string line = time + " " + str(o, "store") + " ";
  const std::string type = str(o, "type");
  const auto* data = o.if_contains("data");
  const boost::json::object empty;
  const auto& d = data && data->is_object() ? data->as_object() : empty;
  if (type == "store.status") {
    line += str(o, "status");
  } else if (type == "store.step") {
    line += "step " + str(d, "step") + " " + str(d, "state");
    if (auto detail = str(d, "detail"); !detail.empty()) line += ": " + detail;
  } else if (type == "store.observed") {
    line += "observed " + summarize_observation(d);
  } else {
    line += type;
  }
  if (auto reason = str(o, "reason"); !reason.empty()) line += " — " + reason;
  return line;
}

}  // namespace storefleet::cli
