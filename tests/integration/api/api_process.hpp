#pragma once
// Runs the real storefleet-api binary for a test: free loopback port, log file, wait for /api/health, and
// SIGTERM/SIGKILL on the way out so no process outlives the test.
#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace storefleet::itest {

inline int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

struct ApiOptions {
  std::filesystem::path db;
  std::string provisioner_url;       // default: a port nobody listens on
  std::filesystem::path dashboard_dir;
  std::vector<std::string> extra;    // more flags
  bool unlimited_rates = true;       // rate limits and the stream cap off unless a test is about them
};

// The admin token every test API starts with (written to a 0600 file, never put on a command line).
inline constexpr const char* kAdminToken = "itest-admin-token-5c1f0e7a9b";

class ApiProcess {
 public:
  ApiProcess(ApiOptions opts, std::filesystem::path log_file) : opts_(std::move(opts)), log_(std::move(log_file)) {
    port_ = free_port();
    if (opts_.provisioner_url.empty()) opts_.provisioner_url = "http://127.0.0.1:" + std::to_string(free_port());
    start();
  }
  ~ApiProcess() { kill_now(); }
  ApiProcess(const ApiProcess&) = delete;
  ApiProcess& operator=(const ApiProcess&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // A client authenticated with the admin token (`token` = "" for an anonymous one).
  httplib::Client client(const std::string& token = kAdminToken) const {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(std::chrono::seconds(2));
    c.set_read_timeout(std::chrono::seconds(10));
    if (!token.empty()) c.set_bearer_token_auth(token);
    return c;
  }
  // The header line for raw-socket requests.
  static std::string auth_header(const std::string& token = kAdminToken) {
    return "Authorization: Bearer " + token + "\r\n";
  }

  void start() {
    const auto token_file = log_.parent_path() / "admin-token";
    {
      const int fd = ::open(token_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      if (fd < 0 || ::write(fd, kAdminToken, std::char_traits<char>::length(kAdminToken)) < 0)
        throw std::runtime_error("cannot write " + token_file.string());
      ::close(fd);
    }
    std::vector<std::string> args{STOREFLEET_API_BIN, "--listen", "127.0.0.1:" + std::to_string(port_), "--db",
                                  opts_.db.string(), "--provisioner-url", opts_.provisioner_url, "--threads", "2",
                                  "--log-level", "info", "--admin-token-file", token_file.string()};
    if (opts_.unlimited_rates)
      for (const char* f : {"--ip-rate", "--token-rate", "--create-rate-per-min", "--max-streams-per-token",
                            "--auth-failure-rate-per-min"}) {
        args.push_back(f);
        args.push_back("0");
      }
    if (!opts_.dashboard_dir.empty()) {
      args.push_back("--dashboard-dir");
      args.push_back(opts_.dashboard_dir.string());
    }
    args.insert(args.end(), opts_.extra.begin(), opts_.extra.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    if (posix_spawn(&pid_, argv[0], &fa, nullptr, argv.data(), environ) != 0) throw std::runtime_error("spawn failed");
    posix_spawn_file_actions_destroy(&fa);
    wait_healthy();
  }

  static constexpr int kNotRunning = -2;
  // Sends sig and waits for exit; returns the exit status (-1 when it had to be killed, kNotRunning when it was
  // not running).
  int stop(int sig = SIGTERM, std::chrono::seconds timeout = std::chrono::seconds(10)) {
    if (pid_ <= 0) return kNotRunning;
    ::kill(pid_, sig);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = 0;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill_now();
    return -1;
  }
  bool running() {
    if (pid_ <= 0) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = 0;
      return false;
    }
    return true;
  }

 private:
  void wait_healthy() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline) {
      if (!running()) throw std::runtime_error("storefleet-api exited during start; see " + log_.string());
      httplib::Client c("127.0.0.1", port_);
      c.set_connection_timeout(std::chrono::milliseconds(200));
      if (auto r = c.Get("/api/health"); r && r->status == 200) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(30));
    }
    throw std::runtime_error("storefleet-api did not become healthy");
  }
  void kill_now() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
      pid_ = 0;
    }
  }

  ApiOptions opts_;
  std::filesystem::path log_;
  int port_ = 0;
  pid_t pid_ = 0;
};

}  // namespace storefleet::itest
