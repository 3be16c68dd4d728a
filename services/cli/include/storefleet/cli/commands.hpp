#pragma once
// The CLI's commands; each returns an exit code (exit_codes.hpp) and writes to the given streams.
#include <chrono>
#include <iosfwd>
#include <string>

#include "storefleet/cli/output.hpp"

namespace storefleet::cli {

struct Options {
  std::string server = "http://127.0.0.1:3001";
  std::string token;
  OutputFormat output = OutputFormat::table;
  bool wait = false;
  std::chrono::seconds wait_timeout{1200};
};

int run_create(const Options& o, const std::string& name, const std::string& engine, std::ostream& out, std::ostream& err);
int run_list(const Options& o, const std::string& status, std::ostream& out, std::ostream& err);
int run_status(const Options& o, const std::string& name, std::ostream& out, std::ostream& err);
int run_delete(const Options& o, const std::string& name, std::ostream& out, std::ostream& err);
int run_events(const Options& o, const std::string& store, std::ostream& out, std::ostream& err);

}  // namespace storefleet::cli
