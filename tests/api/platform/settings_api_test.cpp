// The settings resource against the real binary: definitions with values, filters, updates
// validated against the definition (422 naming the field), reset, change history, and the
// settings permissions including store-limited update rights.
#include <gtest/gtest.h>

#include <string>

#include "api/security/security_api_util.hpp"
#include "support/test_server.hpp"

namespace emporion::test {
namespace {

using Json = nlohmann::json;

constexpr const char* kRetention = "/api/v1/settings/platform.outbox.retentionDays";

class SettingsApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void TearDown() override { server_->Admin("DELETE", kRetention); }

  static TestServer* server_;
};
TestServer* SettingsApiTest::server_ = nullptr;

TEST_F(SettingsApiTest, ListsDefinitionsWithTheirValues) {
  auto r = server_->Admin("GET", "/api/v1/settings?module=platform&limit=1000");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.Json();
  ASSERT_GE(j["total"].get<int>(), 2);
  Json retention;
  std::string previous;
  for (const auto& s : j["items"]) {
    EXPECT_EQ(s["module"], "platform");
    EXPECT_LT(previous, s["name"].get<std::string>());  // sorted by name
    previous = s["name"];
    if (s["name"] == "platform.outbox.retentionDays") retention = s;
  }
  ASSERT_FALSE(retention.is_null()) << j.dump();
  EXPECT_EQ(retention["type"], "integer");
  EXPECT_EQ(retention["value"], 30);
  EXPECT_EQ(retention["defaultValue"], 30);
  EXPECT_EQ(retention["source"], "default");
  EXPECT_EQ(retention["min"], 1);
  EXPECT_EQ(retention["perStore"], false);
  EXPECT_EQ(retention["secret"], false);
  EXPECT_EQ(retention["displayName"], "Keep outbox events (days)");

  auto other = server_->Admin("GET", "/api/v1/settings?module=no-such-module").Json();
  EXPECT_EQ(other["total"], 0);
  EXPECT_TRUE(other["items"].empty());
}

TEST_F(SettingsApiTest, DisplayNamesFollowAcceptLanguage) {
  auto r = server_->Admin("GET", kRetention, "", {{"Accept-Language", "de-DE,de;q=0.9"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Json()["displayName"], "Outbox-Ereignisse aufbewahren (Tage)");
}

TEST_F(SettingsApiTest, UpdatesAndResetsAValue) {
  auto put = server_->Admin("PUT", kRetention, R"({"value": 45})");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.Json()["value"], 45);
  EXPECT_EQ(put.Json()["source"], "global");
  EXPECT_EQ(put.Json()["modifiedBy"], "admin");
  EXPECT_TRUE(put.Json()["modifiedAt"].is_string());

  auto get = server_->Admin("GET", kRetention);
  EXPECT_EQ(get.Json()["value"], 45);
  EXPECT_EQ(get.Json()["defaultValue"], 30);

  auto del = server_->Admin("DELETE", kRetention);
  EXPECT_EQ(del.status, 204) << del.body;
  auto after = server_->Admin("GET", kRetention).Json();
  EXPECT_EQ(after["value"], 30);
  EXPECT_EQ(after["source"], "default");
  EXPECT_EQ(server_->Admin("DELETE", kRetention).status, 204);  // nothing stored: still fine
}

TEST_F(SettingsApiTest, InvalidValuesAre422NamingTheField) {
  struct Case {
    const char* body;
    int status;
    const char* field;
  };
  const Case cases[] = {
      {R"({"value": 0})", 422, "value"},                      // below min
      {R"({"value": 4000})", 422, "value"},                   // above max
      {R"({"value": "30"})", 422, "value"},                   // wrong type
      {R"({"value": 2.5})", 422, "value"},                    // not an integer
      {R"({"value": null})", 422, "value"},                   // null is not a value
      {R"({"value": 30, "storeId": "s1"})", 422, "storeId"},  // global only
      {R"({})", 400, "value"},                                // missing
      {R"({"value": 30, "storeId": 7})", 400, "storeId"},
  };
  for (const auto& c : cases) {
    auto r = server_->Admin("PUT", kRetention, c.body);
    EXPECT_EQ(r.status, c.status) << c.body << " -> " << r.body;
    EXPECT_EQ(r.Header("content-type"), "application/problem+json") << c.body;
    auto j = r.Json();
    ASSERT_TRUE(j.contains("errors")) << c.body << " -> " << r.body;
    EXPECT_EQ(j["errors"][0]["field"], c.field) << c.body;
  }
  EXPECT_EQ(server_->Admin("PUT", kRetention, "{not json").status, 400);
  EXPECT_EQ(server_->Admin("GET", kRetention).Json()["value"], 30);  // nothing changed
}

TEST_F(SettingsApiTest, UnknownSettingIs404) {
  EXPECT_EQ(server_->Admin("GET", "/api/v1/settings/no.such.setting").status, 404);
  EXPECT_EQ(server_->Admin("PUT", "/api/v1/settings/no.such.setting", R"({"value": 1})").status,
            404);
  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/settings/no.such.setting").status, 404);
}

TEST_F(SettingsApiTest, WrongContentTypeIs415) {
  auto r = server_->Admin("PUT", kRetention, R"({"value": 45})", {{"Content-Type", "text/plain"}});
  EXPECT_EQ(r.status, 415);
}

TEST_F(SettingsApiTest, BadStoreIdQueryIs400) {
  auto r = server_->Admin("GET", std::string(kRetention) + "?storeId=");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Json()["errors"][0]["field"], "storeId");
}

TEST_F(SettingsApiTest, UpdatesLeaveChangeHistory) {
  ASSERT_EQ(server_->Admin("PUT", kRetention, R"({"value": 12})").status, 200);
  ASSERT_EQ(server_->Admin("PUT", kRetention, R"({"value": 13})").status, 200);
  auto r = server_->Admin(
      "GET", "/api/v1/changes?entityType=platform.setting&entityId=platform.outbox.retentionDays");
  ASSERT_EQ(r.status, 200) << r.body;
  auto items = r.Json()["items"];
  ASSERT_GE(items.size(), 2u);
  EXPECT_EQ(items[0]["operation"], "updated");
  EXPECT_EQ(items[0]["actor"], "admin");
  EXPECT_EQ(items[0]["detail"]["changes"][0]["field"], "value");
  EXPECT_EQ(items[0]["detail"]["changes"][0]["from"], 12);
  EXPECT_EQ(items[0]["detail"]["changes"][0]["to"], 13);
}

TEST_F(SettingsApiTest, RoutesNeedSettingsPermissions) {
  EXPECT_EQ(server_->Client()->Send("GET", "/api/v1/settings").status, 401);
  security::CreateRole(*server_, "SettingsReader", Json::array({"settings:read"}));
  security::CreateRole(*server_, "StoreSettingsEditor",
                       Json::array({Json{{"name", "settings:read"}},
                                    Json{{"name", "settings:update"}, {"storeIds", {"store-1"}}}}));
  security::CreateUser(*server_, "settings-reader", "Passw0rd-1", {"SettingsReader"});
  security::CreateUser(*server_, "store-editor", "Passw0rd-1", {"StoreSettingsEditor"});

  const std::string reader = server_->Login("settings-reader", "Passw0rd-1");
  ASSERT_FALSE(reader.empty());
  EXPECT_EQ(server_->As(reader, "GET", kRetention).status, 200);
  EXPECT_EQ(server_
                ->As(reader, "PUT", kRetention, R"({"value": 40})",
                     {{"Content-Type", "application/json"}})
                .status,
            403);

  // settings:update limited to a store does not reach global values.
  const std::string editor = server_->Login("store-editor", "Passw0rd-1");
  ASSERT_FALSE(editor.empty());
  auto global = server_->As(editor, "PUT", kRetention, R"({"value": 40})",
                            {{"Content-Type", "application/json"}});
  EXPECT_EQ(global.status, 403) << global.body;
  EXPECT_EQ(server_->As(editor, "DELETE", kRetention).status, 403);
  EXPECT_EQ(server_->Admin("GET", kRetention).Json()["value"], 30);
}

}  // namespace
}  // namespace emporion::test
