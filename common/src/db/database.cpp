#include "storefleet/db/database.hpp"

#include "storefleet/core/util.hpp"

namespace storefleet::db {

Database::Database(const std::filesystem::path& file, int busy_timeout_ms)
    : file_(file), conn_(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX) {
  conn_.setBusyTimeout(busy_timeout_ms);
  // WAL lets the API read while the provisioner writes; NORMAL sync is durable across process crashes
  // (what we promise), and a power loss can only lose the last transactions, never corrupt the file.
  conn_.exec("PRAGMA journal_mode=WAL");
  conn_.exec("PRAGMA synchronous=NORMAL");
  conn_.exec("PRAGMA foreign_keys=ON");
  std::lock_guard lock(mutex_);
  migrate(conn_);
}

int Database::schema_version() {
  return read([](Conn& c) { return user_version(c); });
}

std::int64_t now_ms() { return storefleet::now_ms(); }

}  // namespace storefleet::db
