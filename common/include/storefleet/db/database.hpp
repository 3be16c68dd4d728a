#pragma once
// One SQLite file shared by both services (WAL, busy_timeout, foreign keys, STRICT tables).
// All access goes through read()/write(). write() uses the one writing connection, serialised by a mutex, and runs
// its function inside one BEGIN IMMEDIATE transaction (so several repositories can change rows atomically: store
// + job, status + event). read() borrows one of up to `max_readers` read-only connections: WAL lets readers run
// beside each other and beside the writer, so a slow write never holds up a read.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace storefleet::db {

class Database {
 public:
  // Opens (creating if needed) and migrates the schema to the newest version.
  explicit Database(const std::filesystem::path& file, int busy_timeout_ms = 5000, int max_readers = 8);
  ~Database();

  template <class F>
  auto read(F&& f) {
    ReadConnection c(*this);
    return f(c.conn());
  }

  template <class F>
  auto write(F&& f) {
    std::lock_guard lock(mutex_);
    SQLite::Transaction tx(conn_, SQLite::TransactionBehavior::IMMEDIATE);
    write_transactions_.fetch_add(1, std::memory_order_relaxed);
    if constexpr (std::is_void_v<decltype(f(conn_))>) {
      f(conn_);
      tx.commit();
    } else {
      auto result = f(conn_);
      tx.commit();
      return result;
    }
  }

  int schema_version();
  const std::filesystem::path& file() const noexcept { return file_; }

  // Past this many frames (64 MiB of 4 KiB pages) a background checkpoint makes sure the WAL restarts.
  static constexpr int kRestartAfterFrames = 16384;
  // Moves WAL checkpoints off the writers: automatic checkpoints (which fsync inside the COMMIT that crosses the
  // WAL size limit, i.e. in some request) are turned off for this process, and a thread of its own runs a
  // PASSIVE checkpoint every `interval` on its own connection (it never blocks readers or writers). When the WAL
  // has grown past `restart_after_frames`, a RESTART checkpoint follows with this process's writers held (a pause
  // of a few milliseconds) so that the WAL file is reused from its start instead of growing.
  // Frequent passes keep each one's fsync small: a long one stalls the commits that write the WAL meanwhile.
  void checkpoint_in_background(std::chrono::milliseconds interval = std::chrono::milliseconds(250),
                                int restart_after_frames = kRestartAfterFrames);
  // One checkpoint now, on the checkpointing connection. PASSIVE never waits; RESTART waits for writers and for
  // readers of WAL frames, so that the next write restarts the WAL from its beginning.
  enum class CheckpointMode { passive, restart };
  struct CheckpointResult {
    int wal_frames = 0;     // frames in the WAL
    int copied_frames = 0;  // of those, copied back into the database file
  };
  CheckpointResult checkpoint_now(CheckpointMode mode = CheckpointMode::passive);
  // Background checkpoints done so far, and what the last one left in the WAL (for tests and metrics).
  std::uint64_t background_checkpoints() const noexcept { return background_checkpoints_.load(); }
  int frames_left_by_last_checkpoint() const noexcept { return frames_left_.load(); }
  // write() calls that began a transaction (committed or rolled back) since this Database was opened: what a
  // flood of requests costs the disk (metrics, benchmarks).
  std::uint64_t write_transactions() const noexcept { return write_transactions_.load(std::memory_order_relaxed); }

 private:
  // A read-only connection borrowed for one read() (returned on scope exit, also when f throws).
  class ReadConnection {
   public:
    explicit ReadConnection(Database& db);
    ~ReadConnection();
    ReadConnection(const ReadConnection&) = delete;
    ReadConnection& operator=(const ReadConnection&) = delete;
    SQLite::Database& conn() { return *conn_; }

   private:
    Database& db_;
    std::unique_ptr<SQLite::Database> conn_;
  };

  std::filesystem::path file_;
  int busy_timeout_ms_;
  std::mutex mutex_;
  SQLite::Database conn_;
  std::mutex readers_mutex_;
  std::condition_variable reader_returned_;
  std::vector<std::unique_ptr<SQLite::Database>> idle_readers_;
  int open_readers_ = 0;
  int max_readers_;
  // Background checkpoints.
  std::mutex checkpointer_mutex_;
  std::unique_ptr<SQLite::Database> checkpointer_;
  std::atomic<std::uint64_t> background_checkpoints_{0};
  std::atomic<int> frames_left_{0};
  std::atomic<std::uint64_t> write_transactions_{0};
  std::thread checkpoint_thread_;
  std::mutex checkpoint_mutex_;
  std::condition_variable checkpoint_cv_;
  bool stop_checkpoints_ = false;
};

using Conn = SQLite::Database;

// Schema migrations by PRAGMA user_version. Applies every migration newer than the file's version.
constexpr int kSchemaVersion = 8;
void migrate(Conn& c, int target = kSchemaVersion);
int user_version(Conn& c);

std::int64_t now_ms();

}  // namespace storefleet::db
