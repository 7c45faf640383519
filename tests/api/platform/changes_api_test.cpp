// The change history against the real binary: entries of real changes, newest first, with
// their fields; filters; paging; bad parameters named in a 400; the changes:read permission.
#include <gtest/gtest.h>

#include <string>

#include "api/security/security_api_util.hpp"
#include "support/test_server.hpp"

namespace emporion::test {
namespace {

using Json = nlohmann::json;

constexpr const char* kRetention = "/api/v1/settings/platform.jobs.retentionDays";

class ChangesApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    // Three changes to look at: set, set again, reset.
    EXPECT_EQ(server_->Admin("PUT", kRetention, R"({"value": 60})").status, 200);
    EXPECT_EQ(
        server_->Admin("PUT", kRetention, R"({"value": 61})", {{"X-Request-Id", "req-61"}}).status,
        200);
    EXPECT_EQ(server_->Admin("DELETE", kRetention).status, 204);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static Json Query(const std::string& query) {
    auto r = server_->Admin("GET", "/api/v1/changes?" + query);
    EXPECT_EQ(r.status, 200) << query << " -> " << r.body;
    return r.Json();
  }

  static TestServer* server_;
};
TestServer* ChangesApiTest::server_ = nullptr;

TEST_F(ChangesApiTest, ListsChangesNewestFirstWithAllFields) {
  auto j = Query("entityType=platform.setting&entityId=platform.jobs.retentionDays");
  ASSERT_EQ(j["total"], 3) << j.dump();
  auto items = j["items"];
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0]["operation"], "reset");
  EXPECT_EQ(items[1]["operation"], "updated");
  EXPECT_EQ(items[2]["operation"], "updated");
  const auto& e = items[1];
  EXPECT_TRUE(e["id"].is_string());
  EXPECT_GT(std::stoll(items[0]["id"].get<std::string>()),
            std::stoll(items[1]["id"].get<std::string>()));
  EXPECT_EQ(e["entityType"], "platform.setting");
  EXPECT_EQ(e["entityId"], "platform.jobs.retentionDays");
  EXPECT_EQ(e["actor"], "admin");
  EXPECT_EQ(e["requestId"], "req-61");
  EXPECT_TRUE(e["at"].is_string());
  EXPECT_EQ(e["detail"]["changes"][0]["to"], 61);
}

TEST_F(ChangesApiTest, FiltersByOperationActorAndSince) {
  EXPECT_EQ(Query("entityId=platform.jobs.retentionDays&operation=reset")["total"], 1);
  EXPECT_EQ(Query("entityId=platform.jobs.retentionDays&actor=admin")["total"], 3);
  EXPECT_EQ(Query("entityId=platform.jobs.retentionDays&actor=nobody")["total"], 0);
  EXPECT_EQ(Query("entityId=platform.jobs.retentionDays&since=2000-01-01T00:00:00Z")["total"], 3);
  EXPECT_EQ(Query("entityId=platform.jobs.retentionDays&since=2999-01-01T00:00:00Z")["total"], 0);
}

TEST_F(ChangesApiTest, PagesWithLimitAndOffset) {
  auto page = Query("entityId=platform.jobs.retentionDays&limit=1&offset=1");
  EXPECT_EQ(page["total"], 3);
  ASSERT_EQ(page["items"].size(), 1u);
  EXPECT_EQ(page["items"][0]["detail"]["changes"][0]["to"], 61);
}

TEST_F(ChangesApiTest, BadParametersAre400NamingThem) {
  struct Case {
    const char* query;
    const char* field;
  };
  const Case cases[] = {{"since=yesterday", "since"},
                        {"since=2026-13-40T00:00:00Z", "since"},
                        {"limit=5000", "limit"},
                        {"offset=-1", "offset"}};
  for (const auto& c : cases) {
    auto r = server_->Admin("GET", std::string("/api/v1/changes?") + c.query);
    EXPECT_EQ(r.status, 400) << c.query;
    EXPECT_EQ(r.Json()["errors"][0]["field"], c.field) << c.query << " -> " << r.body;
  }
}

TEST_F(ChangesApiTest, NeedsTheChangesReadPermission) {
  EXPECT_EQ(server_->Client()->Send("GET", "/api/v1/changes").status, 401);
  security::CreateRole(*server_, "NoHistory", Json::array({"settings:read"}));
  security::CreateUser(*server_, "no-history", "Passw0rd-1", {"NoHistory"});
  const std::string token = server_->Login("no-history", "Passw0rd-1");
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(server_->As(token, "GET", "/api/v1/changes").status, 403);
}

}  // namespace
}  // namespace emporion::test
