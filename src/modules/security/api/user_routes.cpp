// /api/v1/security/users: list, create, read, replace, merge-patch, delete, set password,
// unlock.
#include "modules/security/api/api_common.hpp"
#include "modules/security/api/security_routes.hpp"
#include "modules/security/service/resource_json.hpp"

namespace emporion::security {
namespace {

constexpr const char* kBase = "/api/v1/security/users";
const std::vector<std::string> kSortable = {"userName", "email", "createdAt", "modifiedAt"};

Result<http::Response> List(const SecurityRoutesDeps& deps, const http::Request& request) {
  EMPORION_ASSIGN_OR_RETURN(auto params, http::ParseListParams(request, kSortable));
  UserQuery q;
  q.q = params.q;
  q.limit = params.limit;
  q.offset = params.offset;
  q.sort = ToSortKeys(params.sort);
  if (auto type = request.Query("userType"); type && !type->empty()) {
    q.user_type = ParseUserType(*type);
    if (!q.user_type) {
      return Error::InvalidField("userType", "must be Customer, Manager or Administrator");
    }
  }
  if (auto role = request.Query("role"); role && !role->empty()) q.role = *role;
  if (auto member = request.Query("memberId"); member && !member->empty()) q.member_id = *member;
  EMPORION_ASSIGN_OR_RETURN(auto page, deps.service.ListUsers(q));
  const Timestamp now = deps.clock.Now();
  std::vector<std::string> items;
  items.reserve(page.items.size());
  for (const auto& u : page.items) items.push_back(UserJson(u, now));
  return http::Response::Ok(http::ListEnvelope(items, page.total));
}

Result<http::Response> Create(const SecurityRoutesDeps& deps, const http::Request& request) {
  EMPORION_ASSIGN_OR_RETURN(auto body, http::ParseBody(request));
  EMPORION_ASSIGN_OR_RETURN(auto id, ReadId(body));
  UserDraft draft;
  EMPORION_ASSIGN_OR_RETURN(auto password, ReadUserDraft(body, draft));
  EMPORION_ASSIGN_OR_RETURN(
      auto user, deps.service.CreateUser(id, std::move(draft), password, CallerOf(request)));
  http::Response r = http::Response::Created(UserJson(user, deps.clock.Now()),
                                             std::string(kBase) + "/" + user.meta.id);
  r.WithETag(user.meta.version);
  return r;
}

Result<http::Response> Get(const SecurityRoutesDeps& deps, const http::Request& request) {
  EMPORION_ASSIGN_OR_RETURN(auto user, deps.service.GetUser(request.Param("id")));
  return Resource(200, UserJson(user, deps.clock.Now()), user.meta.version);
}

/// PUT (`merge` false) replaces the writable fields; PATCH merges into them (RFC 7396).
Result<http::Response> Update(const SecurityRoutesDeps& deps, const http::Request& request,
                              bool merge) {
  const std::string& id = request.Param("id");
  EMPORION_ASSIGN_OR_RETURN(auto body, http::ParseBody(request));
  EMPORION_ASSIGN_OR_RETURN(auto expected, http::IfMatchVersion(request));
  if (!merge) EMPORION_RETURN_IF_ERROR(CheckBodyId(body, id));
  // The password travels outside the mutation so it is hashed before the transaction.
  std::optional<std::string> password;
  {
    json::FieldReader r(body);
    password = r.String("password");
    EMPORION_RETURN_IF_ERROR(r.ToStatus());
  }
  const Timestamp now = deps.clock.Now();
  auto mutate = [&body, merge, now](const User& current, UserDraft& draft) -> Status {
    json::Document merged;
    if (merge) {
      merged = UserWritableJson(current, now);
      json::ApplyMergePatch(merged, body, merged.GetAllocator());
    }
    auto read = ReadUserDraft(merge ? merged : body, draft);
    if (!read.ok()) return std::move(read).error();
    return Ok();
  };
  EMPORION_ASSIGN_OR_RETURN(
      auto user, deps.service.UpdateUser(id, expected, mutate, password, CallerOf(request)));
  return Resource(200, UserJson(user, deps.clock.Now()), user.meta.version);
}

Result<http::Response> Delete(const SecurityRoutesDeps& deps, const http::Request& request) {
  EMPORION_ASSIGN_OR_RETURN(auto expected, http::IfMatchVersion(request));
  EMPORION_RETURN_IF_ERROR(
      deps.service.DeleteUser(request.Param("id"), expected, CallerOf(request)));
  return http::Response::NoContent();
}

Result<http::Response> SetPassword(const SecurityRoutesDeps& deps, const http::Request& request) {
  EMPORION_ASSIGN_OR_RETURN(auto body, http::ParseBody(request));
  json::FieldReader r(body);
  auto password = r.String("password");
  auto new_password = r.String("newPassword");
  auto current = r.String("currentPassword");
  EMPORION_RETURN_IF_ERROR(r.ToStatus());
  if (!password) password = new_password;
  if (!password) return Error::InvalidField("password", "is required");
  EMPORION_ASSIGN_OR_RETURN(auto user, deps.service.SetPassword(request.Param("id"), *password,
                                                                current, CallerOf(request)));
  return Resource(200, UserJson(user, deps.clock.Now()), user.meta.version);
}

Result<http::Response> Unlock(const SecurityRoutesDeps& deps, const http::Request& request) {
  EMPORION_ASSIGN_OR_RETURN(auto user, deps.service.Unlock(request.Param("id"), CallerOf(request)));
  return Resource(200, UserJson(user, deps.clock.Now()), user.meta.version);
}

}  // namespace

void RegisterUserRoutes(http::Router& router, const SecurityRoutesDeps& deps) {
  router.AddSchema("SecurityUser", R"({
    "type": "object",
    "properties": {
      "id": {"type": "string"}, "version": {"type": "integer"},
      "createdAt": {"type": "string", "format": "date-time"}, "createdBy": {"type": "string"},
      "modifiedAt": {"type": "string", "format": "date-time"}, "modifiedBy": {"type": "string"},
      "userName": {"type": "string"},
      "email": {"type": ["string", "null"], "format": "email"},
      "userType": {"type": "string", "enum": ["Customer", "Manager", "Administrator"]},
      "memberId": {"type": ["string", "null"]},
      "storeIds": {"type": "array", "items": {"type": "string"}},
      "roles": {"type": "array", "items": {"type": "string"}, "description": "role names"},
      "isActive": {"type": "boolean", "description": "false: the account cannot sign in"},
      "isLockedOut": {"type": "boolean"},
      "lockoutEnd": {"type": ["string", "null"], "format": "date-time"},
      "isAdministrator": {"type": "boolean", "description": "holds the Administrator role"},
      "hasPassword": {"type": "boolean"},
      "passwordChangedAt": {"type": ["string", "null"], "format": "date-time"},
      "lastLoginAt": {"type": ["string", "null"], "format": "date-time"}
    }})");
  router.AddSchema("SecurityUserInput", R"({
    "type": "object",
    "required": ["userName"],
    "properties": {
      "id": {"type": "string"},
      "userName": {"type": "string", "maxLength": 256, "pattern": "^[A-Za-z0-9._@+-]+$"},
      "email": {"type": ["string", "null"], "format": "email"},
      "password": {"type": "string", "format": "password", "writeOnly": true,
                   "description": "at least security.password.minLength characters with letters and digits"},
      "userType": {"type": "string", "enum": ["Customer", "Manager", "Administrator"], "default": "Customer"},
      "memberId": {"type": ["string", "null"]},
      "storeIds": {"type": "array", "items": {"type": "string"}},
      "roles": {"type": "array", "items": {"type": "string"}},
      "isActive": {"type": "boolean", "default": true},
      "isLockedOut": {"type": "boolean", "description": "false unlocks; true locks until unlocked"}
    }})");
  const std::string user_ref = R"({"$ref": "#/components/schemas/SecurityUser"})";
  const std::string input_ref = R"({"$ref": "#/components/schemas/SecurityUserInput"})";
  router.Add({.method = http::Verb::get,
              .path = kBase,
              .permission = kReadPermission,
              .tag = kSecurityTag,
              .summary = "List users",
              .response_schema = R"({"type": "object", "properties": {"items": {"type": "array",
                "items": {"$ref": "#/components/schemas/SecurityUser"}}, "total": {"type": "integer"}}})",
              .query = {{"q", "string", "text in userName or email"},
                        {"userType", "string", "Customer, Manager or Administrator"},
                        {"role", "string", "holders of this role name"},
                        {"memberId", "string", "users linked to this member"},
                        {"sort", "string", "userName, email, createdAt, modifiedAt; :asc or :desc"},
                        {"limit", "integer", "1..1000, default 20"},
                        {"offset", "integer", "default 0"}},
              .handler = [&deps](http::Request& r) { return List(deps, r); }});
  router.Add({.method = http::Verb::post,
              .path = kBase,
              .permission = kManagePermission,
              .tag = kSecurityTag,
              .summary = "Create a user",
              .description = "409 naming userName or email when taken; 422 naming password when it "
                             "breaks the policy, roles[i] for an unknown role. Only administrators "
                             "may grant the Administrator role (403).",
              .request_schema = input_ref,
              .success_status = 201,
              .response_schema = user_ref,
              .handler = [&deps](http::Request& r) { return Create(deps, r); }});
  const std::string item = std::string(kBase) + "/{id}";
  router.Add({.method = http::Verb::get,
              .path = item,
              .permission = kReadPermission,
              .tag = kSecurityTag,
              .summary = "Get a user",
              .response_schema = user_ref,
              .handler = [&deps](http::Request& r) { return Get(deps, r); }});
  router.Add({.method = http::Verb::put,
              .path = item,
              .permission = kManagePermission,
              .tag = kSecurityTag,
              .summary = "Replace a user's writable fields",
              .description = "Disabling, locking or demoting the last active administrator, or "
                             "yourself, is 409.",
              .request_schema = input_ref,
              .response_schema = user_ref,
              .handler = [&deps](http::Request& r) { return Update(deps, r, false); }});
  router.Add({.method = http::Verb::patch,
              .path = item,
              .permission = kManagePermission,
              .tag = kSecurityTag,
              .summary = "Change a user (JSON merge patch); isLockedOut:false unlocks",
              .request_schema = input_ref,
              .response_schema = user_ref,
              .handler = [&deps](http::Request& r) { return Update(deps, r, true); }});
  router.Add({.method = http::Verb::delete_,
              .path = item,
              .permission = kManagePermission,
              .tag = kSecurityTag,
              .summary = "Delete a user with their API keys",
              .description = "Deleting yourself or the last active administrator is 409.",
              .success_status = 204,
              .handler = [&deps](http::Request& r) { return Delete(deps, r); }});
  router.Add({.method = http::Verb::post,
              .path = item + "/password",
              .permission = kManagePermission,
              .tag = kSecurityTag,
              .summary = "Set a user's password",
              .description = "Body {\"password\"} (or {\"newPassword\", \"currentPassword\"}). 422 "
                             "naming password when it breaks the policy. Revokes the user's "
                             "refresh tokens.",
              .request_schema = R"({"type": "object", "properties": {
                "password": {"type": "string", "format": "password"},
                "newPassword": {"type": "string", "format": "password"},
                "currentPassword": {"type": "string", "format": "password"}}})",
              .response_schema = user_ref,
              .handler = [&deps](http::Request& r) { return SetPassword(deps, r); }});
  router.Add({.method = http::Verb::post,
              .path = item + "/unlock",
              .permission = kManagePermission,
              .tag = kSecurityTag,
              .summary = "End a lockout and forgive failed sign-ins",
              .response_schema = user_ref,
              .handler = [&deps](http::Request& r) { return Unlock(deps, r); }});
}

}  // namespace emporion::security
