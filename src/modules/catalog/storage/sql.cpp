#include "modules/catalog/storage/sql.hpp"

#include <algorithm>
#include <cctype>

namespace emporion::catalog::storage {

EntityMeta ReadMeta(const db::Row& row, std::size_t first, std::string id) {
  EntityMeta m;
  m.id = std::move(id);
  m.version = row.Int(first);
  m.created_at = row.Int(first + 1);
  m.created_by = row.Text(first + 2);
  m.modified_at = row.Int(first + 3);
  m.modified_by = row.Text(first + 4);
  return m;
}

void AppendMeta(db::Params& params, const EntityMeta& m) {
  params.push_back(db::Param(m.version));
  params.push_back(db::Param(m.created_at));
  params.push_back(db::Param(m.created_by));
  params.push_back(db::Param(m.modified_at));
  params.push_back(db::Param(m.modified_by));
}

Where& Where::Add(const std::string& clause, db::Params params) {
  clauses_.push_back(clause);
  for (auto& p : params) params_.push_back(std::move(p));
  return *this;
}

Where& Where::In(const std::string& column, const std::vector<std::string>& values) {
  if (values.empty()) return Add("1 = 0");
  db::Params params;
  for (const auto& v : values) params.push_back(db::Param(v));
  return Add(column + " IN (" + Placeholders(values.size()) + ")", std::move(params));
}

Where& Where::Scope(const std::string& column, const CatalogScope& scope) {
  if (!scope) return *this;
  return In(column, *scope);
}

std::string Where::Sql() const {
  if (clauses_.empty()) return "";
  std::string out = " WHERE ";
  for (std::size_t i = 0; i < clauses_.size(); ++i) {
    if (i != 0) out += " AND ";
    out += clauses_[i];
  }
  return out;
}

namespace {
std::string EscapeLike(const std::string& text) {
  std::string out;
  out.reserve(text.size() + 4);
  for (char c : text) {
    if (c == '%' || c == '_' || c == '!') out.push_back('!');
    out.push_back(c);
  }
  return out;
}
}  // namespace

std::string LikeContains(const std::string& text) {
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return "%" + EscapeLike(lower) + "%";
}

std::string LikePrefix(const std::string& text) { return EscapeLike(text) + "%"; }

std::string Placeholders(std::size_t n) {
  std::string out;
  out.reserve(n * 3);
  for (std::size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
  return out;
}

void AppendAll(db::Params& params, const std::vector<std::string>& values) {
  for (const auto& v : values) params.push_back(db::Param(v));
}

std::string OrderBy(const std::vector<Sort>& sort,
                    const std::map<std::string, std::string>& columns, const std::string& fallback,
                    const std::string& tiebreak) {
  std::string out;
  for (const auto& s : sort) {
    auto it = columns.find(s.field);
    if (it == columns.end()) continue;
    out += (out.empty() ? "" : ", ") + it->second + (s.descending ? " DESC" : " ASC");
  }
  if (out.empty()) out = fallback;
  return " ORDER BY " + out + ", " + tiebreak + " ASC";
}

Status Run(db::Transaction& tx, std::string_view sql, const db::Params& params) {
  auto r = tx.Exec(sql, params);
  if (!r.ok()) return r.error();
  return Ok();
}

Status NameConflict(Status status, const std::string& field, const std::string& message) {
  if (status.ok() || status.error().code() != ErrorCode::kAlreadyExists) return status;
  return Error(ErrorCode::kAlreadyExists, field + ": " + message, {{field, message}});
}

Status ExpectOneRow(const Result<std::int64_t>& changed, const std::string& what) {
  if (!changed.ok()) return changed.error();
  if (*changed != 1) {
    return Error::PreconditionFailed(what + " was changed or deleted by another request; " +
                                     "read it again and retry");
  }
  return Ok();
}

}  // namespace emporion::catalog::storage
