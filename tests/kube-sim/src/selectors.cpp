#include "selectors.hpp"

#include "status.hpp"

#include <algorithm>
#include <cctype>

namespace kubesim {
namespace {

std::string trim(std::string s) {
  auto b = s.find_first_not_of(" \t");
  auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// Splits on commas that are not inside parentheses.
std::vector<std::string> split_top(const std::string& text) {
  std::vector<std::string> parts;
  std::string cur;
  int depth = 0;
  for (char c : text) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  return parts;
}

bool valid_key(const std::string& k) {
  if (k.empty() || k.size() > 316) return false;
  return std::all_of(k.begin(), k.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '/'; });
}

[[noreturn]] void bad(const std::string& text) {
  throw ApiError::bad_request("unable to parse requirement: found '" + text + "', expected: valid label selector");
}
}  // namespace

LabelSelector LabelSelector::parse(const std::string& text) {
  LabelSelector sel;
  if (trim(text).empty()) return sel;
  for (auto part : split_top(text)) {
    part = trim(part);
    if (part.empty()) bad(text);
    Requirement r;
    std::size_t pos;
    if (part[0] == '!') {
      r.key = trim(part.substr(1));
      r.op = Requirement::Op::DoesNotExist;
    } else if ((pos = part.find(" notin ")) != std::string::npos || (pos = part.find(" in ")) != std::string::npos) {
      bool notin = part.compare(pos, 7, " notin ") == 0;
      r.key = trim(part.substr(0, pos));
      auto rest = trim(part.substr(pos + (notin ? 7 : 4)));
      if (rest.size() < 2 || rest.front() != '(' || rest.back() != ')') bad(text);
      rest = rest.substr(1, rest.size() - 2);
      std::string cur;
      for (char c : rest + ",") {
        if (c == ',') {
          r.values.push_back(trim(cur));
          cur.clear();
        } else {
          cur += c;
        }
      }
      r.op = notin ? Requirement::Op::NotIn : Requirement::Op::In;
    } else if ((pos = part.find("!=")) != std::string::npos) {
      r.key = trim(part.substr(0, pos));
      r.values = {trim(part.substr(pos + 2))};
      r.op = Requirement::Op::NotEquals;
    } else if ((pos = part.find("==")) != std::string::npos) {
      r.key = trim(part.substr(0, pos));
      r.values = {trim(part.substr(pos + 2))};
      r.op = Requirement::Op::Equals;
    } else if ((pos = part.find('=')) != std::string::npos) {
      r.key = trim(part.substr(0, pos));
      r.values = {trim(part.substr(pos + 1))};
      r.op = Requirement::Op::Equals;
    } else {
      r.key = part;
      r.op = Requirement::Op::Exists;
    }
    if (!valid_key(r.key)) bad(text);
    sel.reqs_.push_back(std::move(r));
  }
  return sel;
}

LabelSelector LabelSelector::from_object(const json::object& o) {
  LabelSelector sel;
  if (auto ml = obj_at(o, "matchLabels"))
    for (const auto& [k, v] : *ml)
      sel.reqs_.push_back({std::string(k), Requirement::Op::Equals, {scalar_string(v)}});
  if (auto me = arr_at(o, "matchExpressions")) {
    for (const auto& ev : *me) {
      if (!ev.is_object()) continue;
      const auto& e = ev.get_object();
      Requirement r{str_at(e, "key"), Requirement::Op::Exists, {}};
      auto op = str_at(e, "operator");
      if (op == "In") r.op = Requirement::Op::In;
      else if (op == "NotIn") r.op = Requirement::Op::NotIn;
      else if (op == "DoesNotExist") r.op = Requirement::Op::DoesNotExist;
      if (auto vals = arr_at(e, "values"))
        for (const auto& v : *vals) r.values.push_back(scalar_string(v));
      sel.reqs_.push_back(std::move(r));
    }
  }
  return sel;
}

bool LabelSelector::matches(const json::object* labels) const {
  for (const auto& r : reqs_) {
    const json::value* v = nullptr;
    if (labels) {
      auto it = labels->find(r.key);
      if (it != labels->end()) v = &it->value();
    }
    std::string val = v ? scalar_string(*v) : "";
    auto in_values = [&] { return std::find(r.values.begin(), r.values.end(), val) != r.values.end(); };
    switch (r.op) {
      case Requirement::Op::Equals:
      case Requirement::Op::In:
        if (!v || !in_values()) return false;
        break;
      case Requirement::Op::NotEquals:
      case Requirement::Op::NotIn:
        if (v && in_values()) return false;
        break;
      case Requirement::Op::Exists:
        if (!v) return false;
        break;
      case Requirement::Op::DoesNotExist:
        if (v) return false;
        break;
    }
  }
  return true;
}

FieldSelector FieldSelector::parse(const std::string& text) {
  FieldSelector sel;
  if (trim(text).empty()) return sel;
  for (auto part : split_top(text)) {
    part = trim(part);
    std::size_t pos;
    Req r;
    if ((pos = part.find("!=")) != std::string::npos) {
      r = {trim(part.substr(0, pos)), trim(part.substr(pos + 2)), true};
    } else if ((pos = part.find("==")) != std::string::npos) {
      r = {trim(part.substr(0, pos)), trim(part.substr(pos + 2)), false};
    } else if ((pos = part.find('=')) != std::string::npos) {
      r = {trim(part.substr(0, pos)), trim(part.substr(pos + 1)), false};
    } else {
      throw ApiError::bad_request("invalid selector: '" + text + "'; can't understand '" + part + "'");
    }
    sel.reqs_.push_back(std::move(r));
  }
  return sel;
}

bool FieldSelector::matches(const json::object& obj) const {
  for (const auto& r : reqs_) {
    const json::value* v = path_at(obj, r.path);
    std::string val = v ? scalar_string(*v) : "";
    if ((val == r.value) == r.negate) return false;
  }
  return true;
}

const json::object* labels_of(const json::object& obj) {
  auto md = obj_at(obj, "metadata");
  return md ? obj_at(*md, "labels") : nullptr;
}
}  // namespace kubesim
