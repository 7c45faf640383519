#include "platform/web/static_files.hpp"

#include <sodium.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <utility>
#include <vector>

#include "platform/http/dispatcher.hpp"

namespace emporion::web {

namespace fs = std::filesystem;

struct StaticFiles::File {
  std::string body;
  std::string_view content_type;
  std::string etag;       // strong, of the identity body
  std::string gzip_etag;  // strong, of the gzip body
  std::string last_modified;
  std::time_t mtime = 0;
  std::string_view cache_control;
  bool compressible = false;
  // Set at Load from a precompressed sibling, or on first use; immutable afterwards.
  mutable std::once_flag gzip_once;
  mutable std::string gzip;
};

namespace {

// Files larger than this stay out of memory (and are 404): the web root holds bundles and
// icons, not media.
constexpr std::uintmax_t kMaxFileBytes = 64u << 20;
constexpr std::size_t kMaxTotalBytes = 512u << 20;
constexpr std::size_t kGzipMinBytes = 1024;

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kRevalidate = "no-cache";

// Shown at /docs when build-web.sh has not put the reference there.
constexpr std::string_view kDocsMissingPage = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>emporion API reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto">
<h1>emporion API reference</h1>
<p>The browsable reference is not built into this server's web root
(run <code>make build</code>). The document itself is served at
<a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p>
</body></html>
)";

struct TypeEntry {
  std::string_view ext;
  std::string_view type;
  bool compressible;
};

constexpr std::array<TypeEntry, 26> kTypes = {{
    {"html", "text/html; charset=utf-8", true},
    {"htm", "text/html; charset=utf-8", true},
    {"js", "text/javascript; charset=utf-8", true},
    {"mjs", "text/javascript; charset=utf-8", true},
    {"css", "text/css; charset=utf-8", true},
    {"json", "application/json; charset=utf-8", true},
    {"map", "application/json; charset=utf-8", true},
    {"webmanifest", "application/manifest+json; charset=utf-8", true},
    {"txt", "text/plain; charset=utf-8", true},
    {"md", "text/markdown; charset=utf-8", true},
    {"csv", "text/csv; charset=utf-8", true},
    {"xml", "application/xml; charset=utf-8", true},
    {"svg", "image/svg+xml", true},
    {"wasm", "application/wasm", true},
    {"ico", "image/x-icon", true},
    {"ttf", "font/ttf", true},
    {"otf", "font/otf", true},
    {"png", "image/png", false},
    {"jpg", "image/jpeg", false},
    {"jpeg", "image/jpeg", false},
    {"gif", "image/gif", false},
    {"webp", "image/webp", false},
    {"avif", "image/avif", false},
    {"woff", "font/woff", false},
    {"woff2", "font/woff2", false},
    {"pdf", "application/pdf", false},
}};

std::string_view Extension(std::string_view name) {
  const auto slash = name.rfind('/');
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  return name.substr(dot + 1);
}

const TypeEntry* FindType(std::string_view name) {
  std::string ext(Extension(name));
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& t : kTypes) {
    if (t.ext == ext) return &t;
  }
  return nullptr;
}

std::string Hash(std::string_view data) {
  unsigned char h[16];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                     nullptr, 0);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : h) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::string HttpDate(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  const std::size_t n = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(buf, n);
}

std::optional<std::time_t> ParseHttpDate(std::string_view text) {
  const std::string s(text);
  std::tm tm{};
  const char* end = strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return timegm(&tm);
}

// RFC 9110 weak comparison against a list of entity tags (GET and HEAD only).
bool NoneMatch(std::string_view header, std::string_view etag) {
  std::size_t i = 0;
  while (i < header.size()) {
    std::size_t j = header.find(',', i);
    if (j == std::string_view::npos) j = header.size();
    std::string_view tag = header.substr(i, j - i);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag == "*") return true;
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (tag == etag) return true;
    i = j + 1;
  }
  return false;
}

bool AcceptsGzip(std::string_view accept_encoding) {
  std::size_t i = 0;
  while (i < accept_encoding.size()) {
    std::size_t j = accept_encoding.find(',', i);
    if (j == std::string_view::npos) j = accept_encoding.size();
    std::string_view item = accept_encoding.substr(i, j - i);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    const std::size_t semi = item.find(';');
    std::string_view coding = item.substr(0, semi);
    while (!coding.empty() && coding.back() == ' ') coding.remove_suffix(1);
    if (coding == "gzip" || coding == "x-gzip" || coding == "*") {
      // "gzip;q=0" refuses it.
      if (semi == std::string_view::npos) return true;
      std::string_view params = item.substr(semi + 1);
      const auto q = params.find("q=");
      if (q == std::string_view::npos) return true;
      const std::string value(params.substr(q + 2));
      return std::strtod(value.c_str(), nullptr) > 0.0;
    }
    i = j + 1;
  }
  return false;
}

// Splits a decoded request path into segments; nullopt when any segment could reach outside the
// root or names a hidden file.
std::optional<std::vector<std::string_view>> SafeSegments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view seg = path.substr(i, j - i);
    if (seg.front() == '.' || seg.find('\\') != std::string_view::npos ||
        seg.find('\0') != std::string_view::npos) {
      return std::nullopt;
    }
    out.push_back(seg);
    i = j;
  }
  return out;
}

bool ReadFile(const fs::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = std::move(ss).str();
  return !in.bad();
}

}  // namespace

StaticFiles::StaticFiles() = default;
StaticFiles::~StaticFiles() = default;

void StaticFiles::AddFile(std::string relative_path, std::string body, std::time_t mtime) {
  auto file = std::make_unique<File>();
  const TypeEntry* type = FindType(relative_path);
  file->content_type = type != nullptr ? type->type : "application/octet-stream";
  file->compressible = type != nullptr && type->compressible && body.size() >= kGzipMinBytes;
  const std::string hash = Hash(body);
  file->etag = "\"" + hash + "\"";
  file->gzip_etag = "\"" + hash + "-gz\"";
  file->mtime = mtime;
  file->last_modified = HttpDate(mtime);
  file->cache_control = IsHashedAsset(relative_path) ? kImmutable : kRevalidate;
  file->body = std::move(body);
  files_[std::move(relative_path)] = std::move(file);
}

std::unique_ptr<StaticFiles> StaticFiles::Load(const std::string& root) {
  std::unique_ptr<StaticFiles> files(new StaticFiles());
  files->root_ = root;
  std::error_code ec;
  std::size_t total = 0;
  if (!root.empty() && fs::is_directory(root, ec)) {
    const fs::path base = fs::path(root);
    fs::recursive_directory_iterator it(base, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const fs::path& p = it->path();
      const std::string name = p.filename().string();
      const auto status = it->symlink_status(ec);
      if (ec) break;
      if (name.empty() || name.front() == '.') {
        if (fs::is_directory(status)) it.disable_recursion_pending();
        continue;
      }
      if (!fs::is_regular_file(status)) continue;
      const auto size = it->file_size(ec);
      if (ec || size > kMaxFileBytes || total + size > kMaxTotalBytes) {
        spdlog::warn("web root: {} skipped (too large or unreadable)", p.string());
        ec.clear();
        continue;
      }
      std::string body;
      struct stat st {};
      if (!ReadFile(p, body) || ::stat(p.c_str(), &st) != 0) {
        spdlog::warn("web root: cannot read {}", p.string());
        continue;
      }
      total += body.size();
      files->AddFile(p.lexically_relative(base).generic_string(), std::move(body), st.st_mtime);
      ++files->file_count_;
    }
    if (ec) spdlog::warn("web root {}: {}", root, ec.message());
  }
  // Precompressed siblings (`app.js.gz`) become the gzip variant of their file.
  for (auto& [name, file] : files->files_) {
    if (!file->compressible) continue;
    auto gz = files->files_.find(name + ".gz");
    if (gz == files->files_.end()) continue;
    const std::string& data = gz->second->body;
    std::call_once(file->gzip_once, [&] { file->gzip = data; });
  }
  const std::time_t now = std::time(nullptr);
  if (files->files_.count("index.html") == 0) {
    files->AddFile("index.html", std::string(PlaceholderPage()), now);
  }
  if (files->files_.count("docs/index.html") == 0) {
    files->AddFile("docs/index.html", std::string(kDocsMissingPage), now);
  }
  return files;
}

http::Response StaticFiles::Respond(const http::Request& request, const File& file) const {
  const bool gzip = file.compressible && AcceptsGzip(request.Header("accept-encoding"));
  if (gzip) std::call_once(file.gzip_once, [&file] { file.gzip = http::Gzip(file.body); });
  const std::string& etag = gzip ? file.gzip_etag : file.etag;

  bool not_modified = false;
  const std::string_view inm = request.Header("if-none-match");
  if (!inm.empty()) {
    not_modified = NoneMatch(inm, file.etag) || NoneMatch(inm, file.gzip_etag);
  } else if (auto since = ParseHttpDate(request.Header("if-modified-since"))) {
    not_modified = file.mtime <= *since;
  }

  http::Response r;
  if (not_modified) {
    r.status = 304;
    r.content_type.clear();
  } else {
    r.status = 200;
    r.content_type = std::string(file.content_type);
    r.body = gzip ? file.gzip : file.body;
    if (gzip) r.headers.emplace_back("Content-Encoding", "gzip");
  }
  r.headers.emplace_back("ETag", etag);
  r.headers.emplace_back("Last-Modified", file.last_modified);
  r.headers.emplace_back("Cache-Control", std::string(file.cache_control));
  if (file.compressible) r.headers.emplace_back("Vary", "Accept-Encoding");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

Result<http::Response> StaticFiles::Serve(const http::Request& request) const {
  auto segments = SafeSegments(request.path);
  if (!segments) return Error::NotFound("no such file: " + request.path);
  std::string rel;
  for (auto seg : *segments) {
    if (!rel.empty()) rel += '/';
    rel += seg;
  }
  // The API and the operational endpoints own their prefixes: an unknown path below them is a
  // 404 problem, never the back office's page.
  for (std::string_view reserved : {"api", "health", "metrics"}) {
    if (rel == reserved || (rel.size() > reserved.size() && rel.compare(0, reserved.size(),
                                                                        reserved) == 0 &&
                            rel[reserved.size()] == '/')) {
      return Error::NotFound("no route for " + request.path);
    }
  }
  if (rel.empty()) rel = "index.html";
  if (auto it = files_.find(rel); it != files_.end()) return Respond(request, *it->second);
  if (auto it = files_.find(rel + "/index.html"); it != files_.end()) {
    return Respond(request, *it->second);
  }
  // Client-side routes of the back office (`/catalog/products/42`) load the app.
  if (Extension(segments->back()).empty()) return Respond(request, *files_.at("index.html"));
  return Error::NotFound("no such file: " + request.path);
}

std::string_view ContentTypeFor(std::string_view file_name) {
  const TypeEntry* t = FindType(file_name);
  return t != nullptr ? t->type : "application/octet-stream";
}

bool IsHashedAsset(std::string_view file_name) {
  const auto slash = file_name.rfind('/');
  if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
  const auto dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return false;
  const std::string_view stem = file_name.substr(0, dot);
  // The hash is the last part of the stem after '-' or '.', as Vite, webpack and esbuild write.
  const auto sep = stem.find_last_of("-.");
  if (sep == std::string_view::npos) return false;
  const std::string_view hash = stem.substr(sep + 1);
  if (hash.size() < 8 || hash.size() > 64) return false;
  bool digit = false;
  for (char c : hash) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) == 0 && c != '_') return false;
    digit = digit || std::isdigit(u) != 0;
  }
  // Words ("bundle", "standalone") have no digits; hashes nearly always do.
  return digit;
}

std::string DefaultWebRoot() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  return (exe.parent_path() / ".." / "web").lexically_normal().string();
}

void RegisterRoutes(http::Router& router, std::shared_ptr<const StaticFiles> files) {
  auto handler = [files](http::Request& request) -> Result<http::Response> {
    return files->Serve(request);
  };
  router.Add({.method = http::Verb::get,
              .path = "/docs",
              .permission = std::string(http::kPublic),
              .tag = "operations",
              .summary = "Browsable API reference (HTML)",
              .description = "An offline API reference of `/api/v1/openapi.json`, served by this "
                             "server. `/docs/` answers the same page.",
              .response_content_type = "text/html",
              .blocking = false,
              .handler = handler});
  router.Add({.method = http::Verb::get,
              .path = "/docs/{*path}",
              .permission = std::string(http::kPublic),
              .tag = "operations",
              .summary = "Files of the API reference",
              .blocking = false,
              .hidden = true,
              .handler = handler});
  router.Add({.method = http::Verb::get,
              .path = "/{*path}",
              .permission = std::string(http::kPublic),
              .tag = "web",
              .summary = "The back office and its files",
              .blocking = false,
              .hidden = true,
              .handler = std::move(handler)});
}

}  // namespace emporion::web
