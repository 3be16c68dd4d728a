#include "request_stats.hpp"

namespace kubesim {

void RequestStats::count(const std::string& verb, const std::string& group, const std::string& version,
                         const std::string& resource, const std::string& ns) {
  std::lock_guard lk(mu_);
  ++counts_[{verb, group, version, resource, ns}];
}

json::object RequestStats::to_json() const {
  std::lock_guard lk(mu_);
  json::array arr;
  for (const auto& [k, n] : counts_) {
    const auto& [verb, group, version, resource, ns] = k;
    arr.push_back(json::object{{"verb", verb},         {"group", group}, {"version", version},
                               {"resource", resource}, {"namespace", ns}, {"count", n}});
  }
  return {{"requests", arr}};
}

void RequestStats::reset() {
  std::lock_guard lk(mu_);
  counts_.clear();
}
}  // namespace kubesim
