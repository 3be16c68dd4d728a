// Writes the kubeconfig clients use (server URL, CA data, bearer token); 0600, atomically via rename.
#pragma once
#include <string>

namespace kubesim {
void write_kubeconfig(const std::string& path, const std::string& server, const std::string& ca_pem,
                      const std::string& token);
}  // namespace kubesim
