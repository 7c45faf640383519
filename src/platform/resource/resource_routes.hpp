// The contract's seven routes of a DocumentResource: list, create, read, replace (PUT),
// merge-patch (PATCH), delete and bulk upsert, with ETag / If-Match, Location, list envelopes and
// problem+json errors. Registration happens at start-up; the handlers are reentrant.
// Header-only (templates).
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "platform/http/api_helpers.hpp"
#include "platform/http/router.hpp"
#include "platform/resource/document_resource.hpp"

namespace emporion::resource {

inline std::string SchemaRef(const std::string& name) {
  return R"({"$ref":"#/components/schemas/)" + name + R"("})";
}
inline std::string ListSchema(const std::string& name) {
  return R"({"type":"object","required":["items","total"],"properties":{"items":{"type":"array","items":)" +
         SchemaRef(name) + R"(},"total":{"type":"integer"}}})";
}
inline std::string BulkSchema(const std::string& name) {
  return R"({"type":"object","required":["items"],"properties":{"items":{"type":"array","maxItems":10000,"items":)" +
         SchemaRef(name) + R"(}}})";
}
inline std::string BulkResultSchema() {
  return R"({"type":"object","required":["created","updated"],"properties":{"created":{"type":"integer"},"updated":{"type":"integer"}}})";
}
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

/// The body's `id` member: 400 when not a string or when it differs from `path_id`.
inline Result<std::string> BodyId(const json::Value& body, const std::string& path_id,
                                  const std::string& prefix = "") {
  auto it = body.FindMember("id");
  if (it == body.MemberEnd() || it->value.IsNull()) return path_id;
  if (!it->value.IsString()) return Error::InvalidField(prefix + "id", "must be a string");
  std::string id = it->value.GetString();
  if (!path_id.empty() && id != path_id) {
    return Error::InvalidField(prefix + "id",
                               "does not match the id in the path ('" + path_id + "')");
  }
  return id;
}

inline std::vector<http::QueryParamSpec> ListQuery(std::vector<http::QueryParamSpec> filters) {
  std::vector<http::QueryParamSpec> out = {
      {"limit", "integer", "Page size, 1..1000 (default 20)"},
      {"offset", "integer", "Items to skip (default 0)"},
      {"sort", "string", "field:asc|desc[,field:asc|desc]"},
      {"q", "string", "Free-text search"},
  };
  for (auto& f : filters) out.push_back(std::move(f));
  return out;
}

}  // namespace detail

template <typename T>
void RegisterResourceRoutes(http::Router& router, const DocumentResource<T>& res,
                            const RouteOptions<T>& o) {
  const std::string item = o.collection + "/{id}";
  const std::string one = SchemaRef(o.schema);
  const DocumentResource<T>* r = &res;

  router.Add({.method = http::Verb::get,
              .path = o.collection,
              .permission = o.permissions.read,
              .tag = o.tag,
              .summary = "List " + o.noun + "s",
              .description = o.list_description,
              .response_schema = ListSchema(o.schema),
              .query = detail::ListQuery(o.filters),
              .handler = [r, o](http::Request& request) -> Result<http::Response> {
                EMPORION_ASSIGN_OR_RETURN(auto params,
                                          http::ParseListParams(request, r->SortFields()));
                Where where;
                if (o.where) {
                  EMPORION_ASSIGN_OR_RETURN(where, o.where(request));
                }
                EMPORION_ASSIGN_OR_RETURN(auto page, r->List(where, params));
                std::vector<std::string> items;
                items.reserve(page.items.size());
                for (const auto& v : page.items) items.push_back(r->ToJson(v));
                return http::Response::Ok(http::ListEnvelope(items, page.total));
              }});

  router.Add({.method = http::Verb::post,
              .path = o.collection,
              .permission = o.permissions.create,
              .tag = o.tag,
              .summary = "Create a " + o.noun,
              .description =
                  "201 with Location and the stored " + o.noun + "; the client may supply `id`.",
              .request_schema = one,
              .success_status = 201,
              .response_schema = one,
              .handler = [r, o](http::Request& request) -> Result<http::Response> {
                EMPORION_ASSIGN_OR_RETURN(auto body, http::ParseBody(request));
                EMPORION_ASSIGN_OR_RETURN(auto id, detail::BodyId(body, ""));
                EMPORION_ASSIGN_OR_RETURN(T value, r->definition().parse(body, ""));
                value.meta.id = id;
                EMPORION_ASSIGN_OR_RETURN(T saved, r->Create(ActorOf(request), std::move(value)));
                return http::Response::Created(r->ToJson(saved), o.collection + "/" + saved.meta.id)
                    .WithETag(saved.meta.version);
              }});

  router.Add({.method = http::Verb::get,
              .path = item,
              .permission = o.permissions.read,
              .tag = o.tag,
              .summary = "Read a " + o.noun,
              .response_schema = one,
              .handler = [r](http::Request& request) -> Result<http::Response> {
                EMPORION_ASSIGN_OR_RETURN(T v, r->Get(request.Param("id")));
                return http::Response::Ok(r->ToJson(v)).WithETag(v.meta.version);
              }});

  router.Add({.method = http::Verb::put,
              .path = item,
              .permission = o.permissions.update,
              .tag = o.tag,
              .summary = "Replace a " + o.noun,
              .description = "Full replace: absent optional fields are cleared. If-Match with a "
                             "stale version is 412.",
              .request_schema = one,
              .response_schema = one,
              .handler = [r](http::Request& request) -> Result<http::Response> {
                const std::string& id = request.Param("id");
                EMPORION_ASSIGN_OR_RETURN(auto if_match, http::IfMatchVersion(request));
                EMPORION_ASSIGN_OR_RETURN(auto body, http::ParseBody(request));
                EMPORION_RETURN_IF_ERROR(detail::BodyId(body, id));
                EMPORION_ASSIGN_OR_RETURN(T value, r->definition().parse(body, ""));
                EMPORION_ASSIGN_OR_RETURN(
                    T saved, r->Update(ActorOf(request), id, if_match,
                                       [&value](const T&) -> Result<T> { return value; }));
                return http::Response::Ok(r->ToJson(saved)).WithETag(saved.meta.version);
              }});

  router.Add({.method = http::Verb::patch,
              .path = item,
              .permission = o.permissions.update,
              .tag = o.tag,
              .summary = "Update a " + o.noun + " (JSON merge patch)",
              .description = "RFC 7396: members replace, null removes. If-Match with a stale "
                             "version is 412.",
              .request_schema = R"({"type":"object"})",
              .request_content_types = {"application/merge-patch+json", "application/json"},
              .response_schema = one,
              .handler = [r](http::Request& request) -> Result<http::Response> {
                const std::string& id = request.Param("id");
                EMPORION_ASSIGN_OR_RETURN(auto if_match, http::IfMatchVersion(request));
                EMPORION_ASSIGN_OR_RETURN(auto patch, http::ParseBody(request));
                EMPORION_RETURN_IF_ERROR(detail::BodyId(patch, id));
                auto merge = [&](const T& current) -> Result<T> {
                  EMPORION_ASSIGN_OR_RETURN(auto doc, json::ParseObject(r->ToJson(current)));
                  json::ApplyMergePatch(doc, patch, doc.GetAllocator());
                  return r->definition().parse(doc, "");
                };
                EMPORION_ASSIGN_OR_RETURN(T saved,
                                          r->Update(ActorOf(request), id, if_match, merge));
                return http::Response::Ok(r->ToJson(saved)).WithETag(saved.meta.version);
              }});

  router.Add({.method = http::Verb::delete_,
              .path = item,
              .permission = o.permissions.remove,
              .tag = o.tag,
              .summary = "Delete a " + o.noun,
              .description = o.delete_description,
              .success_status = 204,
              .handler = [r](http::Request& request) -> Result<http::Response> {
                EMPORION_ASSIGN_OR_RETURN(auto if_match, http::IfMatchVersion(request));
                EMPORION_RETURN_IF_ERROR(
                    r->Delete(ActorOf(request), request.Param("id"), if_match));
                return http::Response::NoContent();
              }});

  router.Add({.method = http::Verb::post,
              .path = o.collection + "/bulk",
              .permission = o.permissions.create,
              .tag = o.tag,
              .summary = "Create or update many " + o.noun + "s",
              .description = "Upserts by id, else by business key; up to 10,000 items, all or "
                             "nothing. 422 names each bad item by index (items[3].code). Needs " +
                             o.permissions.create + " and " + o.permissions.update + ".",
              .request_schema = BulkSchema(o.schema),
              .response_schema = BulkResultSchema(),
              .handler = [r, o](http::Request& request) -> Result<http::Response> {
                if (!request.principal || !request.principal->Has(o.permissions.update)) {
                  return Error::PermissionDenied("bulk upsert needs " + o.permissions.update);
                }
                EMPORION_ASSIGN_OR_RETURN(auto body, http::ParseBody(request));
                auto it = body.FindMember("items");
                if (it == body.MemberEnd() || !it->value.IsArray()) {
                  return Error::InvalidField("items", "is required: an array of " + o.noun + "s");
                }
                if (it->value.Size() > kMaxBulkItems) {
                  return Error::InvalidField("items", "at most 10000 items per request");
                }
                std::vector<T> items;
                items.reserve(it->value.Size());
                std::vector<FieldError> errors;
                for (rapidjson::SizeType i = 0; i < it->value.Size(); ++i) {
                  const std::string prefix = "items[" + std::to_string(i) + "].";
                  const json::Value& v = it->value[i];
                  if (!v.IsObject()) {
                    errors.push_back({"items[" + std::to_string(i) + "]", "must be an object"});
                    continue;
                  }
                  auto id = detail::BodyId(v, "", prefix);
                  auto parsed = r->definition().parse(v, prefix);
                  for (const auto* e :
                       {id.ok() ? nullptr : &id.error(), parsed.ok() ? nullptr : &parsed.error()}) {
                    if (e == nullptr) continue;
                    for (const auto& f : e->fields()) errors.push_back(f);
                    if (e->fields().empty()) errors.push_back({prefix + "id", e->detail()});
                  }
                  if (id.ok() && parsed.ok()) {
                    items.push_back(std::move(parsed).value());
                    items.back().meta.id = *id;
                  }
                }
                if (!errors.empty()) {
                  std::string detail = std::to_string(errors.size()) +
                                       " problem(s): " + errors.front().field + ": " +
                                       errors.front().message;
                  return Error(ErrorCode::kUnprocessable, std::move(detail), std::move(errors));
                }
                EMPORION_ASSIGN_OR_RETURN(auto outcome,
                                          r->Bulk(ActorOf(request), std::move(items)));
                json::Writer w;
                w.StartObject().Key("created").Int(outcome.created);
                w.Key("updated").Int(outcome.updated).EndObject();
                return http::Response::Ok(w.str());
              }});
}

}  // namespace emporion::resource
