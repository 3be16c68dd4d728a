#pragma once
// Settings both services share, from flags with STOREFLEET_* environment equivalents (CLI11).
#include <CLI/CLI.hpp>
#include <string>

namespace storefleet {

struct CommonConfig {
  std::string db = "storefleet.db";        // --db / STOREFLEET_DB
  std::string listen;                       // --listen / STOREFLEET_LISTEN (HOST:PORT; default per service)
  std::string store_domain = "local";       // --store-domain / STOREFLEET_STORE_DOMAIN
  std::string log_level = "info";           // --log-level / STOREFLEET_LOG_LEVEL
  std::string internal_token_file;          // --internal-token-file / STOREFLEET_INTERNAL_TOKEN_FILE
};

void add_common_options(CLI::App& app, CommonConfig& cfg, const std::string& default_listen);
// --tls-cert-file / --tls-key-file (STOREFLEET_TLS_CERT_FILE / _KEY_FILE): both or neither; `who` says to whom
// HTTPS is served in the help text.
void add_tls_options(CLI::App& app, std::string& cert_file, std::string& key_file, const std::string& who);

struct HostPort {
  std::string host;
  unsigned short port = 0;
};
// Parses "HOST:PORT" or "[v6]:PORT"; throws DomainError(bad_request) on anything else.
HostPort parse_host_port(const std::string& s);

// Reads a one-line secret file (trailing whitespace trimmed); throws std::runtime_error naming the file only.
std::string read_secret_file(const std::string& path);

}  // namespace storefleet
