// The lease a running job keeps alive, and running helm on its behalf.
#include <chrono>

#include "storefleet/core/log.hpp"
#include "storefleet/core/util.hpp"
#include "storefleet/provisioner/job_runner.hpp"
#include "storefleet/provisioner/process_runner.hpp"

namespace storefleet::provisioner {

Lease::Lease(db::Database& db, const db::Job& job, std::chrono::milliseconds duration,
             const std::atomic<bool>* stopping)
    : db_(db), job_id_(job.id), token_(job.lease_token), kind_(job.kind), duration_(duration),
      last_(std::chrono::steady_clock::now()), stopping_(stopping) {}

void Lease::release() {
  db_.write([&](db::Conn& c) { db::JobQueue::extend(c, job_id_, token_, std::chrono::milliseconds(0), now_ms()); });
  lost_ = true;
}

bool Lease::keep() {
  if (lost_ || superseded_ || stopping()) return false;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_ < duration_ / 3) return true;
  last_ = now;
  const auto state = db_.write([&](db::Conn& c) { return db::JobQueue::extend(c, job_id_, token_, duration_, now_ms()); });
  if (!state.held) {
    lost_ = true;
    log::warn("worker", "lease lost", {{"job", std::to_string(job_id_)}});
    return false;
  }
  if (state.kind != kind_) {
    superseded_ = true;
    log::info("worker", "job superseded", {{"job", std::to_string(job_id_)}});
    return false;
  }
  return true;
}

namespace {
// The last few non-empty lines of helm's output: that is where helm puts "Error: ...".
std::string tail_lines(const std::string& out, std::size_t max_chars = 600) {
  std::string s = out;
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  if (s.size() > max_chars) s = "…" + s.substr(s.size() - max_chars);
  for (auto& ch : s)
    if (ch == '\n') ch = ' ';
  return s;
}
}  // namespace

void run_helm(Services& s, const std::string& command, const std::vector<std::string>& argv, Lease& lease,
              bool tolerate_not_found) {
  // Wait for a helm slot, keeping the lease alive; a lost lease or a shutdown ends the wait.
  if (s.helm_slots) {
    const auto waiting = std::chrono::steady_clock::now();
    while (!s.helm_slots->try_acquire_for(std::chrono::milliseconds(200)))
      if (!lease.keep()) throw HelmError("helm " + command + " not started: lease lost or job superseded");
    s.metrics.helm_slot_waited(std::chrono::duration<double>(std::chrono::steady_clock::now() - waiting).count());
  }
  struct ReleaseSlot {
    HelmSlots* slots;
    ~ReleaseSlot() {
      if (slots) slots->release();
    }
  } release_slot{s.helm_slots};
  const auto start = std::chrono::steady_clock::now();
  // helm gets its own --timeout; ours is a backstop a little later.
  const auto limit = std::chrono::duration_cast<std::chrono::milliseconds>(s.settings.helm.timeout) + std::chrono::seconds(30);
  const auto r = run_process(argv, limit, [&] { return lease.keep(); });
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  s.metrics.helm_finished(command, secs);
  log::info("helm", "finished", {{"command", command}, {"exit", std::to_string(r.exit_code)},
                                 {"seconds", std::to_string(secs)}});
  if (r.ok()) return;
  if (tolerate_not_found && r.output.find("not found") != std::string::npos) return;
  if (r.aborted) throw HelmError("helm " + command + " stopped: lease lost or job superseded");
  if (r.timed_out) throw HelmError("helm " + command + " timed out");
  if (!r.error.empty()) throw HelmError("helm " + command + ": " + r.error);
  throw HelmError("helm " + command + " failed (exit " + std::to_string(r.exit_code) + "): " + tail_lines(r.output));
}

}  // namespace storefleet::provisioner
