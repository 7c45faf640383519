// /api/v1/security/users: the contract's resource conventions (201 + Location, ETag/If-Match,
// PUT and merge-patch PATCH, DELETE 204, lists) and the user rules (409 naming duplicate keys,
// 422 for passwords, e-mails and roles, self and last-administrator protection).
#include <gtest/gtest.h>

#include "api/security/security_api_util.hpp"
#include "support/test_server.hpp"

namespace emporion::test::security {
namespace {

const std::vector<std::pair<std::string, std::string>> kMergePatch = {
    {"Content-Type", "application/merge-patch+json"}};

class UsersApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static TestServer* server_;
};
TestServer* UsersApiTest::server_ = nullptr;

TEST_F(UsersApiTest, CreateReturns201WithLocationETagAndNoPassword) {
  // memberId must name an existing member (the members module checks it).
  ASSERT_EQ(server_->Admin("POST", "/api/v1/contacts", R"({"id": "contact-1", "fullName": "Jane Doe"})")
                .status,
            201);
  auto r = server_->Admin("POST", "/api/v1/security/users",
                          R"({"userName": "Jane.Doe", "email": "jane@example.com",
                              "password": "Passw0rd-1", "userType": "Manager",
                              "storeIds": ["s1"], "memberId": "contact-1"})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto j = r.Json();
  const std::string id = j["id"];
  EXPECT_EQ(r.Header("location"), "/api/v1/security/users/" + id);
  EXPECT_EQ(r.Header("etag"), "\"1\"");
  EXPECT_EQ(j["userName"], "Jane.Doe");
  EXPECT_EQ(j["email"], "jane@example.com");
  EXPECT_EQ(j["userType"], "Manager");
  EXPECT_EQ(j["memberId"], "contact-1");
  EXPECT_EQ(j["storeIds"], Json::array({"s1"}));
  EXPECT_EQ(j["roles"], Json::array());
  EXPECT_EQ(j["isLockedOut"], false);
  EXPECT_EQ(j["isAdministrator"], false);
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["createdBy"], "admin");
  EXPECT_TRUE(j["createdAt"].is_string());
  EXPECT_TRUE(j["modifiedAt"].is_string());
  EXPECT_FALSE(j.contains("password"));
  EXPECT_FALSE(j.contains("passwordHash"));
  EXPECT_EQ(r.body.find("Passw0rd-1"), std::string::npos);

  auto got = server_->Admin("GET", "/api/v1/security/users/" + id);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.Header("etag"), "\"1\"");
  EXPECT_EQ(got.Json()["userName"], "Jane.Doe");
  // Sign-in is case-insensitive on the user name.
  EXPECT_FALSE(server_->Login("jane.doe", "Passw0rd-1").empty());
}

TEST_F(UsersApiTest, ClientMaySupplyTheId) {
  auto r = server_->Admin("POST", "/api/v1/security/users",
                          R"({"id": "user-42", "userName": "fortytwo"})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["id"], "user-42");
  EXPECT_EQ(r.Json()["hasPassword"], false);
  auto again = server_->Admin("POST", "/api/v1/security/users",
                              R"({"id": "user-42", "userName": "fortythree"})");
  EXPECT_EQ(again.status, 409);
}

TEST_F(UsersApiTest, DuplicateUserNameOrEmailIs409NamingTheField) {
  CreateUser(*server_, "dup-user", "Passw0rd-1", {}, {{"email", "dup@example.com"}});
  auto name = server_->Admin("POST", "/api/v1/security/users", R"({"userName": "DUP-user"})");
  EXPECT_EQ(name.status, 409);
  EXPECT_EQ(name.Header("content-type"), "application/problem+json");
  EXPECT_EQ(name.Json()["errors"][0]["field"], "userName");
  auto email = server_->Admin("POST", "/api/v1/security/users",
                              R"({"userName": "other", "email": "Dup@Example.com"})");
  EXPECT_EQ(email.status, 409);
  EXPECT_EQ(email.Json()["errors"][0]["field"], "email");
}

TEST_F(UsersApiTest, InvalidValuesAre422NamingTheField) {
  struct Case {
    std::string body;
    std::string field;
  };
  const Case cases[] = {
      {R"({"userName": "p1", "password": "short1"})", "password"},
      {R"({"userName": "p2", "password": "lettersonly"})", "password"},
      {R"({"userName": "p3", "password": "1234567890"})", "password"},
      {R"({"userName": "p4", "email": "not-an-email"})", "email"},
      {R"({"userName": "has space"})", "userName"},
      {R"({"userName": "p5", "userType": "Boss"})", "userType"},
      {R"({"userName": "p6", "roles": ["NoSuchRole"]})", "roles[0]"},
  };
  for (const auto& c : cases) {
    auto r = server_->Admin("POST", "/api/v1/security/users", c.body);
    EXPECT_EQ(r.status, 422) << c.body << " -> " << r.body;
    EXPECT_EQ(r.Json()["errors"][0]["field"], c.field) << r.body;
  }
  auto missing = server_->Admin("POST", "/api/v1/security/users", R"({"email": "a@b.example"})");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.Json()["errors"][0]["field"], "userName");
  auto wrong_type = server_->Admin("POST", "/api/v1/security/users", R"({"userName": 5})");
  EXPECT_EQ(wrong_type.status, 400);
  auto not_json = server_->Admin("POST", "/api/v1/security/users", "{");
  EXPECT_EQ(not_json.status, 400);
}

TEST_F(UsersApiTest, PatchMergesAndBumpsVersionAndIfMatchGuards) {
  auto user = CreateUser(*server_, "patchy", "Passw0rd-1", {}, {{"storeIds", {"s1"}}});
  const std::string path = "/api/v1/security/users/" + user["id"].get<std::string>();
  auto patched =
      server_->Admin("PATCH", path, R"({"email": "patchy@example.com"})",
                     {{"Content-Type", "application/merge-patch+json"}, {"If-Match", "\"1\""}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.Header("etag"), "\"2\"");
  EXPECT_EQ(patched.Json()["email"], "patchy@example.com");
  EXPECT_EQ(patched.Json()["storeIds"], Json::array({"s1"})) << "untouched fields stay";
  EXPECT_EQ(patched.Json()["version"], 2);

  auto stale =
      server_->Admin("PATCH", path, R"({"email": null})",
                     {{"Content-Type", "application/merge-patch+json"}, {"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(server_->Admin("GET", path).Json()["email"], "patchy@example.com")
      << "a 412 changes nothing";

  auto removed = server_->Admin("PATCH", path, R"({"email": null})", kMergePatch);
  ASSERT_EQ(removed.status, 200);
  EXPECT_TRUE(removed.Json()["email"].is_null());

  auto wrong_type =
      server_->Admin("PATCH", path, R"({"email": "x"})", {{"Content-Type", "text/plain"}});
  EXPECT_EQ(wrong_type.status, 415);
}

TEST_F(UsersApiTest, PutReplacesTheWritableFields) {
  auto user = CreateUser(*server_, "putty", "Passw0rd-1", {},
                         {{"storeIds", {"s1"}}, {"email", "putty@example.com"}});
  const std::string path = "/api/v1/security/users/" + user["id"].get<std::string>();
  auto r = server_->Admin("PUT", path, R"({"userName": "putty2", "userType": "Manager"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.Json();
  EXPECT_EQ(j["userName"], "putty2");
  EXPECT_EQ(j["userType"], "Manager");
  EXPECT_TRUE(j["email"].is_null());
  EXPECT_EQ(j["storeIds"], Json::array());
  EXPECT_EQ(j["version"], 2);
  // The password survives a PUT without one.
  EXPECT_FALSE(server_->Login("putty2", "Passw0rd-1").empty());
  auto other_id = server_->Admin("PUT", path, R"({"id": "different", "userName": "putty2"})");
  EXPECT_EQ(other_id.status, 400);
  auto stale = server_->Admin("PUT", path, R"({"userName": "putty3"})", {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 412);
}

TEST_F(UsersApiTest, SetPasswordRouteChecksThePolicyAndEndsRefreshTokens) {
  auto user = CreateUser(*server_, "pw-user", "Passw0rd-1");
  const std::string path = "/api/v1/security/users/" + user["id"].get<std::string>() + "/password";
  auto refresh = PasswordGrant(*server_, "pw-user", "Passw0rd-1").Json()["refresh_token"];
  auto weak = server_->Admin("POST", path, R"({"password": "weak"})");
  EXPECT_EQ(weak.status, 422);
  EXPECT_EQ(weak.Json()["errors"][0]["field"], "password");
  auto ok = server_->Admin("POST", path, R"({"password": "N3w-Passw0rd"})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_TRUE(ok.Json()["passwordChangedAt"].is_string());
  EXPECT_TRUE(server_->Login("pw-user", "Passw0rd-1").empty());
  EXPECT_FALSE(server_->Login("pw-user", "N3w-Passw0rd").empty());
  auto old_refresh =
      TokenRequest(*server_, {{"grant_type", "refresh_token"}, {"refresh_token", refresh}});
  EXPECT_EQ(old_refresh.status, 400);
}

TEST_F(UsersApiTest, UsersChangeTheirOwnPasswordWithTheCurrentOne) {
  CreateUser(*server_, "self-service", "Passw0rd-1");
  const std::string token = server_->Login("self-service", "Passw0rd-1");
  auto wrong = server_->As(token, "POST", "/api/v1/me/password",
                           R"({"currentPassword": "nope-1234", "newPassword": "N3w-Passw0rd"})");
  EXPECT_EQ(wrong.status, 422);
  EXPECT_EQ(wrong.Json()["errors"][0]["field"], "currentPassword");
  auto weak = server_->As(token, "POST", "/api/v1/me/password",
                          R"({"currentPassword": "Passw0rd-1", "newPassword": "weak"})");
  EXPECT_EQ(weak.status, 422);
  EXPECT_EQ(weak.Json()["errors"][0]["field"], "newPassword");
  auto ok = server_->As(token, "POST", "/api/v1/me/password",
                        R"({"currentPassword": "Passw0rd-1", "newPassword": "N3w-Passw0rd"})");
  EXPECT_EQ(ok.status, 204) << ok.body;
  EXPECT_FALSE(server_->Login("self-service", "N3w-Passw0rd").empty());
}

TEST_F(UsersApiTest, DeleteReturns204ThenTheUserIsGone) {
  auto user = CreateUser(*server_, "short-lived", "Passw0rd-1");
  const std::string path = "/api/v1/security/users/" + user["id"].get<std::string>();
  EXPECT_EQ(server_->Admin("DELETE", path, "", {{"If-Match", "\"7\""}}).status, 412);
  EXPECT_EQ(server_->Admin("DELETE", path).status, 204);
  EXPECT_EQ(server_->Admin("GET", path).status, 404);
  EXPECT_EQ(server_->Admin("DELETE", path).status, 404);
}

TEST_F(UsersApiTest, NobodyDeletesThemselfOrTheLastAdministrator) {
  const std::string admin_id = server_->Admin("GET", "/api/v1/me").Json()["id"];
  auto self = server_->Admin("DELETE", "/api/v1/security/users/" + admin_id);
  EXPECT_EQ(self.status, 409);
  auto demote = server_->Admin("PATCH", "/api/v1/security/users/" + admin_id, R"({"roles": []})",
                               kMergePatch);
  EXPECT_EQ(demote.status, 409) << demote.body;
  auto disable = server_->Admin("PATCH", "/api/v1/security/users/" + admin_id,
                                R"({"isActive": false})", kMergePatch);
  EXPECT_EQ(disable.status, 409);

  // A second administrator cannot remove the first while it is the last other one either way:
  // with two, one may go.
  CreateUser(*server_, "admin2", "Passw0rd-1", {"Administrator"});
  const std::string token2 = server_->Login("admin2", "Passw0rd-1");
  auto admin2 = server_->As(token2, "GET", "/api/v1/me").Json();
  EXPECT_EQ(admin2["isAdministrator"], true);
  auto delete_other =
      server_->As(token2, "DELETE", "/api/v1/security/users/" + admin2["id"].get<std::string>());
  EXPECT_EQ(delete_other.status, 409) << "yourself";
  EXPECT_EQ(
      server_->Admin("DELETE", "/api/v1/security/users/" + admin2["id"].get<std::string>()).status,
      204);
}

TEST_F(UsersApiTest, OnlyAdministratorsHandOutTheAdministratorRole) {
  CreateRole(*server_, "UserManager", Json::array({"security:read", "security:manage"}));
  CreateUser(*server_, "usermanager", "Passw0rd-1", {"UserManager"});
  const std::string token = server_->Login("usermanager", "Passw0rd-1");
  auto grant = server_->As(token, "POST", "/api/v1/security/users",
                           R"({"userName": "escalate", "roles": ["Administrator"]})");
  EXPECT_EQ(grant.status, 403);
  auto plain = server_->As(token, "POST", "/api/v1/security/users", R"({"userName": "fine"})");
  EXPECT_EQ(plain.status, 201);
  const std::string admin_id = server_->Admin("GET", "/api/v1/me").Json()["id"];
  auto touch_admin = server_->As(token, "POST", "/api/v1/security/users/" + admin_id + "/password",
                                 R"({"password": "Hijack3d-pw"})");
  EXPECT_EQ(touch_admin.status, 403);
}

TEST_F(UsersApiTest, ListFiltersSortsAndPages) {
  CreateRole(*server_, "Listers", Json::array({"security:read"}));
  CreateUser(*server_, "list-b", "Passw0rd-1", {"Listers"},
             {{"email", "b@list.example"}, {"userType", "Customer"}});
  CreateUser(*server_, "list-a", "Passw0rd-1", {},
             {{"email", "a@list.example"}, {"userType", "Manager"}});
  CreateUser(*server_, "list-c", "Passw0rd-1", {"Listers"}, {{"userType", "Manager"}});

  auto by_q = server_->Admin("GET", "/api/v1/security/users?q=LIST.example&sort=email:desc");
  ASSERT_EQ(by_q.status, 200) << by_q.body;
  auto j = by_q.Json();
  EXPECT_EQ(j["total"], 2);
  ASSERT_EQ(j["items"].size(), 2u);
  EXPECT_EQ(j["items"][0]["userName"], "list-b");

  auto by_type =
      server_->Admin("GET", "/api/v1/security/users?q=list-&userType=Manager&sort=userName");
  EXPECT_EQ(by_type.Json()["total"], 2);
  EXPECT_EQ(by_type.Json()["items"][0]["userName"], "list-a");

  auto by_role = server_->Admin("GET", "/api/v1/security/users?role=Listers&sort=userName:desc");
  ASSERT_EQ(by_role.Json()["total"], 2);
  EXPECT_EQ(by_role.Json()["items"][0]["userName"], "list-c");
  EXPECT_EQ(by_role.Json()["items"][0]["roles"], Json::array({"Listers"}));

  auto paged =
      server_->Admin("GET", "/api/v1/security/users?q=list-&sort=userName&limit=1&offset=1");
  EXPECT_EQ(paged.Json()["total"], 3);
  ASSERT_EQ(paged.Json()["items"].size(), 1u);
  EXPECT_EQ(paged.Json()["items"][0]["userName"], "list-b");

  EXPECT_EQ(server_->Admin("GET", "/api/v1/security/users?limit=1001").status, 400);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/security/users?sort=password").status, 400);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/security/users?userType=Boss").status, 400);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/security/users/no-such-user").status, 404);
}

TEST_F(UsersApiTest, ChangesEmitEventsWithoutSecrets) {
  auto user = CreateUser(*server_, "evented", "Passw0rd-1");
  const std::string id = user["id"];
  ASSERT_EQ(server_
                ->Admin("POST", "/api/v1/security/users/" + id + "/password",
                        R"({"password": "An0ther-pass"})")
                .status,
            200);
  auto history = server_->Admin(
      "GET", "/api/v1/changes?entityType=security.user&entityId=" + id + "&operation=updated");
  ASSERT_EQ(history.status, 200) << history.body;
  ASSERT_GE(history.Json()["total"], 1);
  const std::string detail = history.Json()["items"][0]["detail"].dump();
  EXPECT_NE(detail.find("\"password\""), std::string::npos);
  EXPECT_NE(detail.find("***"), std::string::npos);
  EXPECT_EQ(detail.find("An0ther-pass"), std::string::npos);
  EXPECT_EQ(detail.find("argon2"), std::string::npos);
}

}  // namespace
}  // namespace emporion::test::security
