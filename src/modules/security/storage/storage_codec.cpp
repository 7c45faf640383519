#include "modules/security/storage/storage_codec.hpp"

#include "platform/json/json.hpp"

namespace emporion::security::storage {

std::string EncodeTime(Timestamp t) { return FormatIso8601Millis(t); }

std::optional<std::string> EncodeTime(const std::optional<Timestamp>& t) {
  if (!t) return std::nullopt;
  return EncodeTime(*t);
}

Timestamp DecodeTime(const std::string& text) { return ParseIso8601(text).value_or(0); }

std::optional<Timestamp> DecodeTime(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return ParseIso8601(*text);
}

std::string EncodeIds(const std::vector<std::string>& ids) {
  json::Writer w;
  w.StartArray();
  for (const auto& id : ids) w.String(id);
  w.EndArray();
  return w.str();
}

std::vector<std::string> DecodeIds(const std::string& text) {
  std::vector<std::string> out;
  auto doc = json::Parse(text);
  if (!doc.ok() || !doc->IsArray()) return out;
  for (const auto& v : doc->GetArray()) {
    if (v.IsString()) out.emplace_back(v.GetString(), v.GetStringLength());
  }
  return out;
}

std::string ContainsPattern(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  out.push_back('%');
  return out;
}

std::string OrderBy(const std::vector<SortKey>& sort,
                    const std::map<std::string, std::string>& columns,
                    const std::string& default_order, const std::string& tiebreak) {
  std::string out;
  for (const auto& key : sort) {
    auto it = columns.find(key.field);
    if (it == columns.end()) continue;
    out += out.empty() ? " ORDER BY " : ", ";
    out += it->second;
    if (key.descending) out += " DESC";
  }
  if (out.empty()) out = " ORDER BY " + default_order;
  return out + ", " + tiebreak;
}

EntityMeta DecodeMeta(const db::Row& row, std::size_t at) {
  EntityMeta m;
  m.id = row.Text(at);
  m.version = row.Int(at + 1);
  m.created_at = DecodeTime(row.Text(at + 2));
  m.created_by = row.Text(at + 3);
  m.modified_at = DecodeTime(row.Text(at + 4));
  m.modified_by = row.Text(at + 5);
  return m;
}

Error TranslateUnique(Error error, const std::vector<std::pair<std::string, std::string>>& fields,
                      const std::string& what) {
  if (error.code() != ErrorCode::kAlreadyExists) return error;
  for (const auto& [column, field] : fields) {
    if (error.detail().find(column) != std::string::npos) {
      return Error(ErrorCode::kAlreadyExists,
                   "a " + what + " with this " + field + " already exists",
                   {{field, "is already taken"}});
    }
  }
  return Error(ErrorCode::kAlreadyExists, "a " + what + " with this id already exists",
               {{"id", "is already taken"}});
}

}  // namespace emporion::security::storage
