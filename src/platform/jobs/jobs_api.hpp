// The jobs resource (contract section 5): GET /api/v1/jobs, GET /api/v1/jobs/{id},
// POST /api/v1/jobs/{id}/cancel, with the permissions jobs:read and jobs:manage; plus the
// helpers every module uses to answer "202 Accepted, Location: /api/v1/jobs/{id}" when it
// starts a job. Reentrant; the routes are thread-safe (the runner is).
#pragma once

#include <string>

#include "platform/auth/permissions.hpp"
#include "platform/http/router.hpp"
#include "platform/jobs/job_runner.hpp"
#include "platform/json/json.hpp"

namespace emporion::jobs {

inline constexpr const char* kJobsRead = "jobs:read";
inline constexpr const char* kJobsManage = "jobs:manage";
/// Name of the Job schema in the OpenAPI components, for response_schema `$ref`s.
inline constexpr const char* kJobSchemaRef = R"({"$ref":"#/components/schemas/Job"})";

/// Writes the API form of a job: {"id","type","status","progress":{"done","total"},"errors",
/// "errorCount","result","params","cancelRequested","createdAt","createdBy","startedAt",
/// "finishedAt"}.
void WriteJob(json::Writer& w, const JobInfo& job);
std::string JobJson(const JobInfo& job);
/// `202 Accepted` with `Location: /api/v1/jobs/{id}` and the job as body: what a route that
/// started a job returns.
http::Response JobAccepted(const JobInfo& job);

/// Declares jobs:read and jobs:manage and registers the routes and the Job schema.
void RegisterJobsApi(http::Router& router, auth::PermissionRegistry& permissions,
                     JobRunner& runner);

}  // namespace emporion::jobs
