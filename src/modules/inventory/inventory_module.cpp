#include "emporion/inventory/inventory_module.hpp"

#include "modules/inventory/api/inventory_api.hpp"
#include "modules/inventory/service/inventory_manager.hpp"
#include "platform/auth/permissions.hpp"
#include "platform/seeds/seeds.hpp"

namespace emporion::inventory {
namespace {

void DeclarePermissions(auth::PermissionRegistry& registry) {
  registry.Declare(
      {api::kRead,
       "inventory",
       {{"en-US", "View fulfillment centers, inventory, availability and reservations"},
        {"de-DE", "Lager, Bestände, Verfügbarkeit und Reservierungen anzeigen"}},
       true});
  registry.Declare({api::kCreate,
                    "inventory",
                    {{"en-US", "Create fulfillment centers and inventory records"},
                     {"de-DE", "Lager und Bestandsdatensätze anlegen"}},
                    true});
  registry.Declare({api::kUpdate,
                    "inventory",
                    {{"en-US", "Change fulfillment centers and inventory, synchronize stock"},
                     {"de-DE", "Lager und Bestände ändern, Bestände synchronisieren"}},
                    true});
  registry.Declare({api::kDelete,
                    "inventory",
                    {{"en-US", "Delete fulfillment centers and inventory records"},
                     {"de-DE", "Lager und Bestandsdatensätze löschen"}},
                    true});
  registry.Declare({api::kReserve,
                    "inventory",
                    {{"en-US", "Reserve, release and commit stock"},
                     {"de-DE", "Bestände reservieren, freigeben und ausbuchen"}},
                    true});
}

/// Demo data: two warehouses (order 20) and stock for every product (order 60).
void AddSeeds(seeds::SeedRegistry& seeds, InventoryManager& m, catalog::CatalogService& catalog) {
  seeds.Add("demo", 20, "inventory.fulfillment-centers", [&m](const seeds::SeedContext& ctx) {
    Caller c;
    c.actor = ctx.actor;
    FulfillmentCenter main;
    main.meta.id = "main-warehouse";
    main.code = "MAIN";
    main.name = "Main warehouse";
    main.description = "Ships every order first";
    main.address =
        Address{"Industriestrasse 12", std::nullopt,           "Berlin", "BE", "10115", "DE",
                "+49 30 1234567",      "warehouse@example.com"};
    main.geo_location = GeoLocation{"52.520008", "13.404954"};
    FulfillmentCenter second;
    second.meta.id = "second-warehouse";
    second.code = "SECOND";
    second.name = "Second warehouse";
    second.description = "Overflow stock";
    second.address = Address{"1 Dock Road", std::nullopt, "Newark",          "NJ",
                             "07114",       "US",         "+1 973 555 0100", "east@example.com"};
    second.geo_location = GeoLocation{"40.735657", "-74.172363"};
    auto r = m.BulkCenters(c, {main, second});
    if (!r.ok()) return Status(r.error());
    return Ok();
  });
  seeds.Add("demo", 60, "inventory.stock", [&m, &catalog](const seeds::SeedContext& ctx) {
    Caller c;
    c.actor = ctx.actor;
    codec::SyncRequest request;
    request.mode = SyncMode::kAbsolute;
    catalog::Window w;
    w.limit = 1000;
    for (int page = 0;; ++page) {
      w.offset = page * w.limit;
      auto products = catalog.QueryProducts({}, w, catalog::ProductView::kStored);
      if (!products.ok()) return Status(products.error());
      for (std::size_t i = 0; i < products->items.size(); ++i) {
        const auto& p = products->items[i];
        const auto n = static_cast<std::int64_t>(request.items.size() / 2);
        SyncItem main;
        main.product_id = p.meta.id;
        main.fulfillment_center_id = "main-warehouse";
        main.in_stock_quantity = 20 + (n * 7) % 80;
        main.reorder_min_quantity = 5;
        SyncItem second = main;
        second.fulfillment_center_id = "second-warehouse";
        second.in_stock_quantity = (n * 3) % 15;
        second.allow_backorder = true;
        second.backorder_quantity = 10;
        request.items.push_back(std::move(main));
        request.items.push_back(std::move(second));
      }
      if (products->items.size() < static_cast<std::size_t>(w.limit)) break;
    }
    if (request.items.empty()) return Ok();
    auto r = m.Sync(c, std::move(request));
    if (!r.ok()) return Status(r.error());
    return Ok();
  });
}

}  // namespace

Result<std::unique_ptr<InventoryModule>> InventoryModule::Create(ModuleContext& ctx,
                                                                 catalog::CatalogService& catalog) {
  DeclarePermissions(ctx.permissions);
  auto manager = std::make_unique<InventoryManager>(ctx.db, ctx.clock, &ctx.bus, catalog);
  api::RegisterRoutes(ctx.router, *manager);
  AddSeeds(ctx.seeds, *manager, catalog);
  return std::unique_ptr<InventoryModule>(new InventoryModule(std::move(manager)));
}

InventoryModule::InventoryModule(std::unique_ptr<InventoryManager> manager)
    : manager_(std::move(manager)) {}

InventoryModule::~InventoryModule() = default;

void InventoryModule::SetStoreLinks(StoreLinks links) { manager_->SetStoreLinks(std::move(links)); }

InventoryService& InventoryModule::service() { return *manager_; }

}  // namespace emporion::inventory
