// SearchModule: wires search into the app: permissions search:read|manage, the embedded engine
// (owned here), the indexer (change events -> documents, snapshot in `<data>/search/`), the
// rebuild job `search.rebuild`, and the back-office routes. The storefront routes
// (api/storefront_api.hpp) are wired by the app with engine() and the services.
// Thread safety: Create/Start/Stop at start-up and shutdown; everything else is thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "emporion/catalog/catalog_service.hpp"
#include "emporion/inventory/inventory_service.hpp"
#include "emporion/members/members_service.hpp"
#include "emporion/pricing/pricing_service.hpp"
#include "emporion/search/engine.hpp"
#include "emporion/stores/store_service.hpp"
#include "platform/db/database.hpp"
#include "platform/jobs/job_runner.hpp"
#include "platform/module/context.hpp"

namespace emporion::search_module {

/// The job type of a full rebuild; params {"type": "product"|"category"|"member"}.
inline constexpr const char* kRebuildJob = "search.rebuild";

struct SearchServices {
  catalog::CatalogService& catalog;
  pricing::PricingService& pricing;
  inventory::InventoryService& inventory;
  stores::StoreService& stores;
  members::MembersService& members;
};

class Indexer;
class DocumentLoader;

class SearchModule {
 public:
  /// Creates the engine, loads the snapshot of `<ctx.data_dir>/search` (catching up from the
  /// outbox) and queues rebuild jobs for the indexes that need one. `ctx` and `services` must
  /// outlive the module.
  static Result<std::unique_ptr<SearchModule>> Create(ModuleContext& ctx, SearchServices services);
  ~SearchModule();  // Stop()s
  SearchModule(const SearchModule&) = delete;
  SearchModule& operator=(const SearchModule&) = delete;

  /// Starts background indexing (call after seeding, with the job runner).
  void Start();
  /// Stops it: drains pending changes and saves the snapshot when the index changed.
  void Stop();

  /// Ok once every index is usable (loaded from the snapshot or rebuilt).
  Status Ready() const;

  search::Engine& engine() { return *engine_; }
  const SearchServices& services() const { return services_; }
  Indexer& indexer() { return *indexer_; }

 private:
  SearchModule(ModuleContext& ctx, SearchServices services);
  Result<jobs::JobInfo> EnqueueRebuild(const std::string& type, const std::string& actor,
                                       const std::string& request_id);

  ModuleContext& ctx_;
  SearchServices services_;
  std::unique_ptr<search::Engine> engine_;
  std::unique_ptr<DocumentLoader> loader_;
  std::unique_ptr<Indexer> indexer_;
  std::mutex queued_mutex_;
  std::set<std::string> queued_;  // GUARDED_BY(queued_mutex_) types with a rebuild job queued or running
};

/// What `emporion reindex` reads (no stores needed).
struct ReindexServices {
  catalog::CatalogService& catalog;
  pricing::PricingService& pricing;
  inventory::InventoryService& inventory;
  members::MembersService& members;
};

/// `emporion reindex`: rebuilds `types` (all when empty) from the database into a fresh engine
/// and writes the snapshot to `snapshot_dir`; an existing snapshot's other indexes are kept
/// (caught up from the outbox first). Returns (type, documents) per rebuilt index.
/// kInvalidArgument naming `type` for an unknown index. Run it while no server uses the data
/// directory: a running server overwrites the snapshot when it stops.
Result<std::vector<std::pair<std::string, std::int64_t>>> Reindex(
    db::Database& db, const Clock& clock, ReindexServices services,
    const std::string& snapshot_dir, const std::vector<std::string>& types);

/// The snapshot directory under a data directory: `<data>/search`.
std::string SnapshotDir(const std::string& data_dir);

}  // namespace emporion::search_module
