// Indexer: keeps the engine's product, category and member indexes up to date.
//
// - Change events (catalog, pricing, inventory, members) are turned into pending ids on the
//   publisher's thread (quick: a payload parse and a set insert), de-duplicated per type.
// - A background thread drains the pending ids every ~100 ms in batches of up to 1,000: it
//   loads them in bulk (DocumentLoader), upserts what exists and removes what is gone, so a
//   change is searchable well within a second.
// - Inventory-only changes: a product whose pending changes are all inventory events is
//   re-indexed only when the availability its document holds changed (StockSignature of its
//   records against the one its indexed document was built from); ERP syncs that rewrite
//   unchanged or unsearchable stock figures cost one bulk stock read, not a re-index.
// - Products with dated prices are re-indexed at their next price boundary (a timer).
// - Changes that touch many documents (a property definition, a catalog's languages, a price
//   list's currency or deletion) ask for a full rebuild of the type instead (a job).
// - Full rebuilds (Rebuild) read the database in pages of 1,000 into an IndexBuilder and
//   commit atomically. Writes that reach the live index meanwhile are caught up by id (the
//   rebuild re-reads those ids; the last round and the commit run with drains held off), not
//   by an engine journal of whole documents. Once kRebuildWriteBudget documents were written
//   to the live index during a rebuild, further changes stay pending until it commits.
// - Snapshot: SaveSnapshot writes the engine's indexes and the module's state (watermark = the
//   highest outbox seq applied, last rebuild times, price timers) to `<dir>`; Recover loads
//   them at start and catches up from the outbox after the watermark, or reports that a
//   rebuild is needed.
//
// Thread safety: every public method is thread-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "modules/search/indexing/document_loader.hpp"
#include "platform/db/database.hpp"
#include "platform/events/event_bus.hpp"

namespace emporion::search_module {

/// The status of one index (`GET /api/v1/search/indexes`).
struct IndexStatus {
  search::IndexStats stats;
  std::int64_t last_rebuild_millis = 0;  // 0 = never
  std::int64_t last_update_millis = 0;
  std::int64_t lag_millis = 0;  // age of the oldest pending change
  std::int64_t pending = 0;
  bool rebuilding = false;
  bool loaded_from_snapshot = false;
};

/// Dead slots (replaced or removed documents) that make a rebuild worth it, when they also
/// outnumber the live documents.
inline constexpr std::uint64_t kCompactMinDead = 10000;

/// The compaction rule: a replaced document stays in the engine as a dead slot until a rebuild;
/// rebuild (compact) an index once its dead slots reach kCompactMinDead and outnumber its live
/// documents.
bool NeedsCompaction(const search::IndexStats& stats);

/// While changes keep arriving (a burst: an ERP sync re-indexes the same products every
/// request), compaction waits until no change reached the index for kCompactQuietMillis, unless
/// the dead slots exceed the live documents by kCompactBurstSlack (memory stays bounded).
inline constexpr std::int64_t kCompactQuietMillis = 10000;
inline constexpr std::uint64_t kCompactBurstSlack = 200000;
bool CompactNow(const search::IndexStats& stats, std::int64_t quiet_millis);

/// While a rebuild of a type runs, documents written to its live index add dead slots there
/// and must be re-read by the rebuild's catch-up. After this many (counted per drain, so a
/// drain may pass it by one round's batches), further changes of the type stay pending ids
/// until the rebuild commits: memory stays bounded, searches see those changes later.
inline constexpr std::uint64_t kRebuildWriteBudget = 100000;

/// Progress of a rebuild; `cancelled` is polled between pages.
struct RebuildProgress {
  std::function<void(std::int64_t total)> set_total;
  std::function<void(std::int64_t n)> advance;
  std::function<bool()> cancelled;
};

struct RebuildOutcome {
  std::int64_t documents = 0;
  bool cancelled = false;
};

class Indexer {
 public:
  /// The index types, in rebuild order.
  static const std::vector<std::string>& Types();

  /// `snapshot_dir` empty: no snapshots. Everything referenced must outlive the indexer.
  Indexer(search::Engine& engine, DocumentLoader& loader, db::Database& db, const Clock& clock,
          std::string snapshot_dir);
  ~Indexer();  // Stop()s
  Indexer(const Indexer&) = delete;
  Indexer& operator=(const Indexer&) = delete;

  /// Subscribes to the change events (start-up, before anything publishes).
  void Subscribe(events::EventBus& bus);
  /// Called when a change needs a full rebuild of `type` (wired to the job runner).
  void SetRebuildRequester(std::function<void(const std::string& type)> request);

  /// Loads the snapshot and catches up from the outbox. Returns the types that need a full
  /// rebuild (all of them without a usable snapshot).
  std::vector<std::string> Recover();

  /// Replaces kRebuildWriteBudget (tests).
  void SetRebuildWriteBudget(std::uint64_t documents);

  /// Starts / stops the background thread. Stop() drains what is pending and, when the index
  /// changed since the last snapshot, saves one.
  void Start();
  void Stop();

  /// Handles one event as the bus would (also used to replay the outbox).
  void OnEvent(const events::DomainEvent& event);

  /// Rebuilds `type` from the database. kConflict when a rebuild of it already runs.
  Result<RebuildOutcome> Rebuild(const std::string& type, const RebuildProgress& progress);
  /// Writes the snapshot now (engine indexes + module state).
  Status SaveSnapshot();

  std::vector<IndexStatus> Statuses() const;
  /// True once every index is usable (recovered or rebuilt at least once).
  bool Ready() const;
  /// Processes everything pending now, on the calling thread (tests, CLI).
  Status Flush();

 private:
  struct Pending {
    std::set<std::string> ids;
    Timestamp oldest = 0;  // enqueue time of the oldest id, 0 when empty
  };

  /// `stock_only`: the change is an inventory event (see stock_only_).
  void Enqueue(const std::string& type, const std::string& id, Timestamp now,
               bool stock_only = false);
  /// Drops the stock-only ids whose availability did not change since they were indexed.
  Result<std::vector<std::string>> WithChangedStock(const std::vector<std::string>& ids);
  void RecordStockSignatures(const LoadedBatch& batch);
  void EnqueueProductsUnder(const std::string& category_id, Timestamp now);
  void RequestRebuild(const std::string& type);
  void Run();
  Status DrainOnce();
  Status Apply(const std::string& type, const std::vector<std::string>& ids);
  Status UpsertEach(const std::string& type, std::vector<search::Document> docs);
  /// Notes ids written (upserted or removed) to the live index of `type` while a rebuild of
  /// it runs.
  void NoteRebuildWrites(const std::string& type, const std::vector<std::string>& ids);
  /// True when a rebuild of `type` runs and its write budget is spent.
  bool HoldForRebuild(const std::string& type) const;
  bool HoldLocked(const std::string& type) const;  // REQUIRES(mutex_)
  /// Re-reads `ids` of `type` into `builder` (documents added, missing ones removed).
  Status CatchUp(const std::string& type, search::IndexBuilder& builder,
                 const std::set<std::string>& ids);
  void SchedulePriceChanges(const std::vector<std::pair<std::string, Timestamp>>& changes);
  Status SaveState(std::int64_t watermark) const;
  bool LoadState(std::int64_t& watermark);

  search::Engine& engine_;
  DocumentLoader& loader_;
  db::Database& db_;
  const Clock& clock_;
  const std::string snapshot_dir_;
  std::function<void(const std::string&)> request_rebuild_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::string, Pending> pending_;           // GUARDED_BY(mutex_) by type
  std::set<std::string> pending_category_products_;  // GUARDED_BY(mutex_) category ids
  // Pending product ids whose every pending change is an inventory event. GUARDED_BY(mutex_)
  std::set<std::string> stock_only_;
  // Hash of a product id -> StockSignature its indexed document was built from; cleared by
  // product rebuilds and not written while one runs. Bounded (cleared at kMaxSignatures).
  std::unordered_map<std::uint64_t, std::uint64_t> stock_signatures_;  // GUARDED_BY(mutex_)
  std::set<std::string> pending_rebuilds_;                             // GUARDED_BY(mutex_) types
  std::multimap<Timestamp, std::string> price_timers_;                 // GUARDED_BY(mutex_)
  std::int64_t seen_seq_ = 0;     // GUARDED_BY(mutex_) highest seq enqueued
  std::int64_t applied_seq_ = 0;  // GUARDED_BY(mutex_) highest seq applied
  std::map<std::string, std::int64_t> last_rebuild_millis_;  // GUARDED_BY(mutex_)
  std::map<std::string, std::int64_t> last_update_millis_;   // GUARDED_BY(mutex_)
  std::set<std::string> rebuilding_;                         // GUARDED_BY(mutex_)
  // Per type being rebuilt: ids written to its live index since the rebuild began (the
  // catch-up re-reads them) and how many documents were written. GUARDED_BY(mutex_)
  std::map<std::string, std::set<std::string>> rebuild_written_ids_;
  std::map<std::string, std::uint64_t> rebuild_writes_;       // GUARDED_BY(mutex_)
  std::uint64_t rebuild_write_budget_ = kRebuildWriteBudget;  // GUARDED_BY(mutex_)
  // The running drain's ids per type: their enqueue time and count (Statuses counts them as
  // pending). GUARDED_BY(mutex_)
  std::map<std::string, Timestamp> in_flight_oldest_;
  std::map<std::string, std::int64_t> in_flight_count_;  // GUARDED_BY(mutex_)
  std::set<std::string> compaction_owed_;  // GUARDED_BY(mutex_) deferred by CompactNow
  std::set<std::string> usable_;           // GUARDED_BY(mutex_)
  bool loaded_from_snapshot_ = false;      // GUARDED_BY(mutex_)
  bool dirty_ = false;                     // GUARDED_BY(mutex_) since last snapshot
  bool stop_ = false;                      // GUARDED_BY(mutex_)
  Timestamp last_snapshot_ = 0;            // GUARDED_BY(mutex_)

  std::mutex drain_mutex_;  // one drain at a time (background thread or Flush)
  std::thread thread_;
};

}  // namespace emporion::search_module
