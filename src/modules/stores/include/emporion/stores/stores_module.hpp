// StoresModule: wires stores into the app: declares stores:read|create|update|delete (limitable
// to stores), registers routes, schemas and the demo store seed step, and hands out the
// StoreService plus the StoreLinks the inventory module needs. Thread safety: Create() at
// start-up; afterwards everything it hands out is thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "emporion/catalog/catalog_service.hpp"
#include "emporion/inventory/inventory_service.hpp"
#include "emporion/stores/store_service.hpp"
#include "platform/db/migration.hpp"
#include "platform/module/context.hpp"

namespace emporion::stores {

const std::vector<db::Migration>& Migrations();

/// Optional existence checks of languages and currencies, to be wired to the localization
/// module: each returns the codes among its argument that are not configured. Unset: only the
/// syntax is checked (IETF tags, ISO 4217 codes).
struct StoreOptions {
  std::function<Result<std::vector<std::string>>(const std::vector<std::string>&)>
      missing_languages;
  std::function<Result<std::vector<std::string>>(const std::vector<std::string>&)>
      missing_currencies;
};

class StoreManager;

class StoresModule {
 public:
  /// `ctx`, `catalog` and `inventory` must outlive the module.
  static Result<std::unique_ptr<StoresModule>> Create(ModuleContext& ctx,
                                                      catalog::CatalogService& catalog,
                                                      inventory::InventoryService& inventory,
                                                      StoreOptions options = {});
  ~StoresModule();
  StoresModule(const StoresModule&) = delete;
  StoresModule& operator=(const StoresModule&) = delete;

  StoreService& service();
  /// What the inventory module needs to know about stores (InventoryModule::SetStoreLinks).
  inventory::StoreLinks InventoryLinks();

 private:
  explicit StoresModule(std::unique_ptr<StoreManager> manager);
  std::unique_ptr<StoreManager> manager_;
};

}  // namespace emporion::stores
