#pragma once
// The /api/stores handlers: pure functions of (request, path params) over the shared SQLite database. Every
// mutation writes the store row, its job, its event and its audit row in one transaction, then tells the event
// hub and wakes the provisioner (both injected, so tests run without either).
#include <functional>
#include <string>

#include "storefleet/api/router.hpp"
#include "storefleet/core/store.hpp"
#include "storefleet/db/database.hpp"

namespace storefleet::api {

// The provisioner's answer to GET /stores/{name}/credentials; status 0 = it could not be reached.
struct CredentialsReply {
  int status = 0;
  std::string body;
};
// Asks the provisioner and returns at once; `done` runs later, on a thread where the database may be used.
using CredentialsFetcher =
    std::function<void(const std::string& store, std::function<void(CredentialsReply)> done)>;

struct StoreApiDeps {
  db::Database* db = nullptr;
  std::string store_domain = "local";
  std::function<void()> events_written;   // publish new event-log rows to SSE clients
  std::function<void()> wake_provisioner; // fire-and-forget ping
  CredentialsFetcher fetch_credentials;   // reads the store's admin login from its Secret
};

class StoreApi {
 public:
  explicit StoreApi(StoreApiDeps deps);
  void register_routes(Router& router);

  HttpResponse list(const HttpRequest& req, const PathParams& p);
  HttpResponse create(const HttpRequest& req, const PathParams& p);
  HttpResponse get(const HttpRequest& req, const PathParams& p);
  HttpResponse status(const HttpRequest& req, const PathParams& p);
  HttpResponse events(const HttpRequest& req, const PathParams& p);
  HttpResponse remove(const HttpRequest& req, const PathParams& p);
  HttpResponse retry(const HttpRequest& req, const PathParams& p);
  HttpResponse credentials(const HttpRequest& req, const PathParams& p);  // deferred: see credentials_answer
  HttpResponse patch(const HttpRequest& req, const PathParams& p);        // store_changes.cpp
  HttpResponse catalog(const HttpRequest& req, const PathParams& p);
  HttpResponse revisions(const HttpRequest& req, const PathParams& p);
  HttpResponse rollback(const HttpRequest& req, const PathParams& p);

 private:
  // The credentials route's answer once the provisioner replied (on the fetcher's completion thread).
  HttpResponse credentials_answer(const Store& s, const RequestContext& ctx, const CredentialsReply& reply);
  void after_mutation();
  // The version a new store records: the one asked for once the catalogue allows it, else the default ("" while
  // no catalogue is published). Throws validation_failed / unavailable.
  static std::string checked_new_store_version(db::Conn& c, Engine engine, const std::string& version);
  StoreApiDeps deps_;
};

}  // namespace storefleet::api
