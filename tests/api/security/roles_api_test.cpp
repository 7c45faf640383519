// /api/v1/security/roles: permissions as strings or scoped objects, validation against the
// declared permissions, duplicate names, roles in use, and the built-in Administrator role.
#include <gtest/gtest.h>

#include "api/security/security_api_util.hpp"
#include "support/test_server.hpp"

namespace emporion::test::security {
namespace {

const std::vector<std::pair<std::string, std::string>> kMergePatch = {
    {"Content-Type", "application/merge-patch+json"}};

class RolesApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static TestServer* server_;
};
TestServer* RolesApiTest::server_ = nullptr;

TEST_F(RolesApiTest, CreateAcceptsNamesAndScopedObjects) {
  auto r = server_->Admin("POST", "/api/v1/security/roles", R"({
      "name": "Store manager", "description": "runs a store",
      "permissions": ["security:read",
                      {"name": "settings:update", "storeIds": ["s2", "s1", "s1"]}]})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto j = r.Json();
  EXPECT_EQ(r.Header("location"), "/api/v1/security/roles/" + j["id"].get<std::string>());
  EXPECT_EQ(r.Header("etag"), "\"1\"");
  EXPECT_EQ(j["name"], "Store manager");
  EXPECT_EQ(j["description"], "runs a store");
  EXPECT_EQ(j["isBuiltIn"], false);
  ASSERT_EQ(j["permissions"].size(), 2u);
  EXPECT_EQ(j["permissions"][0]["name"], "security:read");
  EXPECT_EQ(j["permissions"][0]["storeIds"], Json::array());
  EXPECT_EQ(j["permissions"][1]["name"], "settings:update");
  EXPECT_EQ(j["permissions"][1]["storeIds"], Json::array({"s1", "s2"}));
  EXPECT_EQ(server_->Admin("GET", "/api/v1/security/roles/" + j["id"].get<std::string>()).Json(),
            j);
}

TEST_F(RolesApiTest, UnknownPermissionsAndForbiddenScopesAre422ByIndex) {
  auto unknown =
      server_->Admin("POST", "/api/v1/security/roles",
                     R"({"name": "Bad", "permissions": ["security:read", "orders:fly"]})");
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(unknown.Json()["errors"][0]["field"], "permissions[1]");
  auto scoped = server_->Admin("POST", "/api/v1/security/roles", R"({"name": "Bad2",
      "permissions": [{"name": "security:manage", "storeIds": ["s1"]}]})");
  EXPECT_EQ(scoped.status, 422);
  EXPECT_EQ(scoped.Json()["errors"][0]["field"], "permissions[0].storeIds");
  auto malformed =
      server_->Admin("POST", "/api/v1/security/roles", R"({"name": "Bad3", "permissions": [42]})");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(malformed.Json()["errors"][0]["field"], "permissions[0]");
  EXPECT_EQ(server_->Admin("POST", "/api/v1/security/roles", R"({"permissions": []})").status, 400);
}

TEST_F(RolesApiTest, DuplicateNamesAre409) {
  CreateRole(*server_, "Twin", Json::array());
  auto dup = server_->Admin("POST", "/api/v1/security/roles", R"({"name": "TWIN"})");
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.Json()["errors"][0]["field"], "name");
  auto admin = server_->Admin("POST", "/api/v1/security/roles", R"({"name": "administrator"})");
  EXPECT_EQ(admin.status, 409);
}

TEST_F(RolesApiTest, UpdateWithPutAndPatchAndVersions) {
  auto role = CreateRole(*server_, "Editable", Json::array({"security:read"}));
  const std::string path = "/api/v1/security/roles/" + role["id"].get<std::string>();
  auto patched =
      server_->Admin("PATCH", path, R"({"description": "now described"})",
                     {{"Content-Type", "application/merge-patch+json"}, {"If-Match", "\"1\""}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.Json()["version"], 2);
  EXPECT_EQ(patched.Json()["permissions"].size(), 1u);
  auto put = server_->Admin("PUT", path, R"({"name": "Edited", "permissions": []})",
                            {{"If-Match", "\"2\""}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.Json()["name"], "Edited");
  EXPECT_EQ(put.Json()["description"], "");
  EXPECT_EQ(put.Json()["permissions"], Json::array());
  EXPECT_EQ(server_->Admin("PUT", path, R"({"name": "Again"})", {{"If-Match", "\"2\""}}).status,
            412);
}

TEST_F(RolesApiTest, RolesInUseCannotBeDeleted) {
  auto role = CreateRole(*server_, "Held", Json::array());
  auto user = CreateUser(*server_, "holder", "Passw0rd-1", {"Held"});
  const std::string path = "/api/v1/security/roles/" + role["id"].get<std::string>();
  auto in_use = server_->Admin("DELETE", path);
  EXPECT_EQ(in_use.status, 409);
  ASSERT_EQ(server_
                ->Admin("PATCH", "/api/v1/security/users/" + user["id"].get<std::string>(),
                        R"({"roles": []})", kMergePatch)
                .status,
            200);
  EXPECT_EQ(server_->Admin("DELETE", path).status, 204);
  EXPECT_EQ(server_->Admin("GET", path).status, 404);
}

TEST_F(RolesApiTest, TheAdministratorRoleIsBuiltInAndReadOnly) {
  auto list = server_->Admin("GET", "/api/v1/security/roles?q=admin");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.Json()["total"], 1);
  auto admin = list.Json()["items"][0];
  EXPECT_EQ(admin["name"], "Administrator");
  EXPECT_EQ(admin["isBuiltIn"], true);
  auto all = server_->Admin("GET", "/api/v1/security/permissions").Json();
  EXPECT_EQ(admin["permissions"].size(), all["items"].size());
  const std::string path = "/api/v1/security/roles/" + admin["id"].get<std::string>();
  EXPECT_EQ(server_->Admin("DELETE", path).status, 409);
  EXPECT_EQ(server_->Admin("PATCH", path, R"({"description": "x"})", kMergePatch).status, 409);
  EXPECT_EQ(server_->Admin("PUT", path, R"({"name": "Administrator"})").status, 409);
}

TEST_F(RolesApiTest, ListSortsAndRejectsUnknownSortFields) {
  CreateRole(*server_, "zz-last", Json::array());
  CreateRole(*server_, "aa-first", Json::array());
  auto asc = server_->Admin("GET", "/api/v1/security/roles?sort=name&limit=1000");
  ASSERT_EQ(asc.status, 200);
  EXPECT_EQ(asc.Json()["items"][0]["name"], "aa-first");
  auto desc = server_->Admin("GET", "/api/v1/security/roles?sort=name:desc");
  EXPECT_EQ(desc.Json()["items"][0]["name"], "zz-last");
  EXPECT_EQ(server_->Admin("GET", "/api/v1/security/roles?sort=color").status, 400);
}

}  // namespace
}  // namespace emporion::test::security
