// LocalizationManager: the localization module's service: the language and currency resources
// (DocumentResource with this module's rules) and the LocalizationService other modules call.
// Thread safety: thread-safe after construction; AddUsageCheck at wiring time only.
#pragma once

#include <vector>

#include "emporion/localization/localization_service.hpp"
#include "platform/resource/document_resource.hpp"

namespace emporion::localization {

class LocalizationManager final : public LocalizationService {
 public:
  LocalizationManager(db::Database& db, const Clock& clock, const events::EventBus* bus);

  resource::DocumentResource<Language>& languages() { return languages_; }
  resource::DocumentResource<Currency>& currencies() { return currencies_; }

  /// Reads every currency into a rate table (for Convert).
  Result<ExchangeRateTable> RateTable() const;

  Result<std::optional<Language>> FindLanguage(const std::string& code) const override;
  Result<std::optional<Currency>> FindCurrency(const std::string& code) const override;
  Result<bool> IsActiveLanguage(const std::string& code) const override;
  Result<bool> IsActiveCurrency(const std::string& code) const override;
  Result<CurrencyRounding> Rounding(const std::string& code) const override;
  Result<Money> Convert(const Money& money, const std::string& target) const override;
  void AddUsageCheck(UsageCheck check) override;

 private:
  Status CheckUsage(UsageKind kind, const std::string& code) const;
  resource::ResourceDefinition<Language> LanguageDefinition();
  resource::ResourceDefinition<Currency> CurrencyDefinition();

  db::Database& db_;
  std::vector<UsageCheck> usage_checks_;
  resource::DocumentResource<Language> languages_;
  resource::DocumentResource<Currency> currencies_;
};

/// JSON codecs of the API form (also the stored document), in localization_manager.cpp.
void WriteLanguage(json::Writer& w, const Language& v);
Result<Language> ParseLanguage(const json::Value& body, const std::string& prefix);
void WriteCurrency(json::Writer& w, const Currency& v);
Result<Currency> ParseCurrency(const json::Value& body, const std::string& prefix);

}  // namespace emporion::localization
