#include "modules/security/storage/role_repository.hpp"

#include <map>

#include "modules/security/domain/user_rules.hpp"
#include "modules/security/storage/storage_codec.hpp"
#include "platform/json/json.hpp"

namespace emporion::security::storage {
namespace {

using db::Param;

constexpr std::string_view kColumns =
    "id, version, created_at, created_by, modified_at, modified_by, name, description, "
    "permissions, is_built_in";

const std::vector<std::pair<std::string, std::string>> kUniqueFields = {
    {"normalized_name", "name"}};

Role Decode(const db::Row& r) {
  Role role;
  role.meta = DecodeMeta(r, 0);
  role.name = r.Text(6);
  role.description = r.Text(7);
  role.permissions = DecodeGrants(r.Text(8));
  role.built_in = r.Bool(9);
  return role;
}

db::Params InsertParams(const Role& role) {
  return {Param(role.meta.id),
          Param(role.name),
          Param(NormalizeKey(role.name)),
          Param(role.description),
          Param(EncodeGrants(role.permissions)),
          Param(role.built_in),
          Param(role.meta.version),
          Param(EncodeTime(role.meta.created_at)),
          Param(role.meta.created_by),
          Param(EncodeTime(role.meta.modified_at)),
          Param(role.meta.modified_by)};
}

constexpr std::string_view kInsert =
    "INSERT INTO security_roles (id, name, normalized_name, description, permissions, "
    "is_built_in, version, created_at, created_by, modified_at, modified_by) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

}  // namespace

std::string EncodeGrants(const std::vector<PermissionGrant>& grants) {
  json::Writer w;
  w.StartArray();
  for (const auto& g : grants) {
    w.StartObject().Key("name").String(g.name);
    w.Key("storeIds").StartArray();
    for (const auto& id : g.store_ids) w.String(id);
    w.EndArray().Key("catalogIds").StartArray();
    for (const auto& id : g.catalog_ids) w.String(id);
    w.EndArray().EndObject();
  }
  w.EndArray();
  return w.str();
}

std::vector<PermissionGrant> DecodeGrants(const std::string& text) {
  std::vector<PermissionGrant> out;
  auto doc = json::Parse(text);
  if (!doc.ok() || !doc->IsArray()) return out;
  for (const auto& v : doc->GetArray()) {
    if (!v.IsObject()) continue;
    json::FieldReader r(v);
    PermissionGrant g;
    g.name = r.String("name").value_or("");
    g.store_ids = r.StringArray("storeIds").value_or(std::vector<std::string>{});
    g.catalog_ids = r.StringArray("catalogIds").value_or(std::vector<std::string>{});
    if (!g.name.empty()) out.push_back(std::move(g));
  }
  return out;
}

Result<std::optional<Role>> RoleRepository::FindById(db::Transaction& tx,
                                                     const std::string& id) const {
  EMPORION_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne("SELECT " + std::string(kColumns) + " FROM security_roles WHERE id = ?",
                            {Param(id)}));
  if (!row) return std::optional<Role>{};
  return std::optional<Role>(Decode(*row));
}

Result<std::optional<Role>> RoleRepository::FindByName(db::Transaction& tx,
                                                       const std::string& name) const {
  EMPORION_ASSIGN_OR_RETURN(auto row,
                            tx.QueryOne("SELECT " + std::string(kColumns) +
                                            " FROM security_roles WHERE normalized_name = ?",
                                        {Param(NormalizeKey(name))}));
  if (!row) return std::optional<Role>{};
  return std::optional<Role>(Decode(*row));
}

Result<std::vector<Role>> RoleRepository::All(db::Transaction& tx) const {
  EMPORION_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT " + std::string(kColumns) +
                                                    " FROM security_roles ORDER BY normalized_name",
                                                {}));
  std::vector<Role> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(Decode(r));
  return out;
}

Result<Page<Role>> RoleRepository::List(db::Transaction& tx, const RoleQuery& q) const {
  static const std::map<std::string, std::string> kSortColumns = {
      {"name", "normalized_name"}, {"createdAt", "created_at"}, {"modifiedAt", "modified_at"}};
  const std::optional<std::string> pattern =
      q.q ? std::optional<std::string>(ContainsPattern(*q.q)) : std::nullopt;
  const std::string where =
      " WHERE (CAST(? AS TEXT) IS NULL OR normalized_name LIKE ? ESCAPE '\\')";
  db::Params params = {Param(pattern), Param(pattern)};
  EMPORION_ASSIGN_OR_RETURN(auto count,
                            tx.QueryOne("SELECT COUNT(*) FROM security_roles" + where, params));
  params.push_back(Param(std::int64_t{q.limit}));
  params.push_back(Param(std::int64_t{q.offset}));
  EMPORION_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT " + std::string(kColumns) + " FROM security_roles" + where +
                   OrderBy(q.sort, kSortColumns, "normalized_name", "id") + " LIMIT ? OFFSET ?",
               params));
  Page<Role> page;
  page.total = count ? count->Int(0) : 0;
  for (const auto& r : rows) page.items.push_back(Decode(r));
  return page;
}

Status RoleRepository::Insert(db::Transaction& tx, const Role& role) const {
  auto inserted = tx.Exec(kInsert, InsertParams(role));
  if (!inserted.ok()) return TranslateUnique(std::move(inserted).error(), kUniqueFields, "role");
  return Ok();
}

Result<bool> RoleRepository::InsertIfMissing(db::Transaction& tx, const Role& role) const {
  EMPORION_ASSIGN_OR_RETURN(
      auto changed,
      tx.Exec(std::string(kInsert) + " ON CONFLICT (id) DO NOTHING", InsertParams(role)));
  return changed > 0;
}

Status RoleRepository::Update(db::Transaction& tx, const Role& role,
                              std::int64_t expected_version) const {
  auto changed = tx.Exec(
      "UPDATE security_roles SET name = ?, normalized_name = ?, description = ?, permissions = ?,"
      " version = ?, modified_at = ?, modified_by = ? WHERE id = ? AND version = ?",
      {Param(role.name), Param(NormalizeKey(role.name)), Param(role.description),
       Param(EncodeGrants(role.permissions)), Param(role.meta.version),
       Param(EncodeTime(role.meta.modified_at)), Param(role.meta.modified_by), Param(role.meta.id),
       Param(expected_version)});
  if (!changed.ok()) return TranslateUnique(std::move(changed).error(), kUniqueFields, "role");
  if (*changed == 0) {
    return Error::PreconditionFailed("the role was changed concurrently; read it again");
  }
  return Ok();
}

Status RoleRepository::Delete(db::Transaction& tx, const std::string& id) const {
  EMPORION_RETURN_IF_ERROR(tx.Exec("DELETE FROM security_roles WHERE id = ?", {Param(id)}));
  return Ok();
}

}  // namespace emporion::security::storage
