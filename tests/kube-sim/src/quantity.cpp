#include "quantity.hpp"

#include <cmath>
#include <cstdlib>
#include <utility>

namespace kubesim {

std::optional<double> parse_quantity(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str()) return std::nullopt;
  std::string suffix(end);
  static const std::pair<const char*, double> suffixes[] = {
      {"", 1},          {"m", 1e-3},          {"k", 1e3},           {"M", 1e6},          {"G", 1e9},
      {"T", 1e12},      {"P", 1e15},          {"Ki", 1024.0},       {"Mi", 1048576.0},   {"Gi", 1073741824.0},
      {"Ti", 1099511627776.0}, {"Pi", 1125899906842624.0}, {"n", 1e-9}, {"u", 1e-6}};
  for (const auto& [s, mul] : suffixes)
    if (suffix == s) return v * mul;
  return std::nullopt;
}

std::string format_quantity(double value, const std::string& resource_name) {
  bool cpu_like = resource_name.find("cpu") != std::string::npos;
  if (cpu_like) {
    long long milli = std::llround(value * 1000);
    if (milli % 1000 == 0) return std::to_string(milli / 1000);
    return std::to_string(milli) + "m";
  }
  long long bytes = std::llround(value);
  if (resource_name.find("memory") != std::string::npos || resource_name.find("storage") != std::string::npos) {
    static const std::pair<const char*, long long> bin[] = {
        {"Ti", 1099511627776LL}, {"Gi", 1073741824LL}, {"Mi", 1048576LL}, {"Ki", 1024LL}};
    for (const auto& [s, mul] : bin)
      if (bytes != 0 && bytes % mul == 0) return std::to_string(bytes / mul) + s;
  }
  return std::to_string(bytes);
}
}  // namespace kubesim
