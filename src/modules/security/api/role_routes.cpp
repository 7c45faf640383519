// /api/v1/security/roles: list, create, read, replace, merge-patch, delete.
#include <algorithm>

#include "modules/security/api/api_common.hpp"
#include "modules/security/api/security_routes.hpp"
#include "modules/security/service/resource_json.hpp"

namespace emporion::security {
namespace {

constexpr const char* kBase = "/api/v1/security/roles";
const std::vector<std::string> kSortable = {"name", "createdAt", "modifiedAt"};

std::vector<std::string> AllPermissionNames(const auth::PermissionRegistry& registry) {
  std::vector<std::string> names;
  for (const auto& def : registry.All()) names.push_back(def.name);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

Result<http::Response> List(const SecurityRoutesDeps& deps, const http::Request& request) {
  EMPORION_ASSIGN_OR_RETURN(auto params, http::ParseListParams(request, kSortable));
  RoleQuery q;
  q.q = params.q;
  q.limit = params.limit;
  q.offset = params.offset;
  q.sort = ToSortKeys(params.sort);
  EMPORION_ASSIGN_OR_RETURN(auto page, deps.service.ListRoles(q));
  const auto all = AllPermissionNames(deps.permissions);
  std::vector<std::string> items;
  items.reserve(page.items.size());
  for (const auto& role : page.items) items.push_back(RoleJson(role, all));
  return http::Response::Ok(http::ListEnvelope(items, page.total));
}

Result<http::Response> Create(const SecurityRoutesDeps& deps, const http::Request& request) {
  EMPORION_ASSIGN_OR_RETURN(auto body, http::ParseBody(request));
  EMPORION_ASSIGN_OR_RETURN(auto id, ReadId(body));
  RoleDraft draft;
  EMPORION_RETURN_IF_ERROR(ReadRoleDraft(body, draft));
  EMPORION_ASSIGN_OR_RETURN(auto role,
                            deps.service.CreateRole(id, std::move(draft), CallerOf(request)));
  http::Response r = http::Response::Created(RoleJson(role, AllPermissionNames(deps.permissions)),
                                             std::string(kBase) + "/" + role.meta.id);
  r.WithETag(role.meta.version);
  return r;
}

Result<http::Response> Get(const SecurityRoutesDeps& deps, const http::Request& request) {
  EMPORION_ASSIGN_OR_RETURN(auto role, deps.service.GetRole(request.Param("id")));
  return Resource(200, RoleJson(role, AllPermissionNames(deps.permissions)), role.meta.version);
}

Result<http::Response> Update(const SecurityRoutesDeps& deps, const http::Request& request,
                              bool merge) {
  const std::string& id = request.Param("id");
  EMPORION_ASSIGN_OR_RETURN(auto body, http::ParseBody(request));
  EMPORION_ASSIGN_OR_RETURN(auto expected, http::IfMatchVersion(request));
  if (!merge) EMPORION_RETURN_IF_ERROR(CheckBodyId(body, id));
  auto mutate = [&body, merge](const Role& current, RoleDraft& draft) -> Status {
    json::Document merged;
    if (merge) {
      merged = RoleWritableJson(current);
      json::ApplyMergePatch(merged, body, merged.GetAllocator());
    }
    return ReadRoleDraft(merge ? merged : body, draft);
  };
  EMPORION_ASSIGN_OR_RETURN(auto role,
                            deps.service.UpdateRole(id, expected, mutate, CallerOf(request)));
  return Resource(200, RoleJson(role, AllPermissionNames(deps.permissions)), role.meta.version);
}

Result<http::Response> Delete(const SecurityRoutesDeps& deps, const http::Request& request) {
  EMPORION_ASSIGN_OR_RETURN(auto expected, http::IfMatchVersion(request));
  EMPORION_RETURN_IF_ERROR(
      deps.service.DeleteRole(request.Param("id"), expected, CallerOf(request)));
  return http::Response::NoContent();
}

}  // namespace

void RegisterRoleRoutes(http::Router& router, const SecurityRoutesDeps& deps) {
  router.AddSchema("SecurityRole", R"({
    "type": "object",
    "properties": {
      "id": {"type": "string"}, "version": {"type": "integer"},
      "createdAt": {"type": "string", "format": "date-time"}, "createdBy": {"type": "string"},
      "modifiedAt": {"type": "string", "format": "date-time"}, "modifiedBy": {"type": "string"},
      "name": {"type": "string"},
      "description": {"type": "string"},
      "permissions": {"type": "array", "items": {"$ref": "#/components/schemas/PermissionGrant"}},
      "isBuiltIn": {"type": "boolean", "description": "the Administrator role: all permissions, read-only"}
    }})");
  router.AddSchema("SecurityRoleInput", R"({
    "type": "object",
    "required": ["name"],
    "properties": {
      "id": {"type": "string"},
      "name": {"type": "string", "maxLength": 128},
      "description": {"type": "string"},
      "permissions": {"type": "array", "items": {"oneOf": [
        {"type": "string", "example": "orders:read"},
        {"$ref": "#/components/schemas/PermissionGrant"}]}}
    }})");
  const std::string role_ref = R"({"$ref": "#/components/schemas/SecurityRole"})";
  const std::string input_ref = R"({"$ref": "#/components/schemas/SecurityRoleInput"})";
  router.Add({.method = http::Verb::get,
              .path = kBase,
              .permission = kReadPermission,
              .tag = kSecurityTag,
              .summary = "List roles",
              .response_schema = R"({"type": "object", "properties": {"items": {"type": "array",
                "items": {"$ref": "#/components/schemas/SecurityRole"}}, "total": {"type": "integer"}}})",
              .query = {{"q", "string", "text in the name"},
                        {"sort", "string", "name, createdAt, modifiedAt; :asc or :desc"},
                        {"limit", "integer", "1..1000, default 20"},
                        {"offset", "integer", "default 0"}},
              .handler = [&deps](http::Request& r) { return List(deps, r); }});
  router.Add({.method = http::Verb::post,
              .path = kBase,
              .permission = kManagePermission,
              .tag = kSecurityTag,
              .summary = "Create a role",
              .description = "409 naming name when taken; 422 naming permissions[i] for an unknown "
                             "permission or a scope it does not allow.",
              .request_schema = input_ref,
              .success_status = 201,
              .response_schema = role_ref,
              .handler = [&deps](http::Request& r) { return Create(deps, r); }});
  const std::string item = std::string(kBase) + "/{id}";
  router.Add({.method = http::Verb::get,
              .path = item,
              .permission = kReadPermission,
              .tag = kSecurityTag,
              .summary = "Get a role",
              .response_schema = role_ref,
              .handler = [&deps](http::Request& r) { return Get(deps, r); }});
  router.Add({.method = http::Verb::put,
              .path = item,
              .permission = kManagePermission,
              .tag = kSecurityTag,
              .summary = "Replace a role",
              .description = "The built-in Administrator role cannot be changed (409).",
              .request_schema = input_ref,
              .response_schema = role_ref,
              .handler = [&deps](http::Request& r) { return Update(deps, r, false); }});
  router.Add({.method = http::Verb::patch,
              .path = item,
              .permission = kManagePermission,
              .tag = kSecurityTag,
              .summary = "Change a role (JSON merge patch; permissions are replaced whole)",
              .request_schema = input_ref,
              .response_schema = role_ref,
              .handler = [&deps](http::Request& r) { return Update(deps, r, true); }});
  router.Add({.method = http::Verb::delete_,
              .path = item,
              .permission = kManagePermission,
              .tag = kSecurityTag,
              .summary = "Delete a role",
              .description = "409 while users hold it, and for the built-in Administrator role.",
              .success_status = 204,
              .handler = [&deps](http::Request& r) { return Delete(deps, r); }});
}

}  // namespace emporion::security
