// The platform.maintenance job on SQLite and PostgreSQL: it deletes idempotency keys older than
// a day, outbox events older than the retention setting and old finished jobs, keeps everything
// younger (and every unfinished job), and reports the counts.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "platform/db/migration.hpp"
#include "platform/events/outbox.hpp"
#include "platform/jobs/maintenance_job.hpp"
#include "support/test_db.hpp"

namespace emporion::platform {
const std::vector<emporion::db::Migration>& Migrations();
}

namespace emporion::jobs {
namespace {

using db::Param;

constexpr Timestamp kNow = 1'795'000'000'000'000;
constexpr Timestamp kHour = 3600LL * 1'000'000;
constexpr Timestamp kDay = 24 * kHour;

class MaintenanceJobTest : public ::testing::Test {
 protected:
  MaintenanceJobTest() : clock_(kNow), settings_(test_db_.db()) {
    test_db_.Migrate({&platform::Migrations()});
    runner_ = std::make_unique<JobRunner>(test_db_.db(), clock_, metrics_, 1);
    RegisterMaintenanceJob(*runner_, test_db_.db(), clock_, settings_);
    EXPECT_TRUE(settings_.Load().ok());
  }
  ~MaintenanceJobTest() override { runner_->Stop(); }

  void Exec(const std::string& sql, const db::Params& params) {
    auto tx = test_db_.db().Begin(db::TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    auto r = (*tx)->Exec(sql, params);
    ASSERT_TRUE(r.ok()) << r.error().detail();
    ASSERT_TRUE((*tx)->Commit().ok());
  }

  std::int64_t Count(const std::string& sql) {
    auto tx = test_db_.db().Begin(db::TxMode::kRead);
    auto row = (*tx)->QueryOne(sql, {});
    return row.ok() && *row ? (*row)->Int(0) : -1;
  }

  void AddKey(const std::string& key, Timestamp at) {
    Exec(
        "INSERT INTO idempotency_keys (scope, idem_key, request_hash, status, content_type, "
        "headers, body, created_at) VALUES ('s', ?, 'h', 201, '', '[]', ?, ?)",
        {Param(key), Param(db::Blob{"{}"}), Param(FormatIso8601Millis(at))});
  }
  void AddEvent(Timestamp at) {
    events::DomainEvent e;
    e.type = "test.thing.created";
    e.entity_type = "test.thing";
    e.entity_id = "t";
    e.payload = "{}";
    e.occurred_at = at;
    auto tx = test_db_.db().Begin(db::TxMode::kWrite);
    ASSERT_TRUE(events::AppendToOutbox(**tx, e).ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  void AddJob(const std::string& id, const std::string& status, Timestamp finished) {
    Exec(
        "INSERT INTO jobs (id, type, status, params, created_at, created_by, finished_at) "
        "VALUES (?, 'test.x', ?, '{}', ?, 'alice', ?)",
        {Param(id), Param(status), Param(FormatIso8601Millis(finished - kHour)),
         Param(status == "running" ? std::optional<std::string>()
                                   : std::optional<std::string>(FormatIso8601Millis(finished)))});
  }

  JobInfo RunToEnd() {
    auto job = runner_->Enqueue(kMaintenanceJobType, "{}", "admin");
    EXPECT_TRUE(job.ok());
    runner_->Start();
    JobInfo info;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      info = **runner_->Get(job->id);
      if (info.status != "queued" && info.status != "running") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return info;
  }

  test::TestDatabase test_db_;
  FakeClock clock_;
  metrics::Metrics metrics_;
  settings::SettingsService settings_;
  std::unique_ptr<JobRunner> runner_;
};

TEST_F(MaintenanceJobTest, PurgesWhatIsOlderThanItsRetention) {
  AddKey("old", kNow - 25 * kHour);
  AddKey("fresh", kNow - 23 * kHour);
  AddEvent(kNow - 31 * kDay);
  AddEvent(kNow - 32 * kDay);
  AddEvent(kNow - 29 * kDay);
  AddJob("old-done", "succeeded", kNow - 91 * kDay);
  AddJob("old-failed", "failed", kNow - 100 * kDay);
  AddJob("recent", "cancelled", kNow - 10 * kDay);
  AddJob("stuck", "running", kNow - 200 * kDay);  // never finished: kept

  const JobInfo job = RunToEnd();
  ASSERT_EQ(job.status, "succeeded") << (job.errors.empty() ? "" : job.errors[0].message);
  EXPECT_EQ(job.result_json,
            R"({"idempotencyKeysDeleted":1,"outboxEventsDeleted":2,"jobsDeleted":2,)"
            R"("outboxRetentionDays":30,"jobsRetentionDays":90})");
  EXPECT_EQ(job.done, 5);
  EXPECT_EQ(job.total, 5);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = 'fresh'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM idempotency_keys"), 1);
  // The remaining outbox rows: the young event plus the maintenance job's own events.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE type = 'test.thing.created'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM jobs WHERE id IN ('recent', 'stuck')"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM jobs WHERE id IN ('old-done', 'old-failed')"), 0);
}

TEST_F(MaintenanceJobTest, FollowsTheRetentionSetting) {
  {
    auto uow = events::UnitOfWork::Begin(test_db_.db(), nullptr, "admin", "r", clock_);
    ASSERT_TRUE(settings_.Set(*uow, kOutboxRetentionSetting, "5", std::nullopt).ok());
    ASSERT_TRUE(uow->Commit().ok());
    ASSERT_TRUE(settings_.Reload().ok());
  }
  AddEvent(kNow - 6 * kDay);
  AddEvent(kNow - 4 * kDay);
  const JobInfo job = RunToEnd();
  ASSERT_EQ(job.status, "succeeded");
  EXPECT_NE(job.result_json.find(R"("outboxEventsDeleted":1)"), std::string::npos)
      << job.result_json;
  EXPECT_NE(job.result_json.find(R"("outboxRetentionDays":5)"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE type = 'test.thing.created'"), 1);
}

TEST_F(MaintenanceJobTest, DeclaresItsSettings) {
  ASSERT_NE(settings_.Find(kOutboxRetentionSetting), nullptr);
  EXPECT_EQ(settings_.GetInt(kOutboxRetentionSetting), 30);
  EXPECT_EQ(settings_.GetInt(kJobsRetentionSetting), 90);
  EXPECT_EQ(settings_.Validate(kOutboxRetentionSetting, "0", std::nullopt).error().code(),
            ErrorCode::kUnprocessable);
  EXPECT_TRUE(runner_->HasType(kMaintenanceJobType));
}

}  // namespace
}  // namespace emporion::jobs
