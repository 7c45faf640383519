// All SQL of the inventory module: fulfillment centers, inventory records (with the
// conditional updates reservations rely on) and reservations. Functions run inside the
// caller's transaction; a unique violation comes back as kAlreadyExists. Reentrant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "emporion/inventory/types.hpp"
#include "platform/db/database.hpp"

namespace emporion::inventory::storage {

struct SortKey {
  std::string field;  // API name
  bool descending = false;
};

struct Window {
  int limit = 20;
  int offset = 0;
  std::vector<SortKey> sort;
};

template <typename T>
struct Slice {
  std::vector<T> items;
  std::int64_t total = 0;
};

/// Limits to these ids; nullopt: no limit.
using IdScope = std::optional<std::vector<std::string>>;

const std::vector<std::string>& FulfillmentCenterSortFields();
const std::vector<std::string>& RecordSortFields();

struct CenterFilter {
  IdScope scope;
  std::optional<std::string> q;  // name or code contains
  std::optional<std::string> code;
  std::optional<std::string> outer_id;
  std::optional<std::vector<std::string>> ids;
};

Result<std::optional<FulfillmentCenter>> FindCenter(db::Transaction& tx, const std::string& id);
Result<std::optional<FulfillmentCenter>> FindCenterByCode(db::Transaction& tx,
                                                          const std::string& code);
Result<Slice<FulfillmentCenter>> ListCenters(db::Transaction& tx, const CenterFilter& f,
                                             const Window& w);
/// The ids among `ids` that exist.
Result<std::vector<std::string>> ExistingCenterIds(db::Transaction& tx,
                                                   const std::vector<std::string>& ids);
Status InsertCenter(db::Transaction& tx, const FulfillmentCenter& fc);
/// kPreconditionFailed when the row is not at `expected_version`.
Status UpdateCenter(db::Transaction& tx, const FulfillmentCenter& fc,
                    std::int64_t expected_version);
Status DeleteCenter(db::Transaction& tx, const std::string& id);
/// Records of a center that hold stock or reservations.
Result<std::int64_t> CountStockedRecords(db::Transaction& tx, const std::string& center_id);
/// Deletes the (empty) records of a center; returns their ids and product ids.
Result<std::vector<InventoryRecord>> RecordsOfCenter(db::Transaction& tx,
                                                     const std::string& center_id);

struct RecordFilter {
  IdScope centers;  // the caller's visible centers
  std::optional<std::vector<std::string>> product_ids;
  std::optional<std::vector<std::string>> center_ids;
  std::optional<std::string> q;  // product id or outer id starts with
  std::optional<std::string> status;
  std::optional<std::string> outer_id;
};

Result<std::optional<InventoryRecord>> FindRecord(db::Transaction& tx, const std::string& id);
Result<std::optional<InventoryRecord>> FindRecordByKey(db::Transaction& tx,
                                                       const std::string& product_id,
                                                       const std::string& center_id);
Result<Slice<InventoryRecord>> ListRecords(db::Transaction& tx, const RecordFilter& f,
                                           const Window& w);
/// Every record of `product_ids` in `center_ids`, in few queries (chunks of ids).
Result<std::vector<InventoryRecord>> RecordsFor(db::Transaction& tx,
                                                const std::vector<std::string>& product_ids,
                                                const std::vector<std::string>& center_ids);
/// Like RecordsFor, with only the columns availability needs (no meta, ids or outer id), for
/// the hot read path.
Result<std::vector<InventoryRecord>> StockFor(db::Transaction& tx,
                                              const std::vector<std::string>& product_ids,
                                              const std::vector<std::string>& center_ids);
/// Like StockFor, in every fulfillment center (search indexing).
Result<std::vector<InventoryRecord>> StockOfProducts(db::Transaction& tx,
                                                     const std::vector<std::string>& product_ids);
Status InsertRecord(db::Transaction& tx, const InventoryRecord& r);
/// Writes every column but reserved; kPreconditionFailed when not at `expected_version`.
Status UpdateRecord(db::Transaction& tx, const InventoryRecord& r, std::int64_t expected_version);
/// Insert or update by (product, center), keeping `reserved` and `created_*` of an existing
/// row, in multi-row statements (the sync's hot path). Each (product, center) at most once.
Status UpsertRecords(db::Transaction& tx, const std::vector<const InventoryRecord*>& records);
Status DeleteRecord(db::Transaction& tx, const std::string& id);

/// reserved += quantity only while the record can still give it (enabled, and in stock +
/// `extra` - reserved >= quantity). Returns false when no row qualified (the caller rolls back).
Result<bool> ReserveIfAvailable(db::Transaction& tx, const std::string& product_id,
                                const std::string& center_id, std::int64_t quantity,
                                std::int64_t extra, Timestamp now, const std::string& actor);
/// reserved -= quantity (release) or, with `commit`, in stock -= quantity too.
Result<bool> Unreserve(db::Transaction& tx, const std::string& product_id,
                       const std::string& center_id, std::int64_t quantity, bool commit,
                       Timestamp now, const std::string& actor);

Result<std::optional<Reservation>> FindReservation(db::Transaction& tx, const std::string& id);
Status InsertReservation(db::Transaction& tx, const Reservation& r);
Status UpdateReservationStatus(db::Transaction& tx, const Reservation& r,
                               std::int64_t expected_version);

}  // namespace emporion::inventory::storage
