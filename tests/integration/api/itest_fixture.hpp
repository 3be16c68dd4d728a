#pragma once
// Shared setup for the API integration tests: temp dir, a real SQLite file, the real binary, JSON helpers,
// and a snapshot of every table to prove that rejected requests changed nothing.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <fstream>
#include <memory>
#include <random>
#include <sstream>

#include "api_process.hpp"
#include "storefleet/core/util.hpp"
#include "storefleet/db/database.hpp"
#include "storefleet/db/events.hpp"

namespace storefleet::itest {

class ApiIntegration : public ::testing::Test {
 protected:
  ApiIntegration() {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("storefleet-api-it-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    db_file_ = dir_ / "storefleet.db";
    log_file_ = dir_ / "api.log";
  }
  ~ApiIntegration() override {
    api_.reset();
    db_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  void TearDown() override {
    if (api_) {
      // Every run ends with a clean SIGTERM shutdown (exit 0: no leak report either under -DSANITIZE=ON).
      const int rc = api_->stop(SIGTERM);
      EXPECT_TRUE(rc == 0 || rc == ApiProcess::kNotRunning) << "storefleet-api exit status " << rc;
    }
    std::ifstream in(log_file_);
    std::stringstream ss;
    ss << in.rdbuf();
    auto log = ss.str();
    EXPECT_EQ(log.find("Sanitizer"), std::string::npos) << "sanitizer report in the API log";
    EXPECT_EQ(log.find("runtime error:"), std::string::npos) << "UBSan report in the API log";
    if (!HasFailure()) return;
    if (log.size() > 6000) log = log.substr(log.size() - 6000);
    std::cerr << "---- storefleet-api log (tail) ----\n" << log << "\n";
  }

  ApiProcess& start_api(ApiOptions opts = {}) {
    if (opts.db.empty()) opts.db = db_file_;
    api_ = std::make_unique<ApiProcess>(std::move(opts), log_file_);
    return *api_;
  }
  ApiProcess& api() { return *api_; }
  static ApiOptions options(std::string provisioner_url, std::vector<std::string> extra = {},
                            std::filesystem::path dashboard_dir = {}) {
    ApiOptions o;
    o.provisioner_url = std::move(provisioner_url);
    o.extra = std::move(extra);
    o.dashboard_dir = std::move(dashboard_dir);
    return o;
  }

  httplib::Result post_json(const std::string& path, const std::string& body) {
    auto c = api_->client();
    return c.Post(path.c_str(), body, "application/json");
  }
  httplib::Result create_store(const std::string& name, const std::string& engine = "woocommerce") {
    return post_json("/api/stores", R"({"storeName":")" + name + R"(","engine":")" + engine + R"("})");
  }
  httplib::Result get(const std::string& path, httplib::Headers h = {}) {
    auto c = api_->client();
    return c.Get(path.c_str(), h);
  }
  static boost::json::value json(const httplib::Result& r) { return boost::json::parse(r->body); }

  // Another connection to the same file, like the provisioner's.
  db::Database& db() {
    if (!db_) db_ = std::make_unique<db::Database>(db_file_);
    return *db_;
  }
  std::int64_t append_event(const std::string& store, const std::string& status = "Provisioning") {
    return db().write([&](db::Conn& c) {
      return db::EventLog::append(c, db::Event{0, "store.status", store, status, "test", "{}", now_ms()});
    });
  }
  // Every row of every table, as text: equal snapshots mean nothing changed.
  std::string snapshot() {
    return db().read([](db::Conn& c) {
      std::string out;
      // Refused writes are recorded in the audit log ("rejected: <code>", issue 10) but change no state.
      for (auto table : {"stores", "jobs", "events", "audit_log"}) {
        const std::string where = std::string(table) == "audit_log" ? " WHERE outcome NOT LIKE 'rejected%'" : "";
        SQLite::Statement q(c, std::string("SELECT * FROM ") + table + where + " ORDER BY id");
        out += std::string(table) + ":\n";
        while (q.executeStep()) {
          for (int i = 0; i < q.getColumnCount(); ++i) out += q.getColumn(i).getString() + "|";
          out += "\n";
        }
      }
      return out;
    });
  }

  std::filesystem::path dir_, db_file_, log_file_;
  std::unique_ptr<ApiProcess> api_;
  std::unique_ptr<db::Database> db_;
};

}  // namespace storefleet::itest
