// Helpers every module's route handlers share, so the contract's conventions are implemented
// once: body parsing, list parameters (limit/offset/sort/q), If-Match versions, list envelopes,
// audit fields and field-by-field diffs for the change history. Reentrant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/entity.hpp"
#include "platform/http/types.hpp"
#include "platform/json/json.hpp"

namespace emporion::http {

/// The JSON object body, or 400 naming the problem.
Result<json::Document> ParseBody(const Request& request);

struct SortKey {
  std::string field;
  bool descending = false;
};

struct ListParams {
  int limit = 20;
  int offset = 0;
  std::vector<SortKey> sort;
  std::optional<std::string> q;
};

/// Reads `limit` (1..1000, default 20), `offset` (>= 0), `sort=field:asc,other:desc` (each
/// field must be in `sortable`, else 400) and `q`.
Result<ListParams> ParseListParams(const Request& request,
                                   const std::vector<std::string>& sortable);

/// The version named by `If-Match` ("3", "\"3\"", "W/\"3\""), nullopt when absent or "*".
/// A malformed value is 400.
Result<std::optional<std::int64_t>> IfMatchVersion(const Request& request);
/// 412 when `expected` is set and differs from `current`.
Status CheckVersion(const std::optional<std::int64_t>& expected, std::int64_t current);

/// `{"items": [<raw json>...], "total": N}` from already-serialized items.
std::string ListEnvelope(const std::vector<std::string>& items, std::int64_t total);

/// Writes id, version, createdAt, createdBy, modifiedAt, modifiedBy as members.
void WriteMeta(json::Writer& w, const EntityMeta& meta);

/// `{"changes": [{"field", "from", "to"}...]}` for the members of two objects that differ
/// (top level only; nested values compared whole). Members named in `redact` show "***".
std::string DiffJson(const json::Value& before, const json::Value& after,
                     const std::vector<std::string>& redact = {});

/// An optional boolean query parameter ("true"/"false"); other values are 400.
Result<std::optional<bool>> QueryBool(const Request& request, std::string_view name);
/// An optional integer query parameter; other values are 400.
Result<std::optional<std::int64_t>> QueryInt(const Request& request, std::string_view name);

}  // namespace emporion::http
