#include "modules/security/storage/user_repository.hpp"

#include <algorithm>
#include <map>

#include "modules/security/storage/storage_codec.hpp"

namespace emporion::security::storage {
namespace {

using db::Param;

constexpr std::string_view kColumns =
    "u.id, u.version, u.created_at, u.created_by, u.modified_at, u.modified_by, u.user_name, "
    "u.email, u.user_type, u.member_id, u.store_ids, u.is_active, u.password_hash, "
    "u.password_changed_at, u.failed_login_count, u.lockout_end, u.last_login_at";

// The list filter; absent filters bind NULL and match everything.
constexpr std::string_view kListWhere =
    " WHERE (CAST(? AS TEXT) IS NULL OR u.normalized_user_name LIKE ? ESCAPE '\\'"
    " OR u.normalized_email LIKE ? ESCAPE '\\')"
    " AND (CAST(? AS TEXT) IS NULL OR u.user_type = ?)"
    " AND (CAST(? AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM security_user_roles ur"
    " JOIN security_roles r ON r.id = ur.role_id"
    " WHERE ur.user_id = u.id AND r.normalized_name = ?))"
    " AND (CAST(? AS TEXT) IS NULL OR u.member_id = ?)";

const std::vector<std::pair<std::string, std::string>> kUniqueFields = {
    {"normalized_user_name", "userName"}, {"normalized_email", "email"}};

UserRecord Decode(const db::Row& r) {
  UserRecord rec;
  User& u = rec.user;
  u.meta = DecodeMeta(r, 0);
  u.user_name = r.Text(6);
  u.email = r.OptText(7);
  u.user_type = ParseUserType(r.Text(8)).value_or(UserType::kCustomer);
  u.member_id = r.OptText(9);
  u.store_ids = DecodeIds(r.Text(10));
  u.is_active = r.Bool(11);
  rec.password_hash = r.OptText(12);
  u.has_password = rec.password_hash.has_value();
  u.password_changed_at = DecodeTime(r.OptText(13));
  rec.failed_login_count = static_cast<int>(r.Int(14));
  u.lockout_end = DecodeTime(r.OptText(15));
  u.last_login_at = DecodeTime(r.OptText(16));
  return rec;
}

std::optional<std::string> NormalizedEmail(const std::optional<std::string>& email) {
  if (!email) return std::nullopt;
  std::string out = *email;
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string Normalized(const std::string& s) { return *NormalizedEmail(s); }

// A user with its roles in one statement: the user's columns repeat on every role row (one row
// with NULL role columns when it has none). `where` names one user. Roles are put in name order
// here: an ORDER BY would cost SQLite a sorter for the handful of rows.
std::string SelectWithRoles(std::string_view where) {
  return "SELECT " + std::string(kColumns) +
         ", r.id, r.name, r.normalized_name FROM security_users u"
         " LEFT JOIN security_user_roles ur ON ur.user_id = u.id"
         " LEFT JOIN security_roles r ON r.id = ur.role_id WHERE " +
         std::string(where);
}

Result<std::optional<UserRecord>> FindOne(db::Transaction& tx, const std::string& sql,
                                          const std::string& key) {
  EMPORION_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, {Param(key)}));
  if (rows.empty()) return std::optional<UserRecord>{};
  constexpr std::size_t kRoleId = 17;
  constexpr std::size_t kRoleName = 18;
  constexpr std::size_t kRoleKey = 19;
  std::vector<const db::Row*> roles;
  for (const auto& r : rows) {
    if (!r.IsNull(kRoleId)) roles.push_back(&r);
  }
  std::sort(roles.begin(), roles.end(), [](const db::Row* a, const db::Row* b) {
    return a->Text(kRoleKey) < b->Text(kRoleKey);
  });
  UserRecord rec = Decode(rows.front());
  for (const db::Row* r : roles) {
    rec.role_ids.push_back(r->Text(kRoleId));
    rec.user.roles.push_back(r->Text(kRoleName));
    if (rec.role_ids.back() == kAdministratorRoleId) rec.user.is_administrator = true;
  }
  return std::optional<UserRecord>(std::move(rec));
}

Status InsertRoles(db::Transaction& tx, const std::string& user_id,
                   const std::vector<std::string>& role_ids) {
  for (const auto& role_id : role_ids) {
    EMPORION_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO security_user_roles (user_id, role_id) VALUES (?, ?)"
                " ON CONFLICT (user_id, role_id) DO NOTHING",
                {Param(user_id), Param(role_id)}));
  }
  return Ok();
}

}  // namespace

Result<std::optional<UserRecord>> UserRepository::FindById(db::Transaction& tx,
                                                           const std::string& id) const {
  static const std::string kSql = SelectWithRoles("u.id = ?");
  return FindOne(tx, kSql, id);
}

Result<std::optional<UserRecord>> UserRepository::FindByUserName(
    db::Transaction& tx, const std::string& normalized) const {
  static const std::string kSql = SelectWithRoles("u.normalized_user_name = ?");
  return FindOne(tx, kSql, normalized);
}

Result<std::optional<UserRecord>> UserRepository::FindByEmail(db::Transaction& tx,
                                                              const std::string& normalized) const {
  static const std::string kSql = SelectWithRoles("u.normalized_email = ?");
  return FindOne(tx, kSql, normalized);
}

Result<Page<User>> UserRepository::List(db::Transaction& tx, const UserQuery& q) const {
  static const std::map<std::string, std::string> kSortColumns = {
      {"userName", "u.normalized_user_name"},
      {"email", "COALESCE(u.normalized_email, '')"},
      {"createdAt", "u.created_at"},
      {"modifiedAt", "u.modified_at"}};
  const std::optional<std::string> pattern =
      q.q ? std::optional<std::string>(ContainsPattern(*q.q)) : std::nullopt;
  const std::optional<std::string> type =
      q.user_type ? std::optional<std::string>(std::string(ToString(*q.user_type))) : std::nullopt;
  const std::optional<std::string> role =
      q.role ? std::optional<std::string>(Normalized(*q.role)) : std::nullopt;
  db::Params params = {Param(pattern), Param(pattern),     Param(pattern),
                       Param(type),    Param(type),        Param(role),
                       Param(role),    Param(q.member_id), Param(q.member_id)};
  EMPORION_ASSIGN_OR_RETURN(
      auto count,
      tx.QueryOne("SELECT COUNT(*) FROM security_users u" + std::string(kListWhere), params));
  const std::string order = OrderBy(q.sort, kSortColumns, "u.normalized_user_name", "u.id");
  params.push_back(Param(std::int64_t{q.limit}));
  params.push_back(Param(std::int64_t{q.offset}));
  const std::string page_sql = "SELECT " + std::string(kColumns) + " FROM security_users u" +
                               std::string(kListWhere) + order + " LIMIT ? OFFSET ?";
  EMPORION_ASSIGN_OR_RETURN(auto rows, tx.Query(page_sql, params));
  Page<User> page;
  page.total = count ? count->Int(0) : 0;
  if (rows.empty()) return page;
  // The roles of the whole page in one statement, by repeating the page query as a subquery.
  EMPORION_ASSIGN_OR_RETURN(
      auto role_rows,
      tx.Query("SELECT ur.user_id, r.id, r.name FROM security_user_roles ur"
               " JOIN security_roles r ON r.id = ur.role_id WHERE ur.user_id IN (SELECT u.id FROM"
               " security_users u" +
                   std::string(kListWhere) + order +
                   " LIMIT ? OFFSET ?) ORDER BY ur.user_id, r.normalized_name",
               params));
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> roles_by_user;
  for (const auto& r : role_rows) roles_by_user[r.Text(0)].emplace_back(r.Text(1), r.Text(2));
  page.items.reserve(rows.size());
  for (const auto& row : rows) {
    User u = Decode(row).user;
    for (const auto& [id, name] : roles_by_user[u.meta.id]) {
      u.roles.push_back(name);
      if (id == kAdministratorRoleId) u.is_administrator = true;
    }
    page.items.push_back(std::move(u));
  }
  return page;
}

Result<std::int64_t> UserRepository::Count(db::Transaction& tx) const {
  EMPORION_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT COUNT(*) FROM security_users", {}));
  return row ? row->Int(0) : 0;
}

Status UserRepository::Insert(db::Transaction& tx, const UserRecord& rec) const {
  const User& u = rec.user;
  auto inserted = tx.Exec(
      "INSERT INTO security_users (id, user_name, normalized_user_name, email, normalized_email,"
      " user_type, member_id, store_ids, is_active, password_hash, password_changed_at,"
      " failed_login_count, lockout_end, last_login_at, version, created_at, created_by,"
      " modified_at, modified_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {Param(u.meta.id), Param(u.user_name), Param(Normalized(u.user_name)), Param(u.email),
       Param(NormalizedEmail(u.email)), Param(ToString(u.user_type)), Param(u.member_id),
       Param(EncodeIds(u.store_ids)), Param(u.is_active), Param(rec.password_hash),
       Param(EncodeTime(u.password_changed_at)), Param(std::int64_t{rec.failed_login_count}),
       Param(EncodeTime(u.lockout_end)), Param(EncodeTime(u.last_login_at)), Param(u.meta.version),
       Param(EncodeTime(u.meta.created_at)), Param(u.meta.created_by),
       Param(EncodeTime(u.meta.modified_at)), Param(u.meta.modified_by)});
  if (!inserted.ok()) return TranslateUnique(std::move(inserted).error(), kUniqueFields, "user");
  return InsertRoles(tx, u.meta.id, rec.role_ids);
}

Status UserRepository::Update(db::Transaction& tx, const User& u,
                              const std::vector<std::string>& role_ids, bool lockout_changed,
                              std::int64_t expected_version) const {
  auto changed = tx.Exec(
      "UPDATE security_users SET user_name = ?, normalized_user_name = ?, email = ?,"
      " normalized_email = ?, user_type = ?, member_id = ?, store_ids = ?, is_active = ?,"
      " lockout_end = CASE WHEN ? = 1 THEN ? ELSE lockout_end END,"
      " failed_login_count = CASE WHEN ? = 1 THEN 0 ELSE failed_login_count END,"
      " version = ?, modified_at = ?, modified_by = ? WHERE id = ? AND version = ?",
      {Param(u.user_name), Param(Normalized(u.user_name)), Param(u.email),
       Param(NormalizedEmail(u.email)), Param(ToString(u.user_type)), Param(u.member_id),
       Param(EncodeIds(u.store_ids)), Param(u.is_active), Param(lockout_changed),
       Param(EncodeTime(u.lockout_end)), Param(lockout_changed), Param(u.meta.version),
       Param(EncodeTime(u.meta.modified_at)), Param(u.meta.modified_by), Param(u.meta.id),
       Param(expected_version)});
  if (!changed.ok()) return TranslateUnique(std::move(changed).error(), kUniqueFields, "user");
  if (*changed == 0) {
    return Error::PreconditionFailed("the user was changed concurrently; read it again");
  }
  EMPORION_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM security_user_roles WHERE user_id = ?", {Param(u.meta.id)}));
  return InsertRoles(tx, u.meta.id, role_ids);
}

Status UserRepository::SetPasswordHash(db::Transaction& tx, const std::string& id,
                                       const std::string& hash, Timestamp changed_at) const {
  EMPORION_RETURN_IF_ERROR(
      tx.Exec("UPDATE security_users SET password_hash = ?, password_changed_at = ? WHERE id = ?",
              {Param(hash), Param(EncodeTime(changed_at)), Param(id)}));
  return Ok();
}

Result<bool> UserRepository::RecordFailure(db::Transaction& tx, const std::string& id,
                                           int expected_failures, int failures,
                                           const std::optional<Timestamp>& lockout_end) const {
  EMPORION_ASSIGN_OR_RETURN(
      auto changed,
      tx.Exec("UPDATE security_users SET failed_login_count = ?,"
              " lockout_end = COALESCE(?, lockout_end) WHERE id = ? AND failed_login_count = ?",
              {Param(std::int64_t{failures}), Param(EncodeTime(lockout_end)), Param(id),
               Param(std::int64_t{expected_failures})}));
  return changed > 0;
}

Status UserRepository::RecordSuccess(db::Transaction& tx, const std::string& id,
                                     Timestamp at) const {
  EMPORION_RETURN_IF_ERROR(tx.Exec(
      "UPDATE security_users SET failed_login_count = 0, lockout_end = NULL, last_login_at = ?"
      " WHERE id = ?",
      {Param(EncodeTime(at)), Param(id)}));
  return Ok();
}

Status UserRepository::Delete(db::Transaction& tx, const std::string& id) const {
  EMPORION_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM security_user_roles WHERE user_id = ?", {Param(id)}));
  EMPORION_RETURN_IF_ERROR(tx.Exec("DELETE FROM security_users WHERE id = ?", {Param(id)}));
  return Ok();
}

Result<std::int64_t> UserRepository::CountWithRole(db::Transaction& tx,
                                                   const std::string& role_id) const {
  EMPORION_ASSIGN_OR_RETURN(
      auto row,
      tx.QueryOne("SELECT COUNT(*) FROM security_user_roles WHERE role_id = ?", {Param(role_id)}));
  return row ? row->Int(0) : 0;
}

Result<std::int64_t> UserRepository::CountActiveWithRole(db::Transaction& tx,
                                                         const std::string& role_id,
                                                         Timestamp now) const {
  EMPORION_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne("SELECT COUNT(*) FROM security_users u JOIN security_user_roles ur"
                            " ON ur.user_id = u.id WHERE ur.role_id = ? AND u.is_active = 1"
                            " AND (u.lockout_end IS NULL OR u.lockout_end <= ?)",
                            {Param(role_id), Param(EncodeTime(now))}));
  return row ? row->Int(0) : 0;
}

}  // namespace emporion::security::storage
