// The built-in `platform.maintenance` job: purges idempotency keys older than 24 hours, outbox
// events older than `platform.outbox.retentionDays` and finished jobs older than
// `platform.jobs.retentionDays`, in batches (so a SQLite writer is never blocked for long),
// reporting the counts in its result. Started by POST /api/v1/jobs/maintenance.
// Reentrant; the job function is thread-safe.
#pragma once

#include "platform/auth/permissions.hpp"
#include "platform/core/clock.hpp"
#include "platform/db/database.hpp"
#include "platform/http/router.hpp"
#include "platform/jobs/job_runner.hpp"
#include "platform/settings/settings.hpp"

namespace emporion::jobs {

inline constexpr const char* kMaintenanceJobType = "platform.maintenance";
inline constexpr const char* kOutboxRetentionSetting = "platform.outbox.retentionDays";
inline constexpr const char* kJobsRetentionSetting = "platform.jobs.retentionDays";

/// Declares the retention settings and registers the job type with `runner`. All references
/// must outlive the runner.
void RegisterMaintenanceJob(JobRunner& runner, db::Database& db, const Clock& clock,
                            settings::SettingsService& settings);
/// POST /api/v1/jobs/maintenance (jobs:manage) -> 202 with the queued job.
void RegisterMaintenanceApi(http::Router& router, JobRunner& runner);

}  // namespace emporion::jobs
