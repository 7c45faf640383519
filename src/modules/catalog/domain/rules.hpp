// Field rules of the catalog's resources that need nothing but the values themselves and the
// owning catalog: codes, names, languages, dates, quantities, images, SEO slugs, property
// definitions. Pure functions (no I/O); reentrant. Each returns every problem it finds as
// FieldErrors named after the API's JSON fields ("localizedName[1].languageCode"), prefixed by
// `prefix` ("items[3].").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emporion/catalog/types.hpp"
#include "platform/core/error.hpp"

namespace emporion::catalog {

/// Most characters a code (SKU or category code) may have.
inline constexpr std::size_t kMaxCodeLength = 64;
inline constexpr std::size_t kMaxNameLength = 1024;

/// An IETF language tag such as "en-US", "de", "zh-Hant-TW".
bool IsLanguageCode(std::string_view s);
/// Number of Unicode code points of UTF-8 text.
std::size_t Utf8Length(std::string_view s);
/// nullopt when `code` is a valid SKU / category code: 1..64 characters, no whitespace and none
/// of `$+;=%{}[]|@~!^*&()<>/\?#"'`; otherwise what is wrong.
std::optional<std::string> CheckCode(std::string_view code);
/// nullopt when `slug` is a valid SEO semantic URL: 1..255 characters without whitespace and
/// without `$+;=%{}[]|\/@~#!^*&?:'<>,"`; otherwise what is wrong.
std::optional<std::string> CheckSlug(std::string_view slug);

std::vector<FieldError> ValidateCatalog(const Catalog& catalog, const std::string& prefix = "");
std::vector<FieldError> ValidateCategory(const Category& category, const Catalog& catalog,
                                         const std::string& prefix = "");
/// Scalar fields, images, assets, descriptions and localized names of a product. Property
/// values, SEO infos and associations are checked by their own rules.
std::vector<FieldError> ValidateProduct(const Product& product, const Catalog& catalog,
                                        const std::string& prefix = "");
/// One SEO info. `languages` (the owning catalog's), when given, limits languageCode.
std::vector<FieldError> ValidateSeoInfo(const SeoInfo& seo, const std::string& prefix,
                                        const std::vector<std::string>* languages);
std::vector<FieldError> ValidateAssociation(const ProductAssociation& association,
                                            const std::string& prefix);
/// A property definition: name, value type compatibility of the flags and the validation rules
/// (a regex must compile, bounds must be ordered and fit the value type).
std::vector<FieldError> ValidateProperty(const Property& property, const Catalog& catalog,
                                         const std::string& prefix = "");
std::vector<FieldError> ValidateDictionaryItem(const DictionaryItem& item, const Catalog& catalog,
                                               const std::string& prefix = "");
std::vector<FieldError> ValidateLink(const CatalogLink& link, const std::string& prefix = "");

/// A product can be sold at `now` when it is active and buyable and `now` lies in its half-open
/// window [startDate, endDate) (a missing bound is open). Unset flags count as true. Pass the
/// merged view for a variation; `main_active` is the main product's isActive (a variation of an
/// inactive product is not sellable).
bool IsSellable(const Product& product, Timestamp now, bool main_active = true);

/// Fills what a main product leaves unset with the defaults (Physical, active, buyable, tracked,
/// priority 0). Variations keep unset fields unset: they inherit them.
void ApplyProductDefaults(Product& product);

}  // namespace emporion::catalog
