// resourceVersion / generation / conflict / finalizer rules of the store, and the watch history (410).
#include "src/resources.hpp"
#include "src/status.hpp"
#include "src/store.hpp"

#include <gtest/gtest.h>

using namespace kubesim;

namespace {
struct StoreTest : ::testing::Test {
  WatchHub hub{100};
  Store store{hub};
  const ResourceType& cms = resource("configmaps");
  const ResourceType& deps = resource("apps/deployments");

  void SetUp() override {
    store.write(resource("namespaces"), "", "ns", [](const json::object*) {
      return json::object{{"metadata", {{"name", "ns"}}}};
    }, WriteOptions{});
  }
  ObjPtr put(const ResourceType& rt, json::object o, WriteOptions wo = {}) {
    auto name = name_of(o);
    return store.write(rt, "ns", name, [&](const json::object*) { return o; }, wo).obj;
  }
  static std::uint64_t rv(const ObjPtr& o) { return std::stoull(str_at(meta(*o), "resourceVersion")); }
  static json::object cm(const char* name, const char* value) {
    return {{"metadata", {{"name", name}}}, {"data", {{"k", value}}}};
  }
  static json::object deployment(int replicas) {
    return json::parse(R"({"metadata":{"name":"d"},"spec":{"replicas":)" + std::to_string(replicas) +
                       R"(,"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},
                       "spec":{"containers":[{"name":"c","image":"i:1"}]}}}})")
        .as_object();
  }
};
}  // namespace

TEST_F(StoreTest, ResourceVersionIsAClusterWideCounterAndNoOpsKeepIt) {
  auto a = put(cms, cm("a", "1"));
  auto b = put(cms, cm("b", "1"));
  EXPECT_EQ(rv(b), rv(a) + 1);
  EXPECT_FALSE(str_at(meta(*a), "uid").empty());
  EXPECT_FALSE(str_at(meta(*a), "creationTimestamp").empty());
  auto same = put(cms, cm("a", "1"));
  EXPECT_EQ(rv(same), rv(a));  // nothing changed: no new resourceVersion
  auto changed = put(cms, cm("a", "2"));
  EXPECT_EQ(rv(changed), rv(b) + 1);
  EXPECT_EQ(uid_of(*changed), uid_of(*a));
}

TEST_F(StoreTest, StaleResourceVersionConflicts) {
  auto a = put(cms, cm("a", "1"));
  put(cms, cm("a", "2"));
  auto stale = cm("a", "3");
  stale["metadata"].as_object()["resourceVersion"] = str_at(meta(*a), "resourceVersion");
  try {
    put(cms, stale);
    FAIL() << "expected a conflict";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code, 409);
    EXPECT_EQ(e.reason, "Conflict");
  }
}

TEST_F(StoreTest, CreateOnlyAndUpdateOnly) {
  WriteOptions create;
  create.create_only = true;
  put(cms, cm("a", "1"), create);
  EXPECT_THROW(put(cms, cm("a", "1"), create), ApiError);
  WriteOptions update;
  update.update_only = true;
  try {
    put(cms, cm("nope", "1"), update);
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.reason, "NotFound");
    EXPECT_EQ(std::string(e.what()), "configmaps \"nope\" not found");
  }
  auto other_ns = cm("x", "1");
  EXPECT_THROW(store.write(cms, "missing", "x", [&](const json::object*) { return other_ns; }, WriteOptions{}), ApiError);
}

TEST_F(StoreTest, UpdatesOfAVanishedObjectAre404BeforeTheirComputeRuns) {
  // Controllers list, then write: the object may be gone in between (a namespace being deleted). Their update
  // functions dereference the current object, so the store must not call them without one.
  bool computed = false;
  auto update_of_missing = [&](WriteOptions wo) {
    try {
      store.write(cms, "ns", "gone", [&](const json::object* cur) {
        computed = true;
        return *cur;
      }, wo);
      return 0;
    } catch (const ApiError& e) {
      return e.code;
    }
  };
  WriteOptions controller;
  controller.internal = true;
  EXPECT_EQ(update_of_missing(controller), 404);
  WriteOptions patch;
  patch.update_only = true;
  EXPECT_EQ(update_of_missing(patch), 404);
  EXPECT_FALSE(computed);
  // Controllers still create with create_only.
  WriteOptions create;
  create.internal = true;
  create.create_only = true;
  EXPECT_TRUE(put(cms, cm("made", "1"), create));
}

TEST_F(StoreTest, GenerationBumpsOnSpecChangesOnly) {
  auto d = put(deps, deployment(1));
  EXPECT_EQ(int_at(meta(*d), "generation"), 1);
  auto labelled = deployment(1);
  labelled["metadata"].as_object()["labels"] = json::object{{"x", "y"}};
  EXPECT_EQ(int_at(meta(*put(deps, labelled)), "generation"), 1);
  EXPECT_EQ(int_at(meta(*put(deps, deployment(3))), "generation"), 2);
  EXPECT_FALSE(meta(*put(cms, cm("c", "1"))).contains("generation"));
}

TEST_F(StoreTest, StatusIsASubresource) {
  auto with_status = deployment(1);
  with_status["status"] = json::object{{"readyReplicas", 5}};
  auto d = put(deps, with_status);
  EXPECT_FALSE(obj_at(*d, "status")->contains("readyReplicas"));
  WriteOptions status;
  status.status_only = true;
  auto s = put(deps, with_status, status);
  EXPECT_EQ(int_at(*obj_at(*s, "status"), "readyReplicas"), 5);
}

TEST_F(StoreTest, FinalizersHoldDeletion) {
  auto o = cm("f", "1");
  o["metadata"].as_object()["finalizers"] = json::array{"example.com/hold"};
  put(cms, o);
  auto r = store.remove(cms, "ns", "f");
  EXPECT_FALSE(r.gone);
  EXPECT_TRUE(meta(*r.obj).contains("deletionTimestamp"));
  ASSERT_TRUE(store.get(cms, "ns", "f"));
  store.write(cms, "ns", "f", [](const json::object* cur) {
    json::object c = *cur;
    c["metadata"].as_object()["finalizers"] = json::array();
    return c;
  }, WriteOptions{});
  EXPECT_FALSE(store.get(cms, "ns", "f"));
}

TEST_F(StoreTest, NamespaceDeletionTerminatesFirst) {
  auto r = store.remove(resource("namespaces"), "", "ns");
  EXPECT_FALSE(r.gone);
  EXPECT_EQ(str_at(*obj_at(*r.obj, "status"), "phase"), "Terminating");
  try {
    put(cms, cm("late", "1"));
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code, 403);
  }
  store.finalize_namespace("ns");
  EXPECT_FALSE(store.get(resource("namespaces"), "", "ns"));
}

TEST_F(StoreTest, HistoryDeliversEventsAfterAResourceVersion) {
  auto start = store.current_rv();
  put(cms, cm("a", "1"));
  put(cms, cm("a", "2"));
  store.remove(cms, "ns", "a");
  auto events = hub.wait_after(start, std::chrono::steady_clock::now());
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0]->type, "ADDED");
  EXPECT_EQ(events[1]->type, "MODIFIED");
  EXPECT_EQ(events[2]->type, "DELETED");
  EXPECT_EQ(events[2]->rv, store.current_rv());  // deletions get their own resourceVersion
  EXPECT_EQ(hub.wait_after(store.current_rv(), std::chrono::steady_clock::now()).size(), 0u);
}

TEST_F(StoreTest, CompactionMakesOlderVersionsExpire) {
  auto before = store.current_rv();
  put(cms, cm("a", "1"));
  store.compact();
  try {
    hub.wait_after(before, std::chrono::steady_clock::now());
    FAIL() << "expected 410";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code, 410);
    EXPECT_EQ(e.reason, "Expired");
  }
  EXPECT_NO_THROW(hub.wait_after(store.current_rv(), std::chrono::steady_clock::now()));
}

TEST_F(StoreTest, BoundedHistoryExpiresTheOldest) {
  auto before = store.current_rv();
  for (int i = 0; i < 150; ++i) put(cms, cm("a", std::to_string(i).c_str()));  // capacity is 100
  EXPECT_THROW(hub.wait_after(before, std::chrono::steady_clock::now()), ApiError);
  EXPECT_EQ(hub.wait_after(store.current_rv() - 10, std::chrono::steady_clock::now()).size(), 10u);
}

TEST_F(StoreTest, ListPagesWithContinue) {
  for (const char* n : {"a", "b", "c", "d", "e"}) put(cms, cm(n, "1"));
  auto p1 = store.list(cms, "ns", nullptr, nullptr, 2);
  ASSERT_EQ(p1.items.size(), 2u);
  EXPECT_EQ(p1.remaining, 3);
  auto p2 = store.list(cms, "ns", nullptr, nullptr, 2, p1.continue_token);
  auto p3 = store.list(cms, "ns", nullptr, nullptr, 2, p2.continue_token);
  EXPECT_EQ(name_of(*p2.items[0]), "c");
  ASSERT_EQ(p3.items.size(), 1u);
  EXPECT_TRUE(p3.continue_token.empty());
}

TEST_F(StoreTest, ValidationRejectsBadNamesAndImmutableChanges) {
  try {
    put(cms, cm("Bad_Name", "1"));
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code, 422);
    EXPECT_EQ(e.reason, "Invalid");
  }
  auto job = json::parse(R"({"metadata":{"name":"j"},"spec":{"template":{"spec":{"restartPolicy":"Never",
      "containers":[{"name":"c","image":"i:1"}]}}}})").as_object();
  auto created = put(resource("batch/jobs"), job);
  // The server adds the selector and controller-uid labels.
  EXPECT_TRUE(path_at(*created, "spec.selector.matchLabels"));
  auto changed = *created;
  changed["spec"].as_object()["template"].as_object()["spec"].as_object()["containers"].as_array()[0]
      .as_object()["image"] = "i:2";
  try {
    put(resource("batch/jobs"), changed);
    FAIL() << "Job templates are immutable";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code, 422);
    EXPECT_NE(std::string(e.what()).find("field is immutable"), std::string::npos);
  }
  auto no_restart = job;
  no_restart["metadata"].as_object()["name"] = "k";
  no_restart["spec"].as_object()["template"].as_object()["spec"].as_object().erase("restartPolicy");
  EXPECT_THROW(put(resource("batch/jobs"), no_restart), ApiError);
}

TEST_F(StoreTest, ForegroundAndOrphanDeletionAddFinalizers) {
  put(deps, deployment(1));
  auto r = store.remove(deps, "ns", "d", json::object{{"propagationPolicy", "Foreground"}});
  EXPECT_FALSE(r.gone);
  EXPECT_EQ(*arr_at(meta(*r.obj), "finalizers"), json::array{"foregroundDeletion"});
  put(cms, cm("o", "1"));
  auto o = store.remove(cms, "ns", "o", json::object{{"propagationPolicy", "Orphan"}});
  EXPECT_EQ(*arr_at(meta(*o.obj), "finalizers"), json::array{"orphan"});
  put(cms, cm("b", "1"));
  EXPECT_TRUE(store.remove(cms, "ns", "b", json::object{{"propagationPolicy", "Background"}}).gone);
  EXPECT_THROW(store.remove(cms, "ns", "b"), ApiError);
}
