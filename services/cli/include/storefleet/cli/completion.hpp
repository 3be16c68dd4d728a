#pragma once
// Shell completion scripts generated from the CLI's own parser, so they never drift from the real flags.
#include <string>

namespace CLI {
class App;
}

namespace storefleet::cli {

// "bash" or "zsh" (zsh loads the bash function through bashcompinit); throws std::invalid_argument otherwise.
std::string completion_script(const CLI::App& app, const std::string& shell);

}  // namespace storefleet::cli
