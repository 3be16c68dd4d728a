#include "storefleet/cli/token_source.hpp"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "storefleet/core/util.hpp"

namespace storefleet::cli {
namespace {

std::string trim(const std::string& s) {
  const auto* ws = " \t\r\n";
  const auto b = s.find_first_not_of(ws);
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

}  // namespace

std::string read_token_file(const std::string& path, std::string& warning) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw TokenFileError("cannot read the token file " + path);
  std::ostringstream content;
  content << in.rdbuf();
  auto token = trim(content.str());
  if (token.empty()) throw TokenFileError("the token file " + path + " is empty");
  if (token.find_first_of("\r\n") != std::string::npos)
    throw TokenFileError("the token file " + path + " holds more than one line");
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    warning = "the token file " + path + " is readable by other users (chmod 600 it)";
  return token;
}

std::string resolve_token(const std::string& token_file, const char* env_token, std::string& warning) {
  if (!token_file.empty()) return read_token_file(token_file, warning);
  if (env_token) return trim(env_token);
  return "";
}

std::string new_idempotency_key() { return "cli-" + random_hex(16); }

}  // namespace storefleet::cli
