// Kubernetes resource quantities ("250m", "1.5", "256Mi", "1G") as numbers, and back to text.
#pragma once
#include <optional>
#include <string>

namespace kubesim {
std::optional<double> parse_quantity(const std::string& text);
// Canonical-looking text: cpu-like resources in cores/millicores, byte-like ones with binary suffixes.
std::string format_quantity(double value, const std::string& resource_name);
}  // namespace kubesim
