#include "storefleet/db/jobs.hpp"

#include <algorithm>

#include "storefleet/core/util.hpp"

namespace storefleet::db {
namespace {

constexpr const char* kColumns =
    "id, store_id, kind, state, attempts, max_attempts, not_before, lease_token, lease_expires, last_error, created_at";

std::optional<JobState> parse_state(const std::string& s) {
  for (auto st : {JobState::queued, JobState::running, JobState::done, JobState::dead, JobState::cancelled})
    if (to_string(st) == s) return st;
  return std::nullopt;
}

JobKind parse_kind(const std::string& s) { return s == "delete" ? JobKind::destroy : JobKind::create; }

Job row_to_job(SQLite::Statement& q) {
  Job j;
  j.id = q.getColumn(0).getInt64();
  j.store_id = q.getColumn(1).getInt64();
  j.kind = parse_kind(q.getColumn(2).getString());
  j.state = parse_state(q.getColumn(3).getString()).value_or(JobState::dead);
  j.attempts = q.getColumn(4).getInt();
  j.max_attempts = q.getColumn(5).getInt();
  j.not_before = q.getColumn(6).getInt64();
  j.lease_token = q.getColumn(7).isNull() ? "" : q.getColumn(7).getString();
  j.lease_expires = q.getColumn(8).isNull() ? 0 : q.getColumn(8).getInt64();
  j.last_error = q.getColumn(9).getString();
  j.created_at = q.getColumn(10).getInt64();
  return j;
}

std::string select_sql(const char* where) { return std::string("SELECT ") + kColumns + " FROM jobs WHERE " + where; }

}  // namespace

std::string_view to_string(JobKind k) noexcept { return k == JobKind::destroy ? "delete" : "create"; }

std::string_view to_string(JobState s) noexcept {
  switch (s) {
    case JobState::queued: return "queued";
    case JobState::running: return "running";
    case JobState::done: return "done";
    case JobState::dead: return "dead";
    case JobState::cancelled: return "cancelled";
  }
  return "dead";
}

std::chrono::milliseconds backoff_after(int failed_attempts, const QueuePolicy& p) {
  if (failed_attempts <= 0) return std::chrono::milliseconds{0};
  auto delay = p.backoff_base;
  for (int i = 1; i < failed_attempts && delay < p.backoff_cap; ++i) delay *= 2;
  return std::min(delay, p.backoff_cap);
}

std::int64_t JobQueue::enqueue(Conn& c, std::int64_t store_id, JobKind kind, const QueuePolicy& p, std::int64_t now) {
  const std::string k(to_string(kind));
  if (auto active = active_for_store(c, store_id)) {
    SQLite::Statement q(c, active->state == JobState::queued
                               ? "UPDATE jobs SET kind = :kind, attempts = 0, not_before = :now, last_error = '', "
                                 "updated_at = :now WHERE id = :id"
                               // The worker holding a running job learns of the new kind from extend() and the
                               // job runs again, as the requested kind, once that worker lets go of it. Of the
                               // same kind too: a request that arrives while a job works (a retry after it wrote
                               // Failed, before it completed) is a new request, never absorbed by the old run.
                               : "UPDATE jobs SET kind = :kind, rerun = 1, updated_at = :now WHERE id = :id");
    q.bind(":kind", k);
    q.bind(":now", now);
    q.bind(":id", active->id);
    q.exec();
    return active->id;
  }
  SQLite::Statement q(c,
                      "INSERT INTO jobs (store_id, kind, state, max_attempts, not_before, created_at, updated_at) "
                      "VALUES (?, ?, 'queued', ?, ?, ?, ?) RETURNING id");
  q.bind(1, store_id);
  q.bind(2, k);
  q.bind(3, p.max_attempts);
  q.bind(4, now);
  q.bind(5, now);
  q.bind(6, now);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

std::optional<Job> JobQueue::claim(Conn& c, std::chrono::milliseconds lease, std::int64_t now) {
  SQLite::Statement q(
      c, std::string("UPDATE jobs SET state = 'running', "
                     "attempts = CASE WHEN rerun = 1 THEN 1 ELSE attempts + 1 END, rerun = 0, "
                     "lease_token = :token, lease_expires = :expires, updated_at = :now "
                     "WHERE id = (SELECT id FROM jobs WHERE (state = 'queued' AND not_before <= :now) "
                     "  OR (state = 'running' AND lease_expires <= :now AND (attempts < max_attempts OR rerun = 1)) "
                     "  ORDER BY id LIMIT 1) "
                     "RETURNING ") +
             kColumns);
  q.bind(":token", random_hex(16));
  q.bind(":expires", now + lease.count());
  q.bind(":now", now);
  if (!q.executeStep()) return std::nullopt;
  return row_to_job(q);
}

LeaseState JobQueue::extend(Conn& c, std::int64_t job_id, const std::string& token, std::chrono::milliseconds lease,
                            std::int64_t now) {
  SQLite::Statement q(c,
                      "UPDATE jobs SET lease_expires = ?, updated_at = ? "
                      "WHERE id = ? AND lease_token = ? AND state = 'running' RETURNING kind");
  q.bind(1, now + lease.count());
  q.bind(2, now);
  q.bind(3, job_id);
  q.bind(4, token);
  if (!q.executeStep()) return {};
  return {true, parse_kind(q.getColumn(0).getString())};
}

bool JobQueue::complete(Conn& c, std::int64_t job_id, const std::string& token, std::int64_t now) {
  SQLite::Statement q(c,
                      "UPDATE jobs SET state = CASE WHEN rerun = 1 THEN 'queued' ELSE 'done' END, "
                      "attempts = CASE WHEN rerun = 1 THEN 0 ELSE attempts END, rerun = 0, "
                      "lease_token = NULL, lease_expires = NULL, not_before = ?, updated_at = ? "
                      "WHERE id = ? AND lease_token = ? AND state = 'running'");
  q.bind(1, now);
  q.bind(2, now);
  q.bind(3, job_id);
  q.bind(4, token);
  return q.exec() == 1;
}

std::optional<JobState> JobQueue::fail(Conn& c, std::int64_t job_id, const std::string& token, const std::string& error,
                                       const QueuePolicy& p, std::int64_t now) {
  SQLite::Statement read(c, "SELECT attempts, max_attempts, rerun FROM jobs "
                            "WHERE id = ? AND lease_token = ? AND state = 'running'");
  read.bind(1, job_id);
  read.bind(2, token);
  if (!read.executeStep()) return std::nullopt;
  const int attempts = read.getColumn(0).getInt();
  const int max_attempts = read.getColumn(1).getInt();
  const bool rerun = read.getColumn(2).getInt() != 0;
  read.reset();

  JobState next = JobState::queued;
  std::int64_t not_before = now;
  int new_attempts = attempts;
  if (rerun) {
    new_attempts = 0;  // the failure belonged to the superseded kind
  } else if (attempts >= max_attempts) {
    next = JobState::dead;
  } else {
    not_before = now + backoff_after(attempts, p).count();
  }
  SQLite::Statement q(c,
                      "UPDATE jobs SET state = ?, attempts = ?, rerun = 0, not_before = ?, last_error = ?, "
                      "lease_token = NULL, lease_expires = NULL, updated_at = ? WHERE id = ?");
  q.bind(1, std::string(to_string(next)));
  q.bind(2, new_attempts);
  q.bind(3, not_before);
  q.bind(4, error);
  q.bind(5, now);
  q.bind(6, job_id);
  q.exec();
  return next;
}

bool JobQueue::holds(Conn& c, const JobFence& f) {
  SQLite::Statement q(c, "SELECT 1 FROM jobs WHERE id = ? AND lease_token = ? AND state = 'running' AND kind = ?");
  q.bind(1, f.job_id);
  q.bind(2, f.lease_token);
  q.bind(3, std::string(to_string(f.kind)));
  return q.executeStep();
}

std::vector<Job> JobQueue::reap_exhausted(Conn& c, std::int64_t now) {
  SQLite::Statement q(c, std::string("UPDATE jobs SET state = 'dead', lease_token = NULL, lease_expires = NULL, "
                                     "last_error = CASE WHEN last_error = '' THEN 'lease expired on the last attempt' "
                                     "ELSE last_error END, updated_at = :now "
                                     "WHERE state = 'running' AND lease_expires <= :now AND attempts >= max_attempts "
                                     "AND rerun = 0 RETURNING ") +
                             kColumns);
  q.bind(":now", now);
  std::vector<Job> out;
  while (q.executeStep()) out.push_back(row_to_job(q));
  return out;
}

std::optional<Job> JobQueue::find(Conn& c, std::int64_t job_id) {
  SQLite::Statement q(c, select_sql("id = ?"));
  q.bind(1, job_id);
  if (!q.executeStep()) return std::nullopt;
  return row_to_job(q);
}

std::optional<Job> JobQueue::active_for_store(Conn& c, std::int64_t store_id) {
  SQLite::Statement q(c, select_sql("store_id = ? AND state IN ('queued', 'running')"));
  q.bind(1, store_id);
  if (!q.executeStep()) return std::nullopt;
  return row_to_job(q);
}

std::int64_t JobQueue::depth(Conn& c) {
  return c.execAndGet("SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running')").getInt64();
}

std::optional<std::int64_t> JobQueue::next_due(Conn& c) {
  auto v = c.execAndGet("SELECT MIN(not_before) FROM jobs WHERE state = 'queued'");
  if (v.isNull()) return std::nullopt;
  return v.getInt64();
}

}  // namespace storefleet::db
