// The stores module's value types: a store (sales channel) with its catalog, languages,
// currencies, fulfillment centers, SEO infos and typed settings. Plain values;
// thread-compatible.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "platform/core/entity.hpp"

namespace emporion::stores {

enum class StoreState { kOpen, kClosed, kRestrictedAccess };
const char* ToString(StoreState s);
std::optional<StoreState> ParseStoreState(const std::string& s);

/// How promotions combine in this store (read by the marketing module).
enum class PromotionPolicy { kBestReward, kCombineStackable };
const char* ToString(PromotionPolicy p);
std::optional<PromotionPolicy> ParsePromotionPolicy(const std::string& s);

/// Per-store settings, typed fields of the store (versioned and validated with it).
struct StoreSettings {
  PromotionPolicy promotion_policy = PromotionPolicy::kBestReward;
  bool allow_anonymous_access = true;  // storefront routes without a token
  std::string order_number_template = "CO{date:yyMMdd}-{seq:5}";
  bool prices_include_tax = false;
  bool tax_calculation_enabled = true;
  bool operator==(const StoreSettings&) const = default;
};

struct StoreSeoInfo {
  std::string semantic_url;
  std::optional<std::string> page_title;
  std::optional<std::string> meta_description;
  std::optional<std::string> meta_keywords;
  std::optional<std::string> image_alt_description;
  std::optional<std::string> language_code;
  bool is_active = true;
  bool operator==(const StoreSeoInfo&) const = default;
};

struct Store {
  EntityMeta meta;
  std::string name;
  std::optional<std::string> description;
  std::optional<std::string> url;
  std::optional<std::string> secure_url;
  std::optional<std::string> email;
  std::optional<std::string> admin_email;
  std::string catalog_id;
  std::string default_language;  // IETF tag, among `languages`
  std::vector<std::string> languages;
  std::string default_currency;  // ISO 4217, among `currencies`
  std::vector<std::string> currencies;
  std::optional<std::string> time_zone;  // IANA name, e.g. Europe/Berlin
  std::optional<std::string> country;    // ISO 3166-1
  std::optional<std::string> main_fulfillment_center_id;
  std::vector<std::string> additional_fulfillment_center_ids;
  std::optional<std::string> returns_fulfillment_center_id;
  StoreState store_state = StoreState::kOpen;
  std::vector<StoreSeoInfo> seo_infos;
  std::optional<std::string> outer_id;
  StoreSettings settings;
};

}  // namespace emporion::stores
