// Static files of the web root (the back office at `/`, the API reference at `/docs`), held in
// memory and served with the right Content-Type, strong ETags, Last-Modified and 304s,
// Cache-Control (immutable for content-hashed assets, no-cache otherwise), gzip (precompressed
// `.gz` siblings or compressed once on first use) and an SPA fallback: a path under no `/api/`
// whose last segment has no extension answers index.html, so client-side routes survive a reload.
//
// The files are read once, at Load; later changes on disk are not seen until a restart. Nothing
// on disk is touched at request time, so a path cannot escape the root; `..` segments and dot
// files are 404 all the same. StaticFiles is immutable after Load and thread-safe.
#pragma once

#include <cstddef>
#include <ctime>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "platform/http/router.hpp"

namespace emporion::web {

class StaticFiles {
 public:
  struct File;

  /// Loads every regular file under `root` (symlinks and names starting with '.' are skipped).
  /// A missing or unreadable root gives an empty set; `/` then answers a built-in placeholder
  /// page and `/docs` a page saying the reference is not built.
  static std::unique_ptr<StaticFiles> Load(const std::string& root);
  ~StaticFiles();
  StaticFiles(const StaticFiles&) = delete;
  StaticFiles& operator=(const StaticFiles&) = delete;

  /// Answers a GET or HEAD for `request.path`: 200 (or 304 for a matching If-None-Match or
  /// If-Modified-Since), or kNotFound for traversal, dot files, unknown files with an extension
  /// and anything under /api/.
  [[nodiscard]] Result<http::Response> Serve(const http::Request& request) const;

  [[nodiscard]] const std::string& root() const { return root_; }
  /// Number of files loaded from disk (built-in pages not counted).
  [[nodiscard]] std::size_t file_count() const { return file_count_; }
  [[nodiscard]] bool Has(const std::string& relative_path) const {
    return files_.count(relative_path) != 0;
  }

 private:
  StaticFiles();
  void AddFile(std::string relative_path, std::string body, std::time_t mtime);
  [[nodiscard]] http::Response Respond(const http::Request& request, const File& file) const;

  std::string root_;
  std::size_t file_count_ = 0;
  std::unordered_map<std::string, std::unique_ptr<File>> files_;
};

/// The Content-Type for a file name, by extension ("application/octet-stream" when unknown).
std::string_view ContentTypeFor(std::string_view file_name);
/// True for build outputs whose name carries a content hash (`index-B1x9_aQz.js`,
/// `main.3f2a9c1b.css`): they never change and are served as immutable.
bool IsHashedAsset(std::string_view file_name);
/// `<directory of the running binary>/../web` (i.e. build/web); empty when unknown.
std::string DefaultWebRoot();
/// The placeholder back office page (web/placeholder/index.html, embedded at build time).
std::string_view PlaceholderPage();

/// Registers `GET /docs` (documented), and the hidden `GET /docs/{*path}` and `GET /{*path}`,
/// all public and non-blocking, served from `files`. The router's literal segments win over the
/// wildcard, so unknown `/api/...` paths stay problem+json 404s.
void RegisterRoutes(http::Router& router, std::shared_ptr<const StaticFiles> files);

}  // namespace emporion::web
