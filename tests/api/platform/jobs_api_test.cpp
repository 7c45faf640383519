// The jobs resource against the real binary: the built-in platform.maintenance job from 202 to
// succeeded, listing and filters, cancel rules, permissions, the jobs gauge, and a job left
// running by a dead server marked failed at the next start.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "api/security/security_api_util.hpp"
#include "platform/db/database.hpp"
#include "support/test_server.hpp"

namespace emporion::test {
namespace {

using Json = nlohmann::json;

/// Polls GET `location` until the job leaves queued/running (20 s deadline).
Json WaitForJob(TestServer& server, const std::string& location) {
  Json job;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    auto r = server.Admin("GET", location);
    EXPECT_EQ(r.status, 200) << r.body;
    job = r.Json();
    if (job["status"] != "queued" && job["status"] != "running") return job;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ADD_FAILURE() << "job did not finish: " << job.dump();
  return job;
}

class JobsApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static Json StartMaintenance() {
    auto r = server_->Admin("POST", "/api/v1/jobs/maintenance");
    EXPECT_EQ(r.status, 202) << r.body;
    return r.Json();
  }

  static TestServer* server_;
};
TestServer* JobsApiTest::server_ = nullptr;

TEST_F(JobsApiTest, MaintenanceJobIsAcceptedAndSucceeds) {
  auto r = server_->Admin("POST", "/api/v1/jobs/maintenance");
  ASSERT_EQ(r.status, 202) << r.body;
  auto queued = r.Json();
  const std::string id = queued["id"];
  EXPECT_EQ(r.Header("location"), "/api/v1/jobs/" + id);
  EXPECT_EQ(queued["type"], "platform.maintenance");
  EXPECT_EQ(queued["createdBy"], "admin");
  EXPECT_TRUE(queued["status"] == "queued" || queued["status"] == "running") << queued.dump();

  Json job = WaitForJob(*server_, r.Header("location"));
  EXPECT_EQ(job["status"], "succeeded") << job.dump();
  EXPECT_EQ(job["id"], id);
  EXPECT_TRUE(job["errors"].is_array());
  EXPECT_EQ(job["progress"]["done"], job["progress"]["total"]);
  for (const char* key : {"idempotencyKeysDeleted", "outboxEventsDeleted", "jobsDeleted"}) {
    EXPECT_TRUE(job["result"][key].is_number_integer()) << key << ": " << job.dump();
  }
  EXPECT_EQ(job["result"]["outboxRetentionDays"], 30);
  EXPECT_TRUE(job["startedAt"].is_string());
  EXPECT_TRUE(job["finishedAt"].is_string());
  EXPECT_TRUE(job["createdAt"].is_string());
}

TEST_F(JobsApiTest, ListsJobsNewestFirstWithFilters) {
  const std::string first = StartMaintenance()["id"];
  const std::string second = StartMaintenance()["id"];
  WaitForJob(*server_, "/api/v1/jobs/" + first);
  WaitForJob(*server_, "/api/v1/jobs/" + second);

  auto all = server_->Admin("GET", "/api/v1/jobs?type=platform.maintenance&limit=1000");
  ASSERT_EQ(all.status, 200) << all.body;
  auto j = all.Json();
  ASSERT_GE(j["total"].get<int>(), 2);
  EXPECT_EQ(j["items"][0]["id"], second);
  EXPECT_EQ(j["items"][1]["id"], first);

  auto succeeded = server_->Admin("GET", "/api/v1/jobs?status=succeeded").Json();
  for (const auto& job : succeeded["items"]) EXPECT_EQ(job["status"], "succeeded");
  EXPECT_EQ(server_->Admin("GET", "/api/v1/jobs?type=no.such.type").Json()["total"], 0);
  auto paged = server_->Admin("GET", "/api/v1/jobs?limit=1&offset=1").Json();
  EXPECT_EQ(paged["items"].size(), 1u);
  EXPECT_EQ(paged["items"][0]["id"], first);
}

TEST_F(JobsApiTest, BadListParametersAre400NamingThem) {
  auto status = server_->Admin("GET", "/api/v1/jobs?status=sleeping");
  EXPECT_EQ(status.status, 400);
  EXPECT_EQ(status.Json()["errors"][0]["field"], "status");
  auto limit = server_->Admin("GET", "/api/v1/jobs?limit=1001");
  EXPECT_EQ(limit.status, 400);
  EXPECT_EQ(limit.Json()["errors"][0]["field"], "limit");
}

TEST_F(JobsApiTest, UnknownJobIs404) {
  auto r = server_->Admin("GET", "/api/v1/jobs/no-such-job");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.Header("content-type"), "application/problem+json");
  EXPECT_EQ(server_->Admin("POST", "/api/v1/jobs/no-such-job/cancel").status, 404);
}

TEST_F(JobsApiTest, CancellingAFinishedJobIs409) {
  const std::string id = StartMaintenance()["id"];
  WaitForJob(*server_, "/api/v1/jobs/" + id);
  auto r = server_->Admin("POST", "/api/v1/jobs/" + id + "/cancel");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.Header("content-type"), "application/problem+json");
  EXPECT_EQ(server_->Admin("GET", "/api/v1/jobs/" + id).Json()["status"], "succeeded");
}

TEST_F(JobsApiTest, RoutesNeedJobsPermissions) {
  auto anonymous = server_->Client()->Send("GET", "/api/v1/jobs");
  EXPECT_EQ(anonymous.status, 401);
  security::CreateRole(*server_, "JobWatcher", Json::array({"jobs:read"}));
  security::CreateUser(*server_, "watcher", "Passw0rd-1", {"JobWatcher"});
  const std::string token = server_->Login("watcher", "Passw0rd-1");
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(server_->As(token, "GET", "/api/v1/jobs").status, 200);
  EXPECT_EQ(server_->As(token, "POST", "/api/v1/jobs/maintenance").status, 403);
  EXPECT_EQ(server_->As(token, "POST", "/api/v1/jobs/x/cancel").status, 403);
}

TEST_F(JobsApiTest, PermissionsAreDeclaredWithLocalizedNames) {
  auto r = server_->Admin("GET", "/api/v1/security/permissions?limit=1000", "",
                          {{"Accept-Language", "de-DE"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const Json list = r.Json();
  Json by_name;
  for (const auto& p : list["items"]) by_name[p["name"].get<std::string>()] = p;
  for (const char* name :
       {"jobs:read", "jobs:manage", "settings:read", "settings:update", "changes:read"}) {
    EXPECT_TRUE(by_name.contains(name)) << name;
  }
  EXPECT_NE(by_name["jobs:read"].dump().find("Hintergrundaufträge"), std::string::npos)
      << by_name["jobs:read"].dump();
}

TEST_F(JobsApiTest, MetricsCountJobsByStatus) {
  const std::string id = StartMaintenance()["id"];
  WaitForJob(*server_, "/api/v1/jobs/" + id);
  bool seen = false;
  std::string text;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!seen && std::chrono::steady_clock::now() < deadline) {
    text = server_->Client()->Send("GET", "/metrics").body;
    const std::string prefix = "emporion_jobs{status=\"succeeded\"} ";
    const auto at = text.find(prefix);
    seen = at != std::string::npos && text.compare(at + prefix.size(), 2, "0\n") != 0;
    if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(seen) << text;
  EXPECT_NE(text.find("emporion_jobs{status=\"running\"}"), std::string::npos);
}

TEST(JobsRestartApiTest, AJobLeftRunningIsFailedAtTheNextStart) {
  TestServer server;
  const std::string id = server.Admin("POST", "/api/v1/jobs/maintenance").Json()["id"];
  WaitForJob(server, "/api/v1/jobs/" + id);
  ASSERT_EQ(server.Stop(), 0);
  {
    // What a crash leaves: the job still marked running.
    const std::string url = server.db_url().empty()
                                ? "sqlite://" + server.data_dir() + "/data/emporion.db"
                                : server.db_url();
    auto db = db::Open(url);
    ASSERT_TRUE(db.ok()) << db.error().detail();
    auto tx = (*db)->Begin(db::TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    auto changed = (*tx)->Exec(
        "UPDATE jobs SET status = 'running', finished_at = NULL WHERE id = ?", {db::Param(id)});
    ASSERT_TRUE(changed.ok() && *changed == 1);
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  server.Restart();
  auto job = server.Admin("GET", "/api/v1/jobs/" + id).Json();
  EXPECT_EQ(job["status"], "failed") << job.dump();
  ASSERT_FALSE(job["errors"].empty());
  EXPECT_EQ(job["errors"].back()["message"], "interrupted by a server restart");
  EXPECT_TRUE(job["finishedAt"].is_string());
}

}  // namespace
}  // namespace emporion::test
