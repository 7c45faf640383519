#include "modules/stores/codec/store_json.hpp"

#include "modules/stores/domain/store_rules.hpp"
#include "platform/http/api_helpers.hpp"

namespace emporion::stores::codec {
namespace {

void Strings(json::Writer& w, const char* key, const std::vector<std::string>& v) {
  w.Key(key).StartArray();
  for (const auto& s : v) w.String(s);
  w.EndArray();
}

}  // namespace

std::string ToJson(const Store& s) {
  json::Writer w;
  w.StartObject();
  http::WriteMeta(w, s.meta);
  w.Key("name").String(s.name);
  w.Key("description").OptString(s.description);
  w.Key("url").OptString(s.url);
  w.Key("secureUrl").OptString(s.secure_url);
  w.Key("email").OptString(s.email);
  w.Key("adminEmail").OptString(s.admin_email);
  w.Key("catalogId").String(s.catalog_id);
  w.Key("defaultLanguage").String(s.default_language);
  Strings(w, "languages", s.languages);
  w.Key("defaultCurrency").String(s.default_currency);
  Strings(w, "currencies", s.currencies);
  w.Key("timeZone").OptString(s.time_zone);
  w.Key("country").OptString(s.country);
  w.Key("mainFulfillmentCenterId").OptString(s.main_fulfillment_center_id);
  Strings(w, "additionalFulfillmentCenterIds", s.additional_fulfillment_center_ids);
  w.Key("returnsFulfillmentCenterId").OptString(s.returns_fulfillment_center_id);
  w.Key("storeState").String(ToString(s.store_state));
  w.Key("seoInfos").StartArray();
  for (const auto& seo : s.seo_infos) {
    w.StartObject();
    w.Key("semanticUrl").String(seo.semantic_url);
    w.Key("pageTitle").OptString(seo.page_title);
    w.Key("metaDescription").OptString(seo.meta_description);
    w.Key("metaKeywords").OptString(seo.meta_keywords);
    w.Key("imageAltDescription").OptString(seo.image_alt_description);
    w.Key("languageCode").OptString(seo.language_code);
    w.Key("isActive").Bool(seo.is_active);
    w.EndObject();
  }
  w.EndArray();
  w.Key("outerId").OptString(s.outer_id);
  w.Key("settings").StartObject();
  w.Key("promotionPolicy").String(ToString(s.settings.promotion_policy));
  w.Key("allowAnonymousAccess").Bool(s.settings.allow_anonymous_access);
  w.Key("orderNumberTemplate").String(s.settings.order_number_template);
  w.Key("pricesIncludeTax").Bool(s.settings.prices_include_tax);
  w.Key("taxCalculationEnabled").Bool(s.settings.tax_calculation_enabled);
  w.EndObject();
  w.EndObject();
  return w.str();
}

Result<Store> StoreFromJson(const json::Value& v, const std::string& prefix) {
  json::FieldReader r(v, prefix);
  Store s;
  s.meta.id = r.String("id").value_or("");
  s.name = r.String("name", true).value_or("");
  s.description = r.String("description");
  s.url = r.String("url");
  s.secure_url = r.String("secureUrl");
  s.email = r.String("email");
  s.admin_email = r.String("adminEmail");
  s.catalog_id = r.String("catalogId", true).value_or("");
  s.default_language = r.String("defaultLanguage", true).value_or("");
  s.languages = r.StringArray("languages").value_or(std::vector<std::string>{});
  s.default_currency = r.String("defaultCurrency", true).value_or("");
  s.currencies = r.StringArray("currencies").value_or(std::vector<std::string>{});
  s.time_zone = r.String("timeZone");
  s.country = r.String("country");
  s.main_fulfillment_center_id = r.String("mainFulfillmentCenterId");
  s.additional_fulfillment_center_ids =
      r.StringArray("additionalFulfillmentCenterIds").value_or(std::vector<std::string>{});
  s.returns_fulfillment_center_id = r.String("returnsFulfillmentCenterId");
  if (auto state = r.String("storeState")) {
    auto parsed = ParseStoreState(*state);
    if (!parsed) {
      r.AddError("storeState", "must be Open, Closed or RestrictedAccess");
    } else {
      s.store_state = *parsed;
    }
  }
  s.outer_id = r.String("outerId");
  if (const auto* seo = r.Raw("seoInfos")) {
    if (!seo->IsArray()) {
      r.AddError("seoInfos", "must be an array");
    } else {
      for (rapidjson::SizeType i = 0; i < seo->Size(); ++i) {
        const std::string p = "seoInfos[" + std::to_string(i) + "].";
        if (!(*seo)[i].IsObject()) {
          r.AddError("seoInfos[" + std::to_string(i) + "]", "must be an object");
          continue;
        }
        json::FieldReader sr((*seo)[i], prefix + p);
        StoreSeoInfo info;
        info.semantic_url = sr.String("semanticUrl", true).value_or("");
        info.page_title = sr.String("pageTitle");
        info.meta_description = sr.String("metaDescription");
        info.meta_keywords = sr.String("metaKeywords");
        info.image_alt_description = sr.String("imageAltDescription");
        info.language_code = sr.String("languageCode");
        info.is_active = sr.Bool("isActive").value_or(true);
        for (const auto& e : sr.errors()) r.AddError(e.field.substr(prefix.size()), e.message);
        s.seo_infos.push_back(std::move(info));
      }
    }
  }
  if (const auto* settings = r.Raw("settings")) {
    if (!settings->IsObject()) {
      r.AddError("settings", "must be an object");
    } else {
      json::FieldReader sr(*settings, prefix + "settings.");
      if (auto p = sr.String("promotionPolicy")) {
        auto parsed = ParsePromotionPolicy(*p);
        if (!parsed) {
          sr.AddError("promotionPolicy", "must be BestReward or CombineStackable");
        } else {
          s.settings.promotion_policy = *parsed;
        }
      }
      if (auto b = sr.Bool("allowAnonymousAccess")) s.settings.allow_anonymous_access = *b;
      if (auto t = sr.String("orderNumberTemplate")) s.settings.order_number_template = *t;
      if (auto b = sr.Bool("pricesIncludeTax")) s.settings.prices_include_tax = *b;
      if (auto b = sr.Bool("taxCalculationEnabled")) s.settings.tax_calculation_enabled = *b;
      for (const auto& e : sr.errors()) r.AddError(e.field.substr(prefix.size()), e.message);
    }
  }
  EMPORION_RETURN_IF_ERROR(r.ToStatus());
  return s;
}

}  // namespace emporion::stores::codec
