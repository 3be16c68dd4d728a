#include "storefleet/core/config.hpp"

#include <fstream>
#include <sstream>

#include "storefleet/core/errors.hpp"

namespace storefleet {

void add_tls_options(CLI::App& app, std::string& cert_file, std::string& key_file, const std::string& who) {
  auto* cert = app.add_option("--tls-cert-file", cert_file,
                              "PEM certificate chain: serve HTTPS (TLS 1.2+) to " + who + " instead of HTTP; re-read on SIGHUP")
                   ->envname("STOREFLEET_TLS_CERT_FILE")
                   ->check(CLI::ExistingFile);
  auto* key = app.add_option("--tls-key-file", key_file, "PEM private key of --tls-cert-file")
                  ->envname("STOREFLEET_TLS_KEY_FILE")
                  ->check(CLI::ExistingFile);
  cert->needs(key);
  key->needs(cert);
}

void add_common_options(CLI::App& app, CommonConfig& cfg, const std::string& default_listen) {
  cfg.listen = default_listen;
  app.add_option("--db", cfg.db, "SQLite database file shared by both services")
      ->envname("STOREFLEET_DB")
      ->capture_default_str();
  app.add_option("--listen", cfg.listen, "HOST:PORT to listen on")->envname("STOREFLEET_LISTEN")->capture_default_str();
  app.add_option("--store-domain", cfg.store_domain,
                 "Domain for store hosts: 'local' gives http://<name>.local, '203.0.113.7.nip.io' gives "
                 "http://<name>.203.0.113.7.nip.io")
      ->envname("STOREFLEET_STORE_DOMAIN")
      ->capture_default_str();
  app.add_option("--log-level", cfg.log_level, "debug | info | warn | error")
      ->envname("STOREFLEET_LOG_LEVEL")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}))
      ->capture_default_str();
  app.add_option("--internal-token-file", cfg.internal_token_file,
                 "File holding the shared service-to-service token (required when not on loopback)")
      ->envname("STOREFLEET_INTERNAL_TOKEN_FILE");
}

HostPort parse_host_port(const std::string& s) {
  auto bad = [&] { return DomainError(Errc::bad_request, "expected HOST:PORT, got '" + s + "'"); };
  std::string host;
  std::string port;
  if (!s.empty() && s.front() == '[') {
    auto close = s.find(']');
    if (close == std::string::npos || close + 1 >= s.size() || s[close + 1] != ':') throw bad();
    host = s.substr(1, close - 1);
    port = s.substr(close + 2);
  } else {
    auto colon = s.rfind(':');
    if (colon == std::string::npos) throw bad();
    host = s.substr(0, colon);
    port = s.substr(colon + 1);
  }
  if (host.empty() || port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos)
    throw bad();
  unsigned long p = std::stoul(port);
  if (p > 65535) throw bad();
  return {host, static_cast<unsigned short>(p)};
}

std::string read_secret_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read secret file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string v = ss.str();
  while (!v.empty() && (v.back() == '\n' || v.back() == '\r' || v.back() == ' ' || v.back() == '\t')) v.pop_back();
  if (v.empty()) throw std::runtime_error("secret file " + path + " is empty");
  return v;
}

}  // namespace storefleet
