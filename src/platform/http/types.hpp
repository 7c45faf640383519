// HTTP value types shared by the router, the dispatcher and every module's route handlers:
// Request (what a handler reads), Response (what it returns), Principal (who is calling) and
// RouteSpec (one registration: method, path, permission, schemas, handler).
// Value types; thread-compatible.
#pragma once

#include <ostream>
#include <utility>

#include <boost/beast/http/verb.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "platform/core/result.hpp"

namespace emporion::http {

using Verb = boost::beast::http::verb;

/// Where a granted permission applies. Empty lists mean "everywhere"; a non-empty list limits
/// the permission to those stores (or catalogs, for catalog permissions).
struct PermissionScope {
  std::vector<std::string> store_ids;
  std::vector<std::string> catalog_ids;
  [[nodiscard]] bool unlimited() const { return store_ids.empty() && catalog_ids.empty(); }
};

/// The authenticated caller.
struct Principal {
  std::string user_id;
  std::string user_name;
  std::string user_type;  // Customer, Manager, Administrator
  std::string member_id;
  std::string auth_method;  // "bearer" or "api-key"
  bool is_administrator = false;  // holds every permission everywhere
  std::map<std::string, PermissionScope> permissions;

  /// True when the principal holds `permission` anywhere (globally or for some store/catalog).
  [[nodiscard]] bool Has(std::string_view permission) const;
  /// True when the principal holds `permission` for `store_id`: granted without store limits,
  /// or limited to a list that contains it.
  [[nodiscard]] bool HasForStore(std::string_view permission, std::string_view store_id) const;
  /// Same for a catalog.
  [[nodiscard]] bool HasForCatalog(std::string_view permission,
                                   std::string_view catalog_id) const;
  /// The stores `permission` is limited to; nullopt when not limited by store. An empty vector
  /// means the permission is not held at all.
  [[nodiscard]] std::optional<std::vector<std::string>> StoreScope(
      std::string_view permission) const;
  /// The catalogs `permission` is limited to; nullopt when not limited by catalog.
  [[nodiscard]] std::optional<std::vector<std::string>> CatalogScope(
      std::string_view permission) const;
};

class Request {
 public:
  Verb method = Verb::get;
  std::string target;  // raw request target, path + query
  std::string path;    // decoded path without query
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;  // lower-case names
  std::string body;
  std::unordered_map<std::string, std::string> path_params;
  std::string request_id;
  std::string remote_address;
  /// The authenticated caller, shared with the authenticator's cache (no copy per request).
  std::shared_ptr<const Principal> principal;

  /// Header value by lower-case name; empty when absent.
  [[nodiscard]] std::string_view Header(std::string_view lower_name) const;
  /// First query parameter with this name.
  [[nodiscard]] std::optional<std::string> Query(std::string_view name) const;
  /// Every value of a repeated query parameter.
  [[nodiscard]] std::vector<std::string> QueryAll(std::string_view name) const;
  /// A path parameter ("{id}"); empty when absent.
  [[nodiscard]] const std::string& Param(const std::string& name) const;
  /// The media type of the body without parameters, lower-cased ("application/json").
  [[nodiscard]] std::string ContentType() const;
  /// The caller's user name for audit fields, or "anonymous".
  [[nodiscard]] std::string Actor() const;
};

struct Response {
  unsigned status = 200;
  std::string body;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;

  static Response Json(unsigned status, std::string body) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    return r;
  }
  static Response Ok(std::string json) { return Json(200, std::move(json)); }
  static Response Created(std::string json, std::string location) {
    Response r = Json(201, std::move(json));
    r.headers.emplace_back("Location", std::move(location));
    return r;
  }
  static Response NoContent() {
    Response r;
    r.status = 204;
    r.content_type.clear();
    return r;
  }
  static Response Text(unsigned status, std::string body, std::string content_type) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    r.content_type = std::move(content_type);
    return r;
  }
  Response& WithHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  /// Sets `ETag: "<version>"`.
  Response& WithETag(std::int64_t version) {
    return WithHeader("ETag", "\"" + std::to_string(version) + "\"");
  }
};

using Handler = std::function<Result<Response>(Request&)>;

/// Permission values with special meaning in RouteSpec::permission.
inline constexpr std::string_view kPublic = "";                 // no credentials needed
inline constexpr std::string_view kAuthenticated = "authenticated";  // any valid caller

struct QueryParamSpec {
  std::string name;
  std::string type = "string";  // JSON schema type: string, integer, boolean
  std::string description;
  bool required = false;
};

struct RouteSpec {
  Verb method = Verb::get;
  std::string path;  // "/api/v1/security/users/{id}"
  std::string permission;  // "<module>:<action>", kAuthenticated or kPublic
  std::string tag;         // OpenAPI tag (the module)
  std::string summary;
  std::string description;
  /// JSON Schema of the body (inline JSON text or {"$ref": "#/components/schemas/X"}); empty for
  /// routes without a body.
  std::string request_schema;
  /// Media types the body may have; defaults to application/json when request_schema is set.
  std::vector<std::string> request_content_types;
  unsigned success_status = 200;
  std::string response_schema;  // JSON Schema text of the success body; empty for none
  std::string response_content_type = "application/json";
  std::vector<QueryParamSpec> query;
  /// False for handlers that never block (no database, no hashing): they run on the I/O thread.
  bool blocking = true;
  /// True for handlers that do a few indexed reads and nothing else (a resource by id, /me).
  /// With ServerOptions::inline_short_reads (on for SQLite, where such a read takes a few
  /// microseconds and never waits for a writer) they run on the I/O thread like non-blocking
  /// routes, saving the worker-pool round trip (two cross-thread wake-ups, about 25 us here).
  bool short_read = false;
  bool hidden = false;  // omitted from the OpenAPI document (e.g. static files)
  /// False: the Idempotency-Key header is ignored, so responses that carry secrets (the token
  /// endpoint's tokens) are never stored for replay.
  bool idempotency_replay = true;
  /// Largest request body this route accepts (413 beyond it); 0: the server's global limit.
  /// Uploads such as catalog imports raise it; the body is still read into memory.
  std::size_t max_body_bytes = 0;
  Handler handler;
};

}  // namespace emporion::http
