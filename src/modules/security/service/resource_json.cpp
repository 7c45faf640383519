#include "modules/security/service/resource_json.hpp"

#include "platform/http/api_helpers.hpp"
#include "platform/json/json.hpp"

namespace emporion::security {
namespace {

void OptTime(json::Writer& w, const std::optional<Timestamp>& t) {
  if (t) {
    w.Time(*t);
  } else {
    w.Null();
  }
}

void Strings(json::Writer& w, const std::vector<std::string>& items) {
  w.StartArray();
  for (const auto& s : items) w.String(s);
  w.EndArray();
}

}  // namespace

std::string UserJson(const User& u, Timestamp now) {
  json::Writer w;
  w.StartObject();
  http::WriteMeta(w, u.meta);
  w.Key("userName").String(u.user_name);
  w.Key("email").OptString(u.email);
  w.Key("userType").String(ToString(u.user_type));
  w.Key("memberId").OptString(u.member_id);
  w.Key("storeIds");
  Strings(w, u.store_ids);
  w.Key("roles");
  Strings(w, u.roles);
  w.Key("isActive").Bool(u.is_active);
  w.Key("isLockedOut").Bool(u.IsLockedOut(now));
  w.Key("lockoutEnd");
  OptTime(w, u.IsLockedOut(now) ? u.lockout_end : std::nullopt);
  w.Key("isAdministrator").Bool(u.is_administrator);
  w.Key("hasPassword").Bool(u.has_password);
  w.Key("passwordChangedAt");
  OptTime(w, u.password_changed_at);
  w.Key("lastLoginAt");
  OptTime(w, u.last_login_at);
  w.EndObject();
  return w.str();
}

std::string RoleJson(const Role& r, const std::vector<std::string>& all_permissions) {
  json::Writer w;
  w.StartObject();
  http::WriteMeta(w, r.meta);
  w.Key("name").String(r.name);
  w.Key("description").String(r.description);
  w.Key("permissions").StartArray();
  auto grant = [&w](const std::string& name, const std::vector<std::string>& stores,
                    const std::vector<std::string>& catalogs) {
    w.StartObject().Key("name").String(name).Key("storeIds");
    Strings(w, stores);
    w.Key("catalogIds");
    Strings(w, catalogs);
    w.EndObject();
  };
  if (r.built_in) {
    for (const auto& name : all_permissions) grant(name, {}, {});
  } else {
    for (const auto& g : r.permissions) grant(g.name, g.store_ids, g.catalog_ids);
  }
  w.EndArray();
  w.Key("isBuiltIn").Bool(r.built_in);
  w.EndObject();
  return w.str();
}

std::string ApiKeyJson(const ApiKey& k, Timestamp now, const std::string* secret_key) {
  json::Writer w;
  w.StartObject();
  http::WriteMeta(w, k.meta);
  w.Key("name").String(k.name);
  w.Key("userId").String(k.user_id);
  w.Key("expiresAt");
  OptTime(w, k.expires_at);
  w.Key("isExpired").Bool(k.IsExpired(now));
  if (secret_key != nullptr) w.Key("key").String(*secret_key);
  w.EndObject();
  return w.str();
}

std::string ChangePayload(const std::string& id, const std::string& label_key,
                          const std::string& label, const std::string& diff_json) {
  json::Writer w;
  w.StartObject().Key("id").String(id).Key(label_key).String(label).EndObject();
  std::string head = w.str();
  head.pop_back();  // drop '}' and splice in the diff's members
  if (diff_json.size() > 2)
    head += "," + diff_json.substr(1);
  else
    head += "}";
  return head;
}

}  // namespace emporion::security
