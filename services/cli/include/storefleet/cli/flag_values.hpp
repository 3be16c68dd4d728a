#pragma once
// Checking flag values before anything is sent: each refusal names the valid values.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

namespace storefleet::cli {

// The API's rule for Idempotency-Key: 1–200 printable ASCII characters.
CLI::Validator IdempotencyKeyValidator();
// One or more store statuses, comma-separated, any case.
CLI::Validator StatusListValidator();
std::string status_names();  // "Queued, Provisioning, …"
// A duration ago (30s, 10m, 2h, 1d) or a UTC time (2026-12-03T10:00:00Z, 2026-12-03).
CLI::Validator SinceValidator();
// The time (ms since the epoch) a valid --since value means, now being `now_ms`.
std::int64_t since_to_ms(const std::string& value, std::int64_t now_ms);
std::int64_t since_to_ms(const std::string& value);
// "create, list, …": an app's subcommands, joined by `separator`.
std::string command_names(const CLI::App& app, std::string_view separator = ", ");

}  // namespace storefleet::cli
