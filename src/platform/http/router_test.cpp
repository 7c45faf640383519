// Router: literal and {param} segments, {*rest} wildcards, literal preference, 404 vs 405 with
// the allowed methods, HEAD answered by GET, and registration errors.
#include "platform/http/router.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace emporion::http {
namespace {

RouteSpec Spec(Verb method, std::string path) {
  RouteSpec spec;
  spec.method = method;
  spec.path = std::move(path);
  spec.handler = [](Request&) -> Result<Response> { return Response::NoContent(); };
  return spec;
}

class RouterTest : public ::testing::Test {
 protected:
  RouterTest() {
    for (const auto& [verb, path] : std::vector<std::pair<Verb, std::string>>{
             {Verb::get, "/health/live"},
             {Verb::get, "/api/v1/catalog/products"},
             {Verb::post, "/api/v1/catalog/products"},
             {Verb::post, "/api/v1/catalog/products/bulk"},
             {Verb::get, "/api/v1/catalog/products/{id}"},
             {Verb::put, "/api/v1/catalog/products/{id}"},
             {Verb::patch, "/api/v1/catalog/products/{id}"},
             {Verb::delete_, "/api/v1/catalog/products/{id}"},
             {Verb::get, "/api/v1/catalog/products/{id}/variations"},
             {Verb::get, "/api/v1/catalogs/{catalogId}/categories/{id}"},
             {Verb::get, "/assets/{*path}"},
             {Verb::get, "/"},
         }) {
      router_.Add(Spec(verb, path));
    }
  }

  struct Found {
    std::string route;  // the matched route's path, "" when none
    bool path_exists = false;
    std::vector<Verb> allowed;
    std::unordered_map<std::string, std::string> params;
  };
  Found Find(Verb method, std::string_view path) const {
    Found f;
    auto m = router_.Find(method, path, f.params);
    if (m.route != nullptr) f.route = m.route->path;
    f.path_exists = m.path_exists;
    f.allowed = m.allowed;
    return f;
  }

  Router router_;
};

TEST_F(RouterTest, MatchesLiteralAndParameterRoutes) {
  struct Case {
    Verb method;
    const char* path;
    const char* route;
  } cases[] = {
      {Verb::get, "/health/live", "/health/live"},
      {Verb::get, "/api/v1/catalog/products", "/api/v1/catalog/products"},
      {Verb::post, "/api/v1/catalog/products", "/api/v1/catalog/products"},
      {Verb::get, "/api/v1/catalog/products/p1", "/api/v1/catalog/products/{id}"},
      {Verb::delete_, "/api/v1/catalog/products/p1", "/api/v1/catalog/products/{id}"},
      {Verb::get, "/api/v1/catalog/products/p1/variations",
       "/api/v1/catalog/products/{id}/variations"},
      {Verb::get, "/", "/"},
      // Empty segments and a trailing slash do not matter.
      {Verb::get, "/health//live/", "/health/live"},
  };
  for (const auto& c : cases) {
    auto f = Find(c.method, c.path);
    EXPECT_EQ(f.route, c.route) << to_string(c.method) << " " << c.path;
  }
}

TEST_F(RouterTest, FillsEveryPathParameter) {
  auto f = Find(Verb::get, "/api/v1/catalogs/c-1/categories/cat.2");
  ASSERT_EQ(f.route, "/api/v1/catalogs/{catalogId}/categories/{id}");
  EXPECT_EQ(f.params["catalogId"], "c-1");
  EXPECT_EQ(f.params["id"], "cat.2");
}

TEST_F(RouterTest, ParameterValuesArePercentDecodedPerSegment) {
  auto f = Find(Verb::get, "/api/v1/catalog/products/caf%C3%A9%20%2541");
  ASSERT_EQ(f.route, "/api/v1/catalog/products/{id}");
  EXPECT_EQ(f.params["id"], "caf\xc3\xa9 %41");
  // An encoded slash stays inside its segment.
  auto slash = Find(Verb::get, "/api/v1/catalog/products/a%2Fb");
  ASSERT_EQ(slash.route, "/api/v1/catalog/products/{id}");
  EXPECT_EQ(slash.params["id"], "a/b");
}

TEST(RouterBacktrackingTest, ALiteralDeadEndFallsBackToTheParameter) {
  Router router;
  router.Add({.method = Verb::get, .path = "/a/{id}/x"});
  router.Add({.method = Verb::get, .path = "/a/b/y"});
  std::unordered_map<std::string, std::string> params;
  auto m = router.Find(Verb::get, "/a/b/x", params);
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->path, "/a/{id}/x");
  EXPECT_EQ(params["id"], "b");
  params.clear();
  auto y = router.Find(Verb::get, "/a/b/y", params);
  ASSERT_NE(y.route, nullptr);
  EXPECT_EQ(y.route->path, "/a/b/y");
  EXPECT_TRUE(params.empty());
}

TEST_F(RouterTest, WildcardTakesTheRestOfThePath) {
  struct Case {
    const char* path;
    const char* rest;
  } cases[] = {
      {"/assets/app.js", "app.js"},
      {"/assets/js/vendor/react.min.js", "js/vendor/react.min.js"},
      {"/assets", ""},
  };
  for (const auto& c : cases) {
    auto f = Find(Verb::get, c.path);
    EXPECT_EQ(f.route, "/assets/{*path}") << c.path;
    EXPECT_EQ(f.params["path"], c.rest) << c.path;
  }
}

TEST_F(RouterTest, LiteralSegmentsWinOverParameters) {
  auto bulk = Find(Verb::post, "/api/v1/catalog/products/bulk");
  EXPECT_EQ(bulk.route, "/api/v1/catalog/products/bulk");
  EXPECT_TRUE(bulk.params.empty());
  auto product = Find(Verb::post, "/api/v1/catalog/products/bulky");
  EXPECT_EQ(product.route, "");  // {id} has no POST
  EXPECT_TRUE(product.path_exists);
}

TEST_F(RouterTest, UnknownPathIsNotFound) {
  for (const char* path : {"/nope", "/health", "/health/live/extra", "/api/v2/catalog/products",
                           "/api/v1/catalog/products/p1/unknown"}) {
    auto f = Find(Verb::get, path);
    EXPECT_EQ(f.route, "") << path;
    EXPECT_FALSE(f.path_exists) << path;
  }
}

TEST_F(RouterTest, KnownPathWithWrongMethodListsTheAllowedMethods) {
  auto f = Find(Verb::post, "/api/v1/catalog/products/p1");
  EXPECT_EQ(f.route, "");
  EXPECT_TRUE(f.path_exists);
  EXPECT_EQ(f.allowed, (std::vector<Verb>{Verb::get, Verb::put, Verb::patch, Verb::delete_}));
  auto live = Find(Verb::delete_, "/health/live");
  EXPECT_TRUE(live.path_exists);
  EXPECT_EQ(live.allowed, std::vector<Verb>{Verb::get});
}

TEST_F(RouterTest, HeadIsAnsweredByTheGetRoute) {
  EXPECT_EQ(Find(Verb::head, "/health/live").route, "/health/live");
  auto f = Find(Verb::head, "/api/v1/catalog/products/p9");
  EXPECT_EQ(f.route, "/api/v1/catalog/products/{id}");
  EXPECT_EQ(f.params["id"], "p9");
  auto post_only = Find(Verb::head, "/api/v1/catalog/products/bulk");
  EXPECT_EQ(post_only.route, "");
  EXPECT_TRUE(post_only.path_exists);
}

TEST(RouterRegistrationTest, DuplicateMethodAndPathThrows) {
  Router router;
  router.Add(Spec(Verb::get, "/api/v1/things/{id}"));
  router.Add(Spec(Verb::put, "/api/v1/things/{id}"));
  EXPECT_THROW(router.Add(Spec(Verb::get, "/api/v1/things/{id}")), std::logic_error);
  EXPECT_THROW(router.Add(Spec(Verb::get, "/api/v1/things/{id}/")), std::logic_error);
  EXPECT_EQ(router.routes().size(), 2u);
}

TEST(RouterRegistrationTest, ConflictingParameterNamesThrow) {
  Router router;
  router.Add(Spec(Verb::get, "/api/v1/things/{id}"));
  EXPECT_THROW(router.Add(Spec(Verb::get, "/api/v1/things/{thingId}/parts")), std::logic_error);
}

TEST(RouterRegistrationTest, KeepsRoutesAndSchemasInRegistrationOrder) {
  Router router;
  router.Add(Spec(Verb::get, "/b"));
  router.Add(Spec(Verb::get, "/a"));
  router.AddSchema("Thing", R"({"type":"object"})");
  ASSERT_EQ(router.routes().size(), 2u);
  EXPECT_EQ(router.routes()[0]->path, "/b");
  EXPECT_EQ(router.routes()[1]->path, "/a");
  ASSERT_EQ(router.schemas().size(), 1u);
  EXPECT_EQ(router.schemas()[0].first, "Thing");
}

TEST(RouterScaleTest, FindsEachOfThreeHundredRoutes) {
  Router router;
  std::vector<std::string> paths;
  for (int m = 0; m < 30; ++m) {
    const std::string base = "/api/v1/module" + std::to_string(m) + "/things";
    for (const char* suffix :
         {"", "/{id}", "/{id}/parts", "/{id}/parts/{partId}", "/bulk", "/{id}/history", "/export",
          "/import", "/{id}/cancel", "/{id}/children"}) {
      paths.push_back(base + suffix);
    }
  }
  for (const auto& p : paths) router.Add(Spec(Verb::get, p));
  ASSERT_EQ(router.routes().size(), 300u);
  for (const auto& p : paths) {
    std::string concrete = p;
    for (const char* param : {"{id}", "{partId}"}) {
      if (auto pos = concrete.find(param); pos != std::string::npos) {
        concrete.replace(pos, std::string(param).size(), "x1");
      }
    }
    std::unordered_map<std::string, std::string> params;
    auto m = router.Find(Verb::get, concrete, params);
    ASSERT_NE(m.route, nullptr) << concrete;
    EXPECT_EQ(m.route->path, p);
  }
}

}  // namespace
}  // namespace emporion::http
