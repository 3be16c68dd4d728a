#pragma once
// The job queue both processes share (goqite-style). A job is claimed with one UPDATE … RETURNING that
// takes the oldest runnable job and gives it a random lease token and expiry; extend/complete/fail check the
// token, so a worker that lost its lease can change nothing. After max attempts a job is dead (dead-letter).
// At most one active (queued or running) job per store, enforced by a partial unique index.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storefleet/db/database.hpp"

namespace storefleet::db {

enum class JobKind { create, destroy };
std::string_view to_string(JobKind k) noexcept;  // "create" / "delete"
enum class JobState { queued, running, done, dead, cancelled };
std::string_view to_string(JobState s) noexcept;

struct Job {
  std::int64_t id = 0;
  std::int64_t store_id = 0;
  JobKind kind = JobKind::create;
  JobState state = JobState::queued;
  int attempts = 0;
  int max_attempts = 0;
  std::int64_t not_before = 0;
  std::string lease_token;
  std::int64_t lease_expires = 0;
  std::string last_error;
  std::int64_t created_at = 0;
};

struct QueuePolicy {
  int max_attempts = 5;
  std::chrono::milliseconds backoff_base{2000};
  std::chrono::milliseconds backoff_cap{120000};
};

// Delay before attempt n+1 after n failed attempts: base * 2^(n-1), capped.
std::chrono::milliseconds backoff_after(int failed_attempts, const QueuePolicy& p);

// What extend() tells the worker holding the lease.
struct LeaseState {
  bool held = false;        // false: the lease was lost (expired and reclaimed, or completed elsewhere)
  JobKind kind = JobKind::create;  // the job's kind now: a delete may supersede a running create
};

// What a worker's writes are conditional on: it still holds the job's lease, and the job is still of the kind it
// is working on (a delete requested meanwhile turns a create's writes into no-ops).
struct JobFence {
  std::int64_t job_id = 0;
  std::string lease_token;
  JobKind kind = JobKind::create;
};

class JobQueue {
 public:
  // Enqueues a job for the store (call inside the same write() as the store change). If the store already has
  // an active job: a queued one is switched to `kind` (attempts reset); a running one is switched and marked
  // to run again when its worker finishes (whatever the kind: the request is newer than the run). Returns the
  // active job's id.
  static std::int64_t enqueue(Conn& c, std::int64_t store_id, JobKind kind, const QueuePolicy& p, std::int64_t now);
  // Oldest runnable job (queued and due, or running with an expired lease and attempts left), or nothing.
  static std::optional<Job> claim(Conn& c, std::chrono::milliseconds lease, std::int64_t now);
  static LeaseState extend(Conn& c, std::int64_t job_id, const std::string& token, std::chrono::milliseconds lease,
                           std::int64_t now);
  // Done, unless a newer kind was requested meanwhile (then queued again). False when the token is not held.
  static bool complete(Conn& c, std::int64_t job_id, const std::string& token, std::int64_t now);
  // Failed attempt: queued again after backoff, or dead after max attempts. Returns the new state, or nothing
  // when the token is not held.
  static std::optional<JobState> fail(Conn& c, std::int64_t job_id, const std::string& token, const std::string& error,
                                      const QueuePolicy& p, std::int64_t now);
  // True when the fence still holds (call inside the transaction of the write it guards).
  static bool holds(Conn& c, const JobFence& f);
  // Jobs whose lease expired with no attempts left become dead; returns them (the caller records why).
  static std::vector<Job> reap_exhausted(Conn& c, std::int64_t now);
  static std::optional<Job> find(Conn& c, std::int64_t job_id);
  static std::optional<Job> active_for_store(Conn& c, std::int64_t store_id);
  static std::int64_t depth(Conn& c);           // queued + running
  static std::optional<std::int64_t> next_due(Conn& c);  // earliest not_before of queued jobs (for sleeping)
};

}  // namespace storefleet::db
