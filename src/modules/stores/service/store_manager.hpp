// StoreManager: the stores use cases. Every write is one UnitOfWork (transaction + outbox
// events `stores.store.*` + change history). Enforces: the catalog exists (catalog module),
// the fulfillment centers exist (inventory module), defaults among the lists, optional
// language/currency existence checks, and the caller's store scopes: a store outside the
// caller's stores is 403 on every item route (checked before the lookup, so nothing about it
// is revealed) and absent from lists.
// Thread-safe: it holds references to thread-safe services only.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "emporion/catalog/catalog_service.hpp"
#include "emporion/inventory/inventory_service.hpp"
#include "emporion/stores/store_service.hpp"
#include "emporion/stores/stores_module.hpp"
#include "modules/stores/storage/store_repository.hpp"
#include "platform/db/database.hpp"
#include "platform/events/event_bus.hpp"

namespace emporion::stores {

struct StoreCaller {
  std::string actor = "system";
  std::string request_id;
  std::optional<std::vector<std::string>> read;   // stores the caller may see; nullopt: all
  std::optional<std::vector<std::string>> write;  // stores the caller may change
  std::string write_permission = "stores:update";
};

template <typename T>
using Mutator = std::function<Result<T>(const T& current)>;

class StoreManager final : public StoreService {
 public:
  StoreManager(db::Database& db, const Clock& clock, const events::EventBus* bus,
               catalog::CatalogService& catalog, inventory::InventoryService& inventory,
               StoreOptions options);

  Result<Store> FindStore(const std::string& id) override;
  Result<std::vector<std::string>> StoresUsingLanguage(const std::string& code) override;
  Result<std::vector<std::string>> StoresUsingCurrency(const std::string& code) override;
  Result<std::vector<std::string>> StoresUsingFulfillmentCenter(
      const std::string& fulfillment_center_id) override;

  Result<Store> Get(const StoreCaller& c, const std::string& id);
  Result<std::pair<std::vector<Store>, std::int64_t>> List(const StoreCaller& c,
                                                           storage::StoreFilter f,
                                                           const storage::Window& w);
  Result<Store> Create(const StoreCaller& c, Store v);
  Result<Store> Update(const StoreCaller& c, const std::string& id,
                       std::optional<std::int64_t> if_match, const Mutator<Store>& m);
  Status Delete(const StoreCaller& c, const std::string& id, std::optional<std::int64_t> if_match);
  /// Upserts by id, all or nothing; returns {created, updated}.
  Result<std::pair<std::int64_t, std::int64_t>> Bulk(const StoreCaller& c,
                                                     std::vector<Store> items);

 private:
  /// Rules that need other modules: catalog, centers, languages, currencies.
  Status CheckReferences(const Store& s, const std::string& prefix,
                         std::vector<FieldError>& errors);

  db::Database& db_;
  const Clock& clock_;
  const events::EventBus* bus_;
  catalog::CatalogService& catalog_;
  inventory::InventoryService& inventory_;
  StoreOptions options_;
};

}  // namespace emporion::stores
