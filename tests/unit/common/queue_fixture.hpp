#pragma once
#include <gtest/gtest.h>

#include "storefleet/db/jobs.hpp"
#include "storefleet/db/stores.hpp"
#include "temp_dir.hpp"

namespace storefleet::test {

// A real SQLite file with helpers to make stores and their jobs.
class QueueFixture : public ::testing::Test {
 protected:
  TempDir dir;
  db::Database db{dir.file("q.db")};
  db::QueuePolicy policy{.max_attempts = 3, .backoff_base = std::chrono::milliseconds(1000),
                         .backoff_cap = std::chrono::milliseconds(3000)};

  std::int64_t store(const std::string& name) {
    return db.write([&](db::Conn& c) {
      return db::StoreRepo::insert(c, {name, Engine::woocommerce, "http://" + name + ".local", ""}, 0).id;
    });
  }
  std::int64_t enqueue(std::int64_t store_id, db::JobKind kind, std::int64_t now) {
    return db.write([&](db::Conn& c) { return db::JobQueue::enqueue(c, store_id, kind, policy, now); });
  }
  std::optional<db::Job> claim(std::int64_t now, std::chrono::milliseconds lease = std::chrono::milliseconds(10000)) {
    return db.write([&](db::Conn& c) { return db::JobQueue::claim(c, lease, now); });
  }
};

}  // namespace storefleet::test
