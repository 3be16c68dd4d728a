// storefleet — command-line client for the Storefleet REST API.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "storefleet/cli/commands.hpp"
#include "storefleet/cli/exit_codes.hpp"

int main(int argc, char** argv) {
  using namespace storefleet::cli;
  Options o;
  CLI::App app{"storefleet — manage Storefleet stores from the command line.\n"
               "Exit codes: 0 ok, 2 usage, 3 rejected by the API (4xx), 4 API unreachable or 5xx,\n"
               "5 store Failed (--wait), 6 timed out (--wait)."};
  app.require_subcommand(1);
  app.add_option("--server", o.server, "API base URL")->envname("STOREFLEET_SERVER")->capture_default_str();
  app.add_option("--token", o.token, "API token (prefer STOREFLEET_TOKEN: flags are visible in ps)")
      ->envname("STOREFLEET_TOKEN");
  std::string output = "table";
  app.add_option("--output,-o", output, "table | json")->check(CLI::IsMember({"table", "json"}))->capture_default_str();
  int wait_timeout = 1200;
  app.add_option("--wait-timeout", wait_timeout, "seconds --wait waits for a final status")->capture_default_str();

  std::string name, engine = "woocommerce", status;
  auto* create = app.add_subcommand("create", "create a store");
  create->add_option("name", name, "store name")->required();
  create->add_option("--engine", engine, "woocommerce | medusa")->capture_default_str();
  create->add_flag("--wait", o.wait, "wait until Ready (exit 5 with the reason if it fails)");
  auto* list = app.add_subcommand("list", "list stores");
  list->add_option("--status", status, "only stores with this status");
  auto* stat = app.add_subcommand("status", "show a store's status, pods and jobs");
  stat->add_option("name", name, "store name")->required();
  auto* del = app.add_subcommand("delete", "delete a store");
  del->add_option("name", name, "store name")->required();
  del->add_flag("--wait", o.wait, "wait until the store is gone");
  auto* events = app.add_subcommand("events", "follow the event stream");
  events->add_option("--store", name, "only this store's events");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kOk : kUsage;
  }
  o.output = output == "json" ? OutputFormat::json : OutputFormat::table;
  o.wait_timeout = std::chrono::seconds(wait_timeout);
  if (*create) return run_create(o, name, engine, std::cout, std::cerr);
  if (*list) return run_list(o, status, std::cout, std::cerr);
  if (*stat) return run_status(o, name, std::cout, std::cerr);
  if (*del) return run_delete(o, name, std::cout, std::cerr);
  if (*events) return run_events(o, name, std::cout, std::cerr);
  return kUsage;
}
