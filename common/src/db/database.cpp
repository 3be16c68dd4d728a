#include "storefleet/db/database.hpp"

#include "storefleet/core/util.hpp"

namespace storefleet::db {

Database::Database(const std::filesystem::path& file, int busy_timeout_ms, int max_readers)
    : file_(file),
      busy_timeout_ms_(busy_timeout_ms),
      conn_(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX),
      max_readers_(std::max(1, max_readers)) {
  conn_.setBusyTimeout(busy_timeout_ms);
  // WAL lets the API read while the provisioner writes; NORMAL sync is durable across process crashes
  // (what we promise), and a power loss can only lose the last transactions, never corrupt the file.
  conn_.exec("PRAGMA journal_mode=WAL");
  conn_.exec("PRAGMA synchronous=NORMAL");
  // A WAL that a burst made large is cut back to this when it is next restarted: twice the size at which the
  // background checkpoint restarts it, so that steady load reuses the file instead of truncating (and, on a
  // filesystem mounted with discard, discarding) megabytes at every restart.
  conn_.exec("PRAGMA journal_size_limit=" + std::to_string(2LL * kRestartAfterFrames * 4096));
  conn_.exec("PRAGMA foreign_keys=ON");
  std::lock_guard lock(mutex_);
  migrate(conn_);
}

Database::~Database() {
  {
    std::lock_guard lock(checkpoint_mutex_);
    stop_checkpoints_ = true;
  }
  checkpoint_cv_.notify_all();
  if (checkpoint_thread_.joinable()) checkpoint_thread_.join();
}

void Database::checkpoint_in_background(std::chrono::milliseconds interval, int restart_after_frames) {
  if (checkpoint_thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    conn_.exec("PRAGMA wal_autocheckpoint=0");
  }
  checkpoint_thread_ = std::thread([this, interval, restart_after_frames] {
    std::unique_lock lock(checkpoint_mutex_);
    while (!checkpoint_cv_.wait_for(lock, interval, [&] { return stop_checkpoints_; })) {
      lock.unlock();
      try {
        auto pass = checkpoint_now();
        // Writes that arrived during a pass are copied by the next, shorter one.
        for (int i = 0; i < 3 && pass.wal_frames - pass.copied_frames > 64; ++i) pass = checkpoint_now();
        if (pass.wal_frames > restart_after_frames) {
          // Under a steady stream of writes no PASSIVE checkpoint reaches the WAL's end (each takes two fsyncs,
          // new commits keep coming), so the WAL is never restarted: it grows without bound. RESTART, with this
          // process's writers held, copies the few frames left and waits for readers still on WAL frames (reads
          // are short), so the next write starts the WAL over from its beginning. A pause of ~3-5 ms here, only
          // after tens of MiB of writes.
          std::lock_guard writers(mutex_);
          pass = checkpoint_now(CheckpointMode::restart);
        }
        frames_left_ = pass.wal_frames - pass.copied_frames;
        ++background_checkpoints_;
      } catch (const std::exception&) {
        // busy or locked: the next round tries again
      }
      lock.lock();
    }
  });
}

Database::CheckpointResult Database::checkpoint_now(CheckpointMode mode) {
  std::lock_guard lock(checkpointer_mutex_);
  if (!checkpointer_) {
    checkpointer_ = std::make_unique<SQLite::Database>(file_.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX);
    checkpointer_->setBusyTimeout(busy_timeout_ms_);
  }
  SQLite::Statement q(*checkpointer_, mode == CheckpointMode::restart ? "PRAGMA wal_checkpoint(RESTART)"
                                                                      : "PRAGMA wal_checkpoint(PASSIVE)");
  q.executeStep();
  return {q.getColumn(1).getInt(), q.getColumn(2).getInt()};
}

Database::ReadConnection::ReadConnection(Database& db) : db_(db) {
  std::unique_lock lock(db.readers_mutex_);
  db.reader_returned_.wait(lock, [&] { return !db.idle_readers_.empty() || db.open_readers_ < db.max_readers_; });
  if (!db.idle_readers_.empty()) {
    conn_ = std::move(db.idle_readers_.back());
    db.idle_readers_.pop_back();
    return;
  }
  ++db.open_readers_;
  lock.unlock();
  try {
    conn_ = std::make_unique<SQLite::Database>(db.file_.string(), SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX);
    conn_->setBusyTimeout(db.busy_timeout_ms_);
    conn_->exec("PRAGMA foreign_keys=ON");  // per connection, like the writer's
  } catch (...) {
    std::lock_guard again(db.readers_mutex_);
    --db.open_readers_;
    db.reader_returned_.notify_one();
    throw;
  }
}

Database::ReadConnection::~ReadConnection() {
  {
    std::lock_guard lock(db_.readers_mutex_);
    db_.idle_readers_.push_back(std::move(conn_));
  }
  db_.reader_returned_.notify_one();
}

int Database::schema_version() {
  return read([](Conn& c) { return user_version(c); });
}

std::int64_t now_ms() { return storefleet::now_ms(); }

}  // namespace storefleet::db
