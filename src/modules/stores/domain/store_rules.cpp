#include "modules/stores/domain/store_rules.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "platform/core/decimal.hpp"

namespace emporion::stores {

const char* ToString(StoreState s) {
  switch (s) {
    case StoreState::kOpen:
      return "Open";
    case StoreState::kClosed:
      return "Closed";
    case StoreState::kRestrictedAccess:
      return "RestrictedAccess";
  }
  return "Open";
}

std::optional<StoreState> ParseStoreState(const std::string& s) {
  if (s == "Open") return StoreState::kOpen;
  if (s == "Closed") return StoreState::kClosed;
  if (s == "RestrictedAccess") return StoreState::kRestrictedAccess;
  return std::nullopt;
}

const char* ToString(PromotionPolicy p) {
  return p == PromotionPolicy::kBestReward ? "BestReward" : "CombineStackable";
}

std::optional<PromotionPolicy> ParsePromotionPolicy(const std::string& s) {
  if (s == "BestReward") return PromotionPolicy::kBestReward;
  if (s == "CombineStackable") return PromotionPolicy::kCombineStackable;
  return std::nullopt;
}

bool IsLanguageTag(std::string_view tag) {
  if (tag.empty() || tag.size() > 35) return false;
  std::size_t start = 0;
  bool first = true;
  while (start <= tag.size()) {
    auto dash = tag.find('-', start);
    std::string_view part =
        tag.substr(start, dash == std::string_view::npos ? tag.npos : dash - start);
    if (first) {
      if (part.size() < 2 || part.size() > 3) return false;
      for (char c : part) {
        if (std::isalpha(static_cast<unsigned char>(c)) == 0) return false;
      }
    } else {
      if (part.size() < 2 || part.size() > 8) return false;
      for (char c : part) {
        if (std::isalnum(static_cast<unsigned char>(c)) == 0) return false;
      }
    }
    first = false;
    if (dash == std::string_view::npos) break;
    start = dash + 1;
  }
  return true;
}

bool IsTimeZoneName(std::string_view name) {
  if (name.empty() || name.size() > 64 || name.front() == '/' || name.back() == '/') return false;
  if (std::isalpha(static_cast<unsigned char>(name.front())) == 0) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == '/' && i + 1 < name.size() && name[i + 1] == '/') return false;
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '/' && c != '_' && c != '-' &&
        c != '+') {
      return false;
    }
  }
  return true;
}

namespace {

bool LooksLikeEmail(const std::string& s) {
  const auto at = s.find('@');
  return at != std::string::npos && at > 0 && at + 1 < s.size() &&
         s.find('@', at + 1) == std::string::npos && s.find(' ') == std::string::npos;
}

bool LooksLikeUrl(const std::string& s) {
  return (s.rfind("http://", 0) == 0 && s.size() > 7) ||
         (s.rfind("https://", 0) == 0 && s.size() > 8);
}

}  // namespace

std::vector<FieldError> ValidateStore(Store& s, const std::string& prefix) {
  std::vector<FieldError> errors;
  auto bad = [&](const std::string& field, std::string message) {
    errors.push_back({prefix + field, std::move(message)});
  };
  if (s.name.empty()) bad("name", "is required");
  if (s.name.size() > 256) bad("name", "is longer than 256 characters");
  if (s.catalog_id.empty()) bad("catalogId", "is required");

  if (s.default_language.empty()) {
    bad("defaultLanguage", "is required");
  } else if (!IsLanguageTag(s.default_language)) {
    bad("defaultLanguage", "must be an IETF language tag such as en-US");
  }
  if (s.languages.empty() && !s.default_language.empty()) s.languages = {s.default_language};
  std::set<std::string> seen;
  for (std::size_t i = 0; i < s.languages.size(); ++i) {
    const std::string f = "languages[" + std::to_string(i) + "]";
    if (!IsLanguageTag(s.languages[i])) bad(f, "must be an IETF language tag such as de-DE");
    if (!seen.insert(s.languages[i]).second) bad(f, "is listed twice");
  }
  if (!s.default_language.empty() &&
      std::find(s.languages.begin(), s.languages.end(), s.default_language) == s.languages.end()) {
    bad("defaultLanguage", "must be one of the store's languages");
  }

  if (s.default_currency.empty()) {
    bad("defaultCurrency", "is required");
  } else if (!IsCurrencyCode(s.default_currency)) {
    bad("defaultCurrency", "must be an ISO 4217 code of three upper-case letters");
  }
  if (s.currencies.empty() && !s.default_currency.empty()) s.currencies = {s.default_currency};
  seen.clear();
  for (std::size_t i = 0; i < s.currencies.size(); ++i) {
    const std::string f = "currencies[" + std::to_string(i) + "]";
    if (!IsCurrencyCode(s.currencies[i])) bad(f, "must be an ISO 4217 code such as EUR");
    if (!seen.insert(s.currencies[i]).second) bad(f, "is listed twice");
  }
  if (!s.default_currency.empty() && std::find(s.currencies.begin(), s.currencies.end(),
                                               s.default_currency) == s.currencies.end()) {
    bad("defaultCurrency", "must be one of the store's currencies");
  }

  if (s.time_zone && !IsTimeZoneName(*s.time_zone)) {
    bad("timeZone", "must be an IANA time zone name such as Europe/Berlin or UTC");
  }
  if (s.country) {
    const auto& c = *s.country;
    const bool ok = (c.size() == 2 || c.size() == 3) &&
                    std::all_of(c.begin(), c.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
    if (!ok) bad("country", "must be an ISO 3166-1 code of 2 or 3 upper-case letters");
  }
  if (s.email && !LooksLikeEmail(*s.email)) bad("email", "is not an e-mail address");
  if (s.admin_email && !LooksLikeEmail(*s.admin_email))
    bad("adminEmail", "is not an e-mail address");
  if (s.url && !LooksLikeUrl(*s.url)) bad("url", "must be an http:// or https:// URL");
  if (s.secure_url && !LooksLikeUrl(*s.secure_url)) {
    bad("secureUrl", "must be an http:// or https:// URL");
  }

  seen.clear();
  if (s.main_fulfillment_center_id) seen.insert(*s.main_fulfillment_center_id);
  for (std::size_t i = 0; i < s.additional_fulfillment_center_ids.size(); ++i) {
    if (!seen.insert(s.additional_fulfillment_center_ids[i]).second) {
      bad("additionalFulfillmentCenterIds[" + std::to_string(i) + "]",
          "is listed twice or is the main fulfillment center");
    }
  }
  if (!s.additional_fulfillment_center_ids.empty() && !s.main_fulfillment_center_id) {
    bad("mainFulfillmentCenterId", "is required when additional fulfillment centers are given");
  }

  if (s.settings.order_number_template.empty() || s.settings.order_number_template.size() > 64) {
    bad("settings.orderNumberTemplate", "must be 1 to 64 characters");
  }
  seen.clear();
  for (std::size_t i = 0; i < s.seo_infos.size(); ++i) {
    const auto& seo = s.seo_infos[i];
    const std::string f = "seoInfos[" + std::to_string(i) + "].";
    if (seo.semantic_url.empty()) bad(f + "semanticUrl", "is required");
    if (seo.language_code && !IsLanguageTag(*seo.language_code)) {
      bad(f + "languageCode", "must be an IETF language tag");
    }
    if (!seen.insert(seo.language_code.value_or("") + "|" + seo.semantic_url).second) {
      bad(f + "semanticUrl", "is given twice for the same language");
    }
  }
  return errors;
}

}  // namespace emporion::stores
