#pragma once
// Where the CLI's API token comes from: never argv (visible in `ps` and shell history). `--token-file F` first,
// else $STOREFLEET_TOKEN, else none (an API started without --admin-token-file needs none).
#include <stdexcept>
#include <string>

namespace storefleet::cli {

struct TokenFileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The token in `path` without surrounding whitespace (a trailing newline is usual). Throws TokenFileError when
// the file is missing, unreadable or empty. Sets `warning` when other users may read the file.
std::string read_token_file(const std::string& path, std::string& warning);

// --token-file wins over the environment; `env_token` may be null (variable unset).
std::string resolve_token(const std::string& token_file, const char* env_token, std::string& warning);

// A fresh Idempotency-Key for one invocation ("cli-" + 32 hex digits): the CLI's own retries of a create or a
// delete reuse it, so a request that timed out after reaching the server is not applied twice.
std::string new_idempotency_key();

}  // namespace storefleet::cli
