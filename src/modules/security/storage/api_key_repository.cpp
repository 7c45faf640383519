#include "modules/security/storage/api_key_repository.hpp"

#include <map>

#include "modules/security/domain/user_rules.hpp"
#include "modules/security/storage/storage_codec.hpp"

namespace emporion::security::storage {
namespace {

using db::Param;

constexpr std::string_view kColumns =
    "id, version, created_at, created_by, modified_at, modified_by, name, user_id, expires_at, "
    "secret_hash";

ApiKeyRecord Decode(const db::Row& r) {
  ApiKeyRecord rec;
  rec.key.meta = DecodeMeta(r, 0);
  rec.key.name = r.Text(6);
  rec.key.user_id = r.Text(7);
  rec.key.expires_at = DecodeTime(r.OptText(8));
  rec.secret_hash = r.Text(9);
  return rec;
}

}  // namespace

Result<std::optional<ApiKeyRecord>> ApiKeyRepository::FindById(db::Transaction& tx,
                                                               const std::string& id) const {
  EMPORION_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT " + std::string(kColumns) +
                                                      " FROM security_api_keys WHERE id = ?",
                                                  {Param(id)}));
  if (!row) return std::optional<ApiKeyRecord>{};
  return std::optional<ApiKeyRecord>(Decode(*row));
}

Result<Page<ApiKey>> ApiKeyRepository::List(db::Transaction& tx, const ApiKeyQuery& q) const {
  static const std::map<std::string, std::string> kSortColumns = {
      {"name", "normalized_name"},
      {"createdAt", "created_at"},
      {"modifiedAt", "modified_at"},
      {"expiresAt", "COALESCE(expires_at, '9999')"}};
  const std::optional<std::string> pattern =
      q.q ? std::optional<std::string>(ContainsPattern(*q.q)) : std::nullopt;
  const std::string where =
      " WHERE (CAST(? AS TEXT) IS NULL OR normalized_name LIKE ? ESCAPE '\\')"
      " AND (CAST(? AS TEXT) IS NULL OR user_id = ?)";
  db::Params params = {Param(pattern), Param(pattern), Param(q.user_id), Param(q.user_id)};
  EMPORION_ASSIGN_OR_RETURN(auto count,
                            tx.QueryOne("SELECT COUNT(*) FROM security_api_keys" + where, params));
  params.push_back(Param(std::int64_t{q.limit}));
  params.push_back(Param(std::int64_t{q.offset}));
  EMPORION_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT " + std::string(kColumns) + " FROM security_api_keys" + where +
                   OrderBy(q.sort, kSortColumns, "created_at", "id") + " LIMIT ? OFFSET ?",
               params));
  Page<ApiKey> page;
  page.total = count ? count->Int(0) : 0;
  for (const auto& r : rows) page.items.push_back(Decode(r).key);
  return page;
}

Status ApiKeyRepository::Insert(db::Transaction& tx, const ApiKeyRecord& rec) const {
  const ApiKey& k = rec.key;
  auto inserted = tx.Exec(
      "INSERT INTO security_api_keys (id, name, normalized_name, user_id, secret_hash, expires_at,"
      " version, created_at, created_by, modified_at, modified_by)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {Param(k.meta.id), Param(k.name), Param(NormalizeKey(k.name)), Param(k.user_id),
       Param(rec.secret_hash), Param(EncodeTime(k.expires_at)), Param(k.meta.version),
       Param(EncodeTime(k.meta.created_at)), Param(k.meta.created_by),
       Param(EncodeTime(k.meta.modified_at)), Param(k.meta.modified_by)});
  if (!inserted.ok()) return TranslateUnique(std::move(inserted).error(), {}, "API key");
  return Ok();
}

Status ApiKeyRepository::Update(db::Transaction& tx, const ApiKey& k,
                                std::int64_t expected_version) const {
  EMPORION_ASSIGN_OR_RETURN(
      auto changed,
      tx.Exec("UPDATE security_api_keys SET name = ?, normalized_name = ?, expires_at = ?,"
              " version = ?, modified_at = ?, modified_by = ? WHERE id = ? AND version = ?",
              {Param(k.name), Param(NormalizeKey(k.name)), Param(EncodeTime(k.expires_at)),
               Param(k.meta.version), Param(EncodeTime(k.meta.modified_at)),
               Param(k.meta.modified_by), Param(k.meta.id), Param(expected_version)}));
  if (changed == 0) {
    return Error::PreconditionFailed("the API key was changed concurrently; read it again");
  }
  return Ok();
}

Status ApiKeyRepository::Delete(db::Transaction& tx, const std::string& id) const {
  EMPORION_RETURN_IF_ERROR(tx.Exec("DELETE FROM security_api_keys WHERE id = ?", {Param(id)}));
  return Ok();
}

Result<std::vector<std::string>> ApiKeyRepository::IdsOfUser(db::Transaction& tx,
                                                             const std::string& user_id) const {
  EMPORION_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT id FROM security_api_keys WHERE user_id = ?", {Param(user_id)}));
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.Text(0));
  return out;
}

}  // namespace emporion::security::storage
