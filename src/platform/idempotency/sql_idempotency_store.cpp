#include "platform/idempotency/sql_idempotency_store.hpp"

#include "platform/json/json.hpp"

namespace emporion::idempotency {
namespace {

using db::Param;

std::string HeadersJson(const std::vector<std::pair<std::string, std::string>>& headers) {
  json::Writer w;
  w.StartArray();
  for (const auto& [name, value] : headers) w.StartArray().String(name).String(value).EndArray();
  w.EndArray();
  return w.str();
}

std::vector<std::pair<std::string, std::string>> ParseHeaders(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  auto doc = json::Parse(text);
  if (!doc.ok() || !doc->IsArray()) return out;
  for (const auto& h : doc->GetArray()) {
    if (h.IsArray() && h.Size() == 2 && h[0].IsString() && h[1].IsString()) {
      out.emplace_back(std::string(h[0].GetString(), h[0].GetStringLength()),
                       std::string(h[1].GetString(), h[1].GetStringLength()));
    }
  }
  return out;
}

}  // namespace

Result<std::optional<http::IdempotencyStore::Entry>> SqlIdempotencyStore::Find(
    const std::string& scope, const std::string& key) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  EMPORION_ASSIGN_OR_RETURN(
      auto row, tx->QueryOne("SELECT request_hash, status, content_type, headers, body, "
                             "created_at FROM idempotency_keys WHERE scope = ? AND idem_key = ?",
                             {Param(scope), Param(key)}));
  if (!row) return std::optional<Entry>{};
  // Compared in C++ rather than SQL: ISO texts with and without milliseconds do not sort
  // chronologically as strings.
  const auto created = ParseIso8601(row->Text(5));
  if (!created || *created <= clock_.Now() - kIdempotencyLifetime) return std::optional<Entry>{};
  Entry entry;
  entry.request_hash = row->Text(0);
  entry.response.status = static_cast<unsigned>(row->Int(1));
  entry.response.content_type = row->Text(2);
  entry.response.headers = ParseHeaders(row->Text(3));
  entry.response.body = row->Text(4);
  return std::optional<Entry>(std::move(entry));
}

Status SqlIdempotencyStore::Save(const std::string& scope, const std::string& key,
                                 const Entry& entry) {
  const Timestamp now = clock_.Now();
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kWrite));
  EMPORION_ASSIGN_OR_RETURN(
      auto existing, tx->QueryOne("SELECT created_at FROM idempotency_keys WHERE scope = ? AND "
                                  "idem_key = ?",
                                  {Param(scope), Param(key)}));
  if (existing) {
    const auto created = ParseIso8601(existing->Text(0));
    if (created && *created > now - kIdempotencyLifetime) return Ok();  // the first one wins
    EMPORION_RETURN_IF_ERROR(
        tx->Exec("DELETE FROM idempotency_keys WHERE scope = ? AND idem_key = ?",
                 {Param(scope), Param(key)}));
  }
  // ON CONFLICT DO NOTHING: a concurrent save of the same key on another connection wins.
  EMPORION_RETURN_IF_ERROR(
      tx->Exec("INSERT INTO idempotency_keys (scope, idem_key, request_hash, status, content_type, "
               "headers, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
               "ON CONFLICT (scope, idem_key) DO NOTHING",
               {Param(scope), Param(key), Param(entry.request_hash),
                Param(static_cast<std::int64_t>(entry.response.status)),
                Param(entry.response.content_type), Param(HeadersJson(entry.response.headers)),
                Param(db::Blob{entry.response.body}), Param(FormatIso8601Millis(now))}));
  return tx->Commit();
}

}  // namespace emporion::idempotency
