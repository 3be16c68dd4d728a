#include "storefleet/cli/flag_values.hpp"

#include <boost/algorithm/string/predicate.hpp>
#include <boost/algorithm/string/split.hpp>

#include <charconv>
#include <vector>

#include "storefleet/core/store.hpp"
#include "storefleet/core/util.hpp"

namespace storefleet::cli {

CLI::Validator IdempotencyKeyValidator() {
  return CLI::Validator(
      [](std::string& key) -> std::string {
        if (key.empty() || key.size() > 200) return "must be 1 to 200 characters";
        for (unsigned char c : key)
          if (c < 0x21 || c > 0x7e) return "must be printable ASCII without spaces";
        return "";
      },
      "KEY");
}

std::string status_names() {
  std::string out;
  for (auto s : all_statuses()) out += (out.empty() ? "" : ", ") + std::string(to_string(s));
  return out;
}

CLI::Validator StatusListValidator() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        std::vector<std::string> parts;
        boost::algorithm::split(parts, value, [](char c) { return c == ','; });
        for (const auto& part : parts) {
          bool known = false;
          for (auto s : all_statuses()) known = known || boost::algorithm::iequals(part, to_string(s));
          if (!known) return "'" + part + "' is not a status; use one or more of: " + status_names();
        }
        return "";
      },
      "STATUS[,STATUS…]");
}

namespace {
// Milliseconds of "30s", "10m", "2h", "1d"; -1 when it is not one.
std::int64_t duration_ms(const std::string& v) {
  if (v.size() < 2) return -1;
  std::int64_t n = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size() - 1, n);
  if (ec != std::errc() || ptr != v.data() + v.size() - 1 || n < 0 || n > 100000) return -1;
  switch (v.back()) {
    case 's': return n * 1000;
    case 'm': return n * 60'000;
    case 'h': return n * 3'600'000;
    case 'd': return n * 86'400'000;
    default: return -1;
  }
}
}  // namespace

CLI::Validator SinceValidator() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        if (duration_ms(value) >= 0 || parse_iso8601_ms(value)) return "";
        return "'" + value + "' is neither a duration (30s, 10m, 2h, 1d) nor a UTC time (2026-12-03T10:00:00Z)";
      },
      "DURATION|TIME");
}

std::int64_t since_to_ms(const std::string& value, std::int64_t now) {
  if (auto d = duration_ms(value); d >= 0) return now - d;
  return parse_iso8601_ms(value).value_or(0);
}

std::int64_t since_to_ms(const std::string& value) { return since_to_ms(value, now_ms()); }

std::string command_names(const CLI::App& app, std::string_view separator) {
  std::string out;
  for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    out += (out.empty() ? "" : std::string(separator)) + sub->get_name();
  return out;
}

}  // namespace storefleet::cli
