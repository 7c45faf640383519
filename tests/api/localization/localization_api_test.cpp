// /api/v1/languages and /api/v1/currencies through the real binary: the resource contract
// (201 + Location, ETag, If-Match 412, PUT, merge-patch, 404 after delete, lists with filters and
// sort, bulk all-or-nothing with 422 naming items[i].field), the rules (BCP 47 tags in canonical
// case, ISO 4217 codes, exactly one primary currency that moves, rounding defaults), conversion
// through POST /api/v1/currencies/convert, events in the change history, and permission display
// names chosen by Accept-Language.
#include <gtest/gtest.h>

#include <string>

#include "support/test_server.hpp"

namespace emporion::test {
namespace {

using Json = nlohmann::json;

class LocalizationApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static HttpResponse Post(const std::string& path, const Json& body) {
    return server_->Admin("POST", path, body.dump());
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
TestServer* LocalizationApiTest::server_ = nullptr;

TEST_F(LocalizationApiTest, LanguageFollowsTheResourceContract) {
  auto created = Post("/api/v1/languages", {{"code", "fr-fr"}, {"name", "French (France)"}});
  ASSERT_EQ(created.status, 201) << created.body;
  auto lang = created.Json();
  const std::string id = lang["id"];
  EXPECT_EQ(created.Header("location"), "/api/v1/languages/" + id);
  EXPECT_EQ(created.Header("etag"), "\"1\"");
  EXPECT_EQ(lang["code"], "fr-FR");  // canonical case
  EXPECT_EQ(lang["isActive"], true);
  EXPECT_EQ(lang["version"], 1);
  EXPECT_EQ(lang["createdBy"], "admin");
  EXPECT_TRUE(lang.contains("createdAt"));
  EXPECT_TRUE(lang.contains("modifiedAt"));
  EXPECT_EQ(lang["modifiedBy"], "admin");

  EXPECT_EQ(Get("/api/v1/languages/" + id)["name"], "French (France)");
  // Lookup by code in any case.
  auto by_code = Get("/api/v1/languages?code=FR-fr");
  ASSERT_EQ(by_code["total"], 1);
  EXPECT_EQ(by_code["items"][0]["id"], id);

  auto put = server_->Admin("PUT", "/api/v1/languages/" + id,
                            R"({"code":"fr-FR","name":"Français","nativeName":"Français"})");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.Json()["version"], 2);
  EXPECT_EQ(put.Header("etag"), "\"2\"");

  auto patch = Patch("/api/v1/languages/" + id, {{"isActive", false}});
  ASSERT_EQ(patch.status, 200) << patch.body;
  EXPECT_EQ(patch.Json()["isActive"], false);
  EXPECT_EQ(patch.Json()["nativeName"], "Français");
  EXPECT_EQ(patch.Json()["version"], 3);

  auto stale = Patch("/api/v1/languages/" + id, {{"name", "Lost"}}, {{"If-Match", "\"2\""}});
  EXPECT_EQ(stale.status, 412) << stale.body;
  EXPECT_EQ(Get("/api/v1/languages/" + id)["name"], "Français");
  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/languages/" + id, "", {{"If-Match", "\"1\""}}).status,
            412);

  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/languages/" + id).status, 204);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/languages/" + id).status, 404);
  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/languages/" + id).status, 404);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/languages/nope").status, 404);
}

TEST_F(LocalizationApiTest, LanguageRulesAreEnforced) {
  ASSERT_EQ(Post("/api/v1/languages", {{"code", "it-IT"}, {"name", "Italian"}}).status, 201);
  auto dup = Post("/api/v1/languages", {{"code", "it-it"}, {"name", "Italian again"}});
  EXPECT_EQ(dup.status, 409) << dup.body;
  EXPECT_EQ(FirstErrorField(dup), "code");

  for (const char* bad : {"italian", "it-ITA", "i", "it_IT_x", ""}) {
    auto r = Post("/api/v1/languages", {{"code", bad}, {"name", "X"}});
    EXPECT_EQ(r.status, 422) << bad << " -> " << r.body;
    EXPECT_EQ(FirstErrorField(r), "code") << bad;
  }
  auto missing = Post("/api/v1/languages", {{"name", "No code"}});
  EXPECT_EQ(missing.status, 400) << missing.body;
  EXPECT_EQ(FirstErrorField(missing), "code");
  auto wrong_type = Post("/api/v1/languages", {{"code", "pt-BR"}, {"name", 5}});
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_EQ(FirstErrorField(wrong_type), "name");

  // Client-supplied id; a second create with the same id is 409.
  ASSERT_EQ(
      Post("/api/v1/languages", {{"id", "lang-pt"}, {"code", "pt-BR"}, {"name", "Portuguese"}})
          .status,
      201);
  EXPECT_EQ(Get("/api/v1/languages/lang-pt")["code"], "pt-BR");
  EXPECT_EQ(Post("/api/v1/languages", {{"id", "lang-pt"}, {"code", "pt-PT"}, {"name", "P"}}).status,
            409);
}

TEST_F(LocalizationApiTest, LanguageListsFilterSortAndPage) {
  for (const char* code : {"nl-NL", "nl-BE", "sv-SE"}) {
    ASSERT_EQ(
        Post("/api/v1/languages", {{"code", code}, {"name", std::string("L ") + code}}).status,
        201);
  }
  ASSERT_EQ(Patch("/api/v1/languages/" +
                      Get("/api/v1/languages?code=sv-SE")["items"][0]["id"].get<std::string>(),
                  {{"isActive", false}})
                .status,
            200);
  auto nl = Get("/api/v1/languages?q=nl-&sort=code:desc");
  ASSERT_EQ(nl["total"], 2);
  EXPECT_EQ(nl["items"][0]["code"], "nl-NL");
  EXPECT_EQ(nl["items"][1]["code"], "nl-BE");
  auto inactive = Get("/api/v1/languages?isActive=false&code=sv-SE");
  EXPECT_EQ(inactive["total"], 1);
  auto paged = Get("/api/v1/languages?limit=1&offset=1&sort=code:asc&q=nl-");
  EXPECT_EQ(paged["total"], 2);
  ASSERT_EQ(paged["items"].size(), 1u);
  EXPECT_EQ(paged["items"][0]["code"], "nl-NL");
  EXPECT_EQ(server_->Admin("GET", "/api/v1/languages?sort=bogus:asc").status, 400);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/languages?limit=1001").status, 400);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/languages?isActive=maybe").status, 400);
}

TEST_F(LocalizationApiTest, LanguageBulkUpsertsAllOrNothing) {
  auto bad = Post("/api/v1/languages/bulk",
                  {{"items", Json::array({{{"code", "da-DK"}, {"name", "Danish"}},
                                          {{"code", "not a tag"}, {"name", "Bad"}},
                                          {{"code", "fi-FI"}}})}});
  ASSERT_EQ(bad.status, 422) << bad.body;
  auto errors = bad.Json()["errors"];
  ASSERT_EQ(errors.size(), 2u) << bad.body;
  EXPECT_EQ(errors[0]["field"], "items[1].code");
  EXPECT_EQ(errors[1]["field"], "items[2].name");
  EXPECT_EQ(Get("/api/v1/languages?code=da-DK")["total"], 0);  // nothing written

  auto ok = Post("/api/v1/languages/bulk",
                 {{"items", Json::array({{{"code", "da-DK"}, {"name", "Danish"}},
                                         {{"code", "fi-FI"}, {"name", "Finnish"}}})}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.Json()["created"], 2);
  EXPECT_EQ(ok.Json()["updated"], 0);
  // Upsert by business key.
  auto again = Post("/api/v1/languages/bulk",
                    {{"items", Json::array({{{"code", "da-dk"}, {"name", "Dansk"}}})}});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Json()["updated"], 1);
  auto da = Get("/api/v1/languages?code=da-DK");
  EXPECT_EQ(da["items"][0]["name"], "Dansk");
  EXPECT_EQ(da["items"][0]["version"], 2);
}

TEST_F(LocalizationApiTest, CurrenciesHaveExactlyOnePrimaryThatMoves) {
  auto usd = Post("/api/v1/currencies", {{"code", "USD"}, {"name", "US Dollar"}, {"symbol", "$"}});
  ASSERT_EQ(usd.status, 201) << usd.body;
  EXPECT_EQ(usd.Json()["isPrimary"], true);  // the first currency becomes primary
  EXPECT_EQ(usd.Json()["roundingDecimals"], 2);
  EXPECT_EQ(usd.Json()["roundingMode"], "half-up");
  const std::string usd_id = usd.Json()["id"];

  auto jpy =
      Post("/api/v1/currencies", {{"code", "JPY"}, {"name", "Yen"}, {"exchangeRate", 150.25}});
  ASSERT_EQ(jpy.status, 201) << jpy.body;
  EXPECT_EQ(jpy.Json()["isPrimary"], false);
  EXPECT_EQ(jpy.Json()["roundingDecimals"], 0);  // ISO 4217 minor units
  EXPECT_EQ(jpy.Json()["exchangeRate"], 150.25);
  const std::string jpy_id = jpy.Json()["id"];

  // Unsetting the only primary is refused.
  auto unset = Patch("/api/v1/currencies/" + usd_id, {{"isPrimary", false}});
  EXPECT_EQ(unset.status, 422) << unset.body;
  EXPECT_EQ(FirstErrorField(unset), "isPrimary");

  // Making JPY primary moves the flag (USD gets a new version).
  auto moved = Patch("/api/v1/currencies/" + jpy_id, {{"isPrimary", true}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.Json()["isPrimary"], true);
  auto usd_now = Get("/api/v1/currencies/" + usd_id);
  EXPECT_EQ(usd_now["isPrimary"], false);
  EXPECT_EQ(usd_now["version"], 2);
  auto primaries = Get("/api/v1/currencies?isPrimary=true");
  ASSERT_EQ(primaries["total"], 1);
  EXPECT_EQ(primaries["items"][0]["code"], "JPY");

  // The primary cannot be deleted while others exist; others can.
  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/currencies/" + jpy_id).status, 409);
  ASSERT_EQ(Patch("/api/v1/currencies/" + usd_id, {{"isPrimary", true}}).status, 200);
  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/currencies/" + jpy_id).status, 204);
}

TEST_F(LocalizationApiTest, CurrencyRulesAreEnforced) {
  auto dup_usd = Post("/api/v1/currencies", {{"code", "GBP"}, {"name", "Pound"}});
  ASSERT_EQ(dup_usd.status, 201) << dup_usd.body;
  auto dup = Post("/api/v1/currencies", {{"code", "GBP"}, {"name", "Pound again"}});
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(FirstErrorField(dup), "code");

  struct Case {
    Json body;
    const char* field;
  };
  const Case cases[] = {
      {{{"code", "ABC"}, {"name", "Fake"}}, "code"},
      {{{"code", "usd"}, {"name", "Lower"}}, "code"},
      {{{"code", "CHF"}, {"name", "Franc"}, {"exchangeRate", 0}}, "exchangeRate"},
      {{{"code", "CHF"}, {"name", "Franc"}, {"exchangeRate", -1.5}}, "exchangeRate"},
      {{{"code", "CHF"}, {"name", "Franc"}, {"roundingDecimals", 5}}, "roundingDecimals"},
      {{{"code", "CHF"}, {"name", "Franc"}, {"roundingMode", "up"}}, "roundingMode"},
  };
  for (const auto& c : cases) {
    auto r = Post("/api/v1/currencies", c.body);
    EXPECT_EQ(r.status, 422) << c.body.dump() << " -> " << r.body;
    EXPECT_EQ(FirstErrorField(r), c.field) << c.body.dump();
  }
  // More than 4 decimals is malformed (400).
  auto precise =
      Post("/api/v1/currencies", {{"code", "CHF"}, {"name", "F"}, {"exchangeRate", 0.12345}});
  EXPECT_EQ(precise.status, 400) << precise.body;

  auto kwd = Post("/api/v1/currencies", {{"code", "KWD"},
                                         {"name", "Dinar"},
                                         {"exchangeRate", 0.3071},
                                         {"roundingMode", "half-even"},
                                         {"customFormatting", "#,##0.000 KD"}});
  ASSERT_EQ(kwd.status, 201) << kwd.body;
  EXPECT_EQ(kwd.Json()["roundingDecimals"], 3);
  EXPECT_EQ(kwd.Json()["roundingMode"], "half-even");
  EXPECT_EQ(kwd.Json()["customFormatting"], "#,##0.000 KD");
  EXPECT_EQ(server_->Admin("GET", "/api/v1/currencies?sort=rate:asc").status, 400);
}

TEST_F(LocalizationApiTest, ConvertsWithStoredRatesAndTargetRounding) {
  // USD exists as primary from another test or is created here.
  auto bulk =
      Post("/api/v1/currencies/bulk",
           {{"items", Json::array({{{"code", "USD"}, {"name", "US Dollar"}, {"isPrimary", true}},
                                   {{"code", "EUR"},
                                    {"name", "Euro"},
                                    {"exchangeRate", 0.9},
                                    {"roundingMode", "half-even"}},
                                   {{"code", "SEK"},
                                    {"name", "Krona"},
                                    {"exchangeRate", 10.5},
                                    {"roundingDecimals", 0},
                                    {"roundingMode", "floor"}}})}});
  ASSERT_EQ(bulk.status, 200) << bulk.body;

  struct Case {
    const char* amount;
    const char* from;
    const char* to;
    const char* expected;
  };
  const Case cases[] = {
      {"100", "USD", "EUR", "90"},    {"10", "EUR", "USD", "11.11"},
      {"0.05", "USD", "EUR", "0.04"},  // 0.045 half-even
      {"1.99", "USD", "SEK", "20"},    // 20.895 floor to 0 places
      {"100", "SEK", "EUR", "8.57"},   // 8.5714...
  };
  for (const auto& c : cases) {
    const std::string body = std::string(R"({"amount":)") + c.amount + R"(,"from":")" + c.from +
                             R"(","to":")" + c.to + R"("})";
    auto r = server_->Admin("POST", "/api/v1/currencies/convert", body);
    ASSERT_EQ(r.status, 200) << body << " -> " << r.body;
    // Compare the raw JSON number text, not a double.
    EXPECT_NE(r.body.find(std::string(R"("amount":)") + c.expected + ","), std::string::npos)
        << body << " -> " << r.body;
    EXPECT_EQ(r.Json()["currency"], c.to);
  }
  auto unknown = server_->Admin("POST", "/api/v1/currencies/convert",
                                R"({"amount":1,"from":"USD","to":"XAU"})");
  EXPECT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_EQ(FirstErrorField(unknown), "to");
  auto malformed =
      server_->Admin("POST", "/api/v1/currencies/convert", R"({"amount":"x","from":"USD"})");
  EXPECT_EQ(malformed.status, 400);
}

TEST_F(LocalizationApiTest, WritesEmitEventsVisibleInTheChangeHistory) {
  auto created = Post("/api/v1/languages", {{"code", "cs-CZ"}, {"name", "Czech"}});
  ASSERT_EQ(created.status, 201);
  const std::string id = created.Json()["id"];
  ASSERT_EQ(Patch("/api/v1/languages/" + id, {{"name", "Čeština"}}).status, 200);
  ASSERT_EQ(server_->Admin("DELETE", "/api/v1/languages/" + id).status, 204);
  auto changes = Get("/api/v1/changes?entityType=localization.language&entityId=" + id);
  ASSERT_EQ(changes["total"], 3) << changes.dump();
  EXPECT_EQ(changes["items"][0]["operation"], "deleted");
  EXPECT_EQ(changes["items"][1]["operation"], "updated");
  EXPECT_EQ(changes["items"][1]["detail"]["changes"][0]["field"], "name");
  EXPECT_EQ(changes["items"][2]["operation"], "created");
  EXPECT_EQ(changes["items"][2]["actor"], "admin");
}

TEST_F(LocalizationApiTest, PermissionNamesFollowAcceptLanguage) {
  auto de = server_->Admin("GET", "/api/v1/security/permissions?module=localization", "",
                           {{"Accept-Language", "de-DE,de;q=0.9,en;q=0.5"}});
  ASSERT_EQ(de.status, 200) << de.body;
  auto items = de.Json()["items"];
  ASSERT_EQ(items.size(), 4u) << de.body;
  EXPECT_EQ(items[0]["name"], "localization:create");
  EXPECT_EQ(items[0]["displayName"], "Sprachen und Währungen anlegen");
  auto en = server_->Admin("GET", "/api/v1/security/permissions?module=localization", "",
                           {{"Accept-Language", "fr-FR"}});
  EXPECT_EQ(en.Json()["items"][0]["displayName"], "Create languages and currencies");
  // Other modules' permissions are localized too.
  auto catalog = server_->Admin("GET", "/api/v1/security/permissions?module=catalog", "",
                                {{"Accept-Language", "de"}});
  bool found = false;
  const Json catalog_items = catalog.Json()["items"];
  for (const auto& p : catalog_items) {
    if (p["name"] == "catalog:read") {
      found = true;
      EXPECT_EQ(p["displayName"], "Kataloge, Kategorien, Produkte und Eigenschaften anzeigen");
    }
  }
  EXPECT_TRUE(found);
  auto members = server_->Admin("GET", "/api/v1/security/permissions?module=members", "",
                                {{"Accept-Language", "de-DE"}});
  ASSERT_EQ(members.Json()["items"].size(), 4u);
}

TEST_F(LocalizationApiTest, ReadersCannotWrite) {
  auto role = Post("/api/v1/security/roles", {{"name", "LocalizationReader"},
                                              {"permissions", Json::array({"localization:read"})}});
  ASSERT_EQ(role.status, 201) << role.body;
  auto user = Post("/api/v1/security/users", {{"userName", "loc-reader"},
                                              {"password", "Passw0rd-Reader1"},
                                              {"roles", Json::array({"LocalizationReader"})}});
  ASSERT_EQ(user.status, 201) << user.body;
  const std::string token = server_->Login("loc-reader", "Passw0rd-Reader1");
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(server_->As(token, "GET", "/api/v1/languages").status, 200);
  EXPECT_EQ(
      server_->As(token, "POST", "/api/v1/languages", R"({"code":"ro-RO","name":"R"})").status,
      403);
  EXPECT_EQ(server_->As(token, "POST", "/api/v1/currencies/bulk", R"({"items":[]})").status, 403);
}

}  // namespace
}  // namespace emporion::test
