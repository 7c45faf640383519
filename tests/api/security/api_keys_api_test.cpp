// /api/v1/security/api-keys: the key is shown once, never stored or listed, and revocation.
#include <gtest/gtest.h>

#include "api/security/security_api_util.hpp"
#include "support/test_server.hpp"

namespace emporion::test::security {
namespace {

class ApiKeysApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static TestServer* server_;
};
TestServer* ApiKeysApiTest::server_ = nullptr;

TEST_F(ApiKeysApiTest, TheKeyIsShownOnlyInTheCreateResponse) {
  auto user = CreateUser(*server_, "key-owner", "Passw0rd-1");
  auto created = server_->Admin(
      "POST", "/api/v1/security/api-keys",
      Json{{"name", "Warehouse"}, {"userId", user["id"]}, {"expiresAt", "2099-01-01T00:00:00Z"}}
          .dump());
  ASSERT_EQ(created.status, 201) << created.body;
  auto j = created.Json();
  const std::string id = j["id"];
  const std::string key = j["key"];
  EXPECT_EQ(created.Header("location"), "/api/v1/security/api-keys/" + id);
  EXPECT_EQ(key.rfind("emp_" + id + "_", 0), 0u);
  EXPECT_EQ(j["expiresAt"], "2099-01-01T00:00:00Z");
  EXPECT_EQ(j["userId"], user["id"]);

  auto got = server_->Admin("GET", "/api/v1/security/api-keys/" + id);
  ASSERT_EQ(got.status, 200);
  EXPECT_FALSE(got.Json().contains("key"));
  const std::string secret = key.substr(key.rfind('_') + 1);
  EXPECT_EQ(got.body.find(secret), std::string::npos);
  auto list =
      server_->Admin("GET", "/api/v1/security/api-keys?userId=" + user["id"].get<std::string>());
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.Json()["total"], 1);
  EXPECT_EQ(list.body.find(secret), std::string::npos);
}

TEST_F(ApiKeysApiTest, ValidationNamesTheField) {
  auto unknown = server_->Admin("POST", "/api/v1/security/api-keys",
                                R"({"name": "x", "userId": "no-such-user"})");
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(unknown.Json()["errors"][0]["field"], "userId");
  auto user = CreateUser(*server_, "key-owner-2", "Passw0rd-1");
  auto past = server_->Admin(
      "POST", "/api/v1/security/api-keys",
      Json{{"name", "old"}, {"userId", user["id"]}, {"expiresAt", "2001-01-01T00:00:00Z"}}.dump());
  EXPECT_EQ(past.status, 422);
  EXPECT_EQ(past.Json()["errors"][0]["field"], "expiresAt");
  auto missing = server_->Admin("POST", "/api/v1/security/api-keys", R"({"name": "x"})");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.Json()["errors"][0]["field"], "userId");
}

TEST_F(ApiKeysApiTest, RenameKeepsTheOwnerAndDeleteRevokes) {
  auto user = CreateUser(*server_, "key-owner-3", "Passw0rd-1");
  auto created = server_->Admin("POST", "/api/v1/security/api-keys",
                                Json{{"name", "one"}, {"userId", user["id"]}}.dump());
  const std::string id = created.Json()["id"];
  const std::string key = created.Json()["key"];
  const std::string path = "/api/v1/security/api-keys/" + id;
  auto renamed =
      server_->Admin("PATCH", path, R"({"name": "two"})",
                     {{"Content-Type", "application/merge-patch+json"}, {"If-Match", "\"1\""}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.Json()["name"], "two");
  EXPECT_EQ(renamed.Json()["version"], 2);
  auto reowned = server_->Admin("PATCH", path, R"({"userId": "someone-else"})",
                                {{"Content-Type", "application/merge-patch+json"}});
  EXPECT_EQ(reowned.status, 422);
  EXPECT_EQ(server_->Client()->Send("GET", "/api/v1/me", "", {{"X-API-Key", key}}).status, 200);
  EXPECT_EQ(server_->Admin("DELETE", path, "", {{"If-Match", "\"1\""}}).status, 412);
  EXPECT_EQ(server_->Admin("DELETE", path).status, 204);
  EXPECT_EQ(server_->Admin("GET", path).status, 404);
  EXPECT_EQ(server_->Client()->Send("GET", "/api/v1/me", "", {{"X-API-Key", key}}).status, 401);
}

TEST_F(ApiKeysApiTest, DeletingAUserRevokesItsKeys) {
  auto user = CreateUser(*server_, "key-owner-4", "Passw0rd-1");
  auto created = server_->Admin("POST", "/api/v1/security/api-keys",
                                Json{{"name", "k"}, {"userId", user["id"]}}.dump());
  const std::string key = created.Json()["key"];
  ASSERT_EQ(
      server_->Admin("DELETE", "/api/v1/security/users/" + user["id"].get<std::string>()).status,
      204);
  EXPECT_EQ(server_->Client()->Send("GET", "/api/v1/me", "", {{"X-API-Key", key}}).status, 401);
  EXPECT_EQ(
      server_->Admin("GET", "/api/v1/security/api-keys/" + created.Json()["id"].get<std::string>())
          .status,
      404);
}

}  // namespace
}  // namespace emporion::test::security
