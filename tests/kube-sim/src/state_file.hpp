// --state-file: the simulated cluster outlives a restart (saved when kube-sim stops, loaded when it starts).
#pragma once
#include <string>

namespace kubesim {
class Store;
// False when there is no file yet; throws when it cannot be read as a saved cluster.
bool load_state(Store& store, const std::string& path);
// Written to a temporary file (0600) and renamed over `path`.
void save_state(const Store& store, const std::string& path);
}  // namespace kubesim
