#include "storefleet/db/spec_changes.hpp"

#include "storefleet/db/events.hpp"
#include "storefleet/db/jobs.hpp"
#include "storefleet/db/stores.hpp"

namespace storefleet::db {

SpecChange change_spec(Conn& c, const Store& s, const std::string& version, bool suspended, const std::string& by,
                       const std::string& reason, std::int64_t now) {
  StoreRepo::set_spec(c, s.id, version, suspended, by, now);
  JobQueue::enqueue(c, s.id, JobKind::create, QueuePolicy{}, now);
  SpecChange out{s.generation + 1, std::nullopt};
  if (s.status == StoreStatus::ready || s.status == StoreStatus::degraded || s.status == StoreStatus::suspended ||
      s.status == StoreStatus::upgrading)
    out.status = StoreStatus::upgrading;
  if (s.status == StoreStatus::failed) out.status = StoreStatus::queued;
  if (out.status) {
    StoreRepo::set_status(c, s.id, *out.status, reason, now);
    EventLog::append(c, status_event(s, *out.status, reason, now));
  }
  return out;
}

}  // namespace storefleet::db
