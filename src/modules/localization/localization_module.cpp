#include "emporion/localization/localization_module.hpp"

#include "modules/localization/api/localization_api.hpp"
#include "modules/localization/service/localization_manager.hpp"
#include "platform/auth/permissions.hpp"
#include "platform/seeds/seeds.hpp"

namespace emporion::localization {
namespace {

void DeclarePermissions(auth::PermissionRegistry& registry) {
  // Languages and currencies are global reference data: not limitable to stores.
  registry.Declare(
      {api::kRead,
       "localization",
       {{"en-US", "View languages and currencies"}, {"de-DE", "Sprachen und Währungen anzeigen"}},
       false});
  registry.Declare(
      {api::kCreate,
       "localization",
       {{"en-US", "Create languages and currencies"}, {"de-DE", "Sprachen und Währungen anlegen"}},
       false});
  registry.Declare({api::kUpdate,
                    "localization",
                    {{"en-US", "Change languages, currencies and exchange rates"},
                     {"de-DE", "Sprachen, Währungen und Wechselkurse ändern"}},
                    false});
  registry.Declare(
      {api::kDelete,
       "localization",
       {{"en-US", "Delete languages and currencies"}, {"de-DE", "Sprachen und Währungen löschen"}},
       false});
}

// Demo data: English and German; USD (primary) and EUR. Upserts by code, so a re-run changes
// nothing.
Status SeedDemo(LocalizationManager& m, const seeds::SeedContext& ctx) {
  const resource::Actor actor{ctx.actor, ""};
  std::vector<Language> languages(2);
  languages[0].code = "en-US";
  languages[0].name = "English (United States)";
  languages[0].native_name = "English (United States)";
  languages[1].code = "de-DE";
  languages[1].name = "German (Germany)";
  languages[1].native_name = "Deutsch (Deutschland)";
  EMPORION_RETURN_IF_ERROR(m.languages().Bulk(actor, std::move(languages)));

  std::vector<Currency> currencies(2);
  currencies[0].code = "USD";
  currencies[0].name = "US Dollar";
  currencies[0].symbol = "$";
  currencies[0].is_primary = true;
  currencies[0].custom_formatting = "$#,##0.00";
  currencies[1].code = "EUR";
  currencies[1].name = "Euro";
  currencies[1].symbol = "€";
  currencies[1].exchange_rate = *Decimal::Parse("0.9215");
  currencies[1].custom_formatting = "#,##0.00 €";
  EMPORION_RETURN_IF_ERROR(m.currencies().Bulk(actor, std::move(currencies)));
  return Ok();
}

}  // namespace

Result<std::unique_ptr<LocalizationModule>> LocalizationModule::Create(ModuleContext& ctx) {
  DeclarePermissions(ctx.permissions);
  auto manager = std::make_unique<LocalizationManager>(ctx.db, ctx.clock, &ctx.bus);
  api::RegisterRoutes(ctx.router, *manager);
  LocalizationManager* m = manager.get();
  ctx.seeds.Add("demo", 10, "localization.languages-currencies",
                [m](const seeds::SeedContext& seed) { return SeedDemo(*m, seed); });
  return std::unique_ptr<LocalizationModule>(new LocalizationModule(std::move(manager)));
}

LocalizationModule::LocalizationModule(std::unique_ptr<LocalizationManager> manager)
    : manager_(std::move(manager)) {}

LocalizationModule::~LocalizationModule() = default;

LocalizationService& LocalizationModule::service() { return *manager_; }

}  // namespace emporion::localization
