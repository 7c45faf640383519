#include "modules/localization/api/localization_api.hpp"

#include "modules/localization/domain/rules.hpp"
#include "platform/resource/resource_routes.hpp"

namespace emporion::localization::api {
namespace {

constexpr const char* kLanguageSchema =
    R"j("code":{"type":"string","description":"IETF BCP 47 tag language[-Script][-REGION], stored in canonical case (en-US); unique"},)j"
    R"j("name":{"type":"string","minLength":1},)j"
    R"j("nativeName":{"type":["string","null"]},)j"
    R"j("isActive":{"type":"boolean","default":true}},"required":["code","name"]})j";

constexpr const char* kCurrencySchema =
    R"j("code":{"type":"string","pattern":"^[A-Z]{3}$","description":"ISO 4217 code; unique"},)j"
    R"j("name":{"type":"string","minLength":1},)j"
    R"j("symbol":{"type":["string","null"]},)j"
    R"j("exchangeRate":{"type":"number","exclusiveMinimum":0,"default":1,"description":"Units of this currency per unit of the primary currency (at most 4 decimals)"},)j"
    R"j("isPrimary":{"type":"boolean","description":"Exactly one currency is primary; setting it on another currency moves it"},)j"
    R"j("isActive":{"type":"boolean","default":true},)j"
    R"j("roundingDecimals":{"type":"integer","minimum":0,"maximum":4,"description":"Default: the ISO 4217 minor units"},)j"
    R"j("roundingMode":{"type":"string","enum":["half-up","half-even","ceiling","floor"],"default":"half-up"},)j"
    R"j("customFormatting":{"type":["string","null"],"description":"Display pattern, e.g. #,##0.00 ¤"}},"required":["code","name"]})j";

constexpr const char* kConvertRequest =
    R"j({"type":"object","required":["amount","from","to"],"properties":{"amount":{"type":"number"},"from":{"type":"string"},"to":{"type":"string"}}})j";
constexpr const char* kConvertResponse =
    R"j({"type":"object","required":["amount","currency","from","rate"],"properties":{"amount":{"type":"number"},"currency":{"type":"string"},"rate":{"type":"number","description":"Effective rate (target per source), 4 decimals, informative"},"from":{"type":"object","properties":{"amount":{"type":"number"},"currency":{"type":"string"}}}}})j";

std::string Schema(const char* members) {
  return std::string(R"j({"type":"object","properties":{)j") + resource::kMetaSchemaMembers +
         members;
}

Result<std::optional<bool>> Flag(const http::Request& request, const char* name) {
  return http::QueryBool(request, name);
}

Status AddCommon(resource::Where& where, const http::Request& request) {
  if (auto q = request.Query("q"); q && !q->empty()) {
    const std::string like = resource::LikeContains(*q);
    where.Add("(LOWER(name) LIKE ? ESCAPE '!' OR LOWER(code) LIKE ? ESCAPE '!')",
              {db::Param(like), db::Param(like)});
  }
  EMPORION_ASSIGN_OR_RETURN(auto active, Flag(request, "isActive"));
  if (active) where.Add("is_active = ?", {db::Param(*active)});
  return Ok();
}

Result<http::Response> ConvertHandler(LocalizationManager& manager, http::Request& request) {
  EMPORION_ASSIGN_OR_RETURN(auto body, http::ParseBody(request));
  json::FieldReader r(body);
  auto amount = r.Decimal("amount", true);
  auto from = r.String("from", true);
  auto to = r.String("to", true);
  EMPORION_RETURN_IF_ERROR(r.ToStatus());
  EMPORION_ASSIGN_OR_RETURN(auto table, manager.RateTable());
  std::vector<FieldError> errors;
  if (table.Find(*from) == nullptr) errors.push_back({"from", "no currency '" + *from + "'"});
  if (table.Find(*to) == nullptr) errors.push_back({"to", "no currency '" + *to + "'"});
  if (!errors.empty()) {
    std::string detail = errors.front().field + ": " + errors.front().message;
    return Error(ErrorCode::kUnprocessable, std::move(detail), std::move(errors));
  }
  EMPORION_ASSIGN_OR_RETURN(auto converted, Convert(Money{*amount, *from}, *to, table));
  auto rate = table.Find(*to)->rate.Divide(table.Find(*from)->rate);
  json::Writer w;
  w.StartObject();
  w.Key("amount").Decimal(converted.amount);
  w.Key("currency").String(converted.currency);
  w.Key("rate").Decimal(rate.value_or(Decimal()));
  w.Key("from").StartObject().Key("amount").Decimal(*amount).Key("currency").String(*from);
  w.EndObject().EndObject();
  return http::Response::Ok(w.str());
}

}  // namespace

void RegisterRoutes(http::Router& router, LocalizationManager& manager) {
  router.AddSchema("Language", Schema(kLanguageSchema));
  router.AddSchema("Currency", Schema(kCurrencySchema));
  const resource::Permissions perms{kRead, kCreate, kUpdate, kDelete};

  // The static route first so it is never taken for an id.
  router.Add(
      {.method = http::Verb::post,
       .path = "/api/v1/currencies/convert",
       .permission = kRead,
       .tag = "localization",
       .summary = "Convert an amount between currencies",
       .description = "amount * rate(to) / rate(from) with the stored exchange rates, "
                      "exact, rounded once per the target currency's roundingDecimals and "
                      "roundingMode. 422 naming from/to for an unknown currency.",
       .request_schema = kConvertRequest,
       .response_schema = kConvertResponse,
       .handler = [&manager](http::Request& request) { return ConvertHandler(manager, request); }});

  resource::RouteOptions<Language> languages;
  languages.collection = "/api/v1/languages";
  languages.schema = "Language";
  languages.noun = "language";
  languages.tag = "localization";
  languages.permissions = perms;
  languages.filters = {{"code", "string", "Exact tag (any case: en-us finds en-US)"},
                       {"isActive", "boolean", "Only active / inactive languages"}};
  languages.list_description = "q searches code and name (contains, case-insensitive).";
  languages.delete_description = "409 when the language is in use (e.g. by a store).";
  languages.where = [](const http::Request& request) -> Result<resource::Where> {
    resource::Where where;
    if (auto code = request.Query("code"); code && !code->empty()) {
      auto canonical = CanonicalLanguageTag(*code);
      where.Add("code = ?", {db::Param(canonical.value_or(*code))});
    }
    EMPORION_RETURN_IF_ERROR(AddCommon(where, request));
    return where;
  };
  resource::RegisterResourceRoutes(router, manager.languages(), languages);

  resource::RouteOptions<Currency> currencies;
  currencies.collection = "/api/v1/currencies";
  currencies.schema = "Currency";
  currencies.noun = "currency";
  currencies.tag = "localization";
  currencies.permissions = perms;
  currencies.filters = {{"code", "string", "Exact ISO 4217 code"},
                        {"isActive", "boolean", "Only active / inactive currencies"},
                        {"isPrimary", "boolean", "Only the primary currency / the others"}};
  currencies.list_description = "q searches code and name (contains, case-insensitive).";
  currencies.delete_description =
      "409 when the currency is in use (e.g. by a store) or is the primary one while others "
      "exist.";
  currencies.where = [](const http::Request& request) -> Result<resource::Where> {
    resource::Where where;
    if (auto code = request.Query("code"); code && !code->empty()) {
      where.Add("code = ?", {db::Param(*code)});
    }
    EMPORION_RETURN_IF_ERROR(AddCommon(where, request));
    EMPORION_ASSIGN_OR_RETURN(auto primary, Flag(request, "isPrimary"));
    if (primary) where.Add("is_primary = ?", {db::Param(*primary)});
    return where;
  };
  resource::RegisterResourceRoutes(router, manager.currencies(), currencies);
}

}  // namespace emporion::localization::api
