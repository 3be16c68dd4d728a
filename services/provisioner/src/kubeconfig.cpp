#include "storefleet/provisioner/kubeconfig.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "storefleet/core/util.hpp"

namespace storefleet::provisioner {
namespace {

std::string resolve(const std::string& base_dir, const std::string& p) {
  if (p.empty() || std::filesystem::path(p).is_absolute() || base_dir.empty()) return p;
  return (std::filesystem::path(base_dir) / p).string();
}

// Finds the entry named `name` in a list like `clusters: [{name: x, cluster: {...}}]` and returns its `field`.
YAML::Node find_named(const YAML::Node& root, const char* list, const std::string& name, const char* field) {
  const YAML::Node items = root[list];
  if (items && items.IsSequence()) {
    for (const auto& item : items) {
      if (item["name"] && item["name"].as<std::string>() == name) {
        if (!item[field]) throw KubeconfigError(std::string(list) + " entry '" + name + "' has no '" + field + "'");
        return item[field];
      }
    }
  }
  throw KubeconfigError(std::string("kubeconfig has no ") + list + " entry named '" + name + "'");
}

std::string str(const YAML::Node& n, const char* key) {
  return n[key] && n[key].IsScalar() ? n[key].as<std::string>() : std::string();
}

// `<key>-data` (base64) wins over `<key>` (a file path), as in client-go.
std::string data_or_file(const YAML::Node& n, const std::string& key, const std::string& base_dir) {
  const std::string data = str(n, (key + "-data").c_str());
  if (!data.empty()) return base64_decode(data);
  const std::string file = str(n, key.c_str());
  if (!file.empty()) return read_text_file(resolve(base_dir, file));
  return {};
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

}  // namespace

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw KubeconfigError("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string base64_decode(const std::string& in) {
  auto out = storefleet::base64_decode(in);
  if (!out) throw KubeconfigError("invalid base64 data in kubeconfig");
  return *out;
}

void split_server_url(ClusterConfig& cfg) {
  std::string rest;
  if (cfg.server.rfind("https://", 0) == 0) {
    cfg.tls = true;
    rest = cfg.server.substr(8);
  } else if (cfg.server.rfind("http://", 0) == 0) {
    cfg.tls = false;
    rest = cfg.server.substr(7);
  } else {
    throw KubeconfigError("server URL must start with https:// or http://: '" + cfg.server + "'");
  }
  const auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  cfg.base_path = slash == std::string::npos ? "" : rest.substr(slash);
  while (!cfg.base_path.empty() && cfg.base_path.back() == '/') cfg.base_path.pop_back();
  if (authority.empty()) throw KubeconfigError("server URL has no host: '" + cfg.server + "'");
  std::string host = authority, port;
  if (authority.front() == '[') {  // [v6]:port
    const auto close = authority.find(']');
    if (close == std::string::npos) throw KubeconfigError("bad IPv6 server address: '" + cfg.server + "'");
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':') port = authority.substr(close + 2);
  } else if (const auto colon = authority.rfind(':'); colon != std::string::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (port.empty()) port = cfg.tls ? "443" : "80";
  if (port.find_first_not_of("0123456789") != std::string::npos)
    throw KubeconfigError("bad port in server URL: '" + cfg.server + "'");
  cfg.host = host;
  cfg.port = port;
}

ClusterConfig parse_kubeconfig(const std::string& yaml_text, const std::string& base_dir, const std::string& context) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    throw KubeconfigError(std::string("kubeconfig is not valid YAML: ") + e.what());
  }
  if (!root || !root.IsMap()) throw KubeconfigError("kubeconfig is empty or not a mapping");
  ClusterConfig cfg;
  cfg.context = context.empty() ? str(root, "current-context") : context;
  if (cfg.context.empty()) throw KubeconfigError("kubeconfig has no current-context; pass --context");

  const YAML::Node ctx = find_named(root, "contexts", cfg.context, "context");
  const std::string cluster_name = str(ctx, "cluster");
  const std::string user_name = str(ctx, "user");
  cfg.default_namespace = str(ctx, "namespace");
  const YAML::Node cluster = find_named(root, "clusters", cluster_name, "cluster");
  cfg.server = str(cluster, "server");
  if (cfg.server.empty()) throw KubeconfigError("cluster '" + cluster_name + "' has no server");
  split_server_url(cfg);
  cfg.insecure = cluster["insecure-skip-tls-verify"] && cluster["insecure-skip-tls-verify"].as<bool>(false);
  cfg.ca_pem = data_or_file(cluster, "certificate-authority", base_dir);

  if (!user_name.empty()) {
    const YAML::Node user = find_named(root, "users", user_name, "user");
    if (user["exec"]) {
      throw KubeconfigError("user '" + user_name + "' uses an exec credential plugin (" + str(user["exec"], "command") +
                            "), which storefleet-provisioner does not support; use a kubeconfig with a bearer token "
                            "or a client certificate");
    }
    if (user["auth-provider"]) {
      throw KubeconfigError("user '" + user_name +
                            "' uses an auth-provider plugin, which storefleet-provisioner does not support; use a "
                            "bearer token or a client certificate");
    }
    cfg.token = str(user, "token");
    if (cfg.token.empty() && !str(user, "tokenFile").empty())
      cfg.token = trim(read_text_file(resolve(base_dir, str(user, "tokenFile"))));
    cfg.client_cert_pem = data_or_file(user, "client-certificate", base_dir);
    cfg.client_key_pem = data_or_file(user, "client-key", base_dir);
    if (cfg.client_cert_pem.empty() != cfg.client_key_pem.empty())
      throw KubeconfigError("user '" + user_name + "' has a client certificate without a key (or a key without one)");
    if (!str(user, "username").empty() && cfg.token.empty() && cfg.client_cert_pem.empty())
      throw KubeconfigError("user '" + user_name + "' uses basic auth, which storefleet-provisioner does not support");
  }
  return cfg;
}

ClusterConfig load_kubeconfig(const std::string& path, const std::string& context) {
  const std::string text = read_text_file(path);
  return parse_kubeconfig(text, std::filesystem::path(path).parent_path().string(), context);
}

bool running_in_cluster(const EnvLookup& getenv) {
  const auto host = getenv("KUBERNETES_SERVICE_HOST");
  return host && !host->empty();
}

ClusterConfig in_cluster_config(const EnvLookup& getenv, const std::string& sa_dir) {
  const auto host = getenv("KUBERNETES_SERVICE_HOST");
  const auto port = getenv("KUBERNETES_SERVICE_PORT");
  if (!host || host->empty())
    throw KubeconfigError("not running in a cluster (KUBERNETES_SERVICE_HOST unset); pass --kubeconfig");
  ClusterConfig cfg;
  const bool v6 = host->find(':') != std::string::npos;
  cfg.server = "https://" + (v6 ? "[" + *host + "]" : *host) + ":" + (port && !port->empty() ? *port : "443");
  split_server_url(cfg);
  cfg.token = trim(read_text_file(sa_dir + "/token"));
  cfg.ca_pem = read_text_file(sa_dir + "/ca.crt");
  try {
    cfg.default_namespace = trim(read_text_file(sa_dir + "/namespace"));
  } catch (const KubeconfigError&) {
    cfg.default_namespace = "default";
  }
  return cfg;
}

}  // namespace storefleet::provisioner
