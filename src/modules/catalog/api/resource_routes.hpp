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

namespace detail {

template <typename T>
std::string ItemPath(const ResourceRoutes<T>& r) {
  return r.collection + "/{" + r.item_param + "}";
}

template <typename T>
std::string LocationOf(const http::Request& request, const ResourceRoutes<T>& r, const T& v) {
  std::string path = r.collection;
  for (const auto& [name, value] : request.path_params) {
    const std::string token = "{" + name + "}";
    auto pos = path.find(token);
    if (pos != std::string::npos) path.replace(pos, token.size(), value);
  }
  return path + "/" + v.meta.id;
}

/// 400 when the body names an id other than the path's.
inline Status CheckBodyId(const json::Value& body, const std::string& id) {
  auto it = body.FindMember("id");
  if (it != body.MemberEnd() && it->value.IsString() && id != it->value.GetString()) {
    return Error::InvalidField("id", "does not match the id in the path ('" + id + "')");
  }
  return Ok();
}

}  // namespace detail

template <typename T>
void RegisterResource(http::Router& router, const ResourceRoutes<T>& r) {
  const std::string item = detail::ItemPath(r);
  const std::string one = Ref(r.schema);

  router.Add({.method = http::Verb::get,
              .path = r.collection,
              .permission = kRead,
              .tag = r.tag,
              .summary = "List " + r.noun + "s",
              .description = "Paged with limit/offset, sorted with sort=field:asc|desc (one of the "
                             "sortable fields; others are 400), filtered by q and the listed "
                             "parameters. A caller limited to some catalogs sees only theirs.",
              .response_schema = ListOf(r.schema),
              .query = ListParams(r.list_filters),
              .handler = [r](http::Request& request) -> Result<http::Response> {
                EMPORION_ASSIGN_OR_RETURN(auto window, ListWindow(request, r.sortable));
                EMPORION_ASSIGN_OR_RETURN(auto page, r.list(request, MakeCaller(request), window));
                std::vector<std::string> items;
                items.reserve(page.items.size());
                for (const auto& v : page.items) items.push_back(r.write(request, v));
                return http::Response::Ok(http::ListEnvelope(items, page.total));
              }});

  router.Add({.method = http::Verb::post,
              .path = r.collection,
              .permission = kCreate,
              .tag = r.tag,
              .summary = "Create a " + r.noun,
              .description =
                  "201 with Location and the stored " + r.noun + "; the client may supply `id`.",
              .request_schema = one,
              .success_status = 201,
              .response_schema = one,
              .handler = [r](http::Request& request) -> Result<http::Response> {
                EMPORION_ASSIGN_OR_RETURN(auto body, http::ParseBody(request));
                EMPORION_ASSIGN_OR_RETURN(T value, r.parse(request, body, ""));
                EMPORION_ASSIGN_OR_RETURN(
                    T saved, r.create(request, MakeCaller(request, kCreate), std::move(value)));
                return http::Response::Created(r.write(request, saved),
                                               detail::LocationOf(request, r, saved))
                    .WithETag(saved.meta.version);
              }});

  router.Add({.method = http::Verb::get,
              .path = item,
              .permission = kRead,
              .tag = r.tag,
              .summary = "Read a " + r.noun,
              .response_schema = one,
              .query = r.read_params,
              .short_read = true,
              .handler = [r](http::Request& request) -> Result<http::Response> {
                if (r.get_json) {
                  EMPORION_ASSIGN_OR_RETURN(
                      auto found,
                      r.get_json(request, MakeCaller(request), request.Param(r.item_param)));
                  return http::Response::Ok(std::move(found.first)).WithETag(found.second);
                }
                EMPORION_ASSIGN_OR_RETURN(
                    T v, r.get(request, MakeCaller(request), request.Param(r.item_param)));
                return http::Response::Ok(r.write(request, v)).WithETag(v.meta.version);
              }});

  router.Add({.method = http::Verb::put,
              .path = item,
              .permission = kUpdate,
              .tag = r.tag,
              .summary = "Replace a " + r.noun,
              .description = "Full replace: absent optional fields are cleared. If-Match with a "
                             "stale version is 412.",
              .request_schema = one,
              .response_schema = one,
              .handler = [r](http::Request& request) -> Result<http::Response> {
                const std::string& id = request.Param(r.item_param);
                EMPORION_ASSIGN_OR_RETURN(auto if_match, http::IfMatchVersion(request));
                EMPORION_ASSIGN_OR_RETURN(auto body, http::ParseBody(request));
                EMPORION_RETURN_IF_ERROR(detail::CheckBodyId(body, id));
                EMPORION_ASSIGN_OR_RETURN(T value, r.parse(request, body, ""));
                Mutator<T> replace = [&value](const T&) -> Result<T> { return value; };
                EMPORION_ASSIGN_OR_RETURN(
                    T saved, r.update(request, MakeCaller(request), id, if_match, replace));
                return http::Response::Ok(r.write(request, saved)).WithETag(saved.meta.version);
              }});

  router.Add({.method = http::Verb::patch,
              .path = item,
              .permission = kUpdate,
              .tag = r.tag,
              .summary = "Update a " + r.noun + " (JSON merge patch)",
              .description = "RFC 7396: members replace, null removes. If-Match with a stale "
                             "version is 412.",
              .request_schema = R"({"type":"object"})",
              .request_content_types = {"application/merge-patch+json", "application/json"},
              .response_schema = one,
              .handler = [r](http::Request& request) -> Result<http::Response> {
                const std::string& id = request.Param(r.item_param);
                EMPORION_ASSIGN_OR_RETURN(auto if_match, http::IfMatchVersion(request));
                EMPORION_ASSIGN_OR_RETURN(auto patch, http::ParseBody(request));
                EMPORION_RETURN_IF_ERROR(detail::CheckBodyId(patch, id));
                Mutator<T> merge = [&](const T& current) -> Result<T> {
                  EMPORION_ASSIGN_OR_RETURN(
                      auto doc, json::ParseObject(codec::ToJson(current, codec::Form::kApi)));
                  json::ApplyMergePatch(doc, patch, doc.GetAllocator());
                  return r.parse(request, doc, "");
                };
                EMPORION_ASSIGN_OR_RETURN(
                    T saved, r.update(request, MakeCaller(request), id, if_match, merge));
                return http::Response::Ok(r.write(request, saved)).WithETag(saved.meta.version);
              }});

  std::vector<http::QueryParamSpec> delete_params;
  if (r.cascade) {
    delete_params.push_back({"cascade", "boolean", "Delete with everything that depends on it"});
  }
  router.Add({.method = http::Verb::delete_,
              .path = item,
              .permission = kDelete,
              .tag = r.tag,
              .summary = "Delete a " + r.noun,
              .description = r.delete_description,
              .success_status = 204,
              .query = delete_params,
              .handler = [r](http::Request& request) -> Result<http::Response> {
                EMPORION_ASSIGN_OR_RETURN(auto if_match, http::IfMatchVersion(request));
                EMPORION_ASSIGN_OR_RETURN(auto cascade, http::QueryBool(request, "cascade"));
                EMPORION_RETURN_IF_ERROR(r.remove(request, MakeCaller(request, kDelete),
                                                  request.Param(r.item_param), if_match,
                                                  cascade.value_or(false)));
                return http::Response::NoContent();
              }});

  router.Add({.method = http::Verb::post,
              .path = r.collection + "/bulk",
              .permission = kCreate,
              .tag = r.tag,
              .summary = "Create or update many " + r.noun + "s",
              .description = "Upserts by id, else by business key; up to 10,000 items, all or "
                             "nothing. 422 names each bad item by index (items[3].code). Needs "
                             "catalog:create and catalog:update.",
              .request_schema = BulkOf(r.schema),
              .response_schema = BulkResult(),
              .handler = [r](http::Request& request) -> Result<http::Response> {
                EMPORION_ASSIGN_OR_RETURN(auto caller, BulkCaller(request));
                EMPORION_ASSIGN_OR_RETURN(auto body, http::ParseBody(request));
                auto it = body.FindMember("items");
                if (it == body.MemberEnd() || !it->value.IsArray()) {
                  return Error::InvalidField("items", "is required: an array of " + r.noun + "s");
                }
                if (it->value.Size() > kMaxBulkItems) {
                  return Error::InvalidField(
                      "items", "at most " + std::to_string(kMaxBulkItems) + " items per request");
                }
                std::vector<T> items;
                items.reserve(it->value.Size());
                std::vector<FieldError> errors;
                for (rapidjson::SizeType i = 0; i < it->value.Size(); ++i) {
                  const std::string prefix = "items[" + std::to_string(i) + "].";
                  auto parsed = r.parse(request, it->value[i], prefix);
                  if (!parsed.ok()) {
                    for (const auto& f : parsed.error().fields()) errors.push_back(f);
                    if (parsed.error().fields().empty()) {
                      errors.push_back({prefix + "", parsed.error().detail()});
                    }
                    continue;
                  }
                  items.push_back(std::move(parsed).value());
                }
                if (!errors.empty()) {
                  std::string detail = std::to_string(errors.size()) +
                                       " problem(s): " + errors.front().field + ": " +
                                       errors.front().message;
                  return Error(ErrorCode::kUnprocessable, std::move(detail), std::move(errors));
                }
                EMPORION_ASSIGN_OR_RETURN(auto outcome, r.bulk(request, caller, std::move(items)));
                json::Writer w;
                w.StartObject().Key("created").Int(outcome.created);
                w.Key("updated").Int(outcome.updated).EndObject();
                return http::Response::Ok(w.str());
              }});
}

}  // namespace emporion::catalog::api
