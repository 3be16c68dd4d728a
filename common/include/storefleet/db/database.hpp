#pragma once
// One SQLite file shared by both services (WAL, busy_timeout, foreign keys, STRICT tables).
// All access goes through read()/write(): one connection per Database object, serialised by a mutex, and
// write() runs its function inside one BEGIN IMMEDIATE transaction (so several repositories can change
// rows atomically: store + job, status + event).
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <filesystem>
#include <mutex>
#include <string>

namespace storefleet::db {

class Database {
 public:
  // Opens (creating if needed) and migrates the schema to the newest version.
  explicit Database(const std::filesystem::path& file, int busy_timeout_ms = 5000);

  template <class F>
  auto read(F&& f) {
    std::lock_guard lock(mutex_);
    return f(conn_);
  }

  template <class F>
  auto write(F&& f) {
    std::lock_guard lock(mutex_);
    SQLite::Transaction tx(conn_, SQLite::TransactionBehavior::IMMEDIATE);
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

 private:
  std::filesystem::path file_;
  std::mutex mutex_;
  SQLite::Database conn_;
};

using Conn = SQLite::Database;

// Schema migrations by PRAGMA user_version. Applies every migration newer than the file's version.
constexpr int kSchemaVersion = 6;
void migrate(Conn& c, int target = kSchemaVersion);
int user_version(Conn& c);

std::int64_t now_ms();

}  // namespace storefleet::db
