#include "storefleet/provisioner/process_runner.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace storefleet::provisioner {
namespace {

constexpr std::size_t kMaxOutput = 64 * 1024;

void kill_group(pid_t pid, int sig) {
  ::kill(-pid, sig);
  ::kill(pid, sig);
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                          const std::function<bool()>& heartbeat) {
  ProcessResult r;
  if (argv.empty()) {
    r.error = "empty argv";
    return r;
  }
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    r.error = std::string("pipe: ") + std::strerror(errno);
    return r;
  }
  std::vector<char*> cargv;
  for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  const pid_t parent = ::getpid();

  const pid_t pid = ::fork();
  if (pid < 0) {
    r.error = std::string("fork: ") + std::strerror(errno);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    return r;
  }
  if (pid == 0) {
    // Child: only async-signal-safe calls until exec.
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the parent died before prctl took effect
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    ::dup2(pipe_fds[1], STDERR_FILENO);
    const int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
    ::execv(cargv[0], cargv.data());
    if (std::strchr(cargv[0], '/') == nullptr) ::execvp(cargv[0], cargv.data());
    const char msg[] = "exec failed\n";
    (void)!::write(STDERR_FILENO, msg, sizeof msg - 1);
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  const int fd = pipe_fds[0];
  const auto start = std::chrono::steady_clock::now();
  auto last_beat = start;
  bool eof = false;
  char buf[8192];
  while (!eof) {
    pollfd p{fd, POLLIN, 0};
    const int n = ::poll(&p, 1, 250);
    if (n > 0) {
      const auto got = ::read(fd, buf, sizeof buf);
      if (got > 0) {
        r.output.append(buf, static_cast<std::size_t>(got));
        if (r.output.size() > 2 * kMaxOutput) r.output.erase(0, r.output.size() - kMaxOutput);
      } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
        eof = true;
      }
    }
    const auto now = std::chrono::steady_clock::now();
    if (!eof && now - start >= timeout) {
      r.timed_out = true;
      break;
    }
    if (!eof && heartbeat && now - last_beat >= std::chrono::seconds(1)) {
      last_beat = now;
      if (!heartbeat()) {
        r.aborted = true;
        break;
      }
    }
  }
  ::close(fd);
  if (r.timed_out || r.aborted) {
    kill_group(pid, SIGTERM);
    for (int i = 0; i < 50; ++i) {  // 5 s grace, then SIGKILL
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        if (r.output.size() > kMaxOutput) r.output.erase(0, r.output.size() - kMaxOutput);
        return r;
      }
      ::usleep(100 * 1000);
    }
    kill_group(pid, SIGKILL);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (r.output.size() > kMaxOutput) r.output.erase(0, r.output.size() - kMaxOutput);
  return r;
}

}  // namespace storefleet::provisioner
