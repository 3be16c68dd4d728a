#pragma once
// Requests to the provisioner that an API request waits for (the credentials read), made asynchronously with a
// deadline on the client's own I/O thread: no request worker and no server I/O thread ever waits on the
// provisioner, so a hung provisioner costs one socket per waiting request and nothing else. Replies are handed to
// a small completion pool, where the caller may use the database.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "storefleet/api/store_api.hpp"

namespace storefleet::api {

class ProvisionerCalls {
 public:
  // base_url: http://host:port or https://host:port (https: its certificate must chain to ca_file, or to the
  // system's CAs when ca_file is ""). Throws std::invalid_argument on a URL it cannot use.
  ProvisionerCalls(const std::string& base_url, std::string bearer_token, const std::string& ca_file = {},
                   std::chrono::milliseconds deadline = std::chrono::seconds(3));
  ~ProvisionerCalls();  // shutdown()
  // Drops the calls still waiting (their `done` never runs) and stops the threads. Idempotent.
  void shutdown();
  ProvisionerCalls(const ProvisionerCalls&) = delete;
  ProvisionerCalls& operator=(const ProvisionerCalls&) = delete;

  // GET /stores/{store}/credentials. `done` gets {status, body}; {0, ""} when the provisioner could not be
  // reached or did not answer within the deadline. The body is a secret: never logged.
  void fetch_credentials(const std::string& store, std::function<void(CredentialsReply)> done);

 private:
  struct Target;
  void get(std::string path, std::function<void(CredentialsReply)> done);

  // Pointers, so shutdown() can destroy what is still pending (calls hold the connections they would answer)
  // while the server those connections belong to still exists.
  std::unique_ptr<boost::asio::io_context> ioc_ = std::make_unique<boost::asio::io_context>();
  boost::asio::ssl::context tls_;
  std::string host_, port_, token_;
  bool https_ = false;
  std::chrono::milliseconds deadline_;
  std::unique_ptr<boost::asio::thread_pool> completions_ = std::make_unique<boost::asio::thread_pool>(2);
  std::thread thread_;
};

}  // namespace storefleet::api
