#pragma once
// How to reach a Kubernetes API server: from a kubeconfig file (yaml-cpp) or from the in-cluster service account.
// Only static credentials are supported (bearer token / token file / client certificate); exec and auth-provider
// plugins are rejected with a message that says so, rather than failing later with a confusing 401.
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

namespace storefleet::provisioner {

class KubeconfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ClusterConfig {
  std::string server;          // as written, e.g. https://127.0.0.1:6443
  bool tls = true;             // https
  std::string host;            // 127.0.0.1
  std::string port;            // "6443" (defaults to 443/80)
  std::string base_path;       // path prefix of the server URL ("" or "/k8s")
  std::string ca_pem;          // PEM of the certificate authority ("" = system roots)
  bool insecure = false;       // insecure-skip-tls-verify
  std::string token;           // bearer token (never logged)
  std::string client_cert_pem;
  std::string client_key_pem;
  std::string context;         // the context used ("" for in-cluster)
  std::string default_namespace;
};

// Parses kubeconfig text. `base_dir` resolves relative file references (certificate-authority, token-file, ...);
// `context` overrides current-context when not empty.
ClusterConfig parse_kubeconfig(const std::string& yaml_text, const std::string& base_dir, const std::string& context = "");
ClusterConfig load_kubeconfig(const std::string& path, const std::string& context = "");

// In-cluster config from KUBERNETES_SERVICE_HOST/PORT and the service-account files in `sa_dir`.
// `getenv` is injectable for tests.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
ClusterConfig in_cluster_config(const EnvLookup& getenv,
                                const std::string& sa_dir = "/var/run/secrets/kubernetes.io/serviceaccount");
bool running_in_cluster(const EnvLookup& getenv);

// Splits a server URL into scheme/host/port/path (throws KubeconfigError on anything else).
void split_server_url(ClusterConfig& cfg);

std::string base64_decode(const std::string& in);  // throws KubeconfigError on invalid input
std::string read_text_file(const std::string& path);  // throws KubeconfigError naming the file

}  // namespace storefleet::provisioner
