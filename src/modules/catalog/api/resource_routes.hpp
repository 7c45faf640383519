// The contract's seven routes of one resource, registered once for every catalog resource:
// list, create, read, replace (PUT), merge-patch (PATCH), delete and bulk upsert, with
// ETag / If-Match, Location, list envelopes, problem+json errors and the caller's catalog
// scopes. Registration happens at start-up; handlers are reentrant.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "modules/catalog/api/schemas.hpp"
#include "modules/catalog/codec/catalog_json.hpp"
#include "modules/catalog/service/catalog_manager.hpp"
#include "platform/http/api_helpers.hpp"
#include "platform/http/crud_routes.hpp"
#include "platform/http/router.hpp"

namespace emporion::catalog::api {

inline constexpr const char* kRead = "catalog:read";
inline constexpr const char* kCreate = "catalog:create";
inline constexpr const char* kUpdate = "catalog:update";
inline constexpr const char* kDelete = "catalog:delete";

/// Who calls, with the catalog scopes of `catalog:read` and of `write_permission`.
Caller MakeCaller(const http::Request& request, const char* write_permission = kUpdate);
/// Caller for bulk upserts: may create and update, in the catalogs both permissions cover.
Result<Caller> BulkCaller(const http::Request& request);
/// limit / offset / sort (from `sortable`) of a list request.
Result<Window> ListWindow(const http::Request& request, const std::vector<std::string>& sortable);
/// An optional string query parameter (empty counts as absent).
std::optional<std::string> QueryString(const http::Request& request, const char* name);
/// An optional ISO 8601 timestamp query parameter; 400 when malformed.
Result<std::optional<Timestamp>> QueryTime(const http::Request& request, const char* name);
/// The standard list query parameters plus `filters`, for the OpenAPI document.
std::vector<http::QueryParamSpec> ListParams(std::vector<http::QueryParamSpec> filters);

template <typename T>
struct ResourceRoutes {
  std::string collection;  // "/api/v1/catalogs", "/api/v1/catalogs/{id}/links"
  std::string item_param = "id";
  std::string schema;  // component name
  std::string noun;    // "catalog", for summaries
  std::string tag = "catalog";
  std::vector<http::QueryParamSpec> list_filters;
  std::vector<http::QueryParamSpec> read_params;  // e.g. view
  std::string delete_description;
  bool cascade = false;  // DELETE accepts ?cascade=true

  /// Body -> value (400 on type errors); sets ids the path implies (the parent).
  std::function<Result<T>(const http::Request&, const json::Value&, const std::string& prefix)>
      parse;
  std::function<std::string(const http::Request&, const T&)> write;
  std::function<Result<T>(const http::Request&, const Caller&, const std::string& id)> get;
  /// Optional: the item's JSON and version without a value (a cache); used by GET when set.
  std::function<Result<std::pair<std::string, std::int64_t>>(const http::Request&, const Caller&,
                                                             const std::string& id)>
      get_json;
  std::function<Result<Page<T>>(const http::Request&, const Caller&, const Window&)> list;
  std::vector<std::string> sortable;
  std::function<Result<T>(const http::Request&, const Caller&, T)> create;
  std::function<Result<T>(const http::Request&, const Caller&, const std::string& id,
                          std::optional<std::int64_t>, const Mutator<T>&)>
      update;
  std::function<Status(const http::Request&, const Caller&, const std::string& id,
                       std::optional<std::int64_t>, bool cascade)>
      remove;
  std::function<Result<BulkOutcome>(const http::Request&, const Caller&, std::vector<T>)> bulk;
};

/// Registers the seven routes through the platform's one CRUD implementation
/// (platform/http/crud_routes.hpp), with the caller's catalog scopes in every callback.
template <typename T>
void RegisterResource(http::Router& router, const ResourceRoutes<T>& r) {
  http::CrudRoutes<T> c;
  c.collection = r.collection;
  c.item_param = r.item_param;
  c.schema = r.schema;
  c.noun = r.noun;
  c.tag = r.tag;
  c.read_permission = kRead;
  c.create_permission = kCreate;
  c.update_permission = kUpdate;
  c.delete_permission = kDelete;
  c.bulk_also_permission = "";  // BulkCaller checks both permissions and their scopes
  c.list_filters = r.list_filters;
  c.read_params = r.read_params;
  c.sortable = r.sortable;
  c.cascade = r.cascade;
  c.short_read = true;
  c.list_description =
      "Paged with limit/offset, sorted with sort=field:asc|desc (one of the sortable fields; "
      "others are 400), filtered by q and the listed parameters. A caller limited to some "
      "catalogs sees only theirs.";
  c.delete_description = r.delete_description;
  c.bulk_description =
      "Upserts by id, else by business key; up to 10,000 items, all or nothing. 422 names each "
      "bad item by index (items[3].code). Needs catalog:create and catalog:update.";
  c.parse = r.parse;
  c.write = r.write;
  c.patch_base = [](const T& current) { return codec::ToJson(current, codec::Form::kApi); };
  c.list = [r](http::Request& request, const http::ListParams& p)
      -> Result<std::pair<std::vector<T>, std::int64_t>> {
    Window w;
    w.limit = p.limit;
    w.offset = p.offset;
    for (const auto& s : p.sort) w.sort.push_back({s.field, s.descending});
    EMPORION_ASSIGN_OR_RETURN(auto page, r.list(request, MakeCaller(request), w));
    return std::make_pair(std::move(page.items), static_cast<std::int64_t>(page.total));
  };
  c.get = [r](http::Request& request, const std::string& id) {
    return r.get(request, MakeCaller(request), id);
  };
  if (r.get_json) {
    c.get_json = [r](http::Request& request, const std::string& id) {
      return r.get_json(request, MakeCaller(request), id);
    };
  }
  c.create = [r](http::Request& request, T value) {
    return r.create(request, MakeCaller(request, kCreate), std::move(value));
  };
  c.update = [r](http::Request& request, const std::string& id,
                 std::optional<std::int64_t> if_match, const http::CrudMutator<T>& mutate) {
    return r.update(request, MakeCaller(request), id, if_match, mutate);
  };
  c.remove = [r](http::Request& request, const std::string& id,
                 std::optional<std::int64_t> if_match, bool cascade) {
    return r.remove(request, MakeCaller(request, kDelete), id, if_match, cascade);
  };
  if (r.bulk) {
    c.bulk = [r](http::Request& request, std::vector<T> items) -> Result<http::CrudBulkOutcome> {
      EMPORION_ASSIGN_OR_RETURN(auto caller, BulkCaller(request));
      EMPORION_ASSIGN_OR_RETURN(auto outcome, r.bulk(request, caller, std::move(items)));
      return http::CrudBulkOutcome{outcome.created, outcome.updated};
    };
  }
  http::RegisterCrudRoutes(router, c);
}

}  // namespace emporion::catalog::api
