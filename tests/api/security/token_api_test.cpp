// The OAuth 2.0 token endpoint: the three grants, RFC 6749 errors, refresh-token rotation,
// lockout after failed sign-ins, the sign-in history and rate limiting.
#include <gtest/gtest.h>

#include "api/security/security_api_util.hpp"
#include "support/test_server.hpp"

namespace emporion::test::security {
namespace {

class TokenApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static TestServer* server_;
};
TestServer* TokenApiTest::server_ = nullptr;

TEST_F(TokenApiTest, PasswordGrantWithFormBodyIssuesBearerTokens) {
  auto r = PasswordGrant(*server_, "admin", TestServer::kAdminPassword);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("cache-control"), "no-store");
  auto j = r.Json();
  EXPECT_EQ(j["token_type"], "Bearer");
  EXPECT_EQ(j["expires_in"], 3600);
  EXPECT_FALSE(j["access_token"].get<std::string>().empty());
  EXPECT_FALSE(j["refresh_token"].get<std::string>().empty());
  auto me = server_->As(j["access_token"], "GET", "/api/v1/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.Json()["userName"], "admin");
}

TEST_F(TokenApiTest, PasswordGrantAcceptsJsonBodies) {
  Json body = {
      {"grant_type", "password"}, {"username", "admin"}, {"password", TestServer::kAdminPassword}};
  auto r = server_->Client()->Send("POST", "/api/v1/auth/token", body.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["token_type"], "Bearer");
}

TEST_F(TokenApiTest, WrongCredentialsAreInvalidGrantPerRfc6749) {
  CreateUser(*server_, "wrong-creds", "Passw0rd-1");
  for (const auto& [user, password] : std::vector<std::pair<std::string, std::string>>{
           {"wrong-creds", "not-it-123"}, {"nobody-here", "Passw0rd-1"}}) {
    auto r = PasswordGrant(*server_, user, password);
    EXPECT_EQ(r.status, 400) << user;
    EXPECT_EQ(r.Json()["error"], "invalid_grant");
    EXPECT_TRUE(r.Json().contains("error_description"));
    EXPECT_EQ(r.Header("content-type").find("application/json"), 0u) << "not problem+json";
    EXPECT_EQ(r.Header("cache-control"), "no-store");
  }
}

TEST_F(TokenApiTest, MalformedRequestsGetTheirRfc6749Codes) {
  struct Case {
    std::vector<std::pair<std::string, std::string>> fields;
    std::string error;
  };
  const Case cases[] = {
      {{{"username", "admin"}, {"password", "x"}}, "invalid_request"},
      {{{"grant_type", "password"}, {"username", "admin"}}, "invalid_request"},
      {{{"grant_type", "client_credentials"}, {"client_id", "x"}}, "invalid_request"},
      {{{"grant_type", "refresh_token"}}, "invalid_request"},
      {{{"grant_type", "authorization_code"}, {"code", "x"}}, "unsupported_grant_type"},
      {{{"grant_type", "password"}, {"grant_type", "password"}}, "invalid_request"},
  };
  for (const auto& c : cases) {
    auto r = TokenRequest(*server_, c.fields);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.Json()["error"], c.error) << r.body;
  }
}

TEST_F(TokenApiTest, OtherContentTypesAre415) {
  auto r = server_->Client()->Send("POST", "/api/v1/auth/token", "grant_type=password",
                                   {{"Content-Type", "text/plain"}});
  EXPECT_EQ(r.status, 415);
}

TEST_F(TokenApiTest, RefreshTokensRotateAndReplayRevokesTheSignIn) {
  CreateUser(*server_, "refresher", "Passw0rd-1");
  auto first = PasswordGrant(*server_, "refresher", "Passw0rd-1").Json();
  auto second = TokenRequest(
      *server_, {{"grant_type", "refresh_token"}, {"refresh_token", first["refresh_token"]}});
  ASSERT_EQ(second.status, 200) << second.body;
  const auto rotated = second.Json();
  EXPECT_NE(rotated["refresh_token"], first["refresh_token"]);
  EXPECT_EQ(server_->As(rotated["access_token"], "GET", "/api/v1/me").status, 200);

  auto replay = TokenRequest(
      *server_, {{"grant_type", "refresh_token"}, {"refresh_token", first["refresh_token"]}});
  EXPECT_EQ(replay.status, 400);
  EXPECT_EQ(replay.Json()["error"], "invalid_grant");
  auto after = TokenRequest(
      *server_, {{"grant_type", "refresh_token"}, {"refresh_token", rotated["refresh_token"]}});
  EXPECT_EQ(after.status, 400) << "a replay ends every token of that sign-in";

  auto garbage =
      TokenRequest(*server_, {{"grant_type", "refresh_token"}, {"refresh_token", "nope.nope"}});
  EXPECT_EQ(garbage.Json()["error"], "invalid_grant");
}

TEST_F(TokenApiTest, ClientCredentialsUseAnApiKey) {
  auto user = CreateUser(*server_, "erp-integration", "Passw0rd-1");
  auto created = server_->Admin("POST", "/api/v1/security/api-keys",
                                Json{{"name", "ERP"}, {"userId", user["id"]}}.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.Json()["id"];
  const std::string key = created.Json()["key"];
  const std::string secret = key.substr(key.rfind('_') + 1);

  auto r = TokenRequest(
      *server_,
      {{"grant_type", "client_credentials"}, {"client_id", id}, {"client_secret", secret}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto me = server_->As(r.Json()["access_token"], "GET", "/api/v1/me");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.Json()["userName"], "erp-integration");

  // HTTP Basic client authentication (RFC 6749 section 2.3.1) works too.
  const std::string basic = B64Url(id + ":" + secret);
  std::string standard = basic;
  for (char& c : standard) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  auto with_basic = TokenRequest(*server_, {{"grant_type", "client_credentials"}},
                                 {{"Authorization", "Basic " + standard}});
  EXPECT_EQ(with_basic.status, 200) << with_basic.body;

  auto wrong = TokenRequest(
      *server_,
      {{"grant_type", "client_credentials"}, {"client_id", id}, {"client_secret", "deadbeef"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.Json()["error"], "invalid_client");

  // Revoking the key ends tokens obtained with it.
  const std::string access = r.Json()["access_token"];
  ASSERT_EQ(server_->Admin("DELETE", "/api/v1/security/api-keys/" + id).status, 204);
  EXPECT_EQ(server_->As(access, "GET", "/api/v1/me").status, 401);
}

TEST_F(TokenApiTest, FiveFailedSignInsLockTheAccountUntilUnlocked) {
  auto user = CreateUser(*server_, "locky", "Passw0rd-1");
  const std::string id = user["id"];
  const std::string token = server_->Login("locky", "Passw0rd-1");
  ASSERT_FALSE(token.empty());
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(PasswordGrant(*server_, "locky", "wrong-pass-1").status, 400);
  }
  auto locked = PasswordGrant(*server_, "locky", "Passw0rd-1");
  EXPECT_EQ(locked.status, 400);
  EXPECT_EQ(locked.Json()["error"], "invalid_grant");
  EXPECT_NE(locked.Json()["error_description"].get<std::string>().find("locked"),
            std::string::npos);

  auto shown = server_->Admin("GET", "/api/v1/security/users/" + id).Json();
  EXPECT_EQ(shown["isLockedOut"], true);
  EXPECT_TRUE(shown["lockoutEnd"].is_string());
  EXPECT_EQ(server_->As(token, "GET", "/api/v1/me").status, 401) << "a locked user's token stops";

  auto unlocked =
      server_->Admin("PATCH", "/api/v1/security/users/" + id, R"({"isLockedOut": false})",
                     {{"Content-Type", "application/merge-patch+json"}});
  ASSERT_EQ(unlocked.status, 200) << unlocked.body;
  EXPECT_EQ(unlocked.Json()["isLockedOut"], false);
  EXPECT_EQ(PasswordGrant(*server_, "locky", "Passw0rd-1").status, 200);
  EXPECT_EQ(server_->As(token, "GET", "/api/v1/me").status, 200);
}

TEST_F(TokenApiTest, UnlockRouteEndsALockout) {
  auto user = CreateUser(*server_, "locky2", "Passw0rd-1");
  for (int i = 0; i < 5; ++i) PasswordGrant(*server_, "locky2", "wrong-pass-1");
  EXPECT_EQ(PasswordGrant(*server_, "locky2", "Passw0rd-1").status, 400);
  auto r =
      server_->Admin("POST", "/api/v1/security/users/" + user["id"].get<std::string>() + "/unlock");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(PasswordGrant(*server_, "locky2", "Passw0rd-1").status, 200);
}

TEST_F(TokenApiTest, SignInsAreRecordedInTheChangeHistory) {
  auto user = CreateUser(*server_, "audited", "Passw0rd-1");
  const std::string id = user["id"];
  ASSERT_EQ(PasswordGrant(*server_, "audited", "Passw0rd-1").status, 200);
  ASSERT_EQ(PasswordGrant(*server_, "audited", "bad-pass-1").status, 400);
  auto ok = server_->Admin("GET", "/api/v1/changes?entityType=security.user&entityId=" + id +
                                      "&operation=login-succeeded");
  ASSERT_EQ(ok.status, 200) << ok.body;
  ASSERT_EQ(ok.Json()["total"], 1);
  auto failed = server_->Admin(
      "GET", "/api/v1/changes?entityType=security.user&entityId=" + id + "&operation=login-failed");
  ASSERT_EQ(failed.status, 200);
  ASSERT_EQ(failed.Json()["total"], 1);
  const auto detail = failed.Json()["items"][0]["detail"];
  EXPECT_EQ(detail["reason"], "invalid-password");
  EXPECT_EQ(detail["ip"], "127.0.0.1");
}

TEST(TokenRateLimitApiTest, TooManySignInsForOneUserAre429WithRetryAfter) {
  TestServer server;
  auto set = server.Admin("PUT", "/api/v1/settings/security.rateLimit.signInsPerMinutePerUser",
                          R"({"value": 2})");
  ASSERT_EQ(set.status, 200) << set.body;
  CreateUser(server, "limited", "Passw0rd-1");
  EXPECT_EQ(PasswordGrant(server, "limited", "Passw0rd-1").status, 200);
  EXPECT_EQ(PasswordGrant(server, "limited", "Passw0rd-1").status, 200);
  auto r = PasswordGrant(server, "limited", "Passw0rd-1");
  EXPECT_EQ(r.status, 429);
  EXPECT_FALSE(r.Header("retry-after").empty());
  EXPECT_EQ(r.Header("content-type"), "application/problem+json");
  // Another user is not affected.
  EXPECT_EQ(PasswordGrant(server, "admin", TestServer::kAdminPassword).status, 200);
}

TEST(TokenLockoutSettingsApiTest, LockoutAttemptsFollowTheSetting) {
  TestServer server;
  ASSERT_EQ(server.Admin("PUT", "/api/v1/settings/security.lockout.maxAttempts", R"({"value": 2})")
                .status,
            200);
  CreateUser(server, "strict", "Passw0rd-1");
  PasswordGrant(server, "strict", "wrong-pass-1");
  PasswordGrant(server, "strict", "wrong-pass-1");
  EXPECT_EQ(PasswordGrant(server, "strict", "Passw0rd-1").status, 400);
}

}  // namespace
}  // namespace emporion::test::security
