#include "src/selectors.hpp"
#include "src/status.hpp"

#include <gtest/gtest.h>

using namespace kubesim;

namespace {
json::object labels(std::initializer_list<std::pair<const char*, const char*>> kv) {
  json::object o;
  for (auto& [k, v] : kv) o[k] = v;
  return o;
}
}  // namespace

TEST(LabelSelector, EqualityAndInequality) {
  auto s = LabelSelector::parse("app=web,tier!=db");
  auto l1 = labels({{"app", "web"}, {"tier", "front"}});
  auto l2 = labels({{"app", "web"}, {"tier", "db"}});
  auto l3 = labels({{"app", "web"}});
  EXPECT_TRUE(s.matches(&l1));
  EXPECT_FALSE(s.matches(&l2));
  EXPECT_TRUE(s.matches(&l3));  // != matches a missing key
  EXPECT_FALSE(s.matches(nullptr));
  EXPECT_TRUE(LabelSelector::parse("app==web").matches(&l1));
}

TEST(LabelSelector, SetBasedAndExistence) {
  auto in = LabelSelector::parse("env in (prod, staging),tier notin (db)");
  auto prod = labels({{"env", "prod"}, {"tier", "web"}});
  auto dev = labels({{"env", "dev"}});
  auto db = labels({{"env", "staging"}, {"tier", "db"}});
  EXPECT_TRUE(in.matches(&prod));
  EXPECT_FALSE(in.matches(&dev));
  EXPECT_FALSE(in.matches(&db));
  auto exists = LabelSelector::parse("storefleet.io/store,!deleting");
  auto store = labels({{"storefleet.io/store", "a"}});
  auto deleting = labels({{"storefleet.io/store", "a"}, {"deleting", "1"}});
  EXPECT_TRUE(exists.matches(&store));
  EXPECT_FALSE(exists.matches(&deleting));
  EXPECT_FALSE(exists.matches(&dev));
  EXPECT_TRUE(LabelSelector::parse("").matches(nullptr));
}

TEST(LabelSelector, RejectsGarbage) {
  EXPECT_THROW(LabelSelector::parse("a in b"), ApiError);
  EXPECT_THROW(LabelSelector::parse("a=b,,c"), ApiError);
  EXPECT_THROW(LabelSelector::parse("sp ace=1"), ApiError);
}

TEST(LabelSelector, FromObject) {
  auto sel = json::parse(R"({"matchLabels":{"app":"web"},
    "matchExpressions":[{"key":"tier","operator":"In","values":["a","b"]},{"key":"x","operator":"DoesNotExist"}]})")
                 .as_object();
  auto s = LabelSelector::from_object(sel);
  auto ok = labels({{"app", "web"}, {"tier", "b"}});
  auto bad = labels({{"app", "web"}, {"tier", "b"}, {"x", "1"}});
  EXPECT_TRUE(s.matches(&ok));
  EXPECT_FALSE(s.matches(&bad));
  EXPECT_TRUE(LabelSelector::from_object(json::object()).matches(nullptr));
}

TEST(FieldSelector, DottedPaths) {
  auto pod = json::parse(R"({"metadata":{"name":"p","namespace":"n"},"status":{"phase":"Running"}})").as_object();
  EXPECT_TRUE(FieldSelector::parse("metadata.name=p,metadata.namespace==n").matches(pod));
  EXPECT_TRUE(FieldSelector::parse("status.phase!=Pending").matches(pod));
  EXPECT_FALSE(FieldSelector::parse("status.phase=Pending").matches(pod));
  EXPECT_FALSE(FieldSelector::parse("spec.nodeName=x").matches(pod));
  EXPECT_THROW(FieldSelector::parse("metadata.name"), ApiError);
}
