#pragma once
// Logging: one line per event — timestamp, level, component, message, key=value fields.
// Field values whose key names a secret (password, token, secret, authorization, cookie) are redacted.
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace storefleet::log {

enum class Level { debug, info, warn, error };

void init(std::string_view level = "info");  // "debug" | "info" | "warn" | "error"
bool set_level(std::string_view level);

using Field = std::pair<std::string_view, std::string>;
void write(Level lvl, std::string_view component, std::string_view message, std::initializer_list<Field> fields = {});

inline void debug(std::string_view c, std::string_view m, std::initializer_list<Field> f = {}) { write(Level::debug, c, m, f); }
inline void info(std::string_view c, std::string_view m, std::initializer_list<Field> f = {}) { write(Level::info, c, m, f); }
inline void warn(std::string_view c, std::string_view m, std::initializer_list<Field> f = {}) { write(Level::warn, c, m, f); }
inline void error(std::string_view c, std::string_view m, std::initializer_list<Field> f = {}) { write(Level::error, c, m, f); }

// The text of one line after the timestamp and level (exposed for tests): `component: message k=v k2="a b"`.
std::string format_line(std::string_view component, std::string_view message, std::initializer_list<Field> fields);
bool is_secret_key(std::string_view key) noexcept;

}  // namespace storefleet::log
