// Job: runs pods until `completions` succeed (condition Complete) or failures exceed backoffLimit
// (condition Failed, reason BackoffLimitExceeded).
#include "controllers.hpp"

#include "../status.hpp"

namespace kubesim {

void Controllers::reconcile_job(const std::string& ns, const std::string& name) {
  const auto& job_rt = resource("batch/jobs");
  const auto& pods_rt = resource("pods");
  auto job = store_.get(job_rt, ns, name);
  if (!job || meta(*job).contains("deletionTimestamp")) return;
  auto done = [&](const char* t) {
    auto c = find_condition(*job, t);
    return c && str_at(*c, "status") == "True";
  };
  if (done("Complete") || done("Failed")) return;
  const auto& spec = *obj_at(*job, "spec");
  if (bool_at(spec, "suspend")) return;
  auto completions = int_at(spec, "completions", 1);
  auto parallelism = int_at(spec, "parallelism", 1);
  auto backoff_limit = int_at(spec, "backoffLimit", 6);

  std::int64_t succeeded = 0, failed = 0, active = 0, ready = 0;
  for (auto& p : store_.list(pods_rt, ns).items) {
    if (!owned_by(*p, uid_of(*job))) continue;
    auto phase = str_at(*obj_at(*p, "status"), "phase");
    if (phase == "Succeeded") ++succeeded;
    else if (phase == "Failed") ++failed;
    else if (!meta(*p).contains("deletionTimestamp")) {
      ++active;
      if (pod_ready(*p)) ++ready;
    }
  }
  bool complete = succeeded >= completions;
  bool failed_job = !complete && failed > backoff_limit;
  if (!complete && !failed_job) {
    auto to_start = std::min(parallelism, completions - succeeded) - active;
    for (std::int64_t i = 0; i < to_start; ++i) {
      auto tmpl = *obj_at(spec, "template");
      json::object pod{{"apiVersion", "v1"}, {"kind", "Pod"},
                       {"metadata", obj_at(tmpl, "metadata") ? *obj_at(tmpl, "metadata") : json::object()},
                       {"spec", *obj_at(tmpl, "spec")}};
      ensure_obj(pod, "metadata")["name"] = name + "-" + random_suffix(5);
      if (create_pod(job_rt, *job, std::move(pod))) ++active;
      else enqueue("job/" + ns + "/" + name, Millis(1000));
    }
  }
  auto now = now_rfc3339();
  WriteOptions wo;
  wo.internal = true;
  auto r = store_.write(job_rt, ns, name, [&](const json::object* cur) {
    json::object o = *cur;
    auto& st = ensure_obj(o, "status");
    if (!st.contains("startTime")) st["startTime"] = now;
    st["active"] = complete || failed_job ? 0 : active;
    st["ready"] = complete || failed_job ? 0 : ready;
    st["terminating"] = 0;
    st["uncountedTerminatedPods"] = json::object();
    if (succeeded) st["succeeded"] = succeeded;
    if (failed) st["failed"] = failed;
    if (int_at(st, "active") == 0) st.erase("active");
    if (complete) {
      set_condition(st, "SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods");
      set_condition(st, "Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods");
      st["completionTime"] = now;
    } else if (failed_job) {
      set_condition(st, "FailureTarget", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
      set_condition(st, "Failed", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    }
    return o;
  }, wo);
  if (complete) record_event(*r.obj, "Normal", "Completed", "Job completed", "job-controller");
  if (failed_job)
    record_event(*r.obj, "Warning", "BackoffLimitExceeded", "Job has reached the specified backoff limit",
                 "job-controller");
}
}  // namespace kubesim
