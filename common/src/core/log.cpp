#include "storefleet/core/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace storefleet::log {
namespace {

std::shared_ptr<spdlog::logger> logger() {
  static std::shared_ptr<spdlog::logger> instance = [] {
    auto l = spdlog::stderr_logger_mt("storefleet");
    l->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %-5l %v", spdlog::pattern_time_type::utc);
    l->flush_on(spdlog::level::info);
    return l;
  }();
  return instance;
}

std::optional<spdlog::level::level_enum> parse_level(std::string_view s) {
  if (s == "debug") return spdlog::level::debug;
  if (s == "info") return spdlog::level::info;
  if (s == "warn") return spdlog::level::warn;
  if (s == "error") return spdlog::level::err;
  return std::nullopt;
}

bool needs_quotes(std::string_view v) {
  return v.empty() || std::any_of(v.begin(), v.end(), [](unsigned char c) {
           return c <= ' ' || c == '"' || c == '=' || c == '\\' || c >= 0x7f;
         });
}

// Values are quoted and escaped so that one event always stays on one line, whatever a client sent.
void append_value(std::string& out, std::string_view v) {
  if (!needs_quotes(v)) {
    out.append(v);
    return;
  }
  out.push_back('"');
  for (unsigned char c : v) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < ' ' || c == 0x7f) {
      static constexpr char hex[] = "0123456789abcdef";
      out += "\\x";
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  out.push_back('"');
}

}  // namespace

bool is_secret_key(std::string_view key) noexcept {
  static constexpr std::array<std::string_view, 6> kSecretWords{"password", "token", "secret", "authorization",
                                                                "cookie", "credential"};
  std::string lower(key);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return std::any_of(kSecretWords.begin(), kSecretWords.end(),
                     [&](std::string_view w) { return lower.find(w) != std::string::npos; });
}

std::string format_line(std::string_view component, std::string_view message, std::initializer_list<Field> fields) {
  std::string line;
  line.reserve(64 + message.size());
  line.append(component).append(": ");
  append_value(line, message);
  for (const auto& [key, value] : fields) {
    line.push_back(' ');
    line.append(key).push_back('=');
    append_value(line, is_secret_key(key) ? std::string_view("[redacted]") : std::string_view(value));
  }
  return line;
}

void init(std::string_view level) {
  logger();
  set_level(level);
}

bool set_level(std::string_view level) {
  auto parsed = parse_level(level);
  if (!parsed) return false;
  logger()->set_level(*parsed);
  return true;
}

void write(Level lvl, std::string_view component, std::string_view message, std::initializer_list<Field> fields) {
  static constexpr std::array<spdlog::level::level_enum, 4> kMap{spdlog::level::debug, spdlog::level::info,
                                                                 spdlog::level::warn, spdlog::level::err};
  auto level = kMap[static_cast<std::size_t>(lvl)];
  auto& l = *logger();
  if (!l.should_log(level)) return;
  l.log(level, "{}", format_line(component, message, fields));
}

}  // namespace storefleet::log
