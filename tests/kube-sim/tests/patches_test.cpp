#include "src/patches.hpp"
#include "src/status.hpp"

#include <gtest/gtest.h>

using namespace kubesim;

namespace {
json::value J(const char* s) { return json::parse(s); }
}  // namespace

TEST(MergePatch, NullDeletesAndObjectsMerge) {
  auto r = merge_patch(J(R"({"a":1,"b":{"c":2,"d":3},"l":[1,2]})"), J(R"({"a":null,"b":{"c":9},"l":[3]})"));
  EXPECT_EQ(r, J(R"({"b":{"c":9,"d":3},"l":[3]})"));
}

TEST(StrategicMergePatch, ContainersMergeByName) {
  auto target = J(R"({"spec":{"containers":[{"name":"web","image":"a","env":[{"name":"A","value":"1"}]},
                                            {"name":"side","image":"s"}]}})");
  auto patch = J(R"({"spec":{"containers":[{"name":"web","env":[{"name":"B","value":"2"}]}]}})");
  auto r = strategic_merge_patch(target, patch);
  auto& cs = r.at("spec").at("containers").as_array();
  ASSERT_EQ(cs.size(), 2u);
  EXPECT_EQ(cs[0].at("image"), "a");
  EXPECT_EQ(cs[0].at("env").as_array().size(), 2u);
  EXPECT_EQ(cs[1].at("name"), "side");
}

TEST(StrategicMergePatch, DirectivesAndPlainLists) {
  auto target = J(R"({"spec":{"containers":[{"name":"a"},{"name":"b"}],"args":["x","y"],"m":{"k":1,"j":2}}})");
  auto patch = J(R"({"spec":{"containers":[{"name":"a","$patch":"delete"}],"args":["z"],
                            "m":{"$patch":"replace","n":3}}})");
  auto r = strategic_merge_patch(target, patch);
  EXPECT_EQ(r.at("spec").at("containers"), J(R"([{"name":"b"}])"));
  EXPECT_EQ(r.at("spec").at("args"), J(R"(["z"])"));
  EXPECT_EQ(r.at("spec").at("m"), J(R"({"n":3})"));
}

TEST(JsonPatch, Operations) {
  auto doc = J(R"({"metadata":{"labels":{"a":"1"}},"list":[1,2,3]})");
  auto r = json_patch(doc, J(R"([
    {"op":"test","path":"/metadata/labels/a","value":"1"},
    {"op":"add","path":"/metadata/labels/b~1c","value":"2"},
    {"op":"remove","path":"/list/0"},
    {"op":"add","path":"/list/-","value":4},
    {"op":"replace","path":"/metadata/labels/a","value":"9"},
    {"op":"copy","from":"/metadata/labels/a","path":"/copied"},
    {"op":"move","from":"/copied","path":"/moved"}])"));
  EXPECT_EQ(r, J(R"({"metadata":{"labels":{"a":"9","b/c":"2"}},"list":[2,3,4],"moved":"9"})"));
}

TEST(JsonPatch, FailedTestAndMissingPathsAre422) {
  auto doc = J(R"({"a":1})");
  try {
    json_patch(doc, J(R"([{"op":"test","path":"/a","value":2}])"));
    FAIL() << "test op must fail";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code, 422);
  }
  EXPECT_THROW(json_patch(doc, J(R"([{"op":"replace","path":"/missing","value":2}])")), ApiError);
  EXPECT_THROW(json_patch(doc, J(R"([{"op":"remove","path":"/x/y"}])")), ApiError);
  EXPECT_THROW(json_patch(doc, J(R"({"op":"add"})")), ApiError);
}

TEST(ApplyMerge, AppliedFieldsWinAndDroppedFieldsGo) {
  auto live = J(R"({"metadata":{"name":"x","uid":"u","labels":{"keep":"1","drop":"1","other":"1"}},
                    "data":{"a":"1"},"status":{"s":1}})").as_object();
  auto last = J(R"({"metadata":{"name":"x","labels":{"keep":"1","drop":"1"}},"data":{"a":"1"}})").as_object();
  auto applied = J(R"({"metadata":{"name":"x","labels":{"keep":"2"}},"data":{"b":"2"}})").as_object();
  auto r = apply_merge(live, applied, &last);
  // "other" was set by someone else: kept. "drop" and data.a were this manager's and are gone now.
  EXPECT_EQ(r.at("metadata").at("labels"), J(R"({"keep":"2","other":"1"})"));
  EXPECT_EQ(r.at("data"), J(R"({"b":"2"})"));
  EXPECT_EQ(r.at("metadata").at("uid"), "u");
  EXPECT_EQ(r.at("status"), J(R"({"s":1})"));
}
