#include "kubeconfig.hpp"

#include "json_util.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>

namespace kubesim {

void write_kubeconfig(const std::string& path, const std::string& server, const std::string& ca_pem,
                      const std::string& token) {
  std::string text = "apiVersion: v1\nkind: Config\nclusters:\n- name: kube-sim\n  cluster:\n    server: " + server +
                     "\n    certificate-authority-data: " + base64_encode(ca_pem) +
                     "\nusers:\n- name: kube-sim\n  user:\n    token: " + token +
                     "\ncontexts:\n- name: kube-sim\n  context:\n    cluster: kube-sim\n    user: kube-sim\n"
                     "    namespace: default\ncurrent-context: kube-sim\n";
  auto tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) throw std::runtime_error("cannot write " + tmp);
  auto n = ::write(fd, text.data(), text.size());
  ::close(fd);
  if (n != static_cast<ssize_t>(text.size()) || std::rename(tmp.c_str(), path.c_str()) != 0)
    throw std::runtime_error("cannot write " + path);
}
}  // namespace kubesim
