// GET /api/v1/me, POST /api/v1/me/password, GET /api/v1/security/permissions and the signing
// key routes.
#include <algorithm>
#include <memory>
#include <mutex>

#include "modules/security/api/api_common.hpp"
#include "modules/security/api/security_routes.hpp"

namespace emporion::security {
namespace {

void WriteGrant(json::Writer& w, const std::string& name, const std::vector<std::string>& stores,
                const std::vector<std::string>& catalogs) {
  w.StartObject().Key("name").String(name).Key("storeIds").StartArray();
  for (const auto& s : stores) w.String(s);
  w.EndArray().Key("catalogIds").StartArray();
  for (const auto& c : catalogs) w.String(c);
  w.EndArray().EndObject();
}

// An administrator holds every declared permission, unscoped: the same JSON array for every
// administrator, built again only when the number of declared permissions changes (modules
// declare theirs at start-up). /api/v1/me is the most frequent authenticated call.
class AdministratorGrants {
 public:
  std::shared_ptr<const std::string> Json(const auth::PermissionRegistry& registry) {
    std::lock_guard lock(mutex_);
    if (registry.All().size() != declared_) {
      std::vector<std::string> names;
      for (const auto& def : registry.All()) names.push_back(def.name);
      std::sort(names.begin(), names.end());
      names.erase(std::unique(names.begin(), names.end()), names.end());
      json::Writer w;
      w.StartArray();
      for (const auto& name : names) WriteGrant(w, name, {}, {});
      w.EndArray();
      json_ = std::make_shared<const std::string>(w.str());
      declared_ = registry.All().size();
    }
    return json_;
  }

 private:
  std::mutex mutex_;
  std::size_t declared_ = static_cast<std::size_t>(-1);
  std::shared_ptr<const std::string> json_;
};

Result<http::Response> Me(const SecurityRoutesDeps& deps, AdministratorGrants& admin_grants,
                          const http::Request& request) {
  const http::Principal& p = *request.principal;
  auto user = deps.service.GetUser(p.user_id);
  if (!user.ok()) {
    if (user.error().code() == ErrorCode::kNotFound) {
      return Error::Unauthenticated("the user no longer exists");
    }
    return std::move(user).error();
  }
  json::Writer w;
  w.StartObject();
  w.Key("id").String(user->meta.id);
  w.Key("userName").String(user->user_name);
  w.Key("email").OptString(user->email);
  w.Key("userType").String(ToString(user->user_type));
  w.Key("memberId").OptString(user->member_id);
  w.Key("storeIds").StartArray();
  for (const auto& s : user->store_ids) w.String(s);
  w.EndArray();
  w.Key("roles").StartArray();
  for (const auto& r : user->roles) w.String(r);
  w.EndArray();
  w.Key("isAdministrator").Bool(p.is_administrator);
  w.Key("authenticatedBy").String(p.auth_method);
  w.Key("permissions");
  if (p.is_administrator) {
    w.RawJson(*admin_grants.Json(deps.permissions));
  } else {
    w.StartArray();
    for (const auto& [name, scope] : p.permissions) {
      WriteGrant(w, name, scope.store_ids, scope.catalog_ids);
    }
    w.EndArray();
  }
  w.EndObject();
  return http::Response::Ok(w.str());
}

Result<http::Response> ChangeOwnPassword(const SecurityRoutesDeps& deps,
                                         const http::Request& request) {
  EMPORION_ASSIGN_OR_RETURN(auto body, http::ParseBody(request));
  json::FieldReader r(body);
  auto current = r.String("currentPassword", true);
  auto next = r.String("newPassword", true);
  EMPORION_RETURN_IF_ERROR(r.ToStatus());
  const Caller caller = CallerOf(request);
  auto changed = deps.service.SetPassword(caller.user_id, *next, *current, caller);
  if (!changed.ok()) {
    // The service names the policy's field `password`; this route calls it `newPassword`.
    Error e = std::move(changed).error();
    if (e.code() == ErrorCode::kUnprocessable && !e.fields().empty() &&
        e.fields().front().field == "password") {
      return Error::Unprocessable("newPassword", e.fields().front().message);
    }
    return e;
  }
  return http::Response::NoContent();
}

Result<http::Response> ListPermissions(const SecurityRoutesDeps& deps,
                                       const http::Request& request) {
  const std::string accept_language(request.Header("accept-language"));
  const auto module = request.Query("module");
  const auto q = request.Query("q");
  std::vector<const auth::PermissionDefinition*> defs;
  for (const auto& def : deps.permissions.All()) {
    if (module && def.module != *module) continue;
    if (q && def.name.find(*q) == std::string::npos) continue;
    defs.push_back(&def);
  }
  std::sort(defs.begin(), defs.end(),
            [](const auto* a, const auto* b) { return a->name < b->name; });
  std::vector<std::string> items;
  items.reserve(defs.size());
  for (const auto* def : defs) {
    json::Writer w;
    w.StartObject();
    w.Key("name").String(def->name);
    w.Key("module").String(def->module);
    w.Key("displayName").String(deps.permissions.DisplayName(def->name, accept_language));
    w.Key("storeScopable").Bool(def->store_scopable);
    w.EndObject();
    items.push_back(w.str());
  }
  http::Response r =
      http::Response::Ok(http::ListEnvelope(items, static_cast<std::int64_t>(items.size())));
  r.headers.emplace_back("Vary", "Accept-Language");
  return r;
}

std::string KeyJson(const SigningKeyInfo& k) {
  json::Writer w;
  w.StartObject().Key("kid").String(k.kid).Key("createdAt").Time(k.created_at);
  w.Key("isCurrent").Bool(k.current).EndObject();
  return w.str();
}

}  // namespace

void RegisterAccountRoutes(http::Router& router, const SecurityRoutesDeps& deps) {
  router.AddSchema("Me", R"({
    "type": "object",
    "properties": {
      "id": {"type": "string"}, "userName": {"type": "string"},
      "email": {"type": ["string", "null"]},
      "userType": {"type": "string", "enum": ["Customer", "Manager", "Administrator"]},
      "memberId": {"type": ["string", "null"]},
      "storeIds": {"type": "array", "items": {"type": "string"}},
      "roles": {"type": "array", "items": {"type": "string"}},
      "isAdministrator": {"type": "boolean"},
      "authenticatedBy": {"type": "string", "enum": ["bearer", "api-key"]},
      "permissions": {"type": "array", "items": {"$ref": "#/components/schemas/PermissionGrant"}}
    }})");
  router.AddSchema("PermissionGrant", R"({
    "type": "object",
    "required": ["name"],
    "properties": {
      "name": {"type": "string", "example": "orders:read"},
      "storeIds": {"type": "array", "items": {"type": "string"},
                   "description": "limits the permission to these stores; empty: every store"},
      "catalogIds": {"type": "array", "items": {"type": "string"},
                     "description": "limits a catalog permission to these catalogs; empty: all"}
    }})");
  router.AddSchema("PermissionList", R"({
    "type": "object",
    "properties": {
      "items": {"type": "array", "items": {"type": "object", "properties": {
        "name": {"type": "string"}, "module": {"type": "string"},
        "displayName": {"type": "string"}, "storeScopable": {"type": "boolean"}}}},
      "total": {"type": "integer"}
    }})");
  router.Add({.method = http::Verb::get,
              .path = "/api/v1/me",
              .permission = std::string(http::kAuthenticated),
              .tag = kSecurityTag,
              .summary = "The current user, roles and effective permissions with store scopes",
              .response_schema = R"({"$ref": "#/components/schemas/Me"})",
              .short_read = true,
              .handler = [&deps, grants = std::make_shared<AdministratorGrants>()](
                             http::Request& r) { return Me(deps, *grants, r); }});
  router.Add(
      {.method = http::Verb::post,
       .path = "/api/v1/me/password",
       .permission = std::string(http::kAuthenticated),
       .tag = kSecurityTag,
       .summary = "Change your own password",
       .description = "422 naming currentPassword when it does not match, newPassword when "
                      "it breaks the password policy. Ends your other sessions' refresh "
                      "tokens.",
       .request_schema = R"({"type": "object", "required": ["currentPassword", "newPassword"],
                "properties": {"currentPassword": {"type": "string", "format": "password"},
                               "newPassword": {"type": "string", "format": "password"}}})",
       .success_status = 204,
       .handler = [&deps](http::Request& r) { return ChangeOwnPassword(deps, r); }});
  router.Add({.method = http::Verb::get,
              .path = "/api/v1/security/permissions",
              .permission = std::string(http::kAuthenticated),
              .tag = kSecurityTag,
              .summary = "Every declared permission, display names in the Accept-Language",
              .response_schema = R"({"$ref": "#/components/schemas/PermissionList"})",
              .query = {{"module", "string", "only this module's permissions"},
                        {"q", "string", "names containing this text"}},
              .handler = [&deps](http::Request& r) { return ListPermissions(deps, r); }});
  router.Add({.method = http::Verb::get,
              .path = "/api/v1/security/signing-keys",
              .permission = kReadPermission,
              .tag = kSecurityTag,
              .summary = "Access-token signing keys (ids only); the first one signs",
              .response_schema = R"({"type": "object", "properties": {"items": {"type": "array",
                "items": {"type": "object", "properties": {"kid": {"type": "string"},
                "createdAt": {"type": "string", "format": "date-time"},
                "isCurrent": {"type": "boolean"}}}}, "total": {"type": "integer"}}})",
              .handler = [&deps](http::Request&) -> Result<http::Response> {
                std::vector<std::string> items;
                for (const auto& k : deps.tokens.SigningKeys()) items.push_back(KeyJson(k));
                return http::Response::Ok(
                    http::ListEnvelope(items, static_cast<std::int64_t>(items.size())));
              }});
  router.Add({.method = http::Verb::post,
              .path = "/api/v1/security/signing-keys/rotate",
              .permission = kManagePermission,
              .tag = kSecurityTag,
              .summary = "Start signing tokens with a new key",
              .description = "Tokens signed with the previous keys stay valid until they expire; "
                             "the three newest keys are kept.",
              .response_schema = R"({"type": "object", "properties": {"kid": {"type": "string"},
                "createdAt": {"type": "string", "format": "date-time"},
                "isCurrent": {"type": "boolean"}}})",
              .handler = [&deps](http::Request& r) -> Result<http::Response> {
                EMPORION_ASSIGN_OR_RETURN(auto key, deps.tokens.RotateSigningKey(CallerOf(r)));
                return http::Response::Ok(KeyJson(key));
              }});
}

}  // namespace emporion::security
