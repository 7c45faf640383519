#include "modules/security/storage/refresh_token_repository.hpp"

#include "modules/security/storage/storage_codec.hpp"

namespace emporion::security::storage {

using db::Param;

Status RefreshTokenRepository::Insert(db::Transaction& tx, const RefreshTokenRecord& r) const {
  EMPORION_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO security_refresh_tokens (id, family_id, user_id, client_id, token_hash,"
      " issued_at, expires_at, revoked_at, replaced_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)",
      {Param(r.id), Param(r.family_id), Param(r.user_id), Param(r.client_id), Param(r.token_hash),
       Param(EncodeTime(r.issued_at)), Param(EncodeTime(r.expires_at)),
       Param(EncodeTime(r.revoked_at))}));
  return Ok();
}

Result<std::optional<RefreshTokenRecord>> RefreshTokenRepository::FindById(
    db::Transaction& tx, const std::string& id) const {
  EMPORION_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne("SELECT id, family_id, user_id, client_id, token_hash, issued_at,"
                            " expires_at, revoked_at FROM security_refresh_tokens WHERE id = ?",
                            {Param(id)}));
  if (!row) return std::optional<RefreshTokenRecord>{};
  RefreshTokenRecord r;
  r.id = row->Text(0);
  r.family_id = row->Text(1);
  r.user_id = row->Text(2);
  r.client_id = row->OptText(3);
  r.token_hash = row->Text(4);
  r.issued_at = DecodeTime(row->Text(5));
  r.expires_at = DecodeTime(row->Text(6));
  r.revoked_at = DecodeTime(row->OptText(7));
  return std::optional<RefreshTokenRecord>(std::move(r));
}

Result<bool> RefreshTokenRepository::MarkUsed(db::Transaction& tx, const std::string& id,
                                              Timestamp at, const std::string& replaced_by) const {
  EMPORION_ASSIGN_OR_RETURN(
      auto changed, tx.Exec("UPDATE security_refresh_tokens SET revoked_at = ?, replaced_by = ?"
                            " WHERE id = ? AND revoked_at IS NULL",
                            {Param(EncodeTime(at)), Param(replaced_by), Param(id)}));
  return changed > 0;
}

Status RefreshTokenRepository::RevokeFamily(db::Transaction& tx, const std::string& family_id,
                                            Timestamp at) const {
  EMPORION_RETURN_IF_ERROR(
      tx.Exec("UPDATE security_refresh_tokens SET revoked_at = ? WHERE family_id = ?"
              " AND revoked_at IS NULL",
              {Param(EncodeTime(at)), Param(family_id)}));
  return Ok();
}

Status RefreshTokenRepository::RevokeUser(db::Transaction& tx, const std::string& user_id,
                                          Timestamp at) const {
  EMPORION_RETURN_IF_ERROR(
      tx.Exec("UPDATE security_refresh_tokens SET revoked_at = ? WHERE user_id = ?"
              " AND revoked_at IS NULL",
              {Param(EncodeTime(at)), Param(user_id)}));
  return Ok();
}

Status RefreshTokenRepository::RevokeClient(db::Transaction& tx, const std::string& client_id,
                                            Timestamp at) const {
  EMPORION_RETURN_IF_ERROR(
      tx.Exec("UPDATE security_refresh_tokens SET revoked_at = ? WHERE client_id = ?"
              " AND revoked_at IS NULL",
              {Param(EncodeTime(at)), Param(client_id)}));
  return Ok();
}

Status RefreshTokenRepository::DeleteExpired(db::Transaction& tx, const std::string& user_id,
                                             Timestamp now) const {
  EMPORION_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM security_refresh_tokens WHERE user_id = ? AND expires_at < ?",
              {Param(user_id), Param(EncodeTime(now))}));
  return Ok();
}

Status RefreshTokenRepository::DeleteUser(db::Transaction& tx, const std::string& user_id) const {
  EMPORION_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM security_refresh_tokens WHERE user_id = ?", {Param(user_id)}));
  return Ok();
}

}  // namespace emporion::security::storage
