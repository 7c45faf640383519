#include "modules/localization/service/localization_manager.hpp"

#include "modules/localization/domain/rules.hpp"

namespace emporion::localization {
namespace {

Error Invalid(const std::string& field, std::string message) {
  return Error::Unprocessable(field, std::move(message));
}

}  // namespace

void WriteLanguage(json::Writer& w, const Language& v) {
  w.Key("code").String(v.code);
  w.Key("name").String(v.name);
  w.Key("nativeName").OptString(v.native_name);
  w.Key("isActive").Bool(v.is_active);
}

Result<Language> ParseLanguage(const json::Value& body, const std::string& prefix) {
  json::FieldReader r(body, prefix);
  Language v;
  auto code = r.String("code", true);
  auto name = r.String("name", true);
  v.native_name = r.String("nativeName");
  v.is_active = r.Bool("isActive").value_or(true);
  EMPORION_RETURN_IF_ERROR(r.ToStatus());
  std::vector<FieldError> errors;
  auto canonical = CanonicalLanguageTag(*code);
  if (!canonical) {
    errors.push_back({prefix + "code", "'" + *code +
                                           "' is not a language tag (language[-Script][-REGION], "
                                           "e.g. en-US)"});
  } else {
    v.code = *canonical;
  }
  if (name->empty()) errors.push_back({prefix + "name", "must not be empty"});
  v.name = std::move(*name);
  if (!errors.empty()) {
    std::string detail = errors.front().field + ": " + errors.front().message;
    return Error(ErrorCode::kUnprocessable, std::move(detail), std::move(errors));
  }
  return v;
}

void WriteCurrency(json::Writer& w, const Currency& v) {
  w.Key("code").String(v.code);
  w.Key("name").String(v.name);
  w.Key("symbol").OptString(v.symbol);
  w.Key("exchangeRate").Decimal(v.exchange_rate);
  w.Key("isPrimary").Bool(v.is_primary);
  w.Key("isActive").Bool(v.is_active);
  w.Key("roundingDecimals").Int(v.rounding.places);
  w.Key("roundingMode").String(RoundingModeName(v.rounding.mode));
  w.Key("customFormatting").OptString(v.custom_formatting);
}

Result<Currency> ParseCurrency(const json::Value& body, const std::string& prefix) {
  json::FieldReader r(body, prefix);
  Currency v;
  auto code = r.String("code", true);
  auto name = r.String("name", true);
  v.symbol = r.String("symbol");
  auto rate = r.Decimal("exchangeRate");
  v.is_primary = r.Bool("isPrimary").value_or(false);
  v.is_active = r.Bool("isActive").value_or(true);
  auto places = r.Int("roundingDecimals");
  auto mode = r.String("roundingMode");
  v.custom_formatting = r.String("customFormatting");
  EMPORION_RETURN_IF_ERROR(r.ToStatus());
  std::vector<FieldError> errors;
  v.code = std::move(*code);
  if (!IsIso4217Currency(v.code)) {
    errors.push_back({prefix + "code", "'" + v.code + "' is not an ISO 4217 currency code"});
  }
  v.name = std::move(*name);
  if (v.name.empty()) errors.push_back({prefix + "name", "must not be empty"});
  if (rate) {
    if (rate->raw() <= 0) errors.push_back({prefix + "exchangeRate", "must be greater than 0"});
    v.exchange_rate = *rate;
  }
  v.rounding.places = CurrencyMinorUnits(v.code);
  if (places) {
    if (*places < 0 || *places > Decimal::kPlaces) {
      errors.push_back({prefix + "roundingDecimals", "must be between 0 and 4"});
    } else {
      v.rounding.places = static_cast<int>(*places);
    }
  }
  if (v.rounding.places > Decimal::kPlaces) v.rounding.places = Decimal::kPlaces;
  if (mode) {
    auto parsed = ParseRoundingMode(*mode);
    if (!parsed) {
      errors.push_back(
          {prefix + "roundingMode", "must be one of half-up, half-even, ceiling, floor"});
    } else {
      v.rounding.mode = *parsed;
    }
  }
  if (!errors.empty()) {
    std::string detail = errors.front().field + ": " + errors.front().message;
    return Error(ErrorCode::kUnprocessable, std::move(detail), std::move(errors));
  }
  return v;
}

LocalizationManager::LocalizationManager(db::Database& db, const Clock& clock,
                                         const events::EventBus* bus)
    : db_(db),
      languages_(db, clock, bus, LanguageDefinition()),
      currencies_(db, clock, bus, CurrencyDefinition()) {}

resource::ResourceDefinition<Language> LocalizationManager::LanguageDefinition() {
  resource::ResourceDefinition<Language> d;
  d.table = "localization_languages";
  d.entity = "localization.language";
  d.noun = "language";
  d.columns = {"code", "name", "is_active"};
  d.column_values = [](const Language& v) -> db::Params {
    return {db::Param(v.code), db::Param(v.name), db::Param(v.is_active)};
  };
  d.write_fields = WriteLanguage;
  d.parse = ParseLanguage;
  d.sort_columns = {{"code", "code"},
                    {"name", "name"},
                    {"isActive", "is_active"},
                    {"createdAt", "created_at"},
                    {"modifiedAt", "modified_at"}};
  d.key_column = "code";
  d.key_field = "code";
  d.key = [](const Language& v) { return v.code; };
  d.check_delete = [this](events::UnitOfWork&, const Language& v) {
    return CheckUsage(UsageKind::kLanguage, v.code);
  };
  return d;
}

resource::ResourceDefinition<Currency> LocalizationManager::CurrencyDefinition() {
  resource::ResourceDefinition<Currency> d;
  d.table = "localization_currencies";
  d.entity = "localization.currency";
  d.noun = "currency";
  d.columns = {"code", "name", "is_primary", "is_active"};
  d.column_values = [](const Currency& v) -> db::Params {
    return {db::Param(v.code), db::Param(v.name), db::Param(v.is_primary), db::Param(v.is_active)};
  };
  d.write_fields = WriteCurrency;
  d.parse = ParseCurrency;
  d.sort_columns = {{"code", "code"},
                    {"name", "name"},
                    {"isPrimary", "is_primary"},
                    {"isActive", "is_active"},
                    {"createdAt", "created_at"},
                    {"modifiedAt", "modified_at"}};
  d.key_column = "code";
  d.key_field = "code";
  d.key = [](const Currency& v) { return v.code; };
  // Exactly one primary: the first currency becomes primary; making another one primary moves
  // the flag (after_save); the primary cannot be unset directly.
  d.check = [](events::UnitOfWork& uow, Currency& v, const Currency* previous) -> Status {
    if (v.is_primary) return Ok();
    EMPORION_ASSIGN_OR_RETURN(
        auto others,
        uow.tx().QueryOne(
            "SELECT COUNT(*) FROM localization_currencies WHERE is_primary = 1 AND id <> ?",
            {db::Param(v.meta.id)}));
    const bool other_primary = others && others->Int(0) > 0;
    if (other_primary) return Ok();
    if (previous != nullptr && previous->is_primary) {
      return Invalid("isPrimary",
                     "exactly one currency is primary: make another currency primary instead");
    }
    v.is_primary = true;
    return Ok();
  };
  d.after_save = [this](events::UnitOfWork& uow, const Currency& v) -> Status {
    if (!v.is_primary) return Ok();
    EMPORION_ASSIGN_OR_RETURN(
        auto rows,
        uow.tx().Query("SELECT id FROM localization_currencies WHERE is_primary = 1 AND id <> ?",
                       {db::Param(v.meta.id)}));
    for (const auto& row : rows) {
      EMPORION_ASSIGN_OR_RETURN(auto other, currencies_.Find(uow.tx(), row.Text(0)));
      if (!other) continue;
      Currency next = *other;
      next.is_primary = false;
      EMPORION_RETURN_IF_ERROR(currencies_.UpdateIn(uow, *other, std::move(next), ""));
    }
    return Ok();
  };
  d.check_delete = [this](events::UnitOfWork& uow, const Currency& v) -> Status {
    if (v.is_primary) {
      EMPORION_ASSIGN_OR_RETURN(
          auto others,
          uow.tx().QueryOne("SELECT COUNT(*) FROM localization_currencies WHERE id <> ?",
                            {db::Param(v.meta.id)}));
      if (others && others->Int(0) > 0) {
        return Error::Conflict("'" + v.code +
                               "' is the primary currency: make another currency primary first");
      }
    }
    return CheckUsage(UsageKind::kCurrency, v.code);
  };
  return d;
}

Status LocalizationManager::CheckUsage(UsageKind kind, const std::string& code) const {
  for (const auto& check : usage_checks_) {
    EMPORION_ASSIGN_OR_RETURN(auto reason, check(kind, code));
    if (reason) {
      return Error::Conflict("'" + code + "' is in use: " + *reason);
    }
  }
  return Ok();
}

void LocalizationManager::AddUsageCheck(UsageCheck check) {
  usage_checks_.push_back(std::move(check));
}

Result<std::optional<Language>> LocalizationManager::FindLanguage(const std::string& code) const {
  auto canonical = CanonicalLanguageTag(code);
  if (!canonical) return std::optional<Language>();
  return languages_.FindByKey(*canonical);
}

Result<std::optional<Currency>> LocalizationManager::FindCurrency(const std::string& code) const {
  return currencies_.FindByKey(code);
}

Result<bool> LocalizationManager::IsActiveLanguage(const std::string& code) const {
  EMPORION_ASSIGN_OR_RETURN(auto found, FindLanguage(code));
  return found && found->is_active;
}

Result<bool> LocalizationManager::IsActiveCurrency(const std::string& code) const {
  EMPORION_ASSIGN_OR_RETURN(auto found, FindCurrency(code));
  return found && found->is_active;
}

Result<CurrencyRounding> LocalizationManager::Rounding(const std::string& code) const {
  EMPORION_ASSIGN_OR_RETURN(auto found, FindCurrency(code));
  if (found) return found->rounding;
  return CurrencyRounding{std::min(CurrencyMinorUnits(code), Decimal::kPlaces),
                          RoundingMode::kHalfUp};
}

Result<ExchangeRateTable> LocalizationManager::RateTable() const {
  http::ListParams all;
  all.limit = 1000;
  EMPORION_ASSIGN_OR_RETURN(auto page, currencies_.List(resource::Where(), all));
  ExchangeRateTable table;
  for (const auto& c : page.items) {
    EMPORION_RETURN_IF_ERROR(table.Set(c.code, c.exchange_rate, c.rounding));
  }
  return table;
}

Result<Money> LocalizationManager::Convert(const Money& money, const std::string& target) const {
  EMPORION_ASSIGN_OR_RETURN(auto table, RateTable());
  return emporion::Convert(money, target, table);
}

}  // namespace emporion::localization
