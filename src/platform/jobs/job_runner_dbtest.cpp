// JobRunner on SQLite and PostgreSQL: a registered job runs to success or failure, reports
// progress (persisted while it runs) and errors, can be cancelled while queued or running,
// is failed by a shutdown or a restart, and every transition leaves events and history.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "platform/db/migration.hpp"
#include "platform/events/outbox.hpp"
#include "platform/jobs/job_runner.hpp"
#include "support/test_db.hpp"

namespace emporion::platform {
const std::vector<emporion::db::Migration>& Migrations();
}

namespace emporion::jobs {
namespace {

using std::chrono::milliseconds;

/// Polls `done` until it holds or 20 seconds pass.
bool Eventually(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(milliseconds(5));
  }
  return done();
}

class JobRunnerTest : public ::testing::Test {
 protected:
  JobRunnerTest() { test_db_.Migrate({&platform::Migrations()}); }
  ~JobRunnerTest() override {
    release_.store(true);
    if (runner_) runner_->Stop();
  }

  JobRunner& MakeRunner(unsigned threads = 2) {
    runner_ = std::make_unique<JobRunner>(db(), clock_, metrics_, threads);
    runner_->SetEventBus(&bus_);
    runner_->RegisterType("test.ok", [this](JobContext& ctx) -> Result<std::string> {
      ++ok_runs_;
      ctx.SetTotal(3);
      for (int i = 0; i < 3; ++i) ctx.Advance();
      return std::string(R"({"answer": 42, "params": )") + ctx.params_json() + "}";
    });
    runner_->RegisterType("test.fail", [](JobContext& ctx) -> Result<std::string> {
      ctx.Advance(2);
      return Error::Unprocessable("items[1].sku", "is taken");
    });
    runner_->RegisterType("test.throw", [](JobContext&) -> Result<std::string> {
      throw std::runtime_error("disk on fire");
    });
    runner_->RegisterType("test.rows", [](JobContext& ctx) -> Result<std::string> {
      ctx.SetTotal(3);
      ctx.Advance();
      ctx.AddError("price is negative", "row 2");
      ctx.Advance(2);
      return std::string("{}");
    });
    // Reports progress, then waits until released or cancelled.
    runner_->RegisterType("test.wait", [this](JobContext& ctx) -> Result<std::string> {
      ctx.SetTotal(10);
      ctx.Advance(4);
      started_.store(true);
      while (!release_.load() && !ctx.Cancelled()) std::this_thread::sleep_for(milliseconds(2));
      return std::string(R"({"stoppedEarly": true})");
    });
    return *runner_;
  }

  db::Database& db() { return test_db_.db(); }

  JobInfo Enqueue(const std::string& type, const std::string& params = "{}") {
    auto job = runner_->Enqueue(type, params, "alice", "req-1");
    EXPECT_TRUE(job.ok()) << job.error().detail();
    return job.ok() ? *job : JobInfo{};
  }

  JobInfo Get(const std::string& id) {
    auto job = runner_->Get(id);
    EXPECT_TRUE(job.ok() && job->has_value());
    return job.ok() && job->has_value() ? **job : JobInfo{};
  }

  JobInfo WaitForStatus(const std::string& id, const std::string& status) {
    JobInfo job;
    EXPECT_TRUE(Eventually([&] {
      job = Get(id);
      return job.status == status;
    })) << "job "
        << id << " is " << job.status << ", expected " << status;
    return job;
  }

  std::vector<events::Change> JobChanges(const std::string& id) {
    auto tx = db().Begin(db::TxMode::kRead);
    events::ChangeQuery q;
    q.entity_type = "platform.job";
    q.entity_id = id;
    q.limit = 100;
    q.newest_first = false;
    auto found = events::QueryChanges(**tx, q);
    EXPECT_TRUE(found.ok());
    return found->first;
  }

  test::TestDatabase test_db_;
  SystemClock clock_;
  metrics::Metrics metrics_;
  events::EventBus bus_;
  std::unique_ptr<JobRunner> runner_;
  std::atomic<int> ok_runs_{0};
  std::atomic<bool> started_{false};
  std::atomic<bool> release_{false};
};

TEST_F(JobRunnerTest, RunsARegisteredJobToSuccess) {
  MakeRunner().Start();
  const JobInfo queued = Enqueue("test.ok", R"({"file": "a.csv"})");
  EXPECT_EQ(queued.status, "queued");
  EXPECT_EQ(queued.created_by, "alice");
  EXPECT_FALSE(queued.id.empty());

  const JobInfo job = WaitForStatus(queued.id, "succeeded");
  EXPECT_EQ(job.type, "test.ok");
  EXPECT_EQ(job.done, 3);
  EXPECT_EQ(job.total, 3);
  EXPECT_TRUE(job.errors.empty());
  EXPECT_EQ(job.result_json, R"({"answer":42,"params":{"file":"a.csv"}})");
  EXPECT_EQ(job.params_json, R"({"file":"a.csv"})");
  EXPECT_TRUE(job.started_at.has_value());
  EXPECT_TRUE(job.finished_at.has_value());
  EXPECT_LE(*job.started_at, *job.finished_at);
  EXPECT_EQ(ok_runs_.load(), 1);
}

TEST_F(JobRunnerTest, AnErrorFromTheFunctionFailsTheJob) {
  MakeRunner().Start();
  const JobInfo job = WaitForStatus(Enqueue("test.fail").id, "failed");
  EXPECT_EQ(job.done, 2);
  ASSERT_EQ(job.errors.size(), 1u);
  EXPECT_EQ(job.errors[0].message, "items[1].sku: is taken");
  EXPECT_EQ(job.error_count, 1);
  EXPECT_EQ(job.result_json, "{}");
}

TEST_F(JobRunnerTest, AnExceptionFailsTheJob) {
  MakeRunner().Start();
  const JobInfo job = WaitForStatus(Enqueue("test.throw").id, "failed");
  ASSERT_EQ(job.errors.size(), 1u);
  EXPECT_NE(job.errors[0].message.find("disk on fire"), std::string::npos);
}

TEST_F(JobRunnerTest, KeepsNonFatalErrorsWithTheirReference) {
  MakeRunner().Start();
  const JobInfo job = WaitForStatus(Enqueue("test.rows").id, "succeeded");
  EXPECT_EQ(job.done, 3);
  ASSERT_EQ(job.errors.size(), 1u);
  EXPECT_EQ(job.errors[0].message, "price is negative");
  EXPECT_EQ(job.errors[0].ref, "row 2");
  EXPECT_EQ(job.error_count, 1);
}

TEST_F(JobRunnerTest, PersistsProgressWhileTheJobRuns) {
  MakeRunner().Start();
  const JobInfo queued = Enqueue("test.wait");
  ASSERT_TRUE(Eventually([&] { return started_.load(); }));
  EXPECT_EQ(Get(queued.id).done, 4);  // live, from memory
  // And in the table, written by the flusher: what another node would see.
  EXPECT_TRUE(Eventually([&] {
    auto tx = db().Begin(db::TxMode::kRead);
    auto row = (*tx)->QueryOne("SELECT done, total, status FROM jobs WHERE id = ?",
                               {db::Param(queued.id)});
    return row.ok() && *row && (*row)->Int(0) == 4 && (*row)->Int(1) == 10 &&
           (*row)->Text(2) == "running";
  }));
  release_.store(true);
  const JobInfo job = WaitForStatus(queued.id, "succeeded");
  EXPECT_EQ(job.done, 4);
  EXPECT_EQ(job.total, 10);
}

TEST_F(JobRunnerTest, CancelsAQueuedJobBeforeItRuns) {
  JobRunner& runner = MakeRunner(1);  // not started yet: the job stays queued
  const JobInfo queued = Enqueue("test.ok");
  auto cancelled = runner.Cancel(queued.id, "bob");
  ASSERT_TRUE(cancelled.ok()) << cancelled.error().detail();
  EXPECT_EQ(cancelled->status, "cancelled");
  EXPECT_TRUE(cancelled->finished_at.has_value());

  runner.Start();
  const JobInfo later = Enqueue("test.ok");
  WaitForStatus(later.id, "succeeded");
  EXPECT_EQ(ok_runs_.load(), 1);  // only the second one ran
  EXPECT_EQ(Get(queued.id).status, "cancelled");
  EXPECT_EQ(runner.Cancel(queued.id).error().code(), ErrorCode::kConflict);
}

TEST_F(JobRunnerTest, CancelsARunningJobWhenItChecks) {
  JobRunner& runner = MakeRunner();
  runner.Start();
  const JobInfo queued = Enqueue("test.wait");
  ASSERT_TRUE(Eventually([&] { return started_.load(); }));
  auto requested = runner.Cancel(queued.id, "bob");
  ASSERT_TRUE(requested.ok()) << requested.error().detail();
  EXPECT_TRUE(requested->cancel_requested);
  const JobInfo job = WaitForStatus(queued.id, "cancelled");
  EXPECT_EQ(job.result_json, R"({"stoppedEarly":true})");  // what it returned is kept
  EXPECT_EQ(job.done, 4);

  auto changes = JobChanges(queued.id);
  std::vector<std::string> operations;
  for (const auto& c : changes) operations.push_back(c.operation);
  EXPECT_EQ(operations,
            (std::vector<std::string>{"created", "started", "cancel-requested", "cancelled"}));
  EXPECT_EQ(changes[2].actor, "bob");
}

TEST_F(JobRunnerTest, CancelOfAnUnknownOrFinishedJobIsRefused) {
  JobRunner& runner = MakeRunner();
  runner.Start();
  EXPECT_EQ(runner.Cancel("no-such-job").error().code(), ErrorCode::kNotFound);
  const JobInfo job = WaitForStatus(Enqueue("test.ok").id, "succeeded");
  EXPECT_EQ(runner.Cancel(job.id).error().code(), ErrorCode::kConflict);
  EXPECT_EQ(Get(job.id).status, "succeeded");
}

TEST_F(JobRunnerTest, StopFailsARunningJobAsInterrupted) {
  JobRunner& runner = MakeRunner();
  runner.Start();
  const JobInfo queued = Enqueue("test.wait");
  ASSERT_TRUE(Eventually([&] { return started_.load(); }));
  runner.Stop();
  const JobInfo job = Get(queued.id);
  EXPECT_EQ(job.status, "failed");
  ASSERT_FALSE(job.errors.empty());
  EXPECT_EQ(job.errors.back().message, "interrupted by a server shutdown");
}

TEST_F(JobRunnerTest, RecoverAfterRestartFailsJobsLeftRunning) {
  JobRunner& runner = MakeRunner();
  const JobInfo job = Enqueue("test.ok");
  {
    // What a crash leaves behind: a running row nobody runs.
    auto tx = db().Begin(db::TxMode::kWrite);
    ASSERT_TRUE((*tx)
                    ->Exec("UPDATE jobs SET status = 'running', started_at = ? WHERE id = ?",
                           {db::Param(FormatIso8601Millis(clock_.Now())), db::Param(job.id)})
                    .ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  const JobInfo queued = Enqueue("test.ok");
  auto marked = runner.RecoverAfterRestart();
  ASSERT_TRUE(marked.ok()) << marked.error().detail();
  EXPECT_EQ(*marked, 1);
  const JobInfo failed = Get(job.id);
  EXPECT_EQ(failed.status, "failed");
  ASSERT_EQ(failed.errors.size(), 1u);
  EXPECT_EQ(failed.errors[0].message, "interrupted by a server restart");
  EXPECT_TRUE(failed.finished_at.has_value());
  // Queued jobs are picked up again.
  runner.Start();
  WaitForStatus(queued.id, "succeeded");
  EXPECT_EQ(Get(job.id).status, "failed");
}

TEST_F(JobRunnerTest, StartFailsQueuedJobsOfUnregisteredTypes) {
  MakeRunner();
  {
    auto tx = db().Begin(db::TxMode::kWrite);
    ASSERT_TRUE((*tx)
                    ->Exec("INSERT INTO jobs (id, type, status, params, created_at, created_by) "
                           "VALUES ('old-1', 'gone.type', 'queued', '{}', ?, 'alice')",
                           {db::Param(FormatIso8601Millis(clock_.Now()))})
                    .ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  runner_->Start();
  const JobInfo job = Get("old-1");
  EXPECT_EQ(job.status, "failed");
  ASSERT_EQ(job.errors.size(), 1u);
  EXPECT_NE(job.errors[0].message.find("gone.type"), std::string::npos);
}

TEST_F(JobRunnerTest, EnqueueRefusesUnknownTypesAndBadParams) {
  JobRunner& runner = MakeRunner();
  EXPECT_EQ(runner.Enqueue("test.nope", "{}", "alice").error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(runner.Enqueue("test.ok", "[1]", "alice").error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(runner.Enqueue("test.ok", "{", "alice").error().code(), ErrorCode::kInvalidArgument);
  auto none = runner.List(std::nullopt, std::nullopt, 10, 0);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->second, 0);
}

TEST_F(JobRunnerTest, ListsNewestFirstWithFilters) {
  JobRunner& runner = MakeRunner();
  const JobInfo a = Enqueue("test.ok");
  const JobInfo b = Enqueue("test.rows");
  const JobInfo c = Enqueue("test.ok");
  ASSERT_TRUE(runner.Cancel(b.id).ok());

  auto all = runner.List(std::nullopt, std::nullopt, 10, 0);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->second, 3);
  ASSERT_EQ(all->first.size(), 3u);
  EXPECT_EQ(all->first[0].id, c.id);
  EXPECT_EQ(all->first[2].id, a.id);

  auto ok_jobs = runner.List(std::string("test.ok"), std::nullopt, 10, 0);
  EXPECT_EQ(ok_jobs->second, 2);
  auto cancelled = runner.List(std::nullopt, std::string("cancelled"), 10, 0);
  ASSERT_EQ(cancelled->first.size(), 1u);
  EXPECT_EQ(cancelled->first[0].id, b.id);
  auto page = runner.List(std::nullopt, std::nullopt, 1, 1);
  ASSERT_EQ(page->first.size(), 1u);
  EXPECT_EQ(page->first[0].id, b.id);
  EXPECT_EQ(page->second, 3);
}

TEST_F(JobRunnerTest, PublishesStatusEventsAndCountsJobsByStatus) {
  std::mutex mutex;
  std::vector<std::string> seen;
  bus_.Subscribe("platform.job.", [&](const events::DomainEvent& e) {
    std::lock_guard lock(mutex);
    seen.push_back(e.type + " " + e.payload);
  });
  MakeRunner().Start();
  const JobInfo job = Enqueue("test.ok");
  WaitForStatus(job.id, "succeeded");
  ASSERT_TRUE(Eventually([&] {
    std::lock_guard lock(mutex);
    return seen.size() == 3;
  }));
  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(seen[0], "platform.job.created {\"id\":\"" + job.id +
                           "\",\"type\":\"test.ok\",\"status\":\"queued\"}");
    EXPECT_EQ(seen[2], "platform.job.status-changed {\"id\":\"" + job.id +
                           "\",\"type\":\"test.ok\",\"status\":\"succeeded\","
                           "\"previousStatus\":\"running\"}");
  }
  EXPECT_TRUE(Eventually([&] {
    return metrics_.RenderPrometheus().find("emporion_jobs{status=\"succeeded\"} 1") !=
           std::string::npos;
  })) << metrics_.RenderPrometheus();
}

TEST_F(JobRunnerTest, EnqueueInJoinsTheCallersUnitOfWork) {
  JobRunner& runner = MakeRunner();
  std::string kept_id;
  {
    auto uow = events::UnitOfWork::Begin(db(), &bus_, "alice", "req-2", clock_);
    ASSERT_TRUE(uow.ok());
    auto job = runner.EnqueueIn(*uow, "test.ok", "");
    ASSERT_TRUE(job.ok());
    // Not committed: rolled back with the caller's change.
  }
  {
    auto uow = events::UnitOfWork::Begin(db(), &bus_, "alice", "req-3", clock_);
    auto job = runner.EnqueueIn(*uow, "test.ok", "");
    ASSERT_TRUE(job.ok());
    kept_id = job->id;
    ASSERT_TRUE(uow->Commit().ok());
  }
  runner.Start();
  runner.Wake();
  WaitForStatus(kept_id, "succeeded");
  EXPECT_EQ(runner.List(std::nullopt, std::nullopt, 10, 0)->second, 1);
}

}  // namespace
}  // namespace emporion::jobs
