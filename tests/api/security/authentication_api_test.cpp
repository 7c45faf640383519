// Authentication and authorization on every route: 401 without or with bad credentials, 403
// without the permission, API keys, store-scoped permissions in /me, tokens of disabled or
// deleted users, signing-key rotation, and the bootstrap administrator.
#include <gtest/gtest.h>

#include "api/security/security_api_util.hpp"
#include "support/test_server.hpp"

namespace emporion::test::security {
namespace {

class AuthenticationApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static TestServer* server_;
};
TestServer* AuthenticationApiTest::server_ = nullptr;

TEST_F(AuthenticationApiTest, NoCredentialsIs401ProblemWithBearerChallenge) {
  for (const char* path : {"/api/v1/me", "/api/v1/security/users", "/api/v1/security/roles",
                           "/api/v1/security/api-keys", "/api/v1/security/permissions"}) {
    auto r = server_->Client()->Send("GET", path);
    EXPECT_EQ(r.status, 401) << path;
    EXPECT_EQ(r.Header("www-authenticate"), "Bearer") << path;
    EXPECT_EQ(r.Header("content-type"), "application/problem+json") << path;
  }
}

TEST_F(AuthenticationApiTest, BadTokensAre401) {
  const std::string admin_id = server_->Admin("GET", "/api/v1/me").Json()["id"];
  const std::string good = server_->AdminToken();
  std::string tampered = good;
  tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'a' ? 'b' : 'a';
  const std::string cases[] = {
      "garbage", tampered, ForgeToken(*server_, admin_id, NowSeconds() - 10),  // expired
      ForgeToken(*server_, "no-such-user", NowSeconds() + 600),                // unknown user
  };
  for (const auto& token : cases) {
    auto r = server_->As(token, "GET", "/api/v1/me");
    EXPECT_EQ(r.status, 401) << token;
  }
  // The forging helper itself is right: a fresh one for the admin works.
  EXPECT_EQ(
      server_->As(ForgeToken(*server_, admin_id, NowSeconds() + 600), "GET", "/api/v1/me").status,
      200);
  auto basic = server_->Client()->Send("GET", "/api/v1/me", "", {{"Authorization", "Basic eDp5"}});
  EXPECT_EQ(basic.status, 401);
}

TEST_F(AuthenticationApiTest, UserWithoutThePermissionGets403) {
  CreateUser(*server_, "plain-user", "Passw0rd-1");
  const std::string token = server_->Login("plain-user", "Passw0rd-1");
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(server_->As(token, "GET", "/api/v1/me").status, 200);
  EXPECT_EQ(server_->As(token, "GET", "/api/v1/security/permissions").status, 200);
  auto r = server_->As(token, "GET", "/api/v1/security/users");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.Header("content-type"), "application/problem+json");
  EXPECT_EQ(server_->As(token, "POST", "/api/v1/security/roles", R"({"name": "X"})").status, 403);
}

TEST_F(AuthenticationApiTest, ReadPermissionAllowsReadingButNotManaging) {
  CreateRole(*server_, "SecurityAuditor", Json::array({"security:read"}));
  CreateUser(*server_, "auditor", "Passw0rd-1", {"SecurityAuditor"});
  const std::string token = server_->Login("auditor", "Passw0rd-1");
  EXPECT_EQ(server_->As(token, "GET", "/api/v1/security/users").status, 200);
  EXPECT_EQ(server_
                ->As(token, "POST", "/api/v1/security/users",
                     R"({"userName": "x", "password": "Passw0rd-1"})")
                .status,
            403);
}

TEST_F(AuthenticationApiTest, StoreScopedPermissionsShowInMe) {
  CreateRole(
      *server_, "StoreOneClerk",
      Json::array({Json{{"name", "security:read"}},
                   Json{{"name", "settings:update"}, {"storeIds", {"store-2", "store-1"}}}}));
  CreateUser(*server_, "clerk-1", "Passw0rd-1", {"StoreOneClerk"},
             {{"storeIds", {"store-1"}}, {"userType", "Manager"}, {"email", "clerk1@example.com"}});
  const std::string token = server_->Login("clerk-1", "Passw0rd-1");
  auto me = server_->As(token, "GET", "/api/v1/me");
  ASSERT_EQ(me.status, 200) << me.body;
  auto j = me.Json();
  EXPECT_EQ(j["userName"], "clerk-1");
  EXPECT_EQ(j["email"], "clerk1@example.com");
  EXPECT_EQ(j["userType"], "Manager");
  EXPECT_EQ(j["isAdministrator"], false);
  EXPECT_EQ(j["roles"], Json::array({"StoreOneClerk"}));
  EXPECT_EQ(j["storeIds"], Json::array({"store-1"}));
  EXPECT_TRUE(j.contains("memberId"));
  Json by_name;
  for (const auto& p : j["permissions"]) by_name[p["name"].get<std::string>()] = p;
  ASSERT_TRUE(by_name.contains("settings:update")) << j.dump();
  EXPECT_EQ(by_name["settings:update"]["storeIds"], Json::array({"store-1", "store-2"}));
  EXPECT_EQ(by_name["security:read"]["storeIds"], Json::array());
  EXPECT_FALSE(by_name.contains("security:manage"));
}

TEST_F(AuthenticationApiTest, AdministratorHoldsEveryDeclaredPermission) {
  auto me = server_->Admin("GET", "/api/v1/me").Json();
  EXPECT_EQ(me["isAdministrator"], true);
  EXPECT_EQ(me["userType"], "Administrator");
  EXPECT_EQ(me["roles"], Json::array({"Administrator"}));
  auto all = server_->Admin("GET", "/api/v1/security/permissions").Json();
  EXPECT_EQ(me["permissions"].size(), all["items"].size());
}

TEST_F(AuthenticationApiTest, ApiKeyHeaderAuthenticatesUntilRevokedOrExpired) {
  auto user = CreateUser(*server_, "key-user", "Passw0rd-1");
  auto created = server_->Admin("POST", "/api/v1/security/api-keys",
                                Json{{"name", "shop sync"}, {"userId", user["id"]}}.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.Json()["id"];
  const std::string key = created.Json()["key"];
  auto me = server_->Client()->Send("GET", "/api/v1/me", "", {{"X-API-Key", key}});
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.Json()["userName"], "key-user");
  EXPECT_EQ(me.Json()["authenticatedBy"], "api-key");

  std::string wrong = key;
  wrong.back() = wrong.back() == '0' ? '1' : '0';
  EXPECT_EQ(server_->Client()->Send("GET", "/api/v1/me", "", {{"X-API-Key", wrong}}).status, 401);
  EXPECT_EQ(server_->Client()->Send("GET", "/api/v1/me", "", {{"X-API-Key", "nonsense"}}).status,
            401);

  auto expired = server_->Admin("PATCH", "/api/v1/security/api-keys/" + id,
                                R"({"expiresAt": "2020-01-01T00:00:00Z"})",
                                {{"Content-Type", "application/merge-patch+json"}});
  ASSERT_EQ(expired.status, 200) << expired.body;
  EXPECT_EQ(expired.Json()["isExpired"], true);
  EXPECT_EQ(server_->Client()->Send("GET", "/api/v1/me", "", {{"X-API-Key", key}}).status, 401);

  ASSERT_EQ(server_
                ->Admin("PATCH", "/api/v1/security/api-keys/" + id, R"({"expiresAt": null})",
                        {{"Content-Type", "application/merge-patch+json"}})
                .status,
            200);
  EXPECT_EQ(server_->Client()->Send("GET", "/api/v1/me", "", {{"X-API-Key", key}}).status, 200);
  ASSERT_EQ(server_->Admin("DELETE", "/api/v1/security/api-keys/" + id).status, 204);
  EXPECT_EQ(server_->Client()->Send("GET", "/api/v1/me", "", {{"X-API-Key", key}}).status, 401);
}

TEST_F(AuthenticationApiTest, DisabledAndDeletedUsersLoseTheirTokens) {
  auto user = CreateUser(*server_, "leaver", "Passw0rd-1");
  const std::string id = user["id"];
  const std::string token = server_->Login("leaver", "Passw0rd-1");
  ASSERT_EQ(server_->As(token, "GET", "/api/v1/me").status, 200);
  ASSERT_EQ(server_
                ->Admin("PATCH", "/api/v1/security/users/" + id, R"({"isActive": false})",
                        {{"Content-Type", "application/merge-patch+json"}})
                .status,
            200);
  EXPECT_EQ(server_->As(token, "GET", "/api/v1/me").status, 401);
  auto disabled_login = PasswordGrant(*server_, "leaver", "Passw0rd-1");
  EXPECT_EQ(disabled_login.status, 400);
  EXPECT_EQ(disabled_login.Json()["error"], "invalid_grant");

  ASSERT_EQ(server_
                ->Admin("PATCH", "/api/v1/security/users/" + id, R"({"isActive": true})",
                        {{"Content-Type", "application/merge-patch+json"}})
                .status,
            200);
  EXPECT_EQ(server_->As(token, "GET", "/api/v1/me").status, 200);
  ASSERT_EQ(server_->Admin("DELETE", "/api/v1/security/users/" + id).status, 204);
  EXPECT_EQ(server_->As(token, "GET", "/api/v1/me").status, 401);
}

TEST_F(AuthenticationApiTest, RoleChangesApplyToExistingTokensAtOnce) {
  auto role = CreateRole(*server_, "Temp", Json::array());
  CreateUser(*server_, "temp-user", "Passw0rd-1", {"Temp"});
  const std::string token = server_->Login("temp-user", "Passw0rd-1");
  EXPECT_EQ(server_->As(token, "GET", "/api/v1/security/roles").status, 403);
  ASSERT_EQ(server_
                ->Admin("PATCH", "/api/v1/security/roles/" + role["id"].get<std::string>(),
                        R"({"permissions": ["security:read"]})",
                        {{"Content-Type", "application/merge-patch+json"}})
                .status,
            200);
  EXPECT_EQ(server_->As(token, "GET", "/api/v1/security/roles").status, 200);
}

TEST_F(AuthenticationApiTest, PermissionsListIsLocalizedByAcceptLanguage) {
  auto en = server_->Admin("GET", "/api/v1/security/permissions");
  ASSERT_EQ(en.status, 200);
  auto de = server_->Admin("GET", "/api/v1/security/permissions", "",
                           {{"Accept-Language", "de-DE,de;q=0.9,en;q=0.5"}});
  ASSERT_EQ(de.status, 200);
  auto find = [](const Json& list, const std::string& name) {
    for (const auto& item : list["items"]) {
      if (item["name"] == name) return item;
    }
    return Json();
  };
  const Json en_manage = find(en.Json(), "security:manage");
  const Json de_manage = find(de.Json(), "security:manage");
  ASSERT_FALSE(en_manage.is_null());
  EXPECT_EQ(en_manage["module"], "security");
  EXPECT_EQ(en_manage["storeScopable"], false);
  EXPECT_NE(en_manage["displayName"], de_manage["displayName"]);
  EXPECT_NE(de_manage["displayName"].get<std::string>().find("verwalten"), std::string::npos);
  EXPECT_EQ(en.Json()["total"], en.Json()["items"].size());
}

TEST(SigningKeyRotationApiTest, OldTokensVerifyUntilTheirKeyLeavesTheRing) {
  TestServer server;
  const std::string before = server.AdminToken();
  auto keys = server.Admin("GET", "/api/v1/security/signing-keys");
  ASSERT_EQ(keys.status, 200);
  EXPECT_EQ(keys.Json()["total"], 1);
  auto rotated = server.Admin("POST", "/api/v1/security/signing-keys/rotate");
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  EXPECT_EQ(rotated.Json()["isCurrent"], true);
  EXPECT_EQ(server.As(before, "GET", "/api/v1/me").status, 200);
  const std::string after = server.Login("admin", TestServer::kAdminPassword);
  EXPECT_EQ(server.As(after, "GET", "/api/v1/me").status, 200);
  // Two more rotations push the first key out of the three that are kept.
  ASSERT_EQ(server.As(after, "POST", "/api/v1/security/signing-keys/rotate").status, 200);
  ASSERT_EQ(server.As(after, "POST", "/api/v1/security/signing-keys/rotate").status, 200);
  EXPECT_EQ(server.As(before, "GET", "/api/v1/me").status, 401);
  EXPECT_EQ(server.As(after, "GET", "/api/v1/me").status, 200);
  EXPECT_EQ(server.As(after, "GET", "/api/v1/security/signing-keys").Json()["total"], 3);
}

TEST(BootstrapApiTest, WithoutAdminPasswordARandomOneIsPrintedOnce) {
  TestServer server({}, {{"EMPORION_ADMIN_PASSWORD", ""}});
  const std::string log = server.Stderr();
  const std::string marker = "with the password: ";
  const auto at = log.find(marker);
  ASSERT_NE(at, std::string::npos) << log;
  const std::string password = log.substr(at + marker.size(), 20);
  EXPECT_FALSE(server.Login("admin", password).empty());
  EXPECT_TRUE(server.Login("admin", TestServer::kAdminPassword).empty());
  server.Restart();
  EXPECT_EQ(server.Stderr().find(marker, at + 1), std::string::npos) << "printed only once";
  EXPECT_FALSE(server.Login("admin", password).empty());
}

}  // namespace
}  // namespace emporion::test::security
