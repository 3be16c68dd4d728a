// storefleet — command-line client for the Storefleet REST API.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "storefleet/cli/commands.hpp"
#include "storefleet/cli/exit_codes.hpp"
#include "storefleet/cli/token_source.hpp"

namespace {

// The API's rule for Idempotency-Key: 1–200 printable ASCII characters.
std::string check_idempotency_key(const std::string& key) {
  if (key.empty() || key.size() > 200) return "must be 1 to 200 characters";
  for (unsigned char c : key)
    if (c < 0x21 || c > 0x7e) return "must be printable ASCII without spaces";
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace storefleet::cli;
  Options o;
  CLI::App app{"storefleet — manage Storefleet stores from the command line.\n"
               "The API token comes from --token-file FILE or the environment variable STOREFLEET_TOKEN\n"
               "(never a flag: command lines are visible to every user of the machine).\n"
               "Exit codes: 0 ok, 2 usage, 3 rejected by the API (4xx), 4 API unreachable or 5xx,\n"
               "5 store Failed (--wait), 6 timed out (--wait), 7 no or refused token (401),\n"
               "8 not allowed for this token (403), 9 rate limited (429, Retry-After is printed)."};
  app.require_subcommand(1);
  app.add_option("--server", o.server, "API base URL")->envname("STOREFLEET_SERVER")->capture_default_str();
  app.add_option("--cacert", o.ca_cert_file, "PEM file of the CA that signed an https:// server's certificate")
      ->envname("STOREFLEET_CACERT")
      ->check(CLI::ExistingFile);
  std::string token_file;
  app.add_option("--token-file", token_file, "file holding the API token (default: $STOREFLEET_TOKEN)")
      ->envname("STOREFLEET_TOKEN_FILE");
  std::string output = "table";
  app.add_option("--output,-o", output, "table | json")->check(CLI::IsMember({"table", "json"}))->capture_default_str();
  int wait_timeout = 1200;
  app.add_option("--wait-timeout", wait_timeout, "seconds --wait waits for a final status")->capture_default_str();
  const auto idempotency_help =
      "Idempotency-Key header (default: a new one per run; the CLI re-sends a request that timed out with it)";

  std::string name, engine = "woocommerce", status;
  auto* create = app.add_subcommand("create", "create a store");
  create->add_option("name", name, "store name")->required();
  create->add_option("--engine", engine, "woocommerce | medusa")->capture_default_str();
  create->add_flag("--wait", o.wait, "wait until Ready (exit 5 with the reason if it fails)");
  create->add_option("--idempotency-key", o.idempotency_key, idempotency_help)->check(check_idempotency_key);
  auto* list = app.add_subcommand("list", "list stores (a tenant token sees its own)");
  list->add_option("--status", status, "only stores with this status");
  auto* stat = app.add_subcommand("status", "show a store's status, pods and jobs");
  stat->add_option("name", name, "store name")->required();
  auto* del = app.add_subcommand("delete", "delete a store");
  del->add_option("name", name, "store name")->required();
  del->add_flag("--wait", o.wait, "wait until the store is gone");
  del->add_option("--idempotency-key", o.idempotency_key, idempotency_help)->check(check_idempotency_key);
  auto* events = app.add_subcommand("events", "follow the event stream");
  events->add_option("--store", name, "only this store's events");
  bool creds_json = false;
  auto* creds = app.add_subcommand("credentials", "print a store's admin login (URL, username, password)");
  creds->add_option("name", name, "store name")->required();
  creds->add_flag("--json", creds_json, "JSON output (same as -o json)");

  auto* tokens = app.add_subcommand("tokens", "manage API tokens (admin token needed)");
  tokens->require_subcommand(1);
  std::string token_name, role = "tenant", token_id;
  int store_limit = 0;
  auto* tok_create = tokens->add_subcommand("create", "issue a token; its secret is printed once, on stdout");
  tok_create->add_option("--name", token_name, "label of the token (who or what uses it)")->required();
  tok_create->add_option("--role", role, "tenant | admin")->check(CLI::IsMember({"tenant", "admin"}))->capture_default_str();
  tok_create->add_option("--store-limit", store_limit, "live stores a tenant may have (0 = no limit)")
      ->check(CLI::Range(0, 10000))
      ->capture_default_str();
  auto* tok_list = tokens->add_subcommand("list", "list tokens (never their secrets)");
  auto* tok_revoke = tokens->add_subcommand("revoke", "revoke a token (its sessions end too)");
  tok_revoke->add_option("id", token_id, "token id (tok_…)")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kOk : kUsage;
  }
  try {
    std::string warning;
    o.token = resolve_token(token_file, std::getenv("STOREFLEET_TOKEN"), warning);
    if (!warning.empty()) std::cerr << "warning: " << warning << '\n';
  } catch (const TokenFileError& e) {
    std::cerr << "error: " << e.what() << '\n';
    return kUsage;
  }
  o.output = output == "json" || creds_json ? OutputFormat::json : OutputFormat::table;
  o.wait_timeout = std::chrono::seconds(wait_timeout);
  if (*create) return run_create(o, name, engine, std::cout, std::cerr);
  if (*list) return run_list(o, status, std::cout, std::cerr);
  if (*stat) return run_status(o, name, std::cout, std::cerr);
  if (*del) return run_delete(o, name, std::cout, std::cerr);
  if (*events) return run_events(o, name, std::cout, std::cerr);
  if (*creds) return run_credentials(o, name, std::cout, std::cerr);
  if (*tok_create) return run_tokens_create(o, token_name, role, store_limit, std::cout, std::cerr);
  if (*tok_list) return run_tokens_list(o, std::cout, std::cerr);
  if (*tok_revoke) return run_tokens_revoke(o, token_id, std::cout, std::cerr);
  return kUsage;
}
