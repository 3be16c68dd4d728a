#include "storefleet/provisioner/durations.hpp"

#include <charconv>
#include <string>

namespace storefleet::provisioner {

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  long long total_ms = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    long long n = 0;
    const auto [end, ec] = std::from_chars(text.data() + i, text.data() + text.size(), n);
    if (ec != std::errc() || n < 0) return std::nullopt;
    i = static_cast<std::size_t>(end - text.data());
    std::string unit;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) unit.push_back(text[i++]);
    long long scale = 0;
    if (unit.empty() || unit == "s") scale = 1000;
    else if (unit == "ms") scale = 1;
    else if (unit == "m") scale = 60'000;
    else if (unit == "h") scale = 3'600'000;
    else return std::nullopt;
    if (unit.empty() && i != text.size()) return std::nullopt;
    total_ms += n * scale;
  }
  return std::chrono::milliseconds(total_ms);
}

}  // namespace storefleet::provisioner
