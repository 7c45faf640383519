#include "emporion/stores/stores_module.hpp"

#include <spdlog/spdlog.h>

#include "modules/stores/api/stores_api.hpp"
#include "modules/stores/service/store_manager.hpp"
#include "platform/auth/permissions.hpp"
#include "platform/seeds/seeds.hpp"

namespace emporion::stores {
namespace {

void DeclarePermissions(auth::PermissionRegistry& registry) {
  registry.Declare({api::kRead,
                    "stores",
                    {{"en-US", "View stores and their settings"},
                     {"de-DE", "Shops und ihre Einstellungen anzeigen"}},
                    true});
  registry.Declare(
      {api::kCreate, "stores", {{"en-US", "Create stores"}, {"de-DE", "Shops anlegen"}}, true});
  registry.Declare({api::kUpdate,
                    "stores",
                    {{"en-US", "Change stores and their settings"},
                     {"de-DE", "Shops und ihre Einstellungen ändern"}},
                    true});
  registry.Declare(
      {api::kDelete, "stores", {{"en-US", "Delete stores"}, {"de-DE", "Shops löschen"}}, true});
}

/// The demo store (order 45, after the catalog's demo step at 40): its catalog is the catalog
/// of the first demo product, found through the catalog's public interface.
void AddSeeds(seeds::SeedRegistry& seeds, StoreManager& m, catalog::CatalogService& catalog) {
  seeds.Add("demo", 45, "stores.electronics-store", [&m, &catalog](const seeds::SeedContext& ctx) {
    catalog::Window w;
    w.limit = 1;
    auto first = catalog.QueryProducts({}, w, catalog::ProductView::kStored);
    if (!first.ok()) return Status(first.error());
    if (first->items.empty()) {
      spdlog::warn("seed stores.electronics-store: no demo catalog with products; no store made");
      return Ok();
    }
    Store s;
    s.meta.id = "electronics-store";
    s.name = "Electronics Store";
    s.description = "Demo store: consumer electronics in English and German";
    s.url = "http://localhost:8080/electronics";
    s.email = "shop@example.com";
    s.catalog_id = first->items.front().catalog_id;
    s.default_language = "en-US";
    s.languages = {"en-US", "de-DE"};
    s.default_currency = "USD";
    s.currencies = {"USD", "EUR"};
    s.time_zone = "Europe/Berlin";
    s.country = "US";
    s.main_fulfillment_center_id = "main-warehouse";
    s.additional_fulfillment_center_ids = {"second-warehouse"};
    s.returns_fulfillment_center_id = "main-warehouse";
    StoreCaller c;
    c.actor = ctx.actor;
    auto r = m.Bulk(c, {s});
    if (!r.ok()) return Status(r.error());
    return Ok();
  });
}

}  // namespace

Result<std::unique_ptr<StoresModule>> StoresModule::Create(ModuleContext& ctx,
                                                           catalog::CatalogService& catalog,
                                                           inventory::InventoryService& inventory,
                                                           StoreOptions options) {
  DeclarePermissions(ctx.permissions);
  auto manager = std::make_unique<StoreManager>(ctx.db, ctx.clock, &ctx.bus, catalog, inventory,
                                                std::move(options));
  api::RegisterRoutes(ctx.router, *manager);
  AddSeeds(ctx.seeds, *manager, catalog);
  return std::unique_ptr<StoresModule>(new StoresModule(std::move(manager)));
}

StoresModule::StoresModule(std::unique_ptr<StoreManager> manager) : manager_(std::move(manager)) {}

StoresModule::~StoresModule() = default;

StoreService& StoresModule::service() { return *manager_; }

inventory::StoreLinks StoresModule::InventoryLinks() {
  StoreManager* m = manager_.get();
  inventory::StoreLinks links;
  links.fulfillment_of =
      [m](const std::string& store_id) -> Result<std::optional<inventory::StoreFulfillment>> {
    auto s = m->FindStore(store_id);
    if (!s.ok()) {
      if (s.error().code() == ErrorCode::kNotFound) {
        return std::optional<inventory::StoreFulfillment>{};
      }
      return s.error();
    }
    inventory::StoreFulfillment f;
    f.main_fulfillment_center_id = s->main_fulfillment_center_id.value_or("");
    f.other_ids = s->additional_fulfillment_center_ids;
    return std::optional<inventory::StoreFulfillment>(std::move(f));
  };
  links.stores_using = [m](const std::string& center_id) {
    return m->StoresUsingFulfillmentCenter(center_id);
  };
  return links;
}

}  // namespace emporion::stores
