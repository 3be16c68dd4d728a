// The informer cache keeps slimmed objects: the facts the status decisions read are the same as from full ones.
#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "storefleet/provisioner/informer.hpp"
#include "storefleet/provisioner/observed_facts.hpp"

using namespace storefleet::provisioner;
namespace json = boost::json;

namespace {

// The informer cache keeps slimmed objects: whatever the status decisions read must be the same as from the
// full object, and the bulk (managedFields, annotations, pod specs) must be gone.
TEST(InformerCache, SlimObjectsKeepEveryFactTheDecisionsRead) {
  const auto pod = json::parse(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"shop-wordpress-1",
    "namespace":"store-shop","labels":{"storefleet.io/store":"shop","app.kubernetes.io/component":"web"},
    "annotations":{"big":"xxxxxxxxxxxxxxxx"},"managedFields":[{"manager":"kubelet","fieldsV1":{"f:status":{}}}],
    "deletionTimestamp":"2026-12-03T00:00:00Z","ownerReferences":[{"apiVersion":"batch/v1","kind":"Job",
    "name":"shop-setup-r1","uid":"u","controller":true}]},"spec":{"containers":[{"name":"w","image":"wordpress:6"}]},
    "status":{"phase":"Running","conditions":[{"type":"Ready","status":"False"}],"containerStatuses":[{"name":"w",
    "restartCount":3,"state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off"}}}]}})").as_object();
  const auto slim = slim_object(pod);
  EXPECT_EQ(pod_fact(slim), pod_fact(pod));
  EXPECT_EQ(store_label(slim), "shop");
  EXPECT_FALSE(slim.at("metadata").as_object().contains("managedFields"));
  EXPECT_FALSE(slim.at("metadata").as_object().contains("annotations"));
  EXPECT_FALSE(slim.contains("spec"));

  const auto deployment = json::parse(R"({"metadata":{"name":"shop-wordpress","namespace":"store-shop",
    "generation":3,"labels":{"storefleet.io/store":"shop"}},"spec":{"replicas":2,"template":{"spec":{}}},
    "status":{"observedGeneration":3,"readyReplicas":2,"updatedReplicas":2,"availableReplicas":2,
    "conditions":[{"type":"ReplicaFailure","status":"True","message":"exceeded quota"}]}})").as_object();
  EXPECT_EQ(deployment_fact(slim_object(deployment)), deployment_fact(deployment));
  EXPECT_EQ(statefulset_fact(slim_object(deployment)), statefulset_fact(deployment));
  EXPECT_FALSE(slim_object(deployment).at("spec").as_object().contains("template"));
}

}  // namespace
