// InventoryModule: wires fulfillment centers and inventory into the app: declares the
// inventory permissions (limitable to stores), registers routes, schemas and demo seed steps,
// and hands out the InventoryService. Thread safety: Create() and SetStoreLinks() at start-up;
// afterwards everything it hands out is thread-safe.
#pragma once

#include <memory>
#include <vector>

#include "emporion/catalog/catalog_service.hpp"
#include "emporion/inventory/inventory_service.hpp"
#include "platform/db/migration.hpp"
#include "platform/module/context.hpp"

namespace emporion::inventory {

/// The module's schema migrations (generated from storage/migrations).
const std::vector<db::Migration>& Migrations();

class InventoryManager;

class InventoryModule {
 public:
  /// `ctx` and `catalog` must outlive the module.
  static Result<std::unique_ptr<InventoryModule>> Create(ModuleContext& ctx,
                                                         catalog::CatalogService& catalog);
  ~InventoryModule();
  InventoryModule(const InventoryModule&) = delete;
  InventoryModule& operator=(const InventoryModule&) = delete;

  /// How inventory finds a store's fulfillment centers; set by the app once the stores module
  /// exists. Until then availability and reservations answer 404 for every store.
  void SetStoreLinks(StoreLinks links);

  InventoryService& service();

 private:
  explicit InventoryModule(std::unique_ptr<InventoryManager> manager);
  std::unique_ptr<InventoryManager> manager_;
};

}  // namespace emporion::inventory
