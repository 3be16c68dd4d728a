#include "storefleet/provisioner/kubeconfig.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

using namespace storefleet::provisioner;

namespace {

// base64 of "CA-PEM", "CERT", "KEY"
constexpr const char* kTwoContexts = R"(
apiVersion: v1
kind: Config
current-context: sim
clusters:
- name: sim-cluster
  cluster:
    server: https://127.0.0.1:6443
    certificate-authority-data: Q0EtUEVN
- name: other-cluster
  cluster:
    server: http://10.0.0.1/prefix/
    insecure-skip-tls-verify: true
contexts:
- name: sim
  context: {cluster: sim-cluster, user: token-user, namespace: team}
- name: other
  context: {cluster: other-cluster, user: cert-user}
users:
- name: token-user
  user: {token: s3cr3t}
- name: cert-user
  user: {client-certificate-data: Q0VSVA==, client-key-data: S0VZ}
)";

struct TempDir {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("sf-kcfg-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  TempDir() { std::filesystem::create_directories(path); }
  ~TempDir() { std::filesystem::remove_all(path); }
  void write(const std::string& name, const std::string& text) const { std::ofstream(path / name) << text; }
  static inline int counter = 0;
};

}  // namespace

TEST(Kubeconfig, CurrentContextWithTokenAndCaData) {
  const auto c = parse_kubeconfig(kTwoContexts, "");
  EXPECT_EQ(c.context, "sim");
  EXPECT_TRUE(c.tls);
  EXPECT_EQ(c.host, "127.0.0.1");
  EXPECT_EQ(c.port, "6443");
  EXPECT_EQ(c.base_path, "");
  EXPECT_EQ(c.ca_pem, "CA-PEM");
  EXPECT_EQ(c.token, "s3cr3t");
  EXPECT_FALSE(c.insecure);
  EXPECT_EQ(c.default_namespace, "team");
}

TEST(Kubeconfig, ExplicitContextWithClientCertAndInsecure) {
  const auto c = parse_kubeconfig(kTwoContexts, "", "other");
  EXPECT_EQ(c.context, "other");
  EXPECT_FALSE(c.tls);
  EXPECT_EQ(c.host, "10.0.0.1");
  EXPECT_EQ(c.port, "80");
  EXPECT_EQ(c.base_path, "/prefix");
  EXPECT_TRUE(c.insecure);
  EXPECT_EQ(c.client_cert_pem, "CERT");
  EXPECT_EQ(c.client_key_pem, "KEY");
  EXPECT_TRUE(c.token.empty());
}

TEST(Kubeconfig, FilesResolveRelativeToTheKubeconfig) {
  TempDir dir;
  dir.write("ca.crt", "FILE-CA");
  dir.write("tok", "file-token\n");
  dir.write("c.crt", "FILE-CERT");
  dir.write("c.key", "FILE-KEY");
  dir.write("config", R"(
current-context: x
clusters: [{name: c, cluster: {server: "https://[::1]:8443", certificate-authority: ca.crt}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
users: [{name: u, user: {tokenFile: tok, client-certificate: c.crt, client-key: c.key}}]
)");
  const auto c = load_kubeconfig((dir.path / "config").string());
  EXPECT_EQ(c.host, "::1");
  EXPECT_EQ(c.port, "8443");
  EXPECT_EQ(c.ca_pem, "FILE-CA");
  EXPECT_EQ(c.token, "file-token");  // trailing newline trimmed
  EXPECT_EQ(c.client_cert_pem, "FILE-CERT");
  EXPECT_EQ(c.client_key_pem, "FILE-KEY");
}

TEST(Kubeconfig, Errors) {
  struct Case {
    const char* name;
    std::string yaml;
    std::string context;
    std::string expect_in_message;
  };
  const std::string base = R"(
clusters: [{name: c, cluster: {server: "https://h:1"}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
)";
  const std::vector<Case> cases = {
      {"exec plugin", "current-context: x\n" + base +
                          "users: [{name: u, user: {exec: {command: aws, apiVersion: client.authentication.k8s.io/v1}}}]",
       "", "exec credential plugin (aws)"},
      {"auth provider", "current-context: x\n" + base + "users: [{name: u, user: {auth-provider: {name: gcp}}}]", "",
       "auth-provider"},
      {"no current context", base + "users: [{name: u, user: {token: t}}]", "", "no current-context"},
      {"unknown context", "current-context: x\n" + base + "users: [{name: u, user: {token: t}}]", "nope",
       "no contexts entry named 'nope'"},
      {"missing user", "current-context: x\n" + base, "", "no users entry named 'u'"},
      {"bad scheme", "current-context: x\nclusters: [{name: c, cluster: {server: \"ftp://h\"}}]\n"
                     "contexts: [{name: x, context: {cluster: c}}]",
       "", "https:// or http://"},
      {"cert without key", "current-context: x\n" + base + "users: [{name: u, user: {client-certificate-data: QQ==}}]",
       "", "without a key"},
      {"bad base64", "current-context: x\n" + base + "users: [{name: u, user: {client-certificate-data: '!!', client-key-data: QQ==}}]",
       "", "invalid base64"},
      {"not yaml", "{{{", "", "not valid YAML"},
  };
  for (const auto& c : cases) {
    try {
      parse_kubeconfig(c.yaml, "", c.context);
      ADD_FAILURE() << c.name << ": no error";
    } catch (const KubeconfigError& e) {
      EXPECT_NE(std::string(e.what()).find(c.expect_in_message), std::string::npos) << c.name << ": " << e.what();
    }
  }
}

TEST(Kubeconfig, InClusterServiceAccount) {
  TempDir dir;
  dir.write("token", "sa-token\n");
  dir.write("ca.crt", "SA-CA");
  dir.write("namespace", "storefleet");
  std::map<std::string, std::string> env{{"KUBERNETES_SERVICE_HOST", "10.96.0.1"}, {"KUBERNETES_SERVICE_PORT", "443"}};
  auto lookup = [&](const std::string& k) -> std::optional<std::string> {
    auto it = env.find(k);
    return it == env.end() ? std::nullopt : std::optional(it->second);
  };
  EXPECT_TRUE(running_in_cluster(lookup));
  const auto c = in_cluster_config(lookup, dir.path.string());
  EXPECT_EQ(c.server, "https://10.96.0.1:443");
  EXPECT_EQ(c.token, "sa-token");
  EXPECT_EQ(c.ca_pem, "SA-CA");
  EXPECT_EQ(c.default_namespace, "storefleet");

  env["KUBERNETES_SERVICE_HOST"] = "fd00::1";
  EXPECT_EQ(in_cluster_config(lookup, dir.path.string()).host, "fd00::1");

  env.clear();
  EXPECT_FALSE(running_in_cluster(lookup));
  EXPECT_THROW(in_cluster_config(lookup, dir.path.string()), KubeconfigError);
}

TEST(Kubeconfig, Base64) {
  EXPECT_EQ(base64_decode("aGVsbG8="), "hello");
  EXPECT_EQ(base64_decode("aGVs\nbG8"), "hello");
  EXPECT_THROW(base64_decode("a*b"), KubeconfigError);
}
