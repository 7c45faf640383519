#include "platform/web/static_files.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace emporion::web {
namespace {

namespace fs = std::filesystem;

std::string HeaderOf(const http::Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "emporion-web-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    root_ = tmpl;
    Write("index.html", "<!doctype html><title>app</title>");
    Write("assets/app-1a2b3c4d.js", std::string(4096, 'x'));
    Write("style.css", "body{}");
    Write("docs/index.html", "<!doctype html><title>docs</title>");
    Write(".env", "SECRET=1");
    files_ = StaticFiles::Load(root_.string());
  }
  void TearDown() override { fs::remove_all(root_); }

  void Write(const std::string& rel, const std::string& body) {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel, std::ios::binary) << body;
  }

  Result<http::Response> Get(const std::string& path,
                             std::vector<std::pair<std::string, std::string>> headers = {}) {
    http::Request r;
    r.path = path;
    r.headers = std::move(headers);
    return files_->Serve(r);
  }

  fs::path root_;
  std::unique_ptr<StaticFiles> files_;
};

TEST_F(StaticFilesTest, RootServesIndexHtmlRevalidated) {
  auto r = Get("/");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200u);
  EXPECT_EQ(r->body, "<!doctype html><title>app</title>");
  EXPECT_EQ(r->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(HeaderOf(*r, "Cache-Control"), "no-cache");
  EXPECT_FALSE(HeaderOf(*r, "ETag").empty());
  EXPECT_FALSE(HeaderOf(*r, "Last-Modified").empty());
  EXPECT_EQ(files_->file_count(), 4u);
}

TEST_F(StaticFilesTest, HashedAssetsAreImmutableAndGzippedWhenAccepted) {
  auto plain = Get("/assets/app-1a2b3c4d.js");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(HeaderOf(*plain, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(HeaderOf(*plain, "Content-Encoding"), "");
  EXPECT_EQ(HeaderOf(*plain, "Vary"), "Accept-Encoding");

  auto gz = Get("/assets/app-1a2b3c4d.js", {{"accept-encoding", "br, gzip"}});
  ASSERT_TRUE(gz.ok());
  EXPECT_EQ(HeaderOf(*gz, "Content-Encoding"), "gzip");
  EXPECT_LT(gz->body.size(), plain->body.size());
  EXPECT_NE(HeaderOf(*gz, "ETag"), HeaderOf(*plain, "ETag"));

  auto refused = Get("/assets/app-1a2b3c4d.js", {{"accept-encoding", "gzip;q=0"}});
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(HeaderOf(*refused, "Content-Encoding"), "");
}

TEST_F(StaticFilesTest, ConditionalRequestsGet304) {
  auto first = Get("/style.css");
  ASSERT_TRUE(first.ok());
  const std::string etag = HeaderOf(*first, "ETag");
  auto by_etag = Get("/style.css", {{"if-none-match", "\"other\", " + etag}});
  ASSERT_TRUE(by_etag.ok());
  EXPECT_EQ(by_etag->status, 304u);
  EXPECT_TRUE(by_etag->body.empty());
  auto weak = Get("/style.css", {{"if-none-match", "W/" + etag}});
  EXPECT_EQ(weak->status, 304u);
  auto by_date = Get("/style.css", {{"if-modified-since", HeaderOf(*first, "Last-Modified")}});
  EXPECT_EQ(by_date->status, 304u);
  auto stale = Get("/style.css", {{"if-modified-since", "Thu, 01 Jan 1970 00:00:00 GMT"}});
  EXPECT_EQ(stale->status, 200u);
  auto changed = Get("/style.css", {{"if-none-match", "\"other\""}});
  EXPECT_EQ(changed->status, 200u);
}

TEST_F(StaticFilesTest, TraversalDotFilesAndUnknownFilesAreNotFound) {
  for (const char* path : {"/../etc/passwd", "/docs/../../etc/passwd", "/.env", "/a/./b",
                           "/missing.js", "/api/v1/things", "/api", "/x\\..\\y"}) {
    auto r = Get(path);
    ASSERT_FALSE(r.ok()) << path;
    EXPECT_EQ(r.error().code(), ErrorCode::kNotFound) << path;
  }
}

TEST_F(StaticFilesTest, ClientRoutesWithoutExtensionFallBackToIndex) {
  auto r = Get("/catalog/products/42");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->body, "<!doctype html><title>app</title>");
  EXPECT_EQ(HeaderOf(*r, "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, DirectoriesServeTheirIndex) {
  for (const char* path : {"/docs", "/docs/"}) {
    auto r = Get(path);
    ASSERT_TRUE(r.ok()) << path;
    EXPECT_EQ(r->body, "<!doctype html><title>docs</title>") << path;
  }
}

TEST(StaticFilesMissingRootTest, ServesTheBuiltInPages) {
  auto files = StaticFiles::Load("/nonexistent/emporion/web");
  EXPECT_EQ(files->file_count(), 0u);
  http::Request home;
  home.path = "/";
  auto r = files->Serve(home);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->body, PlaceholderPage());
  EXPECT_NE(r->body.find("emporion back office"), std::string::npos);
  http::Request docs;
  docs.path = "/docs";
  auto d = files->Serve(docs);
  ASSERT_TRUE(d.ok());
  EXPECT_NE(d->body.find("/api/v1/openapi.json"), std::string::npos);
}

TEST(StaticFilesNamesTest, ContentTypesByExtension) {
  const struct {
    const char* name;
    const char* type;
  } cases[] = {
      {"index.html", "text/html; charset=utf-8"},
      {"a/b/app.JS", "text/javascript; charset=utf-8"},
      {"x.css", "text/css; charset=utf-8"},
      {"x.svg", "image/svg+xml"},
      {"x.woff2", "font/woff2"},
      {"x.png", "image/png"},
      {"manifest.webmanifest", "application/manifest+json; charset=utf-8"},
      {"README", "application/octet-stream"},
      {"x.unknown", "application/octet-stream"},
  };
  for (const auto& c : cases) EXPECT_EQ(ContentTypeFor(c.name), c.type) << c.name;
}

TEST(StaticFilesNamesTest, HashedAssetNames) {
  const struct {
    const char* name;
    bool hashed;
  } cases[] = {
      {"assets/index-BLHTd3jy.js", true},
      {"assets/roboto-latin-400-normal-D27F5sTu.woff", true},
      {"main.3f2a9c1b.css", true},
      {"chunk-A1B2C3D4_.js", true},
      {"swagger-ui-bundle.js", false},
      {"swagger-ui-standalone-preset.js", false},
      {"favicon-32x32.png", false},
      {"index.html", false},
      {"docs.js", false},
  };
  for (const auto& c : cases) EXPECT_EQ(IsHashedAsset(c.name), c.hashed) << c.name;
}

}  // namespace
}  // namespace emporion::web
