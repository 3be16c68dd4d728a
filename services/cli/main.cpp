// storefleet — command-line client for the Storefleet REST API. Global flags go anywhere on the line (kubectl's
// habit): every subcommand passes the flags it does not know up to the top.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "storefleet/cli/api_client.hpp"
#include "storefleet/cli/commands.hpp"
#include "storefleet/cli/completion.hpp"
#include "storefleet/cli/exit_codes.hpp"
#include "storefleet/cli/flag_values.hpp"
#include "storefleet/cli/token_source.hpp"

int main(int argc, char** argv) {
  using namespace storefleet::cli;
  Options o;
  CLI::App app{"storefleet — manage Storefleet stores from the command line.\n"
               "The API token comes from --token-file FILE or the environment variable STOREFLEET_TOKEN\n"
               "(never a flag: command lines are visible to every user of the machine).\n"
               "Exit codes: 0 ok, 2 usage, 3 rejected by the API (4xx), 4 API unreachable or 5xx,\n"
               "5 store Failed (--wait), 6 timed out (--wait), 7 no or refused token (401),\n"
               "8 not allowed for this token (403), 9 rate limited (429; short waits are retried).",
               "storefleet"};
  app.fallthrough();  // inherited by every subcommand made below
  app.require_subcommand(0, 1);
  bool show_version = false;
  app.add_flag("--version", show_version, "print the CLI's and the server's versions");
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

  std::string name, engine = "woocommerce";
  auto* create = app.add_subcommand("create", "create a store");
  create->add_option("name", name, "store name")->required();
  create->add_option("--engine", engine, "woocommerce | medusa")
      ->check(CLI::IsMember({"woocommerce", "medusa"}))
      ->capture_default_str();
  std::string engine_version;
  create->add_option("--engine-version", engine_version, "a version from `storefleet catalog` (default: the catalogue's)");
  create->add_flag("--wait", o.wait, "wait until Ready (exit 5 with the reason if it fails)");
  create->add_option("--idempotency-key", o.idempotency_key, idempotency_help)->check(IdempotencyKeyValidator());

  ListOptions list_opts;
  auto* list = app.add_subcommand("list", "list stores, all of them by default (a tenant token sees its own)");
  list->add_option("--status", list_opts.status, "only these statuses, comma-separated: " + status_names())
      ->check(StatusListValidator());
  list->add_option("--engine", list_opts.engine, "woocommerce | medusa")->check(CLI::IsMember({"woocommerce", "medusa"}));
  list->add_option("--owner", list_opts.owner, "only stores of this token (id or name)");
  list->add_option("--search,-q", list_opts.search, "only names containing this text");
  list->add_option("--sort-by", list_opts.sort_by, "created | name | status | engine | updated")
      ->check(CLI::IsMember({"created", "name", "status", "engine", "updated"}))
      ->capture_default_str();
  list->add_flag("--desc", list_opts.descending, "reverse the order");
  list->add_option("--limit", list_opts.limit, "at most this many stores (0 = all)")
      ->check(CLI::Range(0, 10'000'000))
      ->capture_default_str();

  auto* stat = app.add_subcommand("status", "show a store's status, pods, jobs and warnings");
  stat->add_option("name", name, "store name")->required();
  auto* retry = app.add_subcommand("retry", "retry a Failed or Degraded store");
  retry->add_option("name", name, "store name")->required();
  retry->add_flag("--wait", o.wait, "wait until Ready (exit 5 with the reason if it fails)");
  retry->add_option("--idempotency-key", o.idempotency_key, idempotency_help)->check(IdempotencyKeyValidator());
  std::string to_version;
  auto* upgrade = app.add_subcommand("upgrade", "move a store to another version of its engine (see `catalog`)");
  upgrade->add_option("name", name, "store name")->required();
  upgrade->add_option("--to", to_version, "the version to run")->required();
  upgrade->add_flag("--wait", o.wait, "wait until Ready on the new version (exit 5 with the reason if it fails)");
  upgrade->add_option("--idempotency-key", o.idempotency_key, idempotency_help)->check(IdempotencyKeyValidator());
  auto* suspend = app.add_subcommand("suspend", "scale a store's workloads to 0, keeping its data");
  suspend->add_option("name", name, "store name")->required();
  suspend->add_flag("--wait", o.wait, "wait until Suspended");
  suspend->add_option("--idempotency-key", o.idempotency_key, idempotency_help)->check(IdempotencyKeyValidator());
  auto* resume = app.add_subcommand("resume", "bring a suspended store back");
  resume->add_option("name", name, "store name")->required();
  resume->add_flag("--wait", o.wait, "wait until Ready");
  resume->add_option("--idempotency-key", o.idempotency_key, idempotency_help)->check(IdempotencyKeyValidator());
  int to_revision = 0;
  auto* rollback = app.add_subcommand("rollback", "go back to an earlier revision of a store (see `revisions`)");
  rollback->add_option("name", name, "store name")->required();
  rollback->add_option("--to-revision", to_revision, "the revision to go back to")->required()->check(CLI::PositiveNumber);
  rollback->add_flag("--wait", o.wait, "wait until the store is Ready (or Suspended) again");
  rollback->add_option("--idempotency-key", o.idempotency_key, idempotency_help)->check(IdempotencyKeyValidator());
  auto* revisions = app.add_subcommand("revisions", "a store's helm revisions: version, action, outcome, who");
  revisions->add_option("name", name, "store name")->required();
  RolloutOptions rollout_opts;
  auto* rollout = app.add_subcommand("rollout", "move many stores to a version in waves (admin): start|status|resume|abort");
  rollout->require_subcommand(1);
  auto* ro_start = rollout->add_subcommand("start", "start a rollout; each wave must become Ready before the next");
  ro_start->add_option("--engine", rollout_opts.engine, "woocommerce | medusa")
      ->check(CLI::IsMember({"woocommerce", "medusa"}))
      ->capture_default_str();
  ro_start->add_option("--to", rollout_opts.to_version, "the version to move to (see `catalog`)")->required();
  ro_start->add_option("--names", rollout_opts.names, "only these stores (comma-separated)")->delimiter(',');
  ro_start->add_option("--tenant", rollout_opts.tenant, "only this tenant's stores (token id)");
  ro_start->add_option("--wave-size", rollout_opts.wave_size, "stores per wave")->check(CLI::Range(1, 1000))->capture_default_str();
  ro_start->add_option("--max-failures", rollout_opts.max_failures, "failed stores tolerated before it pauses")
      ->check(CLI::Range(0, 100000))
      ->capture_default_str();
  ro_start->get_option("--names")->excludes(ro_start->get_option("--tenant"));
  auto* ro_status = rollout->add_subcommand("status", "show a rollout's waves and failed stores (default: the newest)");
  auto* ro_resume = rollout->add_subcommand("resume", "resume a paused rollout (its failures are accepted)");
  auto* ro_abort = rollout->add_subcommand("abort", "abort: every store it changed goes back to its old version");
  for (auto* sub : {ro_status, ro_resume, ro_abort})
    sub->add_option("id", rollout_opts.id, "rollout id (default: the newest)")->check(CLI::PositiveNumber);
  for (auto* sub : {ro_start, ro_resume, ro_abort}) {
    sub->add_flag("--wait", o.wait, "wait until it is completed, aborted or paused (paused: exit 5)");
    sub->add_option("--idempotency-key", o.idempotency_key, idempotency_help)->check(IdempotencyKeyValidator());
  }
  auto* catalog = app.add_subcommand("catalog", "list the versions each engine can run (default, deprecated)");
  auto* del = app.add_subcommand("delete", "delete a store");
  del->add_option("name", name, "store name")->required();
  del->add_flag("--wait", o.wait, "wait until the store is gone");
  del->add_option("--idempotency-key", o.idempotency_key, idempotency_help)->check(IdempotencyKeyValidator());

  EventsOptions events_opts;
  std::string since;
  bool no_follow = false;
  auto* events = app.add_subcommand("events", "follow the event stream (with --store: its history first)");
  events->add_option("--store", events_opts.store, "only this store's events (404 if there is no such store)");
  events->add_option("--tail", events_opts.tail, "print the store's last N past events first")->check(CLI::Range(0, 100000));
  events->add_option("--since", since, "print the store's past events since a duration ago (30s, 10m, 2h, 1d) or a UTC time")
      ->check(SinceValidator());
  events->add_flag("--no-follow", no_follow, "print the history and stop");

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

  auto* version = app.add_subcommand("version", "print the CLI's and the server's versions");
  std::string shell;
  auto* completion = app.add_subcommand("completion", "print a shell completion script: source <(storefleet completion bash)");
  completion->add_option("shell", shell, "bash | zsh")->required()->check(CLI::IsMember({"bash", "zsh"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (dynamic_cast<const CLI::ExtrasError*>(&e) && app.get_subcommands().empty()) {
      std::cerr << "error: unknown command '" << app.remaining().front() << "'; commands: " << command_names(app)
                << "\n(storefleet --help for more)\n";
      return kUsage;
    }
    int code = app.exit(e);
    return code == 0 ? kOk : kUsage;
  }
  if (*completion) {
    std::cout << completion_script(app, shell);
    return kOk;
  }
  if (app.get_subcommands().empty() && !show_version) {
    std::cerr << "error: a command is required; commands: " << command_names(app) << "\n(storefleet --help for more)\n";
    return kUsage;
  }
  if (!events_opts.store.empty() || events->count("--tail") || !since.empty()) {
    if (events_opts.store.empty()) {
      std::cerr << "error: --tail and --since read a store's history: give --store too\n";
      return kUsage;
    }
    if (!since.empty()) events_opts.since_ms = since_to_ms(since);
    if (!since.empty() && events_opts.tail < 0) events_opts.tail = 100000;  // everything since then
  }
  events_opts.follow = !no_follow;
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
  if (show_version || *version) return run_version(o, std::cout, std::cerr);
  if (*create) return run_create(o, name, engine, std::cout, std::cerr, engine_version);
  if (*upgrade) return run_change(o, name, {{"version", to_version}}, "Ready", std::cout, std::cerr);
  if (*suspend) return run_change(o, name, {{"suspended", true}}, "Suspended", std::cout, std::cerr);
  if (*resume) return run_change(o, name, {{"suspended", false}}, "Ready", std::cout, std::cerr);
  if (*catalog) return run_catalog(o, std::cout, std::cerr);
  if (*rollout) {
    rollout_opts.action = *ro_start ? "start" : *ro_status ? "status" : *ro_resume ? "resume" : "abort";
    return run_rollout(o, rollout_opts, std::cout, std::cerr);
  }
  if (*rollback) return run_rollback(o, name, to_revision, std::cout, std::cerr);
  if (*revisions) return run_revisions(o, name, std::cout, std::cerr);
  if (*list) return run_list(o, list_opts, std::cout, std::cerr);
  if (*stat) return run_status(o, name, std::cout, std::cerr);
  if (*retry) return run_retry(o, name, std::cout, std::cerr);
  if (*del) return run_delete(o, name, std::cout, std::cerr);
  if (*events) return run_events(o, events_opts, std::cout, std::cerr);
  if (*creds) return run_credentials(o, name, std::cout, std::cerr);
  if (*tok_create) return run_tokens_create(o, token_name, role, store_limit, std::cout, std::cerr);
  if (*tok_list) return run_tokens_list(o, std::cout, std::cerr);
  if (*tok_revoke) return run_tokens_revoke(o, token_id, std::cout, std::cerr);
  return kUsage;
}
