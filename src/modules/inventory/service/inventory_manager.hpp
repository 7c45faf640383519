// InventoryManager: the inventory use cases. Every write is one UnitOfWork (one write
// transaction with its outbox events and change history); reads are one read transaction.
// Enforces: unique fulfillment center codes, one record per (product, center), products known
// to the catalog, centers that exist, all-or-nothing reservations that never oversell
// (conditional updates inside the serialized write transaction), the caller's store scopes
// (as sets of visible / writable centers).
//
// Errors: kUnprocessable (422) names bad fields, kAlreadyExists (409) a taken key, kConflict
// (409) in use or short stock, kNotFound (404), kPermissionDenied (403), kPreconditionFailed
// (412) a stale If-Match.
//
// Thread-safe: the caches are guarded by a mutex; everything else is a thread-safe service.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "emporion/catalog/catalog_service.hpp"
#include "emporion/inventory/inventory_service.hpp"
#include "modules/inventory/codec/inventory_json.hpp"
#include "modules/inventory/storage/repository.hpp"
#include "platform/db/database.hpp"
#include "platform/events/event_bus.hpp"

namespace emporion::inventory {

/// Who calls and which centers they may see and change (nullopt: all).
struct Caller {
  std::string actor = "system";
  std::string request_id;
  storage::IdScope read_centers;
  storage::IdScope write_centers;
  /// Creating centers (global objects) needs an unlimited write permission.
  bool unlimited_write = true;
  /// Stores whose reservations the caller may change (nullopt: all).
  storage::IdScope stores;
};

/// A validated reservation waiting for the batch that writes it (see Submit).
struct PendingReservation {
  const ReservationRequest* request = nullptr;
  std::vector<std::string> centers;  // the store's centers, main first
  std::map<std::string, bool> tracked;
  std::string actor;
  std::string request_id;
  std::optional<Result<Reservation>> result;  // set by the batch's leader
};

template <typename T>
using Mutator = std::function<Result<T>(const T& current)>;

struct BulkOutcome {
  std::int64_t created = 0;
  std::int64_t updated = 0;
};

class InventoryManager final : public InventoryService {
 public:
  InventoryManager(db::Database& db, const Clock& clock, events::EventBus* bus,
                   catalog::CatalogService& catalog);

  void SetStoreLinks(StoreLinks links);
  /// The store's centers (main first); kNotFound when the store is unknown. Cached; the cache
  /// entry is dropped on stores.store.* events.
  Result<StoreFulfillment> StoreCenters(const std::string& store_id);
  /// The centers of `stores` (for scoped callers); unknown stores add nothing.
  Result<std::vector<std::string>> CentersOfStores(const std::vector<std::string>& stores);

  // InventoryService.
  Result<std::vector<std::string>> MissingFulfillmentCenters(
      const std::vector<std::string>& ids) override;
  Result<std::vector<InventoryRecord>> StockOfProducts(
      const std::vector<std::string>& product_ids) override;
  Result<std::vector<ProductAvailability>> Availability(
      const std::string& store_id, const std::vector<std::string>& product_ids) override;
  Result<Reservation> Reserve(const std::string& actor, const ReservationRequest& request) override;
  Result<Reservation> Release(const std::string& actor, const std::string& id) override;
  Result<Reservation> Commit(const std::string& actor, const std::string& id) override;

  Result<Reservation> ReserveAs(const Caller& c, const ReservationRequest& request);
  Result<Reservation> ReleaseAs(const Caller& c, const std::string& id);
  Result<Reservation> CommitAs(const Caller& c, const std::string& id);
  Result<Reservation> GetReservation(const std::string& id);

  // Fulfillment centers. Delete refuses a center a store uses or that holds stock (409).
  Result<FulfillmentCenter> GetCenter(const Caller& c, const std::string& id);
  Result<storage::Slice<FulfillmentCenter>> ListCenters(const Caller& c, storage::CenterFilter f,
                                                        const storage::Window& w);
  Result<FulfillmentCenter> CreateCenter(const Caller& c, FulfillmentCenter v);
  Result<FulfillmentCenter> UpdateCenter(const Caller& c, const std::string& id,
                                         std::optional<std::int64_t> if_match,
                                         const Mutator<FulfillmentCenter>& m);
  Status DeleteCenter(const Caller& c, const std::string& id, std::optional<std::int64_t> if_match);
  Result<BulkOutcome> BulkCenters(const Caller& c, std::vector<FulfillmentCenter> items);

  // Inventory records. Delete refuses a record with reserved stock (409).
  Result<InventoryRecord> GetRecord(const Caller& c, const std::string& id);
  Result<storage::Slice<InventoryRecord>> ListRecords(const Caller& c, storage::RecordFilter f,
                                                      const storage::Window& w);
  Result<InventoryRecord> CreateRecord(const Caller& c, InventoryRecord v);
  Result<InventoryRecord> UpdateRecord(const Caller& c, const std::string& id,
                                       std::optional<std::int64_t> if_match,
                                       const Mutator<InventoryRecord>& m);
  Status DeleteRecord(const Caller& c, const std::string& id, std::optional<std::int64_t> if_match);
  Result<BulkOutcome> BulkRecords(const Caller& c, std::vector<InventoryRecord> items);

  /// ERP sync: up to kMaxSyncItems records, all or nothing (422 naming items[i].field).
  Result<SyncOutcome> Sync(const Caller& c, codec::SyncRequest request);

  [[nodiscard]] const Clock& clock() const { return clock_; }

 private:
  /// Group commit of reservations: concurrent callers queue; one of them leads, writes every
  /// queued reservation (of one actor) in one write transaction and commits once, then hands
  /// the results back. Each caller still answers only after its reservation is durable.
  Result<Reservation> Submit(PendingReservation& p);
  void RunBatch(const std::vector<PendingReservation*>& batch);

  /// trackInventory of each known product among `ids` (merged view; unset counts as true);
  /// unknown products are absent. Cached; dropped on catalog.product.* events.
  Result<std::map<std::string, bool>> Tracking(const std::vector<std::string>& ids);

  db::Database& db_;
  const Clock& clock_;
  events::EventBus* bus_;
  catalog::CatalogService& catalog_;
  StoreLinks links_;

  std::mutex batch_mutex_;
  std::condition_variable batch_cv_;
  std::deque<PendingReservation*> batch_queue_;  // GUARDED_BY(batch_mutex_)
  bool batch_leader_ = false;                    // GUARDED_BY(batch_mutex_)

  std::mutex mutex_;
  std::unordered_map<std::string, bool> tracking_;            // GUARDED_BY(mutex_)
  std::unordered_map<std::string, StoreFulfillment> stores_;  // GUARDED_BY(mutex_)
};

}  // namespace emporion::inventory
