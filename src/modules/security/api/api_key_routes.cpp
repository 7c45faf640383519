// /api/v1/security/api-keys: list, create (the key is shown once), read, replace, merge-patch,
// delete (revoke).
#include "modules/security/api/api_common.hpp"
#include "modules/security/api/security_routes.hpp"
#include "modules/security/service/resource_json.hpp"

namespace emporion::security {
namespace {

constexpr const char* kBase = "/api/v1/security/api-keys";
const std::vector<std::string> kSortable = {"name", "createdAt", "modifiedAt", "expiresAt"};

Result<http::Response> List(const SecurityRoutesDeps& deps, const http::Request& request) {
  EMPORION_ASSIGN_OR_RETURN(auto params, http::ParseListParams(request, kSortable));
  ApiKeyQuery q;
  q.q = params.q;
  q.limit = params.limit;
  q.offset = params.offset;
  q.sort = ToSortKeys(params.sort);
  if (auto user = request.Query("userId"); user && !user->empty()) q.user_id = *user;
  EMPORION_ASSIGN_OR_RETURN(auto page, deps.service.ListApiKeys(q));
  const Timestamp now = deps.clock.Now();
  std::vector<std::string> items;
  items.reserve(page.items.size());
  for (const auto& key : page.items) items.push_back(ApiKeyJson(key, now));
  return http::Response::Ok(http::ListEnvelope(items, page.total));
}

Result<http::Response> Create(const SecurityRoutesDeps& deps, const http::Request& request) {
  EMPORION_ASSIGN_OR_RETURN(auto body, http::ParseBody(request));
  EMPORION_ASSIGN_OR_RETURN(auto id, ReadId(body));
  ApiKeyDraft draft;
  EMPORION_RETURN_IF_ERROR(ReadApiKeyDraft(body, draft));
  EMPORION_ASSIGN_OR_RETURN(auto issued,
                            deps.service.CreateApiKey(id, std::move(draft), CallerOf(request)));
  http::Response r =
      http::Response::Created(ApiKeyJson(issued.key, deps.clock.Now(), &issued.secret_key),
                              std::string(kBase) + "/" + issued.key.meta.id);
  r.WithETag(issued.key.meta.version);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Result<http::Response> Get(const SecurityRoutesDeps& deps, const http::Request& request) {
  EMPORION_ASSIGN_OR_RETURN(auto key, deps.service.GetApiKey(request.Param("id")));
  return Resource(200, ApiKeyJson(key, deps.clock.Now()), key.meta.version);
}

Result<http::Response> Update(const SecurityRoutesDeps& deps, const http::Request& request,
                              bool merge) {
  const std::string& id = request.Param("id");
  EMPORION_ASSIGN_OR_RETURN(auto body, http::ParseBody(request));
  EMPORION_ASSIGN_OR_RETURN(auto expected, http::IfMatchVersion(request));
  if (!merge) EMPORION_RETURN_IF_ERROR(CheckBodyId(body, id));
  auto mutate = [&body, merge](const ApiKey& current, ApiKeyDraft& draft) -> Status {
    json::Document merged;
    if (merge) {
      merged = ApiKeyWritableJson(current);
      json::ApplyMergePatch(merged, body, merged.GetAllocator());
    }
    return ReadApiKeyDraft(merge ? merged : body, draft);
  };
  EMPORION_ASSIGN_OR_RETURN(auto key,
                            deps.service.UpdateApiKey(id, expected, mutate, CallerOf(request)));
  return Resource(200, ApiKeyJson(key, deps.clock.Now()), key.meta.version);
}

Result<http::Response> Delete(const SecurityRoutesDeps& deps, const http::Request& request) {
  EMPORION_ASSIGN_OR_RETURN(auto expected, http::IfMatchVersion(request));
  EMPORION_RETURN_IF_ERROR(
      deps.service.DeleteApiKey(request.Param("id"), expected, CallerOf(request)));
  return http::Response::NoContent();
}

}  // namespace

void RegisterApiKeyRoutes(http::Router& router, const SecurityRoutesDeps& deps) {
  router.AddSchema("ApiKey", R"({
    "type": "object",
    "properties": {
      "id": {"type": "string"}, "version": {"type": "integer"},
      "createdAt": {"type": "string", "format": "date-time"}, "createdBy": {"type": "string"},
      "modifiedAt": {"type": "string", "format": "date-time"}, "modifiedBy": {"type": "string"},
      "name": {"type": "string"},
      "userId": {"type": "string", "description": "the user the key acts as"},
      "expiresAt": {"type": ["string", "null"], "format": "date-time"},
      "isExpired": {"type": "boolean"},
      "key": {"type": "string", "readOnly": true,
              "description": "only in the create response: send it as X-API-Key, or use the id and the part after the last '_' as client_id and client_secret"}
    }})");
  router.AddSchema("ApiKeyInput", R"({
    "type": "object",
    "required": ["name", "userId"],
    "properties": {
      "id": {"type": "string"},
      "name": {"type": "string", "maxLength": 200},
      "userId": {"type": "string", "description": "cannot change after creation"},
      "expiresAt": {"type": ["string", "null"], "format": "date-time"}
    }})");
  const std::string key_ref = R"({"$ref": "#/components/schemas/ApiKey"})";
  const std::string input_ref = R"({"$ref": "#/components/schemas/ApiKeyInput"})";
  router.Add({.method = http::Verb::get,
              .path = kBase,
              .permission = kReadPermission,
              .tag = kSecurityTag,
              .summary = "List API keys (never their secrets)",
              .response_schema = R"({"type": "object", "properties": {"items": {"type": "array",
                "items": {"$ref": "#/components/schemas/ApiKey"}}, "total": {"type": "integer"}}})",
              .query = {{"q", "string", "text in the name"},
                        {"userId", "string", "keys acting as this user"},
                        {"sort", "string", "name, createdAt, modifiedAt, expiresAt; :asc or :desc"},
                        {"limit", "integer", "1..1000, default 20"},
                        {"offset", "integer", "default 0"}},
              .handler = [&deps](http::Request& r) { return List(deps, r); }});
  router.Add({.method = http::Verb::post,
              .path = kBase,
              .permission = kManagePermission,
              .tag = kSecurityTag,
              .summary = "Create an API key for an integration",
              .description = "The response's `key` is shown only this once; only its SHA-256 is "
                             "stored. 422 naming userId for an unknown user, expiresAt for a past "
                             "time.",
              .request_schema = input_ref,
              .success_status = 201,
              .response_schema = key_ref,
              .handler = [&deps](http::Request& r) { return Create(deps, r); }});
  const std::string item = std::string(kBase) + "/{id}";
  router.Add({.method = http::Verb::get,
              .path = item,
              .permission = kReadPermission,
              .tag = kSecurityTag,
              .summary = "Get an API key (never its secret)",
              .response_schema = key_ref,
              .handler = [&deps](http::Request& r) { return Get(deps, r); }});
  router.Add({.method = http::Verb::put,
              .path = item,
              .permission = kManagePermission,
              .tag = kSecurityTag,
              .summary = "Replace an API key's name and expiry",
              .request_schema = input_ref,
              .response_schema = key_ref,
              .handler = [&deps](http::Request& r) { return Update(deps, r, false); }});
  router.Add({.method = http::Verb::patch,
              .path = item,
              .permission = kManagePermission,
              .tag = kSecurityTag,
              .summary = "Change an API key's name or expiry (JSON merge patch)",
              .request_schema = input_ref,
              .response_schema = key_ref,
              .handler = [&deps](http::Request& r) { return Update(deps, r, true); }});
  router.Add(
      {.method = http::Verb::delete_,
       .path = item,
       .permission = kManagePermission,
       .tag = kSecurityTag,
       .summary = "Revoke an API key",
       .description = "Requests with the key, and tokens obtained with it, get 401 from now on.",
       .success_status = 204,
       .handler = [&deps](http::Request& r) { return Delete(deps, r); }});
}

}  // namespace emporion::security
