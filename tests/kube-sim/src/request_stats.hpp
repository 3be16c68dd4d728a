// Request counters by verb/group/version/resource/namespace (GET /sim/v1/requests).
#pragma once
#include "json_util.hpp"

#include <map>
#include <mutex>
#include <tuple>

namespace kubesim {

class RequestStats {
 public:
  void count(const std::string& verb, const std::string& group, const std::string& version,
             const std::string& resource, const std::string& ns);
  json::object to_json() const;
  void reset();

 private:
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, std::string, std::string, std::string>, std::uint64_t> counts_;
};
}  // namespace kubesim
