#include "storefleet/provisioner/helm_command.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace storefleet::provisioner {
namespace {

void require_release_name(const std::string& release) {
  const auto problems = validate_store_name(release, "release");
  if (!problems.empty())
    throw std::invalid_argument("refusing helm command for invalid release name: " + problems.front().message);
}

void add_common(std::vector<std::string>& argv, const HelmSettings& s, const std::string& release) {
  argv.push_back("--namespace");
  argv.push_back(namespace_for(release));
  if (!s.kubeconfig.empty()) {
    argv.push_back("--kubeconfig");
    argv.push_back(s.kubeconfig);
  }
  if (!s.kube_context.empty()) {
    argv.push_back("--kube-context");
    argv.push_back(s.kube_context);
  }
}

}  // namespace

std::string helm_duration(std::chrono::seconds d) {
  const auto total = d.count();
  return std::to_string(total / 60) + "m" + std::to_string(total % 60) + "s";
}

std::vector<std::string> helm_upgrade_install_argv(const HelmSettings& s, const std::string& release,
                                                   const std::string& chart_dir,
                                                   const std::vector<std::string>& values_files) {
  require_release_name(release);
  // Positional arguments first; the release name is validated and the chart path made unambiguous so neither
  // can be read as a flag.
  std::string chart = chart_dir;
  if (!chart.empty() && chart.front() == '-') chart = "./" + chart;
  std::vector<std::string> argv{s.helm, "upgrade", release, chart, "--install"};
  add_common(argv, s, release);
  for (const auto& f : values_files) {
    argv.push_back("--values");
    argv.push_back(f);
  }
  argv.push_back("--timeout");
  argv.push_back(helm_duration(s.timeout));
  argv.push_back("--history-max");
  argv.push_back("5");
  return argv;
}

std::vector<std::string> helm_uninstall_argv(const HelmSettings& s, const std::string& release) {
  require_release_name(release);
  std::vector<std::string> argv{s.helm, "uninstall", release};
  add_common(argv, s, release);
  argv.push_back("--timeout");
  argv.push_back(helm_duration(s.timeout));
  return argv;
}

std::vector<std::string> helm_rollback_argv(const HelmSettings& s, const std::string& release, int revision) {
  require_release_name(release);
  if (revision < 0) throw std::invalid_argument("negative helm revision");
  std::vector<std::string> argv{s.helm, "rollback", release, std::to_string(revision)};
  add_common(argv, s, release);
  argv.push_back("--timeout");
  argv.push_back(helm_duration(s.timeout));
  return argv;
}

std::vector<std::string> helm_version_argv(const HelmSettings& s) { return {s.helm, "version", "--short"}; }

std::string store_values_yaml(const std::string& release, Engine engine, const std::string& store_domain,
                              bool suspended) {
  require_release_name(release);
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "engine" << YAML::Value << std::string(to_string(engine));
  out << YAML::Key << "suspended" << YAML::Value << suspended;
  out << YAML::Key << "existingSecret" << YAML::Value << release + "-credentials";
  out << YAML::Key << "ingress" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "host" << YAML::Value << store_host(release, store_domain);
  out << YAML::EndMap << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

ValuesFile::ValuesFile(const std::string& content, const std::filesystem::path& dir) {
  std::string tmpl = (dir / "storefleet-values-XXXXXX.yaml").string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  const int fd = ::mkstemps(buf.data(), 5);  // mkstemp creates the file 0600
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "creating values file");
  path_.assign(buf.data());
  ::fchmod(fd, S_IRUSR | S_IWUSR);
  std::size_t done = 0;
  while (done < content.size()) {
    const auto n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      ::unlink(path_.c_str());
      throw std::system_error(err, std::generic_category(), "writing values file");
    }
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
}

ValuesFile::~ValuesFile() {
  if (!path_.empty()) ::unlink(path_.c_str());
}

int remove_stale_values_files(const std::filesystem::path& dir, std::chrono::seconds older_than) {
  namespace fs = std::filesystem;
  const auto cutoff = fs::file_time_type::clock::now() - older_than;
  int removed = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const auto name = entry.path().filename().string();
    if (!name.starts_with("storefleet-values-") || !name.ends_with(".yaml")) continue;
    struct stat st {};
    if (::lstat(entry.path().c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid()) continue;
    if (entry.last_write_time(ec) >= cutoff || ec) continue;
    if (fs::remove(entry.path(), ec)) ++removed;
  }
  return removed;
}

}  // namespace storefleet::provisioner
