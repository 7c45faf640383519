// Contacts, organizations, employees and vendors through the real binary: the resource contract
// (201 + Location, ETag, If-Match 412, PUT, merge-patch, 404, lists, bulk with 422 naming
// items[i].field), the rules (organization hierarchy without cycles, deleting an organization
// with members or children is 409, memberships must name organizations, addresses with ISO 3166
// countries, IANA time zones, language tags, e-mails), search by q, e-mail, organization, group
// and tag, the combined /api/v1/members list, events in the change history, and a user's
// memberId checked against the members.
#include <gtest/gtest.h>

#include <string>

#include "support/test_server.hpp"

namespace emporion::test {
namespace {

using Json = nlohmann::json;

class MembersApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static HttpResponse Post(const std::string& path, const Json& body) {
    return server_->Admin("POST", path, body.dump());
  }
  static Json Create(const std::string& path, const Json& body) {
    auto r = Post(path, body);
    EXPECT_EQ(r.status, 201) << path << " " << body.dump() << " -> " << r.body;
    return r.Json();
  }
  static HttpResponse Patch(const std::string& path, const Json& body,
                            std::vector<std::pair<std::string, std::string>> headers = {}) {
    headers.emplace_back("Content-Type", "application/merge-patch+json");
    return server_->Admin("PATCH", path, body.dump(), headers);
  }
  static Json Get(const std::string& path) {
    auto r = server_->Admin("GET", path);
    EXPECT_EQ(r.status, 200) << path << " -> " << r.body;
    return r.Json();
  }
  static std::string FirstErrorField(const HttpResponse& r) {
    auto j = r.Json();
    if (!j.contains("errors") || j["errors"].empty()) return "";
    return j["errors"][0]["field"];
  }
  static TestServer* server_;
};
TestServer* MembersApiTest::server_ = nullptr;

TEST_F(MembersApiTest, ContactFollowsTheResourceContract) {
  auto org = Create("/api/v1/organizations", {{"name", "Contract Org"}});
  auto created = Post("/api/v1/contacts", {{"firstName", "Anna"},
                                           {"lastName", "Schmidt"},
                                           {"emails", Json::array({"Anna@Example.com"})},
                                           {"phones", Json::array({"+49 30 1234"})},
                                           {"groups", Json::array({"Wholesale"})},
                                           {"tags", Json::array({"vip"})},
                                           {"organizations", Json::array({org["id"]})},
                                           {"defaultLanguage", "de-DE"},
                                           {"timeZone", "Europe/Berlin"},
                                           {"birthDate", "1990-05-17"},
                                           {"outerId", "ERP-1"},
                                           {"addresses", Json::array({{{"type", "billing"},
                                                                       {"line1", "Hauptstr. 1"},
                                                                       {"city", "Berlin"},
                                                                       {"postalCode", "10115"},
                                                                       {"countryCode", "de"}}})}});
  ASSERT_EQ(created.status, 201) << created.body;
  auto c = created.Json();
  const std::string id = c["id"];
  EXPECT_EQ(created.Header("location"), "/api/v1/contacts/" + id);
  EXPECT_EQ(created.Header("etag"), "\"1\"");
  EXPECT_EQ(c["memberType"], "Contact");
  EXPECT_EQ(c["fullName"], "Anna Schmidt");
  EXPECT_EQ(c["name"], "Anna Schmidt");
  EXPECT_EQ(c["addresses"][0]["countryCode"], "DE");
  EXPECT_EQ(c["status"], "Approved");
  EXPECT_EQ(c["version"], 1);
  EXPECT_EQ(c["createdBy"], "admin");
  EXPECT_TRUE(c.contains("createdAt"));
  EXPECT_TRUE(c.contains("modifiedBy"));

  EXPECT_EQ(Get("/api/v1/contacts/" + id)["emails"][0], "Anna@Example.com");
  // The same id through the combined view; not through another type's route.
  EXPECT_EQ(Get("/api/v1/members/" + id)["memberType"], "Contact");
  EXPECT_EQ(server_->Admin("GET", "/api/v1/organizations/" + id).status, 404);

  auto patch = Patch("/api/v1/contacts/" + id, {{"tags", Json::array({"vip", "newsletter"})}});
  ASSERT_EQ(patch.status, 200) << patch.body;
  EXPECT_EQ(patch.Json()["tags"].size(), 2u);
  EXPECT_EQ(patch.Json()["groups"][0], "Wholesale");
  EXPECT_EQ(patch.Json()["version"], 2);
  EXPECT_EQ(patch.Header("etag"), "\"2\"");

  auto stale = Patch("/api/v1/contacts/" + id, {{"lastName", "X"}}, {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 412);

  auto put =
      server_->Admin("PUT", "/api/v1/contacts/" + id, R"({"firstName":"Anna","lastName":"Meyer"})");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.Json()["fullName"], "Anna Meyer");
  EXPECT_EQ(put.Json()["tags"].size(), 0u);  // full replace
  EXPECT_EQ(put.Json()["version"], 3);

  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/contacts/" + id, "", {{"If-Match", "\"2\""}}).status,
            412);
  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/contacts/" + id).status, 204);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/contacts/" + id).status, 404);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/members/" + id).status, 404);

  // Client-supplied ids; duplicates are 409 even across member types.
  ASSERT_EQ(Post("/api/v1/vendors", {{"id", "vendor-x"}, {"name", "Vendor X"}}).status, 201);
  EXPECT_EQ(Post("/api/v1/contacts", {{"id", "vendor-x"}, {"fullName", "Y"}}).status, 409);
}

TEST_F(MembersApiTest, FieldRulesAreNamedIn422) {
  struct Case {
    Json body;
    const char* field;
  };
  const Case cases[] = {
      {{{"firstName", ""}}, "fullName"},
      {{{"fullName", "A"}, {"timeZone", "Mars/Olympus"}}, "timeZone"},
      {{{"fullName", "A"}, {"defaultLanguage", "not a language"}}, "defaultLanguage"},
      {{{"fullName", "A"}, {"emails", Json::array({"ok@example.com", "broken"})}}, "emails[1]"},
      {{{"fullName", "A"}, {"birthDate", "2001-02-30"}}, "birthDate"},
      {{{"fullName", "A"}, {"status", "Deleted"}}, "status"},
      {{{"fullName", "A"}, {"groups", Json::array({std::string(300, 'g')})}}, "groups[0]"},
      {{{"fullName", std::string(600, 'n')}}, "fullName"},
      {{{"fullName", "A"}, {"organizations", Json::array({"no-such-org"})}}, "organizations[0]"},
      {{{"fullName", "A"},
        {"addresses",
         Json::array(
             {{{"type", "billing"}, {"line1", "x"}, {"city", "y"}, {"countryCode", "XX"}}})}},
       "addresses[0].countryCode"},
      {{{"fullName", "A"},
        {"addresses",
         Json::array({{{"type", "home"}, {"line1", "x"}, {"city", "y"}, {"countryCode", "USA"}}})}},
       "addresses[0].type"},
  };
  for (const auto& c : cases) {
    auto r = Post("/api/v1/contacts", c.body);
    EXPECT_EQ(r.status, 422) << c.body.dump() << " -> " << r.body;
    EXPECT_EQ(FirstErrorField(r), c.field) << c.body.dump() << " -> " << r.body;
  }
  auto missing_line = Post(
      "/api/v1/contacts",
      {{"fullName", "A"},
       {"addresses", Json::array({{{"type", "billing"}, {"city", "y"}, {"countryCode", "US"}}})}});
  EXPECT_EQ(missing_line.status, 400) << missing_line.body;
  EXPECT_EQ(FirstErrorField(missing_line), "addresses[0].line1");
  auto wrong_type = Post("/api/v1/contacts", {{"fullName", "A"}, {"groups", "Wholesale"}});
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_EQ(FirstErrorField(wrong_type), "groups");
  EXPECT_EQ(Post("/api/v1/organizations", {{"description", "no name"}}).status, 422);
  // An organization (not a contact) is needed as a membership target.
  auto person = Create("/api/v1/contacts", {{"fullName", "Not An Org"}});
  auto r =
      Post("/api/v1/contacts", {{"fullName", "B"}, {"organizations", Json::array({person["id"]})}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(FirstErrorField(r), "organizations[0]");
}

TEST_F(MembersApiTest, OrganizationHierarchyHasNoCyclesAndGuardsDeletes) {
  auto root = Create("/api/v1/organizations", {{"name", "Root Org"}});
  const std::string root_id = root["id"];
  auto child = Create("/api/v1/organizations", {{"name", "Child Org"}, {"parentId", root_id}});
  const std::string child_id = child["id"];
  auto grandchild =
      Create("/api/v1/organizations", {{"name", "Grandchild Org"}, {"parentId", child_id}});
  const std::string grandchild_id = grandchild["id"];
  EXPECT_EQ(grandchild["parentId"], child_id);

  auto self = Patch("/api/v1/organizations/" + root_id, {{"parentId", root_id}});
  EXPECT_EQ(self.status, 422) << self.body;
  EXPECT_EQ(FirstErrorField(self), "parentId");
  auto loop = Patch("/api/v1/organizations/" + root_id, {{"parentId", grandchild_id}});
  EXPECT_EQ(loop.status, 422) << loop.body;
  EXPECT_EQ(FirstErrorField(loop), "parentId");
  auto unknown = Patch("/api/v1/organizations/" + root_id, {{"parentId", "missing-org"}});
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(Get("/api/v1/organizations/" + root_id)["version"], 1);  // nothing changed

  auto children = Get("/api/v1/organizations?parentId=" + root_id);
  ASSERT_EQ(children["total"], 1);
  EXPECT_EQ(children["items"][0]["id"], child_id);

  // Children block a delete; so do members.
  auto blocked = server_->Admin("DELETE", "/api/v1/organizations/" + child_id);
  EXPECT_EQ(blocked.status, 409) << blocked.body;
  auto employee = Create("/api/v1/employees", {{"firstName", "Emma"},
                                               {"lastName", "Employee"},
                                               {"organizations", Json::array({grandchild_id})}});
  auto with_member = server_->Admin("DELETE", "/api/v1/organizations/" + grandchild_id);
  EXPECT_EQ(with_member.status, 409) << with_member.body;
  ASSERT_EQ(Patch("/api/v1/employees/" + employee["id"].get<std::string>(),
                  {{"organizations", Json::array()}})
                .status,
            200);
  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/organizations/" + grandchild_id).status, 204);
  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/organizations/" + child_id).status, 204);
  // Moving to the top is fine.
  auto moved = Patch("/api/v1/organizations/" + root_id, {{"description", "top"}});
  EXPECT_EQ(moved.status, 200);
}

TEST_F(MembersApiTest, SearchesByNameEmailOrganizationGroupAndTag) {
  auto org =
      Create("/api/v1/organizations", {{"name", "Search Org"}, {"groups", Json::array({"B2B"})}});
  const std::string org_id = org["id"];
  auto a = Create("/api/v1/contacts", {{"firstName", "Zora"},
                                       {"lastName", "Searchable"},
                                       {"emails", Json::array({"zora@search.example"})},
                                       {"groups", Json::array({"Wholesale"})},
                                       {"organizations", Json::array({org_id})}});
  auto b = Create("/api/v1/contacts", {{"firstName", "Yuri"},
                                       {"lastName", "Searchable"},
                                       {"emails", Json::array({"yuri@search.example"})},
                                       {"tags", Json::array({"VIP"})}});
  auto e = Create("/api/v1/employees", {{"firstName", "Xena"},
                                        {"lastName", "Searchable"},
                                        {"organizations", Json::array({org_id})}});

  auto by_name = Get("/api/v1/contacts?q=SEARCHABLE&sort=name:asc");
  ASSERT_EQ(by_name["total"], 2) << by_name.dump();
  EXPECT_EQ(by_name["items"][0]["id"], b["id"]);  // Yuri before Zora
  EXPECT_EQ(by_name["items"][1]["id"], a["id"]);
  EXPECT_EQ(Get("/api/v1/contacts?q=zora@search")["total"], 1);
  auto by_email = Get("/api/v1/contacts?email=YURI@search.example");
  ASSERT_EQ(by_email["total"], 1);
  EXPECT_EQ(by_email["items"][0]["id"], b["id"]);
  auto by_org = Get("/api/v1/contacts?organizationId=" + org_id);
  ASSERT_EQ(by_org["total"], 1);
  EXPECT_EQ(by_org["items"][0]["id"], a["id"]);
  EXPECT_EQ(Get("/api/v1/employees?organizationId=" + org_id)["items"][0]["id"], e["id"]);
  EXPECT_EQ(Get("/api/v1/contacts?group=wholesale&q=searchable")["total"], 1);
  EXPECT_EQ(Get("/api/v1/contacts?tag=vip&q=searchable")["items"][0]["id"], b["id"]);
  EXPECT_EQ(Get("/api/v1/contacts?group=nobody")["total"], 0);

  // The combined list over every type.
  auto all = Get("/api/v1/members?q=searchable&sort=name:desc");
  ASSERT_EQ(all["total"], 3) << all.dump();
  EXPECT_EQ(all["items"][0]["memberType"], "Contact");   // Zora
  EXPECT_EQ(all["items"][2]["memberType"], "Employee");  // Xena
  EXPECT_EQ(Get("/api/v1/members?q=searchable&memberType=Employee")["total"], 1);
  EXPECT_EQ(Get("/api/v1/members?q=search&memberType=Employee,Organization")["total"], 2);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/members?memberType=Robot").status, 400);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/contacts?sort=email:asc").status, 400);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/members?limit=5000").status, 400);
  auto page = Get("/api/v1/members?q=searchable&sort=name:asc&limit=1&offset=2");
  EXPECT_EQ(page["total"], 3);
  ASSERT_EQ(page["items"].size(), 1u);
  EXPECT_EQ(page["items"][0]["id"], a["id"]);
}

TEST_F(MembersApiTest, BulkUpsertsAllOrNothing) {
  auto bad = Post(
      "/api/v1/contacts/bulk",
      {{"items",
        Json::array(
            {{{"id", "bulk-1"}, {"fullName", "Bulk One"}},
             {{"id", "bulk-2"}, {"fullName", "Bulk Two"}, {"timeZone", "Nowhere/City"}},
             {{"id", "bulk-3"}, {"fullName", "Bulk Three"}, {"emails", Json::array({"nope"})}}})}});
  ASSERT_EQ(bad.status, 422) << bad.body;
  auto errors = bad.Json()["errors"];
  ASSERT_EQ(errors.size(), 2u) << bad.body;
  EXPECT_EQ(errors[0]["field"], "items[1].timeZone");
  EXPECT_EQ(errors[1]["field"], "items[2].emails[0]");
  // A rule checked against the database: the first item was written inside the transaction
  // and is rolled back with the rest.
  auto unknown_org =
      Post("/api/v1/contacts/bulk",
           {{"items", Json::array({{{"id", "bulk-1"}, {"fullName", "Bulk One"}},
                                   {{"id", "bulk-3"},
                                    {"fullName", "Bulk Three"},
                                    {"organizations", Json::array({"missing"})}}})}});
  ASSERT_EQ(unknown_org.status, 422) << unknown_org.body;
  EXPECT_EQ(FirstErrorField(unknown_org), "items[1].organizations[0]");
  EXPECT_EQ(server_->Admin("GET", "/api/v1/contacts/bulk-1").status, 404);  // nothing written

  auto ok = Post("/api/v1/contacts/bulk",
                 {{"items", Json::array({{{"id", "bulk-1"}, {"fullName", "Bulk One"}},
                                         {{"id", "bulk-2"}, {"fullName", "Bulk Two"}}})}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.Json()["created"], 2);
  auto again = Post("/api/v1/contacts/bulk",
                    {{"items", Json::array({{{"id", "bulk-1"}, {"fullName", "Bulk Uno"}}})}});
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.Json()["updated"], 1);
  EXPECT_EQ(Get("/api/v1/contacts/bulk-1")["name"], "Bulk Uno");
  auto not_array = Post("/api/v1/contacts/bulk", {{"items", "x"}});
  EXPECT_EQ(not_array.status, 400);
}

TEST_F(MembersApiTest, WritesEmitEventsVisibleInTheChangeHistory) {
  auto v = Create("/api/v1/vendors", {{"name", "History Vendor"}});
  const std::string id = v["id"];
  ASSERT_EQ(Patch("/api/v1/vendors/" + id, {{"outerId", "ERP-77"}}).status, 200);
  EXPECT_EQ(Get("/api/v1/vendors?outerId=ERP-77")["total"], 1);
  ASSERT_EQ(server_->Admin("DELETE", "/api/v1/vendors/" + id).status, 204);
  auto changes = Get("/api/v1/changes?entityType=members.vendor&entityId=" + id);
  ASSERT_EQ(changes["total"], 3) << changes.dump();
  EXPECT_EQ(changes["items"][0]["operation"], "deleted");
  EXPECT_EQ(changes["items"][1]["operation"], "updated");
  EXPECT_EQ(changes["items"][1]["detail"]["changes"][0]["field"], "outerId");
  EXPECT_EQ(changes["items"][2]["operation"], "created");
}

TEST_F(MembersApiTest, UserMemberIdMustNameAMember) {
  auto contact = Create("/api/v1/contacts", {{"fullName", "Account Holder"}});
  const std::string contact_id = contact["id"];
  auto bad = Post("/api/v1/security/users", {{"userName", "member-missing"},
                                             {"memberId", "no-such-member"},
                                             {"password", "Passw0rd-Member1"}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(FirstErrorField(bad), "memberId");
  auto user = Post(
      "/api/v1/security/users",
      {{"userName", "member-linked"}, {"memberId", contact_id}, {"password", "Passw0rd-Member1"}});
  ASSERT_EQ(user.status, 201) << user.body;
  EXPECT_EQ(user.Json()["memberId"], contact_id);
  const std::string user_id = user.Json()["id"];
  auto relink = Patch("/api/v1/security/users/" + user_id, {{"memberId", "still-missing"}});
  EXPECT_EQ(relink.status, 422) << relink.body;

  auto linked = Get("/api/v1/security/users?memberId=" + contact_id);
  ASSERT_EQ(linked["total"], 1);
  EXPECT_EQ(linked["items"][0]["userName"], "member-linked");
  // A member a user links to cannot be deleted; after unlinking it can.
  auto in_use = server_->Admin("DELETE", "/api/v1/contacts/" + contact_id);
  EXPECT_EQ(in_use.status, 409) << in_use.body;
  EXPECT_NE(in_use.body.find("member-linked"), std::string::npos) << in_use.body;
  ASSERT_EQ(Patch("/api/v1/security/users/" + user_id, {{"memberId", nullptr}}).status, 200);
  EXPECT_EQ(Get("/api/v1/security/users?memberId=" + contact_id)["total"], 0);
  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/contacts/" + contact_id).status, 204);
}

TEST_F(MembersApiTest, PermissionsAreRequired) {
  auto role = Post("/api/v1/security/roles",
                   {{"name", "MemberReader"}, {"permissions", Json::array({"members:read"})}});
  ASSERT_EQ(role.status, 201) << role.body;
  ASSERT_EQ(Post("/api/v1/security/users", {{"userName", "member-reader"},
                                            {"password", "Passw0rd-Reader1"},
                                            {"roles", Json::array({"MemberReader"})}})
                .status,
            201);
  const std::string token = server_->Login("member-reader", "Passw0rd-Reader1");
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(server_->As(token, "GET", "/api/v1/contacts").status, 200);
  EXPECT_EQ(server_->As(token, "GET", "/api/v1/members").status, 200);
  EXPECT_EQ(server_->As(token, "POST", "/api/v1/contacts", R"({"fullName":"Nope"})").status, 403);
  EXPECT_EQ(server_->As(token, "DELETE", "/api/v1/organizations/any").status, 403);
}

}  // namespace
}  // namespace emporion::test
