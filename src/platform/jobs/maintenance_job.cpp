#include "platform/jobs/maintenance_job.hpp"

#include "platform/jobs/jobs_api.hpp"
#include "platform/json/json.hpp"

namespace emporion::jobs {
namespace {

using db::Param;

constexpr Timestamp kDay = 24LL * 3600 * 1'000'000;
constexpr Timestamp kIdempotencyLifetime = kDay;
constexpr int kBatch = 2000;

struct Purge {
  const char* count_sql;
  const char* delete_sql;  // deletes at most kBatch rows older than the cutoff
};

// Each statement deletes one bounded batch, so the write lock is held for a short time.
constexpr Purge kIdempotencyPurge = {
    "SELECT COUNT(*) FROM idempotency_keys WHERE created_at < ?",
    "DELETE FROM idempotency_keys WHERE (scope, idem_key) IN (SELECT scope, idem_key FROM "
    "idempotency_keys WHERE created_at < ? LIMIT ?)"};
constexpr Purge kOutboxPurge = {
    "SELECT COUNT(*) FROM outbox WHERE occurred_at < ?",
    "DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox WHERE occurred_at < ? ORDER BY seq "
    "LIMIT ?)"};
constexpr Purge kJobsPurge = {
    "SELECT COUNT(*) FROM jobs WHERE status IN ('succeeded', 'failed', 'cancelled') AND "
    "finished_at < ?",
    "DELETE FROM jobs WHERE seq IN (SELECT seq FROM jobs WHERE status IN ('succeeded', "
    "'failed', 'cancelled') AND finished_at < ? ORDER BY seq LIMIT ?)"};

Result<std::int64_t> Count(db::Database& db, const Purge& purge, const std::string& cutoff) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db.Begin(db::TxMode::kRead));
  EMPORION_ASSIGN_OR_RETURN(auto row, tx->QueryOne(purge.count_sql, {Param(cutoff)}));
  return row ? row->Int(0) : 0;
}

/// Deletes in batches until nothing older than `cutoff` is left or the job is cancelled.
Result<std::int64_t> Delete(db::Database& db, const Purge& purge, const std::string& cutoff,
                            JobContext& ctx) {
  std::int64_t deleted = 0;
  while (!ctx.Cancelled()) {
    EMPORION_ASSIGN_OR_RETURN(auto tx, db.Begin(db::TxMode::kWrite));
    EMPORION_ASSIGN_OR_RETURN(std::int64_t n,
                              tx->Exec(purge.delete_sql, {Param(cutoff), Param(kBatch)}));
    EMPORION_RETURN_IF_ERROR(tx->Commit());
    deleted += n;
    ctx.Advance(n);
    if (n < kBatch) break;
  }
  return deleted;
}

}  // namespace

void RegisterMaintenanceJob(JobRunner& runner, db::Database& db, const Clock& clock,
                            settings::SettingsService& settings) {
  settings.Define({.name = kOutboxRetentionSetting,
                   .module = "platform",
                   .type = settings::SettingType::kInteger,
                   .default_json = "30",
                   .min = 1,
                   .max = 3650,
                   .display_names = {{"en-US", "Keep outbox events (days)"},
                                     {"de-DE", "Outbox-Ereignisse aufbewahren (Tage)"}},
                   .description = "Events older than this are deleted by the platform.maintenance "
                                  "job."});
  settings.Define({.name = kJobsRetentionSetting,
                   .module = "platform",
                   .type = settings::SettingType::kInteger,
                   .default_json = "90",
                   .min = 1,
                   .max = 3650,
                   .display_names = {{"en-US", "Keep finished jobs (days)"},
                                     {"de-DE", "Abgeschlossene Aufträge aufbewahren (Tage)"}},
                   .description = "Finished jobs older than this are deleted by the "
                                  "platform.maintenance job."});

  runner.RegisterType(
      kMaintenanceJobType, [&db, &clock, &settings](JobContext& ctx) -> Result<std::string> {
        const Timestamp now = clock.Now();
        const std::int64_t outbox_days = settings.GetInt(kOutboxRetentionSetting);
        const std::int64_t jobs_days = settings.GetInt(kJobsRetentionSetting);
        const std::string idempotency_cutoff = FormatIso8601Millis(now - kIdempotencyLifetime);
        const std::string outbox_cutoff = FormatIso8601Millis(now - outbox_days * kDay);
        const std::string jobs_cutoff = FormatIso8601Millis(now - jobs_days * kDay);

        std::int64_t total = 0;
        EMPORION_ASSIGN_OR_RETURN(std::int64_t n1,
                                  Count(db, kIdempotencyPurge, idempotency_cutoff));
        EMPORION_ASSIGN_OR_RETURN(std::int64_t n2, Count(db, kOutboxPurge, outbox_cutoff));
        EMPORION_ASSIGN_OR_RETURN(std::int64_t n3, Count(db, kJobsPurge, jobs_cutoff));
        total = n1 + n2 + n3;
        ctx.SetTotal(total);

        EMPORION_ASSIGN_OR_RETURN(std::int64_t keys,
                                  Delete(db, kIdempotencyPurge, idempotency_cutoff, ctx));
        EMPORION_ASSIGN_OR_RETURN(std::int64_t events,
                                  Delete(db, kOutboxPurge, outbox_cutoff, ctx));
        EMPORION_ASSIGN_OR_RETURN(std::int64_t jobs, Delete(db, kJobsPurge, jobs_cutoff, ctx));

        json::Writer w;
        w.StartObject();
        w.Key("idempotencyKeysDeleted").Int(keys);
        w.Key("outboxEventsDeleted").Int(events);
        w.Key("jobsDeleted").Int(jobs);
        w.Key("outboxRetentionDays").Int(outbox_days);
        w.Key("jobsRetentionDays").Int(jobs_days);
        w.EndObject();
        return w.str();
      });
}

void RegisterMaintenanceApi(http::Router& router, JobRunner& runner) {
  router.Add(
      {.method = http::Verb::post,
       .path = "/api/v1/jobs/maintenance",
       .permission = kJobsManage,
       .tag = "jobs",
       .summary = "Start the platform maintenance job",
       .description = "Purges idempotency keys older than 24 hours, outbox events older than "
                      "the setting platform.outbox.retentionDays and finished jobs older than "
                      "platform.jobs.retentionDays. 202 with the queued job and its Location.",
       .success_status = 202,
       .response_schema = kJobSchemaRef,
       .handler = [&runner](http::Request& req) -> Result<http::Response> {
         EMPORION_ASSIGN_OR_RETURN(
             auto job, runner.Enqueue(kMaintenanceJobType, "{}", req.Actor(), req.request_id));
         return JobAccepted(job);
       }});
}

}  // namespace emporion::jobs
