#include "emporion/catalog/catalog_module.hpp"

#include "modules/catalog/api/catalog_api.hpp"
#include "modules/catalog/api/transfer_api.hpp"
#include "modules/catalog/demo/demo_seed.hpp"
#include "modules/catalog/service/catalog_manager.hpp"
#include "platform/auth/permissions.hpp"

namespace emporion::catalog {
namespace {

void DeclarePermissions(auth::PermissionRegistry& registry) {
  // Limitable to catalogs (module "catalog"), not to stores.
  registry.Declare({"catalog:read",
                    "catalog",
                    {{"en-US", "View catalogs, categories, products and properties"},
                     {"de-DE", "Kataloge, Kategorien, Produkte und Eigenschaften anzeigen"}},
                    false});
  registry.Declare({"catalog:create",
                    "catalog",
                    {{"en-US", "Create catalogs, categories, products and properties"},
                     {"de-DE", "Kataloge, Kategorien, Produkte und Eigenschaften anlegen"}},
                    false});
  registry.Declare({"catalog:update",
                    "catalog",
                    {{"en-US", "Change catalogs, categories, products and properties"},
                     {"de-DE", "Kataloge, Kategorien, Produkte und Eigenschaften ändern"}},
                    false});
  registry.Declare({"catalog:delete",
                    "catalog",
                    {{"en-US", "Delete catalogs, categories, products and properties"},
                     {"de-DE", "Kataloge, Kategorien, Produkte und Eigenschaften löschen"}},
                    false});
}

}  // namespace

Result<std::unique_ptr<CatalogModule>> CatalogModule::Create(ModuleContext& ctx) {
  DeclarePermissions(ctx.permissions);
  auto manager = std::make_unique<CatalogManager>(ctx.db, ctx.clock, &ctx.bus);
  api::RegisterRoutes(ctx.router, *manager);
  api::RegisterTransfer(ctx.router, {ctx.db, ctx.clock, ctx.bus, ctx.jobs, ctx.data_dir});
  demo::RegisterDemoSeed(ctx.seeds, &ctx.bus);
  // Any catalog change may change a cached product (outlines, merged views): drop them all.
  ctx.bus.Subscribe("catalog.", [cache = &manager->read_cache()](const events::DomainEvent&) {
    cache->Clear();
  });
  return std::unique_ptr<CatalogModule>(new CatalogModule(std::move(manager)));
}

CatalogModule::CatalogModule(std::unique_ptr<CatalogManager> manager)
    : manager_(std::move(manager)) {}

CatalogModule::~CatalogModule() = default;

CatalogService& CatalogModule::service() { return *manager_; }

}  // namespace emporion::catalog
