// Idempotency-Key against the real binary (contract section 2): a repeat with the same key and
// body returns the first response and does nothing again; the same key with another body is
// 422; keys are per caller; errors are replayed too; the memory survives a restart.
#include <gtest/gtest.h>

#include <string>

#include "api/security/security_api_util.hpp"
#include "support/test_server.hpp"

namespace emporion::test {
namespace {

using Json = nlohmann::json;

class IdempotencyApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static int MaintenanceJobCount() {
    auto r = server_->Admin("GET", "/api/v1/jobs?type=platform.maintenance&limit=0");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json()["total"].get<int>();
  }

  static HttpResponse StartWithKey(const std::string& key, const std::string& body = "") {
    return server_->Admin("POST", "/api/v1/jobs/maintenance", body, {{"Idempotency-Key", key}});
  }

  static TestServer* server_;
};
TestServer* IdempotencyApiTest::server_ = nullptr;

TEST_F(IdempotencyApiTest, ARepeatReturnsTheFirstResponseAndDoesNothingAgain) {
  const int before = MaintenanceJobCount();
  auto first = StartWithKey("key-repeat");
  ASSERT_EQ(first.status, 202) << first.body;
  EXPECT_EQ(first.Header("idempotent-replayed"), "");
  auto second = StartWithKey("key-repeat");
  EXPECT_EQ(second.status, 202);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(second.Header("location"), first.Header("location"));
  EXPECT_EQ(second.Header("idempotent-replayed"), "true");
  EXPECT_EQ(MaintenanceJobCount(), before + 1);  // one job, not two
}

TEST_F(IdempotencyApiTest, TheSameKeyWithAnotherBodyIs422) {
  ASSERT_EQ(StartWithKey("key-body", "").status, 202);
  auto other = StartWithKey("key-body", R"({"different": true})");
  EXPECT_EQ(other.status, 422) << other.body;
  EXPECT_EQ(other.Header("content-type"), "application/problem+json");
  EXPECT_EQ(other.Json()["errors"][0]["field"], "Idempotency-Key");
}

TEST_F(IdempotencyApiTest, AnotherKeyDoesTheWorkAgain) {
  const int before = MaintenanceJobCount();
  auto a = StartWithKey("key-a");
  auto b = StartWithKey("key-b");
  ASSERT_EQ(a.status, 202);
  ASSERT_EQ(b.status, 202);
  EXPECT_NE(a.Json()["id"], b.Json()["id"]);
  EXPECT_EQ(MaintenanceJobCount(), before + 2);
}

TEST_F(IdempotencyApiTest, WithoutAKeyEveryPostCounts) {
  const int before = MaintenanceJobCount();
  ASSERT_EQ(server_->Admin("POST", "/api/v1/jobs/maintenance").status, 202);
  ASSERT_EQ(server_->Admin("POST", "/api/v1/jobs/maintenance").status, 202);
  EXPECT_EQ(MaintenanceJobCount(), before + 2);
}

TEST_F(IdempotencyApiTest, ErrorResponsesAreReplayedToo) {
  auto first = server_->Admin("POST", "/api/v1/jobs/no-such-job/cancel", "",
                              {{"Idempotency-Key", "key-404"}});
  EXPECT_EQ(first.status, 404);
  auto second = server_->Admin("POST", "/api/v1/jobs/no-such-job/cancel", "",
                               {{"Idempotency-Key", "key-404"}});
  EXPECT_EQ(second.status, 404);
  EXPECT_EQ(second.Header("idempotent-replayed"), "true");
  EXPECT_EQ(second.Header("content-type"), "application/problem+json");
  EXPECT_EQ(second.body, first.body);
}

TEST_F(IdempotencyApiTest, KeysBelongToOneCaller) {
  security::CreateRole(*server_, "JobStarter", Json::array({"jobs:read", "jobs:manage"}));
  security::CreateUser(*server_, "starter", "Passw0rd-1", {"JobStarter"});
  const std::string token = server_->Login("starter", "Passw0rd-1");
  ASSERT_FALSE(token.empty());
  auto mine = StartWithKey("key-shared");
  auto theirs = server_->As(token, "POST", "/api/v1/jobs/maintenance", "",
                            {{"Idempotency-Key", "key-shared"}});
  ASSERT_EQ(theirs.status, 202) << theirs.body;
  EXPECT_EQ(theirs.Header("idempotent-replayed"), "");
  EXPECT_NE(theirs.Json()["id"], mine.Json()["id"]);
  EXPECT_EQ(theirs.Json()["createdBy"], "starter");
}

TEST(IdempotencyRestartApiTest, KeysSurviveARestart) {
  TestServer server;
  auto first =
      server.Admin("POST", "/api/v1/jobs/maintenance", "", {{"Idempotency-Key", "key-restart"}});
  ASSERT_EQ(first.status, 202) << first.body;
  server.Restart();
  auto again =
      server.Admin("POST", "/api/v1/jobs/maintenance", "", {{"Idempotency-Key", "key-restart"}});
  EXPECT_EQ(again.status, 202);
  EXPECT_EQ(again.Header("idempotent-replayed"), "true");
  EXPECT_EQ(again.body, first.body);
}

}  // namespace
}  // namespace emporion::test
