#include "platform/openapi/openapi.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "platform/json/json.hpp"

namespace emporion::openapi {
namespace {

Result<http::Response> NoOp(http::Request&) { return http::Response::NoContent(); }

// A router shaped like a module's: a collection, an item, a public route and a hidden one.
void AddThings(http::Router& router) {
  router.AddSchema("Thing", R"({"type": "object", "properties": {
      "id": {"type": "string"},
      "note": {"type": "string", "nullable": true},
      "weight": {"type": "number", "minimum": 0, "exclusiveMinimum": true}}})");
  router.Add({.method = http::Verb::get,
              .path = "/api/v1/things",
              .permission = "things:read",
              .tag = "things",
              .summary = "List things",
              .response_schema = R"({"type": "object"})",
              .query = {{.name = "limit", .type = "integer", .description = "At most 1000."}},
              .handler = NoOp});
  router.Add({.method = http::Verb::post,
              .path = "/api/v1/things",
              .permission = "things:create",
              .tag = "things",
              .summary = "Create a thing",
              .request_schema = R"({"$ref": "#/components/schemas/Thing"})",
              .success_status = 201,
              .response_schema = R"({"$ref": "#/components/schemas/Thing"})",
              .handler = NoOp});
  router.Add({.method = http::Verb::get,
              .path = "/api/v1/things/{id}",
              .permission = "things:read",
              .tag = "things",
              .summary = "Read a thing",
              .response_schema = R"({"$ref": "#/components/schemas/Thing"})",
              .handler = NoOp});
  router.Add({.method = http::Verb::patch,
              .path = "/api/v1/things/{id}",
              .permission = "things:update",
              .tag = "things",
              .summary = "Change a thing",
              .request_schema = R"({"type": "object"})",
              .response_schema = R"({"$ref": "#/components/schemas/Thing"})",
              .handler = NoOp});
  router.Add({.method = http::Verb::delete_,
              .path = "/api/v1/things/{id}",
              .permission = "things:delete",
              .tag = "things",
              .summary = "Delete a thing",
              .success_status = 204,
              .handler = NoOp});
  router.Add({.method = http::Verb::get,
              .path = "/api/v1/me",
              .permission = std::string(http::kAuthenticated),
              .summary = "Who am I",
              .handler = NoOp});
  router.Add({.method = http::Verb::get,
              .path = "/health/live",
              .permission = std::string(http::kPublic),
              .tag = "operations",
              .summary = "Liveness",
              .handler = NoOp});
  router.Add({.method = http::Verb::get,
              .path = "/{*path}",
              .permission = std::string(http::kPublic),
              .hidden = true,
              .handler = NoOp});
}

json::Document Build(const http::Router& router, std::vector<std::string>* problems = nullptr) {
  BuiltDocument built = BuildDocument(router, {.title = "emporion", .version = "1.2.3"});
  if (problems != nullptr) *problems = built.problems;
  auto doc = json::Parse(built.json);
  EXPECT_TRUE(doc.ok());
  return std::move(doc).value();
}

TEST(OpenApiTest, DocumentHasTheOpenApi31Frame) {
  http::Router router;
  AddThings(router);
  std::vector<std::string> problems;
  auto doc = Build(router, &problems);
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_STREQ(doc["openapi"].GetString(), "3.1.0");
  EXPECT_STREQ(doc["info"]["title"].GetString(), "emporion");
  EXPECT_STREQ(doc["info"]["version"].GetString(), "1.2.3");
  EXPECT_STREQ(doc["servers"][0]["url"].GetString(), "/");
  EXPECT_TRUE(doc["components"]["schemas"].HasMember("Problem"));
  EXPECT_TRUE(doc["components"]["schemas"].HasMember("Thing"));
  EXPECT_STREQ(doc["components"]["securitySchemes"]["bearerAuth"]["scheme"].GetString(), "bearer");
  EXPECT_STREQ(doc["components"]["securitySchemes"]["apiKey"]["name"].GetString(), "X-API-Key");
}

TEST(OpenApiTest, HiddenRoutesAreLeftOut) {
  http::Router router;
  AddThings(router);
  auto doc = Build(router);
  EXPECT_FALSE(doc["paths"].HasMember("/{path}"));
  EXPECT_TRUE(doc["paths"].HasMember("/health/live"));
  EXPECT_TRUE(doc["paths"].HasMember("/api/v1/things/{id}"));
}

TEST(OpenApiTest, OperationIdsAreDerivedFromMethodAndPath) {
  const struct {
    http::Verb method;
    const char* path;
    const char* id;
  } cases[] = {
      {http::Verb::get, "/api/v1/things", "getThings"},
      {http::Verb::get, "/api/v1/price-lists/{id}", "getPriceListsById"},
      {http::Verb::post, "/api/v1/jobs/{id}/cancel", "postJobsByIdCancel"},
      {http::Verb::get, "/api/v1/openapi.json", "getOpenapiJson"},
      {http::Verb::get, "/health/live", "getHealthLive"},
      {http::Verb::get, "/", "getRoot"},
      {http::Verb::delete_, "/api/v1/assets/{*rest}", "deleteAssetsByRest"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(OperationId(c.method, c.path), c.id) << c.path;
  }
}

TEST(OpenApiTest, OperationIdsAreUnique) {
  http::Router router;
  AddThings(router);
  // Different paths that derive the same id.
  router.Add({.method = http::Verb::get, .path = "/api/v1/a-b", .handler = NoOp});
  router.Add({.method = http::Verb::get, .path = "/api/v1/a_b", .handler = NoOp});
  auto doc = Build(router);
  std::set<std::string> ids;
  int count = 0;
  for (const auto& path : doc["paths"].GetObject()) {
    for (const auto& op : path.value.GetObject()) {
      ids.insert(op.value["operationId"].GetString());
      ++count;
    }
  }
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(count));
  EXPECT_EQ(ids.count("getAB"), 1u);
  EXPECT_EQ(ids.count("getAB2"), 1u);
}

TEST(OpenApiTest, PermissionsAppearAsExtensionDescriptionAndSecurity) {
  http::Router router;
  AddThings(router);
  auto doc = Build(router);
  const auto& read = doc["paths"]["/api/v1/things/{id}"]["get"];
  EXPECT_STREQ(read["x-permission"].GetString(), "things:read");
  EXPECT_NE(std::string(read["description"].GetString()).find("`things:read`"), std::string::npos);
  EXPECT_EQ(read["security"].Size(), 2u);
  EXPECT_TRUE(read["responses"].HasMember("401"));
  EXPECT_TRUE(read["responses"].HasMember("403"));

  const auto& me = doc["paths"]["/api/v1/me"]["get"];
  EXPECT_STREQ(me["x-permission"].GetString(), "authenticated");
  EXPECT_TRUE(me["responses"].HasMember("401"));
  EXPECT_FALSE(me["responses"].HasMember("403"));

  const auto& live = doc["paths"]["/health/live"]["get"];
  EXPECT_FALSE(live.HasMember("x-permission"));
  ASSERT_TRUE(live["security"].IsArray());
  EXPECT_EQ(live["security"].Size(), 0u);
  EXPECT_FALSE(live["responses"].HasMember("401"));
}

TEST(OpenApiTest, ParametersBodiesAndResponsesFollowTheConventions) {
  http::Router router;
  AddThings(router);
  auto doc = Build(router);
  const auto& item = doc["paths"]["/api/v1/things/{id}"];

  const auto& read = item["get"];
  EXPECT_STREQ(read["parameters"][0]["name"].GetString(), "id");
  EXPECT_STREQ(read["parameters"][0]["in"].GetString(), "path");
  EXPECT_TRUE(read["parameters"][0]["required"].GetBool());
  EXPECT_TRUE(read["responses"]["200"]["headers"].HasMember("ETag"));
  EXPECT_STREQ(read["responses"]["404"]["$ref"].GetString(), "#/components/responses/NotFound");

  const auto& patch = item["patch"];
  const auto& content = patch["requestBody"]["content"];
  EXPECT_TRUE(content.HasMember("application/json"));
  EXPECT_TRUE(content.HasMember("application/merge-patch+json"));
  EXPECT_STREQ(patch["parameters"][1]["$ref"].GetString(), "#/components/parameters/IfMatch");
  EXPECT_TRUE(patch["responses"].HasMember("412"));
  EXPECT_TRUE(patch["responses"].HasMember("415"));

  const auto& create = doc["paths"]["/api/v1/things"]["post"];
  EXPECT_TRUE(create["responses"]["201"]["headers"].HasMember("Location"));
  EXPECT_TRUE(create["responses"].HasMember("409"));
  EXPECT_TRUE(create["responses"].HasMember("422"));

  const auto& list = doc["paths"]["/api/v1/things"]["get"];
  EXPECT_STREQ(list["parameters"][0]["name"].GetString(), "limit");
  EXPECT_STREQ(list["parameters"][0]["in"].GetString(), "query");
  EXPECT_STREQ(list["parameters"][0]["schema"]["type"].GetString(), "integer");

  const auto& remove = item["delete"];
  EXPECT_FALSE(remove["responses"]["204"].HasMember("content"));
}

TEST(OpenApiTest, OpenApi30SchemaIdiomsAreRewrittenFor31) {
  http::Router router;
  AddThings(router);
  auto doc = Build(router);
  const auto& props = doc["components"]["schemas"]["Thing"]["properties"];
  ASSERT_TRUE(props["note"]["type"].IsArray());
  EXPECT_STREQ(props["note"]["type"][1].GetString(), "null");
  EXPECT_FALSE(props["note"].HasMember("nullable"));
  EXPECT_EQ(props["weight"]["exclusiveMinimum"].GetInt(), 0);
  EXPECT_FALSE(props["weight"].HasMember("minimum"));
}

TEST(OpenApiTest, BadSchemasAndDanglingRefsAreReported) {
  http::Router router;
  router.AddSchema("Broken", "{not json");
  router.Add({.method = http::Verb::get,
              .path = "/api/v1/x",
              .permission = "x:read",
              .response_schema = R"({"$ref": "#/components/schemas/Missing"})",
              .handler = NoOp});
  std::vector<std::string> problems;
  auto doc = Build(router, &problems);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_NE(problems[0].find("Broken"), std::string::npos);
  EXPECT_NE(problems[1].find("#/components/schemas/Missing"), std::string::npos);
  EXPECT_TRUE(doc["components"]["schemas"]["Broken"].HasMember("x-emporion-invalid-schema"));
}

}  // namespace
}  // namespace emporion::openapi
