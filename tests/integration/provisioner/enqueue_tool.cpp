// Test helper: does what the API does when a store is created or deleted (store row + job + event in one
// transaction), so provisioner integration tests need no API process.
//   provisioner-enqueue --db FILE create NAME [woocommerce|medusa]
//   provisioner-enqueue --db FILE delete NAME
#include <iostream>
#include <string>

#include "storefleet/core/store.hpp"
#include "storefleet/core/util.hpp"
#include "storefleet/db/database.hpp"
#include "storefleet/db/events.hpp"
#include "storefleet/db/jobs.hpp"
#include "storefleet/db/stores.hpp"

using namespace storefleet;

int main(int argc, char** argv) {
  if (argc < 5 || std::string(argv[1]) != "--db") {
    std::cerr << "usage: provisioner-enqueue --db FILE create NAME [engine] | delete NAME\n";
    return 2;
  }
  db::Database database(argv[2]);
  const std::string op = argv[3], name = argv[4];
  const auto engine = parse_engine(argc > 5 ? argv[5] : "woocommerce");
  if (!engine) return 2;
  db::QueuePolicy policy;
  const auto now = now_ms();
  database.write([&](db::Conn& c) {
    db::Event e;
    e.type = "store.status";
    e.store = name;
    e.at = now;
    if (op == "create") {
      const auto store = db::StoreRepo::insert(c, {name, *engine, store_url(name, "local"), ""}, now);
      db::JobQueue::enqueue(c, store.id, db::JobKind::create, policy, now);
      e.store_id = store.id;
      e.status = "Queued";
      e.reason = "accepted";
    } else {
      const auto store = db::StoreRepo::find_live(c, name);
      if (!store) throw std::runtime_error("no such store");
      db::StoreRepo::set_status(c, store->id, StoreStatus::deleting, "delete requested", now);
      db::JobQueue::enqueue(c, store->id, db::JobKind::destroy, policy, now);
      e.store_id = store->id;
      e.status = "Deleting";
      e.reason = "delete requested";
    }
    db::EventLog::append(c, e);
  });
  return 0;
}
