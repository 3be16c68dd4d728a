#pragma once
// The CLI's commands; each returns an exit code (exit_codes.hpp) and writes to the given streams.
#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "storefleet/cli/output.hpp"

namespace storefleet::cli {

struct ApiError;
struct ClientSettings;

struct Options {
  std::string server = "http://127.0.0.1:3001";
  std::string ca_cert_file;  // --cacert: trust this CA for an https:// server (default: the system's CAs)
  std::string token;  // from --token-file or $STOREFLEET_TOKEN (token_source.hpp); empty: none sent
  OutputFormat output = OutputFormat::table;
  bool wait = false;
  std::chrono::seconds wait_timeout{1200};
  // Idempotency-Key of a create or delete; empty: a fresh one for this invocation.
  std::string idempotency_key;
};

// `list`'s filters, sort and size (kubectl's habits: everything by default, --limit to cap it).
struct ListOptions {
  std::string status;   // one or more, comma-separated, any case
  std::string engine, owner, search;
  std::string sort_by = "name";  // created | name | status | engine | updated
  bool descending = false;
  int limit = 0;  // at most this many stores; 0 = all of them (page after page)
};

// `events`' history: with --store, the stored timeline first (the last `tail` events, those since `since_ms`).
// storefleet rollout start|status|resume|abort.
struct RolloutOptions {
  std::string action;  // start | status | resume | abort
  std::int64_t id = 0; // 0: the newest rollout (status, resume, abort)
  std::string engine = "woocommerce";
  std::string to_version;
  std::vector<std::string> names;
  std::string tenant;
  int wave_size = 10;
  int max_failures = 0;
};
int run_rollout(const Options& o, const RolloutOptions& r, std::ostream& out, std::ostream& err);

struct EventsOptions {
  std::string store;
  int tail = -1;                // -1: no history (follow only); 0..: that many past events
  std::int64_t since_ms = -1;   // -1: no lower bound
  bool follow = true;
};

// What every command's client uses: --cacert, and notices (a rate-limited request being re-sent) on `err`.
ClientSettings client_settings(const Options& o, std::ostream& err);

// Prints "error: <message>" and returns the error's exit code.
int report(const ApiError& e, std::ostream& err);

int run_create(const Options& o, const std::string& name, const std::string& engine, std::ostream& out, std::ostream& err,
               const std::string& engine_version = "");
// upgrade NAME --to V / suspend / resume: PATCH /api/stores/NAME with `patch`; --wait follows the store to `goal`.
int run_change(const Options& o, const std::string& name, const boost::json::object& patch, const std::string& goal,
               std::ostream& out, std::ostream& err);
int run_catalog(const Options& o, std::ostream& out, std::ostream& err);
int run_rollback(const Options& o, const std::string& name, int revision, std::ostream& out, std::ostream& err);
int run_revisions(const Options& o, const std::string& name, std::ostream& out, std::ostream& err);
int run_list(const Options& o, const ListOptions& l, std::ostream& out, std::ostream& err);
int run_retry(const Options& o, const std::string& name, std::ostream& out, std::ostream& err);
// The CLI's version, and the server's when it answers (an unreachable server is no error here).
int run_version(const Options& o, std::ostream& out, std::ostream& err);
int run_status(const Options& o, const std::string& name, std::ostream& out, std::ostream& err);
int run_delete(const Options& o, const std::string& name, std::ostream& out, std::ostream& err);
int run_events(const Options& o, const EventsOptions& e, std::ostream& out, std::ostream& err);

// access_commands.cpp
int run_credentials(const Options& o, const std::string& name, std::ostream& out, std::ostream& err);
// Table output: the secret alone on stdout (so `> file` captures just it), what was created on stderr.
int run_tokens_create(const Options& o, const std::string& name, const std::string& role, int store_limit,
                      std::ostream& out, std::ostream& err);
int run_tokens_list(const Options& o, std::ostream& out, std::ostream& err);
int run_tokens_revoke(const Options& o, const std::string& id, std::ostream& out, std::ostream& err);

}  // namespace storefleet::cli
