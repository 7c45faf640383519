// CrudRoutes: the contract's seven routes of one resource (list, create, read, PUT, merge-patch
// PATCH, DELETE, bulk upsert) registered from a handful of callbacks. It is the only place that
// implements them: every module (directly, or through resource/resource_routes.hpp for
// DocumentResource tables) gets ETag / If-Match / 412, Location, list envelopes, bulk limits and
// per-item 422s the same way; permissions and scopes stay in the module's callbacks.
// Registration at start-up; handlers reentrant.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "platform/http/api_helpers.hpp"
#include "platform/http/router.hpp"

namespace emporion::http {

/// Most items one bulk request may carry (CONTRACT section 2).
inline constexpr std::size_t kCrudMaxBulkItems = 10'000;

/// Turns the stored value into the new one (PUT ignores it; PATCH merges into it).
template <typename T>
using CrudMutator = std::function<Result<T>(const T& current)>;

struct CrudBulkOutcome {
  std::int64_t created = 0;
  std::int64_t updated = 0;
};

template <typename T>
struct CrudRoutes {
  std::string collection;          // "/api/v1/stores", "/api/v1/catalogs/{catalogId}/links"
  std::string item_param = "id";   // the item segment: collection + "/{item_param}"
  std::string schema;              // component name of one item
  std::string noun;                // "store"
  std::string tag;                 // OpenAPI tag
  std::string read_permission;
  std::string create_permission;
  std::string update_permission;
  std::string delete_permission;
  /// The bulk route's permission (default: create) and one more it checks (default: update;
  /// "" = none, the bulk callback checks what it needs).
  std::optional<std::string> bulk_permission;
  std::optional<std::string> bulk_also_permission;
  std::vector<QueryParamSpec> list_filters;
  std::vector<QueryParamSpec> read_params;  // GET by id, e.g. `view`
  std::vector<std::string> sortable;
  std::string list_description;
  std::string delete_description;
  std::string bulk_description;
  bool cascade = false;     // DELETE takes ?cascade=true
  bool short_read = false;  // GET by id runs inline on SQLite (RouteSpec::short_read)

  /// Body -> value; type errors are 400 naming `prefix` + field.
  std::function<Result<T>(const Request&, const json::Value& body, const std::string& prefix)>
      parse;
  /// Value -> API JSON text.
  std::function<std::string(const Request&, const T&)> write;
  /// The JSON a merge patch applies to (default: write).
  std::function<std::string(const T&)> patch_base;
  /// The version of a value (for ETag) and its id (for Location); default: `meta`.
  std::function<std::int64_t(const T&)> version;
  std::function<std::string(const T&)> id;
  std::function<Result<std::pair<std::vector<T>, std::int64_t>>(Request&, const ListParams&)> list;
  std::function<Result<T>(Request&, const std::string& id)> get;
  /// Optional: the item's JSON and version without a value (a cache); GET uses it when set.
  std::function<Result<std::pair<std::string, std::int64_t>>(Request&, const std::string& id)>
      get_json;
  std::function<Result<T>(Request&, T)> create;
  std::function<Result<T>(Request&, const std::string& id, std::optional<std::int64_t> if_match,
                          const CrudMutator<T>&)>
      update;
  std::function<Status(Request&, const std::string& id, std::optional<std::int64_t> if_match,
                       bool cascade)>
      remove;
  /// Empty: no bulk route.
  std::function<Result<CrudBulkOutcome>(Request&, std::vector<T>)> bulk;
};

inline std::string CrudRef(const std::string& name) {
  return R"({"$ref":"#/components/schemas/)" + name + R"("})";
}
inline std::string CrudListOf(const std::string& name) {
  return R"({"type":"object","required":["items","total"],"properties":{"items":{"type":"array","items":)" +
         CrudRef(name) + R"(},"total":{"type":"integer"}}})";
}
inline std::string CrudBulkOf(const std::string& name) {
  return R"({"type":"object","required":["items"],"properties":{"items":{"type":"array","maxItems":10000,"items":)" +
         CrudRef(name) + R"(}}})";
}
inline std::string CrudBulkResult() {
  return R"({"type":"object","required":["created","updated"],"properties":{"created":{"type":"integer"},"updated":{"type":"integer"}}})";
}
/// The standard list parameters plus `filters`, for the OpenAPI document.
inline std::vector<QueryParamSpec> CrudListParams(std::vector<QueryParamSpec> filters) {
  std::vector<QueryParamSpec> out = {
      {"limit", "integer", "Page size, 0 to 1000 (default 20)"},
      {"offset", "integer", "Items to skip"},
      {"sort", "string", "field:asc|desc,... from the sortable fields"},
      {"q", "string", "Keyword"},
  };
  for (auto& f : filters) out.push_back(std::move(f));
  return out;
}

/// An optional string query parameter (empty counts as absent).
inline std::optional<std::string> QueryText(const Request& request, const char* name) {
  auto v = request.Query(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

/// Values of a list parameter given as `a,b,c` and/or repeated (`ids=a&ids=b`); empty entries
/// are dropped. nullopt when the parameter is absent.
inline std::optional<std::vector<std::string>> QueryList(const Request& request, const char* name) {
  auto all = request.QueryAll(name);
  if (all.empty()) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& v : all) {
    std::size_t start = 0;
    while (start <= v.size()) {
      const auto comma = v.find(',', start);
      const auto end = comma == std::string::npos ? v.size() : comma;
      if (end > start) out.push_back(v.substr(start, end - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return out;
}


namespace crud_detail {

/// 400 when the body names an id other than the path's.
inline Status CheckBodyId(const json::Value& body, const std::string& id) {
  auto it = body.FindMember("id");
  if (it != body.MemberEnd() && it->value.IsString() && id != it->value.GetString()) {
    return Error::InvalidField("id", "does not match the id in the path ('" + id + "')");
  }
  return Ok();
}

/// The collection path with the request's path parameters filled in, plus "/<id>".
inline std::string LocationOf(const Request& request, std::string path, const std::string& id) {
  for (const auto& [name, value] : request.path_params) {
    const std::string token = "{" + name + "}";
    const auto pos = path.find(token);
    if (pos != std::string::npos) path.replace(pos, token.size(), value);
  }
  return path + "/" + id;
}

template <typename T>
std::int64_t VersionOf(const CrudRoutes<T>& r, const T& v) {
  if (r.version) return r.version(v);
  if constexpr (requires { v.meta.version; }) {
    return v.meta.version;
  } else {
    return 0;
  }
}

template <typename T>
std::string IdOf(const CrudRoutes<T>& r, const T& v) {
  if (r.id) return r.id(v);
  if constexpr (requires { v.meta.id; }) {
    return v.meta.id;
  } else {
    return {};
  }
}

/// Parses `items` of a bulk body: 400 when missing or too long, 422 naming every bad item.
template <typename T>
Result<std::vector<T>> ParseBulkItems(const CrudRoutes<T>& r, const Request& request,
                                      const json::Value& body) {
  auto it = body.FindMember("items");
  if (it == body.MemberEnd() || !it->value.IsArray()) {
    return Error::InvalidField("items", "is required: an array of " + r.noun + "s");
  }
  if (it->value.Size() > kCrudMaxBulkItems) {
    return Error::InvalidField(
        "items", "at most " + std::to_string(kCrudMaxBulkItems) + " items per request");
  }
  std::vector<T> items;
  items.reserve(it->value.Size());
  std::vector<FieldError> errors;
  for (rapidjson::SizeType i = 0; i < it->value.Size(); ++i) {
    const std::string name = "items[" + std::to_string(i) + "]";
    if (!it->value[i].IsObject()) {
      errors.push_back({name, "must be an object"});
      continue;
    }
    auto parsed = r.parse(request, it->value[i], name + ".");
    if (!parsed.ok()) {
      for (const auto& f : parsed.error().fields()) errors.push_back(f);
      if (parsed.error().fields().empty()) errors.push_back({name, parsed.error().detail()});
      continue;
    }
    items.push_back(std::move(parsed).value());
  }
  if (!errors.empty()) {
    std::string detail = std::to_string(errors.size()) + " problem(s): " + errors.front().field +
                         ": " + errors.front().message;
    return Error(ErrorCode::kUnprocessable, std::move(detail), std::move(errors));
  }
  return items;
}

}  // namespace crud_detail

/// Registers the list, create, read, PUT, PATCH, DELETE and (when `bulk` is set) bulk routes.
template <typename T>
void RegisterCrudRoutes(Router& router, const CrudRoutes<T>& r) {
  const std::string item = r.collection + "/{" + r.item_param + "}";
  const std::string one = CrudRef(r.schema);

  router.Add({.method = Verb::get,
              .path = r.collection,
              .permission = r.read_permission,
              .tag = r.tag,
              .summary = "List " + r.noun + "s",
              .description = r.list_description,
              .response_schema = CrudListOf(r.schema),
              .query = CrudListParams(r.list_filters),
              .handler = [r](Request& request) -> Result<Response> {
                EMPORION_ASSIGN_OR_RETURN(auto params, ParseListParams(request, r.sortable));
                EMPORION_ASSIGN_OR_RETURN(auto page, r.list(request, params));
                std::vector<std::string> items;
                items.reserve(page.first.size());
                for (const auto& v : page.first) items.push_back(r.write(request, v));
                return Response::Ok(ListEnvelope(items, page.second));
              }});

  router.Add({.method = Verb::post,
              .path = r.collection,
              .permission = r.create_permission,
              .tag = r.tag,
              .summary = "Create a " + r.noun,
              .description =
                  "201 with Location and the stored " + r.noun + "; the client may supply `id`.",
              .request_schema = one,
              .success_status = 201,
              .response_schema = one,
              .handler = [r](Request& request) -> Result<Response> {
                EMPORION_ASSIGN_OR_RETURN(auto body, ParseBody(request));
                EMPORION_ASSIGN_OR_RETURN(T value, r.parse(request, body, ""));
                EMPORION_ASSIGN_OR_RETURN(T saved, r.create(request, std::move(value)));
                return Response::Created(
                           r.write(request, saved),
                           crud_detail::LocationOf(request, r.collection,
                                                   crud_detail::IdOf(r, saved)))
                    .WithETag(crud_detail::VersionOf(r, saved));
              }});

  router.Add({.method = Verb::get,
              .path = item,
              .permission = r.read_permission,
              .tag = r.tag,
              .summary = "Read a " + r.noun,
              .response_schema = one,
              .query = r.read_params,
              .short_read = r.short_read,
              .handler = [r](Request& request) -> Result<Response> {
                const std::string& id = request.Param(r.item_param);
                if (r.get_json) {
                  EMPORION_ASSIGN_OR_RETURN(auto found, r.get_json(request, id));
                  return Response::Ok(std::move(found.first)).WithETag(found.second);
                }
                EMPORION_ASSIGN_OR_RETURN(T v, r.get(request, id));
                return Response::Ok(r.write(request, v)).WithETag(crud_detail::VersionOf(r, v));
              }});

  router.Add({.method = Verb::put,
              .path = item,
              .permission = r.update_permission,
              .tag = r.tag,
              .summary = "Replace a " + r.noun,
              .description = "Full replace: absent optional fields are cleared. If-Match with a "
                             "stale version is 412.",
              .request_schema = one,
              .response_schema = one,
              .handler = [r](Request& request) -> Result<Response> {
                const std::string id = request.Param(r.item_param);
                EMPORION_ASSIGN_OR_RETURN(auto if_match, IfMatchVersion(request));
                EMPORION_ASSIGN_OR_RETURN(auto body, ParseBody(request));
                EMPORION_RETURN_IF_ERROR(crud_detail::CheckBodyId(body, id));
                EMPORION_ASSIGN_OR_RETURN(T value, r.parse(request, body, ""));
                CrudMutator<T> replace = [&value](const T&) -> Result<T> { return value; };
                EMPORION_ASSIGN_OR_RETURN(T saved, r.update(request, id, if_match, replace));
                return Response::Ok(r.write(request, saved))
                    .WithETag(crud_detail::VersionOf(r, saved));
              }});

  router.Add({.method = Verb::patch,
              .path = item,
              .permission = r.update_permission,
              .tag = r.tag,
              .summary = "Update a " + r.noun + " (JSON merge patch)",
              .description = "RFC 7396: members replace, null removes. If-Match with a stale "
                             "version is 412.",
              .request_schema = R"({"type":"object"})",
              .request_content_types = {"application/merge-patch+json", "application/json"},
              .response_schema = one,
              .handler = [r](Request& request) -> Result<Response> {
                const std::string id = request.Param(r.item_param);
                EMPORION_ASSIGN_OR_RETURN(auto if_match, IfMatchVersion(request));
                EMPORION_ASSIGN_OR_RETURN(auto patch, ParseBody(request));
                EMPORION_RETURN_IF_ERROR(crud_detail::CheckBodyId(patch, id));
                CrudMutator<T> merge = [&](const T& current) -> Result<T> {
                  const std::string base =
                      r.patch_base ? r.patch_base(current) : r.write(request, current);
                  EMPORION_ASSIGN_OR_RETURN(auto doc, json::ParseObject(base));
                  json::ApplyMergePatch(doc, patch, doc.GetAllocator());
                  return r.parse(request, doc, "");
                };
                EMPORION_ASSIGN_OR_RETURN(T saved, r.update(request, id, if_match, merge));
                return Response::Ok(r.write(request, saved))
                    .WithETag(crud_detail::VersionOf(r, saved));
              }});

  std::vector<QueryParamSpec> delete_params;
  if (r.cascade) {
    delete_params.push_back({"cascade", "boolean", "Delete with everything that depends on it"});
  }
  router.Add({.method = Verb::delete_,
              .path = item,
              .permission = r.delete_permission,
              .tag = r.tag,
              .summary = "Delete a " + r.noun,
              .description = r.delete_description,
              .success_status = 204,
              .query = delete_params,
              .handler = [r](Request& request) -> Result<Response> {
                EMPORION_ASSIGN_OR_RETURN(auto if_match, IfMatchVersion(request));
                bool cascade = false;
                if (r.cascade) {
                  EMPORION_ASSIGN_OR_RETURN(auto asked, QueryBool(request, "cascade"));
                  cascade = asked.value_or(false);
                }
                EMPORION_RETURN_IF_ERROR(
                    r.remove(request, request.Param(r.item_param), if_match, cascade));
                return Response::NoContent();
              }});

  if (!r.bulk) return;
  const std::string bulk_permission = r.bulk_permission.value_or(r.create_permission);
  const std::string also = r.bulk_also_permission.value_or(r.update_permission);
  router.Add({.method = Verb::post,
              .path = r.collection + "/bulk",
              .permission = bulk_permission,
              .tag = r.tag,
              .summary = "Create or update many " + r.noun + "s",
              .description = r.bulk_description,
              .request_schema = CrudBulkOf(r.schema),
              .response_schema = CrudBulkResult(),
              .handler = [r, also](Request& request) -> Result<Response> {
                if (!also.empty() && request.principal && !request.principal->Has(also)) {
                  return Error::PermissionDenied("bulk upserts need permission '" + also +
                                                 "' as well");
                }
                EMPORION_ASSIGN_OR_RETURN(auto body, ParseBody(request));
                EMPORION_ASSIGN_OR_RETURN(auto items,
                                          crud_detail::ParseBulkItems(r, request, body));
                EMPORION_ASSIGN_OR_RETURN(auto outcome, r.bulk(request, std::move(items)));
                json::Writer w;
                w.StartObject().Key("created").Int(outcome.created);
                w.Key("updated").Int(outcome.updated).EndObject();
                return Response::Ok(w.str());
              }});
}

}  // namespace emporion::http
