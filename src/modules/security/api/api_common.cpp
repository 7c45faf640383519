#include "modules/security/api/api_common.hpp"

namespace emporion::security {
namespace {

void SetString(json::Value& obj, const char* name, const std::optional<std::string>& value,
               json::Allocator& alloc) {
  json::SetMember(obj, name, value ? json::StringValue(*value, alloc) : json::Value(), alloc);
}

json::Value StringArray(const std::vector<std::string>& items, json::Allocator& alloc) {
  json::Value array(rapidjson::kArrayType);
  for (const auto& s : items) array.PushBack(json::StringValue(s, alloc), alloc);
  return array;
}

/// A string member where "" also means absent.
std::optional<std::string> NonEmpty(std::optional<std::string> value) {
  if (value && value->empty()) return std::nullopt;
  return value;
}

}  // namespace

Caller CallerOf(const http::Request& request) {
  Caller c;
  if (request.principal) {
    c.user_id = request.principal->user_id;
    c.user_name = request.principal->user_name;
    c.is_administrator = request.principal->is_administrator;
  }
  c.request_id = request.request_id;
  c.ip = request.remote_address;
  return c;
}

json::Document UserWritableJson(const User& u, Timestamp now) {
  json::Document doc;
  doc.SetObject();
  auto& a = doc.GetAllocator();
  SetString(doc, "userName", u.user_name, a);
  SetString(doc, "email", u.email, a);
  SetString(doc, "userType", std::string(ToString(u.user_type)), a);
  SetString(doc, "memberId", u.member_id, a);
  json::SetMember(doc, "storeIds", StringArray(u.store_ids, a), a);
  json::SetMember(doc, "roles", StringArray(u.roles, a), a);
  json::SetMember(doc, "isActive", json::Value(u.is_active), a);
  json::SetMember(doc, "isLockedOut", json::Value(u.IsLockedOut(now)), a);
  return doc;
}

Result<std::optional<std::string>> ReadUserDraft(const json::Value& body, UserDraft& draft) {
  json::FieldReader r(body);
  auto user_name = r.String("userName", true);
  auto email = NonEmpty(r.String("email"));
  auto user_type = r.String("userType");
  auto member_id = NonEmpty(r.String("memberId"));
  auto store_ids = r.StringArray("storeIds");
  auto roles = r.StringArray("roles");
  auto is_active = r.Bool("isActive");
  auto locked_out = r.Bool("isLockedOut");
  auto password = r.String("password");
  EMPORION_RETURN_IF_ERROR(r.ToStatus());
  draft.user_name = *user_name;
  draft.email = std::move(email);
  if (user_type) {
    auto parsed = ParseUserType(*user_type);
    if (!parsed) {
      return Error::Unprocessable("userType", "must be Customer, Manager or Administrator");
    }
    draft.user_type = *parsed;
  } else {
    draft.user_type = UserType::kCustomer;
  }
  draft.member_id = std::move(member_id);
  draft.store_ids = store_ids.value_or(std::vector<std::string>{});
  draft.roles = roles.value_or(std::vector<std::string>{});
  draft.is_active = is_active.value_or(true);
  draft.locked_out = locked_out;
  return password;
}

json::Document RoleWritableJson(const Role& role) {
  json::Document doc;
  doc.SetObject();
  auto& a = doc.GetAllocator();
  SetString(doc, "name", role.name, a);
  SetString(doc, "description", role.description, a);
  json::Value grants(rapidjson::kArrayType);
  for (const auto& g : role.permissions) {
    json::Value item(rapidjson::kObjectType);
    json::SetMember(item, "name", json::StringValue(g.name, a), a);
    json::SetMember(item, "storeIds", StringArray(g.store_ids, a), a);
    json::SetMember(item, "catalogIds", StringArray(g.catalog_ids, a), a);
    grants.PushBack(item, a);
  }
  json::SetMember(doc, "permissions", std::move(grants), a);
  return doc;
}

Status ReadRoleDraft(const json::Value& body, RoleDraft& draft) {
  json::FieldReader r(body);
  auto name = r.String("name", true);
  auto description = r.String("description");
  std::vector<PermissionGrant> grants;
  if (const json::Value* list = r.Raw("permissions"); list != nullptr && !list->IsNull()) {
    if (!list->IsArray()) {
      r.AddError("permissions", "must be an array of permission names or objects");
    } else {
      for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
        const json::Value& item = (*list)[i];
        const std::string field = "permissions[" + std::to_string(i) + "]";
        if (item.IsString()) {
          grants.push_back({std::string(item.GetString(), item.GetStringLength()), {}, {}});
        } else if (item.IsObject()) {
          json::FieldReader g(item, field + ".");
          auto grant_name = g.String("name", true);
          auto stores = g.StringArray("storeIds");
          auto catalogs = g.StringArray("catalogIds");
          for (const auto& e : g.errors()) r.AddError(e.field, e.message);
          if (g.ok()) {
            grants.push_back({*grant_name, stores.value_or(std::vector<std::string>{}),
                              catalogs.value_or(std::vector<std::string>{})});
          }
        } else {
          r.AddError(field, "must be a permission name or an object with a name");
        }
      }
    }
  }
  EMPORION_RETURN_IF_ERROR(r.ToStatus());
  draft.name = *name;
  draft.description = description.value_or("");
  draft.permissions = std::move(grants);
  return Ok();
}

json::Document ApiKeyWritableJson(const ApiKey& key) {
  json::Document doc;
  doc.SetObject();
  auto& a = doc.GetAllocator();
  SetString(doc, "name", key.name, a);
  SetString(doc, "userId", key.user_id, a);
  SetString(
      doc, "expiresAt",
      key.expires_at ? std::optional<std::string>(FormatIso8601(*key.expires_at)) : std::nullopt,
      a);
  return doc;
}

Status ReadApiKeyDraft(const json::Value& body, ApiKeyDraft& draft) {
  json::FieldReader r(body);
  auto name = r.String("name", true);
  auto user_id = r.String("userId", true);
  auto expires_at = r.Timestamp("expiresAt");
  EMPORION_RETURN_IF_ERROR(r.ToStatus());
  draft.name = *name;
  draft.user_id = *user_id;
  draft.expires_at = expires_at;
  return Ok();
}

Result<std::optional<std::string>> ReadId(const json::Value& body) {
  json::FieldReader r(body);
  auto id = r.String("id");
  EMPORION_RETURN_IF_ERROR(r.ToStatus());
  return id;
}

Status CheckBodyId(const json::Value& body, const std::string& path_id) {
  EMPORION_ASSIGN_OR_RETURN(auto id, ReadId(body));
  if (id && *id != path_id) return Error::InvalidField("id", "does not match the id in the path");
  return Ok();
}

std::vector<SortKey> ToSortKeys(const std::vector<http::SortKey>& keys) {
  std::vector<SortKey> out;
  out.reserve(keys.size());
  for (const auto& k : keys) out.push_back({k.field, k.descending});
  return out;
}

http::Response Resource(unsigned status, std::string body, std::int64_t version) {
  http::Response r = http::Response::Json(status, std::move(body));
  r.WithETag(version);
  return r;
}

}  // namespace emporion::security
