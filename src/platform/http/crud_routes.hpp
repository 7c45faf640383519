// CrudRoutes: the contract's seven routes of one resource (list, create, read, PUT, merge-patch
// PATCH, DELETE, bulk upsert) registered from a handful of callbacks, so modules without the
// catalog's scope machinery (inventory, stores, ...) implement ETag / If-Match / 412, Location,
// list envelopes and bulk limits the same way. Registration at start-up; handlers reentrant.
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
  std::string collection;  // "/api/v1/stores"
  std::string schema;      // component name of one item
  std::string noun;        // "store"
  std::string tag;         // OpenAPI tag
  std::string read_permission;
  std::string create_permission;
  std::string update_permission;
  std::string delete_permission;
  std::vector<QueryParamSpec> list_filters;
  std::vector<std::string> sortable;
  std::string list_description;
  std::string delete_description;
  std::string bulk_description;

  /// Body -> value; type errors are 400 naming `prefix` + field.
  std::function<Result<T>(const json::Value& body, const std::string& prefix)> parse;
  /// Value -> API JSON text.
  std::function<std::string(const T&)> write;
  /// The version of a value (for ETag) and its id (for Location).
  std::function<std::int64_t(const T&)> version;
  std::function<std::string(const T&)> id;
  std::function<Result<std::pair<std::vector<T>, std::int64_t>>(Request&, const ListParams&)> list;
  std::function<Result<T>(Request&, const std::string& id)> get;
  std::function<Result<T>(Request&, T)> create;
  std::function<Result<T>(Request&, const std::string& id, std::optional<std::int64_t> if_match,
                          const CrudMutator<T>&)>
      update;
  std::function<Status(Request&, const std::string& id, std::optional<std::int64_t> if_match)>
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

}  // namespace crud_detail

template <typename T>
void RegisterCrudRoutes(Router& router, const CrudRoutes<T>& r) {
  const std::string item = r.collection + "/{id}";
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
                for (const auto& v : page.first) items.push_back(r.write(v));
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
                EMPORION_ASSIGN_OR_RETURN(T value, r.parse(body, ""));
                EMPORION_ASSIGN_OR_RETURN(T saved, r.create(request, std::move(value)));
                return Response::Created(r.write(saved), r.collection + "/" + r.id(saved))
                    .WithETag(r.version(saved));
              }});

  router.Add({.method = Verb::get,
              .path = item,
              .permission = r.read_permission,
              .tag = r.tag,
              .summary = "Read a " + r.noun,
              .response_schema = one,
              .handler = [r](Request& request) -> Result<Response> {
                EMPORION_ASSIGN_OR_RETURN(T v, r.get(request, request.Param("id")));
                return Response::Ok(r.write(v)).WithETag(r.version(v));
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
                const std::string id = request.Param("id");
                EMPORION_ASSIGN_OR_RETURN(auto if_match, IfMatchVersion(request));
                EMPORION_ASSIGN_OR_RETURN(auto body, ParseBody(request));
                EMPORION_RETURN_IF_ERROR(crud_detail::CheckBodyId(body, id));
                EMPORION_ASSIGN_OR_RETURN(T value, r.parse(body, ""));
                CrudMutator<T> replace = [&value](const T&) -> Result<T> { return value; };
                EMPORION_ASSIGN_OR_RETURN(T saved, r.update(request, id, if_match, replace));
                return Response::Ok(r.write(saved)).WithETag(r.version(saved));
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
                const std::string id = request.Param("id");
                EMPORION_ASSIGN_OR_RETURN(auto if_match, IfMatchVersion(request));
                EMPORION_ASSIGN_OR_RETURN(auto patch, ParseBody(request));
                EMPORION_RETURN_IF_ERROR(crud_detail::CheckBodyId(patch, id));
                CrudMutator<T> merge = [&](const T& current) -> Result<T> {
                  EMPORION_ASSIGN_OR_RETURN(auto doc, json::ParseObject(r.write(current)));
                  json::ApplyMergePatch(doc, patch, doc.GetAllocator());
                  return r.parse(doc, "");
                };
                EMPORION_ASSIGN_OR_RETURN(T saved, r.update(request, id, if_match, merge));
                return Response::Ok(r.write(saved)).WithETag(r.version(saved));
              }});

  router.Add({.method = Verb::delete_,
              .path = item,
              .permission = r.delete_permission,
              .tag = r.tag,
              .summary = "Delete a " + r.noun,
              .description = r.delete_description,
              .success_status = 204,
              .handler = [r](Request& request) -> Result<Response> {
                EMPORION_ASSIGN_OR_RETURN(auto if_match, IfMatchVersion(request));
                EMPORION_RETURN_IF_ERROR(r.remove(request, request.Param("id"), if_match));
                return Response::NoContent();
              }});

  if (!r.bulk) return;
  router.Add({.method = Verb::post,
              .path = r.collection + "/bulk",
              .permission = r.create_permission,
              .tag = r.tag,
              .summary = "Create or update many " + r.noun + "s",
              .description = r.bulk_description,
              .request_schema = CrudBulkOf(r.schema),
              .response_schema = CrudBulkResult(),
              .handler = [r](Request& request) -> Result<Response> {
                if (request.principal && !request.principal->Has(r.update_permission)) {
                  return Error::PermissionDenied("bulk upserts need permission '" +
                                                 r.update_permission + "' as well");
                }
                EMPORION_ASSIGN_OR_RETURN(auto body, ParseBody(request));
                auto it = body.FindMember("items");
                if (it == body.MemberEnd() || !it->value.IsArray()) {
                  return Error::InvalidField("items", "is required: an array of " + r.noun + "s");
                }
                if (it->value.Size() > kCrudMaxBulkItems) {
                  return Error::InvalidField(
                      "items",
                      "at most " + std::to_string(kCrudMaxBulkItems) + " items per request");
                }
                std::vector<T> items;
                items.reserve(it->value.Size());
                std::vector<FieldError> errors;
                for (rapidjson::SizeType i = 0; i < it->value.Size(); ++i) {
                  const std::string prefix = "items[" + std::to_string(i) + "].";
                  if (!it->value[i].IsObject()) {
                    errors.push_back({"items[" + std::to_string(i) + "]", "must be an object"});
                    continue;
                  }
                  auto parsed = r.parse(it->value[i], prefix);
                  if (!parsed.ok()) {
                    for (const auto& f : parsed.error().fields()) errors.push_back(f);
                    if (parsed.error().fields().empty()) {
                      errors.push_back({prefix, parsed.error().detail()});
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
                EMPORION_ASSIGN_OR_RETURN(auto outcome, r.bulk(request, std::move(items)));
                json::Writer w;
                w.StartObject().Key("created").Int(outcome.created);
                w.Key("updated").Int(outcome.updated).EndObject();
                return Response::Ok(w.str());
              }});
}

}  // namespace emporion::http
