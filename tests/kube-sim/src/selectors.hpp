// Label selectors (string form and LabelSelector objects) and field selectors.
#pragma once
#include "json_util.hpp"

#include <string>
#include <vector>

namespace kubesim {

struct Requirement {
  enum class Op { Equals, NotEquals, In, NotIn, Exists, DoesNotExist };
  std::string key;
  Op op;
  std::vector<std::string> values;
};

class LabelSelector {
 public:
  // "a=b,c!=d,e in (x,y),f notin (z),g,!h"; throws ApiError(400) on bad syntax.
  static LabelSelector parse(const std::string& text);
  // metav1.LabelSelector {matchLabels, matchExpressions}; an empty selector matches everything.
  static LabelSelector from_object(const json::object& sel);
  bool matches(const json::object* labels) const;
  bool empty() const { return reqs_.empty(); }
  const std::vector<Requirement>& requirements() const { return reqs_; }

 private:
  std::vector<Requirement> reqs_;
};

class FieldSelector {
 public:
  // "metadata.name=x,status.phase!=Running"; fields are dotted JSON paths of the object.
  static FieldSelector parse(const std::string& text);
  bool matches(const json::object& obj) const;
  bool empty() const { return reqs_.empty(); }

 private:
  struct Req {
    std::string path, value;
    bool negate;
  };
  std::vector<Req> reqs_;
};

const json::object* labels_of(const json::object& obj);
}  // namespace kubesim
