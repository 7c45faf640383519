// Column encodings shared by the security repositories: fixed-width timestamps (so text order is
// time order on both databases), JSON arrays of ids, LIKE patterns, ORDER BY clauses from
// whitelisted sort keys, audit columns, and unique-violation translation to 409s naming the API
// field. Reentrant.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emporion/security/types.hpp"
#include "platform/core/entity.hpp"
#include "platform/db/database.hpp"

namespace emporion::security::storage {

/// `YYYY-MM-DDTHH:MM:SS.mmmZ`, always with milliseconds.
std::string EncodeTime(Timestamp t);
std::optional<std::string> EncodeTime(const std::optional<Timestamp>& t);
Timestamp DecodeTime(const std::string& text);
std::optional<Timestamp> DecodeTime(const std::optional<std::string>& text);

/// `["a","b"]`.
std::string EncodeIds(const std::vector<std::string>& ids);
/// The strings of a JSON array; malformed text yields an empty list.
std::vector<std::string> DecodeIds(const std::string& text);

/// `%text%` with LIKE wildcards in `text` escaped by `\`, lower-cased (ASCII).
std::string ContainsPattern(std::string_view text);

/// ` ORDER BY <col> [DESC], ..., <tiebreak>` for `sort` keys mapped through `columns` (API
/// name -> SQL expression; keys not in the map are skipped: the API layer rejects them first).
std::string OrderBy(const std::vector<SortKey>& sort,
                    const std::map<std::string, std::string>& columns,
                    const std::string& default_order, const std::string& tiebreak);

/// Reads id, version, created_at, created_by, modified_at, modified_by starting at column `at`.
EntityMeta DecodeMeta(const db::Row& row, std::size_t at);

/// A unique violation (kAlreadyExists from the driver) becomes a 409 naming the API field of
/// the first column in `fields` (column -> field) the message mentions; other errors pass.
Error TranslateUnique(Error error, const std::vector<std::pair<std::string, std::string>>& fields,
                      const std::string& what);

}  // namespace emporion::security::storage
