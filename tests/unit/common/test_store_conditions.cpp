// A store's status as conditions, one row per status.
#include <gtest/gtest.h>

#include <map>

#include "storefleet/core/json_util.hpp"
#include "storefleet/core/store_conditions.hpp"

using namespace storefleet;

namespace {

// type → "status/reason"
std::map<std::string, std::string> summary(StoreStatus status, const std::string& reason = "why") {
  Store s;
  s.status = status;
  s.status_reason = reason;
  s.generation = 3;
  s.observed_generation = 2;
  std::map<std::string, std::string> out;
  for (const auto& c : store_conditions(s)) {
    EXPECT_EQ(c.observed_generation, 2);
    out[c.type] = c.status + "/" + c.reason;
  }
  return out;
}

}  // namespace

TEST(StoreConditions, OneOfEachTypeForEveryStatus) {
  for (const auto status : all_statuses()) EXPECT_EQ(summary(status).size(), 6u) << to_string(status);
}

TEST(StoreConditions, EveryStatusRow) {
  using M = std::map<std::string, std::string>;
  EXPECT_EQ(summary(StoreStatus::queued), (M{{"Ready", "False/Queued"}, {"Released", "Unknown/Progressing"},
                                             {"Reconciling", "True/Progressing"}, {"Suspended", "False/Queued"},
                                             {"Degraded", "False/Queued"}, {"Stalled", "False/Queued"}}));
  EXPECT_EQ(summary(StoreStatus::provisioning)["Reconciling"], "True/Progressing");
  EXPECT_EQ(summary(StoreStatus::installing), (M{{"Ready", "False/Installing"}, {"Released", "True/InstallSucceeded"},
                                                 {"Reconciling", "True/Progressing"}, {"Suspended", "False/Installing"},
                                                 {"Degraded", "False/Installing"},
                                                 {"Stalled", "False/Installing"}}));
  EXPECT_EQ(summary(StoreStatus::ready), (M{{"Ready", "True/Ready"}, {"Released", "True/InstallSucceeded"},
                                            {"Reconciling", "False/Settled"}, {"Suspended", "False/Ready"},
                                            {"Degraded", "False/Ready"}, {"Stalled", "False/Ready"}}));
  EXPECT_EQ(summary(StoreStatus::degraded), (M{{"Ready", "False/Degraded"}, {"Released", "True/InstallSucceeded"},
                                               {"Reconciling", "False/Settled"}, {"Suspended", "False/Degraded"},
                                               {"Degraded", "True/Degraded"}, {"Stalled", "False/Degraded"}}));
  EXPECT_EQ(summary(StoreStatus::failed), (M{{"Ready", "False/Failed"}, {"Released", "Unknown/Failed"},
                                             {"Reconciling", "False/Settled"}, {"Suspended", "False/Failed"},
                                             {"Degraded", "False/Failed"}, {"Stalled", "True/Failed"}}));
  EXPECT_EQ(summary(StoreStatus::deleting)["Released"], "False/Uninstalling");
  EXPECT_EQ(summary(StoreStatus::deleting)["Reconciling"], "True/Progressing");
  EXPECT_EQ(summary(StoreStatus::deleted)["Released"], "False/Uninstalled");
  EXPECT_EQ(summary(StoreStatus::deleted)["Reconciling"], "False/Settled");
  EXPECT_EQ(summary(StoreStatus::suspended), (M{{"Ready", "False/Suspended"}, {"Released", "True/InstallSucceeded"},
                                                {"Reconciling", "False/Settled"}, {"Suspended", "True/Suspended"},
                                                {"Degraded", "False/Suspended"}, {"Stalled", "False/Suspended"}}));
  EXPECT_EQ(summary(StoreStatus::upgrading)["Reconciling"], "True/Progressing");
  EXPECT_EQ(summary(StoreStatus::upgrading)["Ready"], "False/Upgrading");
}

TEST(StoreConditions, TheReasonIsTheMessageOfTheConditionsItExplains) {
  Store s;
  s.status = StoreStatus::degraded;
  s.status_reason = "pod wordpress-1: CrashLoopBackOff";
  const auto json = store_to_json(s);
  const auto& conditions = json.at("conditions").as_array();
  ASSERT_EQ(conditions.size(), 6u);
  for (const auto& c : conditions) {
    const auto& o = c.as_object();
    if (o.at("type") == "Degraded" || o.at("type") == "Ready") {
      EXPECT_EQ(o.at("message"), "pod wordpress-1: CrashLoopBackOff");
    }
    if (o.at("type") == "Stalled") {
      EXPECT_EQ(o.at("message"), "");
    }
    EXPECT_TRUE(o.contains("observedGeneration"));
  }
}
