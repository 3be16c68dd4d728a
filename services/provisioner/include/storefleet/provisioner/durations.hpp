#pragma once
// "15m", "90s", "500ms", "1h", or a bare number of seconds → milliseconds (for command-line options).
#include <chrono>
#include <optional>
#include <string_view>

namespace storefleet::provisioner {

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

}  // namespace storefleet::provisioner
