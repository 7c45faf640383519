// Discovery (contract section 5) against the real binary: the OpenAPI 3.1 document, the /docs
// reference, the back office at / with its SPA fallback, static file caching and path safety.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "support/test_server.hpp"

namespace emporion::test {
namespace {

class OpenApiApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static TestServer* server_;
};
TestServer* OpenApiApiTest::server_ = nullptr;

bool StartsWith(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

TEST_F(OpenApiApiTest, DocumentIsPublicOpenApi31Json) {
  auto r = server_->Client()->Send("GET", "/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(StartsWith(r.Header("content-type"), "application/json"));
  auto doc = r.Json();
  ASSERT_TRUE(doc["openapi"].is_string());
  EXPECT_TRUE(StartsWith(doc["openapi"].get<std::string>(), "3.1"));
  EXPECT_EQ(doc["info"]["title"], "emporion");
  EXPECT_TRUE(doc["paths"].contains("/health/live"));
  EXPECT_TRUE(doc["paths"].contains("/api/v1/openapi.json"));
  EXPECT_TRUE(doc["paths"].contains("/docs"));
  EXPECT_TRUE(doc["components"]["schemas"].contains("Problem"));
}

TEST_F(OpenApiApiTest, EveryOperationHasAUniqueIdAndADocumentedPermission) {
  auto doc = server_->Client()->Send("GET", "/api/v1/openapi.json").Json();
  std::set<std::string> ids;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      const std::string where = method + " " + path;
      ASSERT_TRUE(op.contains("operationId")) << where;
      EXPECT_TRUE(ids.insert(op["operationId"].get<std::string>()).second) << where;
      ASSERT_TRUE(op.contains("security")) << where;
      const bool is_public = op["security"].empty();
      EXPECT_EQ(op.contains("x-permission"), !is_public) << where;
      EXPECT_FALSE(StartsWith(path, "/{")) << "hidden routes must stay out: " << where;
    }
  }
  const auto& self = doc["paths"]["/api/v1/openapi.json"]["get"];
  EXPECT_TRUE(self["security"].empty());
}

TEST_F(OpenApiApiTest, DocumentAnswers304ForItsETag) {
  auto client = server_->Client();
  auto first = client->Send("GET", "/api/v1/openapi.json");
  const std::string etag = first.Header("etag");
  ASSERT_FALSE(etag.empty());
  auto again = client->Send("GET", "/api/v1/openapi.json", "", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  auto zipped = client->Send("GET", "/api/v1/openapi.json", "", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(zipped.status, 200);
  EXPECT_EQ(zipped.Header("content-encoding"), "gzip");
}

TEST_F(OpenApiApiTest, DocsServesTheHtmlReferenceWithAndWithoutSlash) {
  auto client = server_->Client();
  for (const char* path : {"/docs", "/docs/"}) {
    auto r = client->Send("GET", path);
    ASSERT_EQ(r.status, 200) << path;
    EXPECT_TRUE(StartsWith(r.Header("content-type"), "text/html")) << path;
    EXPECT_NE(r.body.find("/api/v1/openapi.json"), std::string::npos) << path;
  }
}

TEST_F(OpenApiApiTest, DocsAssetsAreServedLocallyAndGzipped) {
  auto client = server_->Client();
  auto page = client->Send("GET", "/docs");
  if (page.body.find("swagger-ui-bundle.js") == std::string::npos) {
    GTEST_SKIP() << "web assets not built (scripts/build-web.sh)";
  }
  EXPECT_EQ(page.body.find("https://"), std::string::npos) << "no CDN: everything is ours";
  auto js = client->Send("GET", "/docs/swagger-ui-bundle.js", "", {{"Accept-Encoding", "gzip"}});
  ASSERT_EQ(js.status, 200);
  EXPECT_TRUE(StartsWith(js.Header("content-type"), "text/javascript"));
  EXPECT_EQ(js.Header("content-encoding"), "gzip");
  EXPECT_FALSE(js.Header("etag").empty());
  auto css = client->Send("GET", "/docs/swagger-ui.css");
  ASSERT_EQ(css.status, 200);
  EXPECT_TRUE(StartsWith(css.Header("content-type"), "text/css"));
  auto cached =
      client->Send("GET", "/docs/swagger-ui.css", "", {{"If-None-Match", css.Header("etag")}});
  EXPECT_EQ(cached.status, 304);
}

TEST_F(OpenApiApiTest, RootServesTheBackOfficeHtml) {
  auto r = server_->Client()->Send("GET", "/");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(StartsWith(r.Header("content-type"), "text/html"));
  EXPECT_NE(r.body.find("emporion back office"), std::string::npos);
  EXPECT_EQ(r.Header("cache-control"), "no-cache");
}

TEST_F(OpenApiApiTest, ClientSideRoutesFallBackToTheBackOffice) {
  auto client = server_->Client();
  auto r = client->Send("GET", "/catalog/products/some-id");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(StartsWith(r.Header("content-type"), "text/html"));
  EXPECT_NE(r.body.find("emporion back office"), std::string::npos);
  auto missing = client->Send("GET", "/no-such-file.js");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.Header("content-type"), "application/problem+json");
}

TEST_F(OpenApiApiTest, PathTraversalIsNotFound) {
  auto client = server_->Client();
  for (const char* path :
       {"/../etc/passwd", "/../../../../etc/passwd", "/docs/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd", "/.git/config"}) {
    auto r = client->Send("GET", path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << path;
  }
}

TEST_F(OpenApiApiTest, UnknownApiPathsStayProblemJson404) {
  auto client = server_->Client();
  for (const char* path : {"/api/v1/x", "/api/v1/no/such/thing", "/api", "/api/v2"}) {
    auto r = client->Send("GET", path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.Header("content-type"), "application/problem+json") << path;
  }
}

TEST_F(OpenApiApiTest, HeadAnswersWithoutBodyAndWritesAre405) {
  auto client = server_->Client();
  auto head = client->Send("HEAD", "/");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  auto post = client->Send("POST", "/index.html", "{}", {{"Content-Type", "application/json"}});
  EXPECT_EQ(post.status, 405);
}

}  // namespace
}  // namespace emporion::test
