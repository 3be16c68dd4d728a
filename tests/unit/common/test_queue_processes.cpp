// Two separate processes (fork) claim from one SQLite file at once: no job may be claimed twice, none lost.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <set>

#include "queue_fixture.hpp"

using namespace storefleet;
using namespace storefleet::db;
using namespace std::chrono_literals;

namespace {

constexpr int kJobs = 1000;

// Child body: claim until the queue is empty, complete each job, and log "<job id>" per claim to `out`.
// Starts when `start_fd` reports end-of-file, so both children race from the same moment.
[[noreturn]] void drain(const std::filesystem::path& file, const std::filesystem::path& out, int start_fd) {
  char byte;
  while (::read(start_fd, &byte, 1) > 0) {
  }
  int code = 0;
  try {
    Database db(file, 30000);
    std::ofstream log(out);
    int idle = 0;
    while (idle < 3) {
      auto job = db.write([](Conn& c) { return JobQueue::claim(c, 60000ms, now_ms()); });
      if (!job) {
        ++idle;
        ::usleep(2000);
        continue;
      }
      idle = 0;
      log << job->id << '\n';
      // The work a real worker does while holding the lease, outside any transaction: it leaves the write lock
      // free for the other process (without it, one process can re-take the lock after every commit and starve
      // the other, which sleeps in SQLite's busy handler).
      ::usleep(1000);
      bool ok = db.write([&](Conn& c) { return JobQueue::complete(c, job->id, job->lease_token, now_ms()); });
      if (!ok) code = 3;  // a claimed job's lease must still be ours
    }
  } catch (...) {
    code = 2;
  }
  ::_exit(code);
}

TEST(QueueProcesses, TwoProcessesClaimThousandJobsExactlyOnce) {
  test::TempDir dir;
  auto file = dir.file("shared.db");
  std::set<std::int64_t> enqueued;
  {
    Database db(file);
    db.write([&](Conn& c) {
      QueuePolicy p;
      for (int i = 0; i < kJobs; ++i) {
        auto s = StoreRepo::insert(c, {"shop-" + std::to_string(i), Engine::woocommerce, "u", ""}, 0);
        enqueued.insert(JobQueue::enqueue(c, s.id, JobKind::create, p, 0));
      }
    });
  }  // no connection is open across fork()
  ASSERT_EQ(enqueued.size(), static_cast<std::size_t>(kJobs));

  int start_pipe[2];
  ASSERT_EQ(::pipe(start_pipe), 0);
  pid_t pids[2];
  for (int i = 0; i < 2; ++i) {
    pids[i] = ::fork();
    ASSERT_GE(pids[i], 0);
    if (pids[i] == 0) {
      ::close(start_pipe[1]);
      drain(file, dir.file("claims-" + std::to_string(i)), start_pipe[0]);
    }
  }
  ::close(start_pipe[0]);
  ::close(start_pipe[1]);  // both children start now
  std::vector<std::int64_t> claims;
  std::size_t per_child[2] = {0, 0};
  for (int i = 0; i < 2; ++i) {
    int status = 0;
    ASSERT_EQ(::waitpid(pids[i], &status, 0), pids[i]);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "child " << i;
    std::ifstream in(dir.file("claims-" + std::to_string(i)));
    std::int64_t id;
    while (in >> id) {
      claims.push_back(id);
      ++per_child[i];
    }
  }
  std::set<std::int64_t> unique(claims.begin(), claims.end());
  EXPECT_EQ(claims.size(), unique.size()) << "a job was claimed twice";
  EXPECT_EQ(unique, enqueued) << "a job was lost";
  EXPECT_GT(per_child[0], 0u);
  EXPECT_GT(per_child[1], 0u);

  Database db(file);
  EXPECT_EQ(db.read([](Conn& c) { return JobQueue::depth(c); }), 0);
  EXPECT_EQ(db.read([](Conn& c) { return c.execAndGet("SELECT COUNT(*) FROM jobs WHERE state = 'done'").getInt(); }),
            kJobs);
}

}  // namespace
