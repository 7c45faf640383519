#include "emporion/pricing/pricing_module.hpp"

#include "modules/pricing/api/price_io.hpp"
#include "modules/pricing/api/pricing_api.hpp"
#include "modules/pricing/service/pricing_manager.hpp"
#include "modules/pricing/service/pricing_seed.hpp"
#include "platform/auth/permissions.hpp"
#include "platform/seeds/seeds.hpp"

namespace emporion::pricing {
namespace {

void DeclarePermissions(auth::PermissionRegistry& registry) {
  registry.Declare({"pricing:read",
                    "pricing",
                    {{"en-US", "View price lists, prices and assignments; evaluate prices"},
                     {"de-DE", "Preislisten, Preise und Zuweisungen anzeigen; Preise berechnen"}},
                    false});
  registry.Declare({"pricing:create",
                    "pricing",
                    {{"en-US", "Create price lists, prices and assignments"},
                     {"de-DE", "Preislisten, Preise und Zuweisungen anlegen"}},
                    false});
  registry.Declare({"pricing:update",
                    "pricing",
                    {{"en-US", "Change price lists, prices and assignments; import prices"},
                     {"de-DE", "Preislisten, Preise und Zuweisungen ändern; Preise importieren"}},
                    false});
  registry.Declare({"pricing:delete",
                    "pricing",
                    {{"en-US", "Delete price lists, prices and assignments"},
                     {"de-DE", "Preislisten, Preise und Zuweisungen löschen"}},
                    false});
}

}  // namespace

Result<std::unique_ptr<PricingModule>> PricingModule::Create(ModuleContext& ctx,
                                                             catalog::CatalogService& catalog,
                                                             PricingOptions options) {
  DeclarePermissions(ctx.permissions);
  auto manager =
      std::make_unique<PricingManager>(ctx.db, ctx.clock, &ctx.bus, catalog, std::move(options));
  api::RegisterRoutes(ctx.router, *manager);
  api::RegisterPriceIo(ctx.router, ctx.jobs, *manager, ctx.data_dir);
  PricingManager* m = manager.get();
  ctx.seeds.Add("demo", 70, "pricing.prices",
                [m](const seeds::SeedContext&) { return SeedDemo(*m); });
  return std::unique_ptr<PricingModule>(new PricingModule(std::move(manager)));
}

PricingModule::PricingModule(std::unique_ptr<PricingManager> manager)
    : manager_(std::move(manager)) {}

PricingModule::~PricingModule() = default;

PricingService& PricingModule::service() { return *manager_; }

}  // namespace emporion::pricing
