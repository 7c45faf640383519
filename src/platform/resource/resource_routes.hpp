// The contract's seven routes of a DocumentResource (list, create, read, PUT, merge-patch PATCH,
// delete, bulk upsert): an adapter that fills http::CrudRoutes (platform/http/crud_routes.hpp,
// the one implementation of those routes) from the resource and its options.
// Header-only (templates); registration at start-up, handlers reentrant.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "platform/http/api_helpers.hpp"
#include "platform/http/crud_routes.hpp"
#include "platform/http/router.hpp"
#include "platform/resource/document_resource.hpp"

namespace emporion::resource {

inline std::string SchemaRef(const std::string& name) { return http::CrudRef(name); }
inline std::string ListSchema(const std::string& name) { return http::CrudListOf(name); }

/// The meta members every resource schema starts with (JSON object members, trailing comma).
inline constexpr const char* kMetaSchemaMembers =
    R"("id":{"type":"string","description":"Client-supplied on create, else a UUID v7"},)"
    R"("version":{"type":"integer","readOnly":true},)"
    R"("createdAt":{"type":"string","format":"date-time","readOnly":true},)"
    R"("createdBy":{"type":"string","readOnly":true},)"
    R"("modifiedAt":{"type":"string","format":"date-time","readOnly":true},)"
    R"("modifiedBy":{"type":"string","readOnly":true},)";

struct Permissions {
  std::string read;
  std::string create;
  std::string update;
  std::string remove;
};

template <typename T>
struct RouteOptions {
  std::string collection;  // "/api/v1/languages"
  std::string schema;      // component name, registered by the caller
  std::string noun;        // "language"
  std::string tag;         // OpenAPI tag
  Permissions permissions;
  std::vector<http::QueryParamSpec> filters;
  /// Filters of a list request -> conditions (400 for malformed values).
  std::function<Result<Where>(const http::Request&)> where;
  std::string list_description;
  std::string delete_description;
};

inline Actor ActorOf(const http::Request& request) { return {request.Actor(), request.request_id}; }

namespace detail {

/// The body's `id` member: 400 when it is not a string (a mismatch with the path's id is
/// checked by CrudRoutes).
inline Result<std::string> BodyId(const json::Value& body, const std::string& prefix) {
  auto it = body.FindMember("id");
  if (it == body.MemberEnd() || it->value.IsNull()) return std::string();
  if (!it->value.IsString()) return Error::InvalidField(prefix + "id", "must be a string");
  return std::string(it->value.GetString());
}

}  // namespace detail

template <typename T>
void RegisterResourceRoutes(http::Router& router, const DocumentResource<T>& res,
                            const RouteOptions<T>& o) {
  const DocumentResource<T>* r = &res;
  http::CrudRoutes<T> c;
  c.collection = o.collection;
  c.schema = o.schema;
  c.noun = o.noun;
  c.tag = o.tag;
  c.read_permission = o.permissions.read;
  c.create_permission = o.permissions.create;
  c.update_permission = o.permissions.update;
  c.delete_permission = o.permissions.remove;
  c.list_filters = o.filters;
  c.sortable = r->SortFields();
  c.list_description = o.list_description;
  c.delete_description = o.delete_description;
  c.bulk_description = "Upserts by id, else by business key; up to 10,000 items, all or "
                       "nothing. 422 names each bad item by index (items[3].code). Needs " +
                       o.permissions.create + " and " + o.permissions.update + ".";
  c.parse = [r](const http::Request&, const json::Value& body,
                const std::string& prefix) -> Result<T> {
    auto id = detail::BodyId(body, prefix);
    auto parsed = r->definition().parse(body, prefix);
    if (!id.ok() && !parsed.ok()) {
      Error both = std::move(id).error();
      for (const auto& f : parsed.error().fields()) both.AddField(f.field, f.message);
      return both;
    }
    if (!id.ok()) return std::move(id).error();
    if (!parsed.ok()) return std::move(parsed).error();
    T value = std::move(parsed).value();
    value.meta.id = *id;
    return value;
  };
  c.write = [r](const http::Request&, const T& v) { return r->ToJson(v); };
  c.list = [r, where = o.where](http::Request& request, const http::ListParams& params)
      -> Result<std::pair<std::vector<T>, std::int64_t>> {
    Where w;
    if (where) {
      EMPORION_ASSIGN_OR_RETURN(w, where(request));
    }
    EMPORION_ASSIGN_OR_RETURN(auto page, r->List(w, params));
    return std::make_pair(std::move(page.items), static_cast<std::int64_t>(page.total));
  };
  c.get = [r](http::Request&, const std::string& id) { return r->Get(id); };
  c.create = [r](http::Request& request, T value) {
    return r->Create(ActorOf(request), std::move(value));
  };
  c.update = [r](http::Request& request, const std::string& id,
                 std::optional<std::int64_t> if_match, const http::CrudMutator<T>& mutate) {
    return r->Update(ActorOf(request), id, if_match, mutate);
  };
  c.remove = [r](http::Request& request, const std::string& id,
                 std::optional<std::int64_t> if_match, bool) {
    return r->Delete(ActorOf(request), id, if_match);
  };
  c.bulk = [r](http::Request& request, std::vector<T> items) -> Result<http::CrudBulkOutcome> {
    EMPORION_ASSIGN_OR_RETURN(auto outcome, r->Bulk(ActorOf(request), std::move(items)));
    return http::CrudBulkOutcome{outcome.created, outcome.updated};
  };
  http::RegisterCrudRoutes(router, c);
}

}  // namespace emporion::resource
