#include "table.hpp"

#include <cctype>
#include <chrono>
#include <functional>
#include <ctime>

namespace kubesim {
namespace {

using Obj = json::object;

std::string age(const Obj& o) {
  auto md = obj_at(o, "metadata");
  auto ts = md ? str_at(*md, "creationTimestamp") : "";
  std::tm tm{};
  if (ts.empty() || !strptime(ts.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) return "<unknown>";
  auto secs = static_cast<long>(std::difftime(std::time(nullptr), timegm(&tm)));
  if (secs < 0) secs = 0;
  if (secs < 120) return std::to_string(secs) + "s";
  if (secs < 600) return std::to_string(secs / 60) + "m" + std::to_string(secs % 60) + "s";
  if (secs < 3 * 3600) return std::to_string(secs / 60) + "m";
  if (secs < 48 * 3600) return std::to_string(secs / 3600) + "h";
  return std::to_string(secs / 86400) + "d";
}

std::int64_t num(const Obj& o, const char* path) {
  auto v = path_at(o, path);
  return v && v->is_int64() ? v->get_int64() : 0;
}
std::string str(const Obj& o, const char* path) {
  auto v = path_at(o, path);
  return v ? scalar_string(*v) : "";
}

std::string pod_status(const Obj& p) {
  if (path_at(p, "metadata.deletionTimestamp")) return "Terminating";
  auto phase = str(p, "status.phase");
  if (auto cs = path_at(p, "status.containerStatuses"); cs && cs->is_array())
    for (const auto& c : cs->as_array()) {
      if (auto w = path_at(c.as_object(), "state.waiting.reason")) return scalar_string(*w);
      if (auto t = path_at(c.as_object(), "state.terminated.reason"); t && phase != "Running") return scalar_string(*t);
    }
  return phase.empty() ? "Pending" : phase;
}

struct Printer {
  std::vector<std::pair<std::string, std::string>> columns;  // name, type
  std::function<json::array(const Obj&)> cells;
};

Printer printer_for(const ResourceType& rt) {
  const auto& p = rt.plural;
  if (p == "pods")
    return {{{"Name", "string"}, {"Ready", "string"}, {"Status", "string"}, {"Restarts", "string"},
             {"Age", "string"}, {"IP", "string"}, {"Node", "string"}},
            [](const Obj& o) {
              std::int64_t ready = 0, total = 0, restarts = 0;
              if (auto cs = path_at(o, "status.containerStatuses"); cs && cs->is_array())
                for (const auto& c : cs->as_array()) {
                  ready += bool_at(c.as_object(), "ready") ? 1 : 0;
                  restarts += int_at(c.as_object(), "restartCount");
                }
              if (auto cs = path_at(o, "spec.containers"); cs && cs->is_array())
                total = static_cast<std::int64_t>(cs->as_array().size());
              auto ip = str(o, "status.podIP");
              auto node = str(o, "spec.nodeName");
              return json::array{str(o, "metadata.name"), std::to_string(ready) + "/" + std::to_string(total),
                                 pod_status(o), std::to_string(restarts), age(o), ip.empty() ? "<none>" : ip,
                                 node.empty() ? "<none>" : node};
            }};
  if (p == "deployments")
    return {{{"Name", "string"}, {"Ready", "string"}, {"Up-to-date", "integer"}, {"Available", "integer"},
             {"Age", "string"}},
            [](const Obj& o) {
              return json::array{str(o, "metadata.name"),
                                 std::to_string(num(o, "status.readyReplicas")) + "/" + std::to_string(num(o, "spec.replicas")),
                                 num(o, "status.updatedReplicas"), num(o, "status.availableReplicas"), age(o)};
            }};
  if (p == "replicasets")
    return {{{"Name", "string"}, {"Desired", "integer"}, {"Current", "integer"}, {"Ready", "integer"}, {"Age", "string"}},
            [](const Obj& o) {
              return json::array{str(o, "metadata.name"), num(o, "spec.replicas"), num(o, "status.replicas"),
                                 num(o, "status.readyReplicas"), age(o)};
            }};
  if (p == "statefulsets")
    return {{{"Name", "string"}, {"Ready", "string"}, {"Age", "string"}}, [](const Obj& o) {
              return json::array{str(o, "metadata.name"),
                                 std::to_string(num(o, "status.readyReplicas")) + "/" + std::to_string(num(o, "spec.replicas")),
                                 age(o)};
            }};
  if (p == "jobs")
    return {{{"Name", "string"}, {"Status", "string"}, {"Completions", "string"}, {"Age", "string"}}, [](const Obj& o) {
              std::string status = "Running";
              if (auto cs = path_at(o, "status.conditions"); cs && cs->is_array())
                for (const auto& c : cs->as_array())
                  if (str_at(c.as_object(), "status") == "True" &&
                      (str_at(c.as_object(), "type") == "Complete" || str_at(c.as_object(), "type") == "Failed"))
                    status = str_at(c.as_object(), "type");
              return json::array{str(o, "metadata.name"), status,
                                 std::to_string(num(o, "status.succeeded")) + "/" + std::to_string(num(o, "spec.completions")),
                                 age(o)};
            }};
  if (p == "services")
    return {{{"Name", "string"}, {"Type", "string"}, {"Cluster-IP", "string"}, {"External-IP", "string"},
             {"Port(s)", "string"}, {"Age", "string"}},
            [](const Obj& o) {
              std::string ports;
              if (auto ps = path_at(o, "spec.ports"); ps && ps->is_array())
                for (const auto& pv : ps->as_array())
                  ports += (ports.empty() ? "" : ",") + scalar_string(pv.as_object().at("port")) + "/" +
                           str_at(pv.as_object(), "protocol", "TCP");
              std::string ext = "<none>";
              if (auto ing = path_at(o, "status.loadBalancer.ingress"); ing && ing->is_array() && !ing->as_array().empty())
                ext = str_at(ing->as_array()[0].as_object(), "ip");
              return json::array{str(o, "metadata.name"), str(o, "spec.type"), str(o, "spec.clusterIP"), ext,
                                 ports.empty() ? "<none>" : ports, age(o)};
            }};
  if (p == "persistentvolumeclaims")
    return {{{"Name", "string"}, {"Status", "string"}, {"Volume", "string"}, {"Capacity", "string"},
             {"StorageClass", "string"}, {"Age", "string"}},
            [](const Obj& o) {
              return json::array{str(o, "metadata.name"), str(o, "status.phase"), str(o, "spec.volumeName"),
                                 str(o, "status.capacity.storage"), str(o, "spec.storageClassName"), age(o)};
            }};
  if (p == "namespaces")
    return {{{"Name", "string"}, {"Status", "string"}, {"Age", "string"}},
            [](const Obj& o) { return json::array{str(o, "metadata.name"), str(o, "status.phase"), age(o)}; }};
  if (p == "events")
    return {{{"Last Seen", "string"}, {"Type", "string"}, {"Reason", "string"}, {"Object", "string"},
             {"Message", "string"}},
            [](const Obj& o) {
              auto kind = str(o, "involvedObject.kind");
              for (auto& ch : kind) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
              return json::array{age(o), str(o, "type"), str(o, "reason"), kind + "/" + str(o, "involvedObject.name"),
                                 str(o, "message")};
            }};
  if (p == "secrets" || p == "configmaps")
    return {{{"Name", "string"}, {"Type", "string"}, {"Data", "integer"}, {"Age", "string"}}, [p](const Obj& o) {
              auto data = obj_at(o, "data");
              return json::array{str(o, "metadata.name"), p == "secrets" ? str(o, "type") : "",
                                 static_cast<std::int64_t>(data ? data->size() : 0), age(o)};
            }};
  return {{{"Name", "string"}, {"Age", "string"}},
          [](const Obj& o) { return json::array{str(o, "metadata.name"), age(o)}; }};
}
}  // namespace

bool wants_table(const std::string& accept) { return accept.find("as=Table") != std::string::npos; }

json::object to_table(const ResourceType& rt, const std::vector<std::shared_ptr<const json::object>>& items,
                      const std::string& include_object, const std::string& resource_version) {
  auto printer = printer_for(rt);
  json::array cols;
  bool configmap = rt.plural == "configmaps";
  for (std::size_t i = 0; i < printer.columns.size(); ++i) {
    if (configmap && printer.columns[i].first == "Type") continue;
    const auto& [name, type] = printer.columns[i];
    cols.push_back(json::object{{"name", name}, {"type", type}, {"format", i == 0 ? "name" : ""}, {"description", ""},
                                {"priority", (name == "IP" || name == "Node") ? 1 : 0}});
  }
  json::array rows;
  for (const auto& item : items) {
    auto cells = printer.cells(*item);
    if (configmap) cells.erase(cells.begin() + 1);
    json::object row_obj;
    if (include_object == "Object") {
      row_obj = *item;
      row_obj["kind"] = rt.kind;
      row_obj["apiVersion"] = rt.api_version();
    } else if (include_object != "None") {
      row_obj = {{"kind", "PartialObjectMetadata"}, {"apiVersion", "meta.k8s.io/v1"},
                 {"metadata", obj_at(*item, "metadata") ? *obj_at(*item, "metadata") : json::object()}};
    }
    json::object row{{"cells", cells}};
    if (!row_obj.empty()) row["object"] = row_obj;
    rows.push_back(std::move(row));
  }
  return {{"kind", "Table"},
          {"apiVersion", "meta.k8s.io/v1"},
          {"metadata", {{"resourceVersion", resource_version}}},
          {"columnDefinitions", cols},
          {"rows", rows}};
}
}  // namespace kubesim
