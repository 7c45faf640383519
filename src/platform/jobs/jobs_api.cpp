#include "platform/jobs/jobs_api.hpp"

#include "platform/http/api_helpers.hpp"

namespace emporion::jobs {
namespace {

constexpr const char* kJobSchema = R"json({
  "type": "object",
  "required": ["id", "type", "status", "progress", "errors", "result", "createdAt", "createdBy"],
  "properties": {
    "id": {"type": "string"},
    "type": {"type": "string", "description": "What the job does, e.g. platform.maintenance"},
    "status": {"type": "string", "enum": ["queued", "running", "succeeded", "failed", "cancelled"]},
    "progress": {"type": "object", "required": ["done", "total"],
                 "properties": {"done": {"type": "integer"}, "total": {"type": "integer"}}},
    "errors": {"type": "array", "description": "The first 1,000 errors",
               "items": {"type": "object", "required": ["message"],
                         "properties": {"message": {"type": "string"}, "ref": {"type": "string"}}}},
    "errorCount": {"type": "integer"},
    "result": {"type": "object"},
    "params": {"type": "object"},
    "cancelRequested": {"type": "boolean"},
    "createdAt": {"type": "string", "format": "date-time"},
    "createdBy": {"type": "string"},
    "startedAt": {"type": ["string", "null"], "format": "date-time"},
    "finishedAt": {"type": ["string", "null"], "format": "date-time"}
  }
})json";

constexpr const char* kJobListSchema =
    R"({"type":"object","required":["items","total"],"properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/Job"}},"total":{"type":"integer"}}})";

void WriteOptTime(json::Writer& w, const std::optional<Timestamp>& t) {
  if (t) {
    w.Time(*t);
  } else {
    w.Null();
  }
}

}  // namespace

void WriteJob(json::Writer& w, const JobInfo& job) {
  w.StartObject();
  w.Key("id").String(job.id);
  w.Key("type").String(job.type);
  w.Key("status").String(job.status);
  w.Key("progress").StartObject().Key("done").Int(job.done).Key("total").Int(job.total);
  w.EndObject();
  w.Key("errors").StartArray();
  for (const auto& e : job.errors) {
    w.StartObject().Key("message").String(e.message).Key("ref").String(e.ref).EndObject();
  }
  w.EndArray();
  w.Key("errorCount").Int(job.error_count);
  w.Key("result").RawJson(job.result_json.empty() ? "{}" : job.result_json);
  w.Key("params").RawJson(job.params_json.empty() ? "{}" : job.params_json);
  w.Key("cancelRequested").Bool(job.cancel_requested);
  w.Key("createdAt").Time(job.created_at);
  w.Key("createdBy").String(job.created_by);
  w.Key("startedAt");
  WriteOptTime(w, job.started_at);
  w.Key("finishedAt");
  WriteOptTime(w, job.finished_at);
  w.EndObject();
}

std::string JobJson(const JobInfo& job) {
  json::Writer w;
  WriteJob(w, job);
  return w.str();
}

http::Response JobAccepted(const JobInfo& job) {
  http::Response r = http::Response::Json(202, JobJson(job));
  r.headers.emplace_back("Location", "/api/v1/jobs/" + job.id);
  return r;
}

void RegisterJobsApi(http::Router& router, auth::PermissionRegistry& permissions,
                     JobRunner& runner) {
  permissions.Declare({.name = kJobsRead,
                       .module = "platform",
                       .display_names = {{"en-US", "View background jobs"},
                                         {"de-DE", "Hintergrundaufträge anzeigen"}},
                       .store_scopable = false});
  permissions.Declare({.name = kJobsManage,
                       .module = "platform",
                       .display_names = {{"en-US", "Start and cancel background jobs"},
                                         {"de-DE", "Hintergrundaufträge starten und abbrechen"}},
                       .store_scopable = false});
  router.AddSchema("Job", kJobSchema);

  router.Add({.method = http::Verb::get,
              .path = "/api/v1/jobs",
              .permission = kJobsRead,
              .tag = "jobs",
              .summary = "List jobs, newest first",
              .response_schema = kJobListSchema,
              .query = {{"type", "string", "Only jobs of this type"},
                        {"status", "string", "queued, running, succeeded, failed or cancelled"},
                        {"limit", "integer", "Page size, 0 to 1000 (default 20)"},
                        {"offset", "integer", "Items to skip"}},
              .handler = [&runner](http::Request& req) -> Result<http::Response> {
                EMPORION_ASSIGN_OR_RETURN(auto page, http::ParseListParams(req, {}));
                auto status = req.Query("status");
                if (status && !IsJobStatus(*status)) {
                  return Error::InvalidField(
                      "status", "must be queued, running, succeeded, failed or cancelled");
                }
                auto type = req.Query("type");
                EMPORION_ASSIGN_OR_RETURN(auto list,
                                          runner.List(type, status, page.limit, page.offset));
                std::vector<std::string> items;
                items.reserve(list.first.size());
                for (const auto& job : list.first) items.push_back(JobJson(job));
                return http::Response::Ok(http::ListEnvelope(items, list.second));
              }});

  router.Add({.method = http::Verb::get,
              .path = "/api/v1/jobs/{id}",
              .permission = kJobsRead,
              .tag = "jobs",
              .summary = "A job with its progress, errors and result",
              .response_schema = kJobSchemaRef,
              .handler = [&runner](http::Request& req) -> Result<http::Response> {
                const std::string& id = req.Param("id");
                EMPORION_ASSIGN_OR_RETURN(auto job, runner.Get(id));
                if (!job) return Error::NotFound("no job with id '" + id + "'");
                return http::Response::Ok(JobJson(*job));
              }});

  router.Add({.method = http::Verb::post,
              .path = "/api/v1/jobs/{id}/cancel",
              .permission = kJobsManage,
              .tag = "jobs",
              .summary = "Cancel a job",
              .description =
                  "A queued job is cancelled at once (200). A running job is asked to stop "
                  "(202) and ends `cancelled` when it next checks. 409 when the job already "
                  "finished.",
              .success_status = 202,
              .response_schema = kJobSchemaRef,
              .handler = [&runner](http::Request& req) -> Result<http::Response> {
                EMPORION_ASSIGN_OR_RETURN(
                    auto job, runner.Cancel(req.Param("id"), req.Actor(), req.request_id));
                http::Response r =
                    http::Response::Json(job.status == kCancelled ? 200 : 202, JobJson(job));
                r.headers.emplace_back("Location", "/api/v1/jobs/" + job.id);
                return r;
              }});
}

}  // namespace emporion::jobs
