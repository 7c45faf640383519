// Catalog-scoped permissions: a user whose catalog permissions are limited to catalog A sees
// only A's data (lists are filtered, other ids are 404) and may change only A (403 elsewhere).
#include <gtest/gtest.h>

#include "api/catalog/catalog_api_util.hpp"

namespace emporion::test::catalog {
namespace {

TEST(CatalogScopeApiTest, LimitedUserSeesAndChangesOnlyItsCatalogs) {
  TestServer server;
  auto a = MakeCatalog(server);
  auto b = MakeCatalog(server);
  auto pa = MakeProduct(server, Id(a));
  auto pb = MakeProduct(server, Id(b));
  auto ca = MakeCategory(server, Id(a));
  auto cb = MakeCategory(server, Id(b));
  const Json scope = Json::array({Id(a)});
  Json role = {{"name", "CatalogAEditor"},
               {"permissions",
                {{{"name", "catalog:read"}, {"catalogIds", scope}},
                 {{"name", "catalog:create"}, {"catalogIds", scope}},
                 {{"name", "catalog:update"}, {"catalogIds", scope}}}}};
  ASSERT_EQ(server.Admin("POST", "/api/v1/security/roles", role.dump()).status, 201);
  const std::string password = "Scoped-Passw0rd!";
  auto user = server.Admin(
      "POST", "/api/v1/security/users",
      Json({{"userName", "editor-a"}, {"password", password}, {"roles", {"CatalogAEditor"}}})
          .dump());
  ASSERT_EQ(user.status, 201) << user.body;
  const std::string token = server.Login("editor-a", password);
  ASSERT_FALSE(token.empty());

  auto catalogs = Ids(server.As(token, "GET", "/api/v1/catalogs?limit=1000"));
  EXPECT_EQ(catalogs, std::vector<std::string>{Id(a)});
  auto products = Ids(server.As(token, "GET", "/api/v1/products?limit=1000"));
  EXPECT_EQ(products, std::vector<std::string>{Id(pa)});
  EXPECT_EQ(Ids(server.As(token, "GET", "/api/v1/categories?limit=1000")),
            std::vector<std::string>{Id(ca)});
  EXPECT_EQ(server.As(token, "GET", "/api/v1/products/" + Id(pa)).status, 200);
  EXPECT_EQ(server.As(token, "GET", "/api/v1/products/" + Id(pb)).status, 404);
  EXPECT_EQ(server.As(token, "GET", "/api/v1/categories/" + Id(cb)).status, 404);
  EXPECT_EQ(server.As(token, "GET", "/api/v1/catalogs/" + Id(b)).status, 404);

  auto in_a = server.As(token, "POST", "/api/v1/products",
                        Json({{"catalogId", Id(a)}, {"code", Unique("S")}, {"name", "S"}}).dump());
  EXPECT_EQ(in_a.status, 201) << in_a.body;
  auto in_b = server.As(token, "POST", "/api/v1/products",
                        Json({{"catalogId", Id(b)}, {"code", Unique("S")}, {"name", "S"}}).dump());
  EXPECT_EQ(in_b.status, 422);  // catalog B does not exist for this user
  EXPECT_EQ(server
                .As(token, "PATCH", "/api/v1/products/" + Id(pb), R"({"name":"x"})",
                    {{"Content-Type", "application/merge-patch+json"}})
                .status,
            404);
  EXPECT_EQ(server.As(token, "DELETE", "/api/v1/products/" + Id(pa)).status, 403);  // no delete

  // Read-only in B, editor in A: B is visible but changes there are 403.
  Json reader = {{"name", "CatalogBReader"},
                 {"permissions",
                  {{{"name", "catalog:read"}, {"catalogIds", Json::array({Id(a), Id(b)})}},
                   {{"name", "catalog:update"}, {"catalogIds", scope}}}}};
  ASSERT_EQ(server.Admin("POST", "/api/v1/security/roles", reader.dump()).status, 201);
  ASSERT_EQ(server
                .Admin("POST", "/api/v1/security/users",
                       Json({{"userName", "reader-b"},
                             {"password", password},
                             {"roles", {"CatalogBReader"}}})
                           .dump())
                .status,
            201);
  const std::string reader_token = server.Login("reader-b", password);
  EXPECT_EQ(server.As(reader_token, "GET", "/api/v1/products/" + Id(pb)).status, 200);
  EXPECT_EQ(server
                .As(reader_token, "PATCH", "/api/v1/products/" + Id(pb), R"({"name":"x"})",
                    {{"Content-Type", "application/merge-patch+json"}})
                .status,
            403);
  EXPECT_EQ(server
                .As(reader_token, "PATCH", "/api/v1/products/" + Id(pa), R"({"name":"x"})",
                    {{"Content-Type", "application/merge-patch+json"}})
                .status,
            200);
}

TEST(CatalogScopeApiTest, CatalogRoutesNeedTheirPermissions) {
  TestServer server;
  EXPECT_EQ(server.Client()->Send("GET", "/api/v1/products").status, 401);
  ASSERT_EQ(server.Admin("POST", "/api/v1/security/roles", R"({"name":"Nobody","permissions":[]})")
                .status,
            201);
  ASSERT_EQ(server
                .Admin("POST", "/api/v1/security/users",
                       R"({"userName":"nobody","password":"Nobody-Passw0rd!","roles":["Nobody"]})")
                .status,
            201);
  const std::string token = server.Login("nobody", "Nobody-Passw0rd!");
  EXPECT_EQ(server.As(token, "GET", "/api/v1/products").status, 403);
  EXPECT_EQ(
      server.As(token, "POST", "/api/v1/catalogs", R"({"name":"x","defaultLanguage":"en-US"})")
          .status,
      403);
  auto perms = server.Admin("GET", "/api/v1/security/permissions").body;
  for (const char* p : {"catalog:read", "catalog:create", "catalog:update", "catalog:delete"}) {
    EXPECT_NE(perms.find(p), std::string::npos) << p;
  }
}

}  // namespace
}  // namespace emporion::test::catalog
