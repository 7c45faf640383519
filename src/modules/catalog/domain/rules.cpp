#include "modules/catalog/domain/rules.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

namespace emporion::catalog {
namespace {

class Errors {
 public:
  explicit Errors(std::string prefix) : prefix_(std::move(prefix)) {}
  void Add(const std::string& field, std::string message) {
    out_.push_back({prefix_ + field, std::move(message)});
  }
  std::vector<FieldError> Take() { return std::move(out_); }

 private:
  std::string prefix_;
  std::vector<FieldError> out_;
};

bool Contains(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

std::string Join(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& s : list) out += (out.empty() ? "" : ", ") + s;
  return out;
}

void CheckLanguage(Errors& errors, const std::string& field,
                   const std::optional<std::string>& language, const Catalog& catalog,
                   bool required) {
  if (!language) {
    if (required) errors.Add(field, "is required");
    return;
  }
  if (!Contains(catalog.languages, *language)) {
    errors.Add(field, "'" + *language + "' is not one of the catalog's languages (" +
                          Join(catalog.languages) + ")");
  }
}

void CheckName(Errors& errors, const std::string& field, const std::string& name, std::size_t max) {
  if (name.empty()) {
    errors.Add(field, "is required");
  } else if (Utf8Length(name) > max) {
    errors.Add(field, "must be at most " + std::to_string(max) + " characters");
  }
}

void CheckLocalized(Errors& errors, const std::string& field, const LocalizedText& text,
                    const Catalog& catalog, std::size_t max) {
  std::vector<std::string> seen;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const std::string f = field + "[" + std::to_string(i) + "]";
    CheckLanguage(errors, f + ".languageCode", text[i].language_code, catalog, true);
    if (Contains(seen, text[i].language_code)) {
      errors.Add(f + ".languageCode", "'" + text[i].language_code + "' is given twice");
    }
    seen.push_back(text[i].language_code);
    if (Utf8Length(text[i].value) > max) {
      errors.Add(f + ".value", "must be at most " + std::to_string(max) + " characters");
    }
  }
}

void CheckOptionalText(Errors& errors, const std::string& field,
                       const std::optional<std::string>& value, std::size_t max) {
  if (value && Utf8Length(*value) > max) {
    errors.Add(field, "must be at most " + std::to_string(max) + " characters");
  }
}

void CheckImages(Errors& errors, const std::vector<Image>& images, const Catalog& catalog) {
  for (std::size_t i = 0; i < images.size(); ++i) {
    const std::string f = "images[" + std::to_string(i) + "]";
    if (images[i].url.empty()) errors.Add(f + ".url", "is required");
    CheckOptionalText(errors, f + ".url", images[i].url, 2048);
    CheckLanguage(errors, f + ".languageCode", images[i].language_code, catalog, false);
  }
}

void CheckNonNegative(Errors& errors, const std::string& field, const std::optional<double>& v) {
  if (v && (*v < 0 || *v != *v)) errors.Add(field, "must not be negative");
}

bool IsAsciiAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

}  // namespace

bool IsLanguageCode(std::string_view s) {
  // primary subtag of 2-3 letters, then subtags of 2-8 letters or digits.
  std::size_t i = 0;
  std::size_t n = 0;
  while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i])) != 0) {
    ++i;
    ++n;
  }
  if (n < 2 || n > 3) return false;
  while (i < s.size()) {
    if (s[i] != '-') return false;
    ++i;
    n = 0;
    while (i < s.size() && IsAsciiAlnum(s[i])) {
      ++i;
      ++n;
    }
    if (n < 2 || n > 8) return false;
  }
  return true;
}

std::size_t Utf8Length(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::optional<std::string> CheckCode(std::string_view code) {
  if (code.empty()) return "is required";
  if (Utf8Length(code) > kMaxCodeLength) {
    return "must be at most " + std::to_string(kMaxCodeLength) + " characters";
  }
  static constexpr std::string_view kForbidden = "$+;=%{}[]|@~!^*&()<>/\\?#\"'";
  for (char c : code) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0 || static_cast<unsigned char>(c) < 32) {
      return "must not contain whitespace";
    }
    if (kForbidden.find(c) != std::string_view::npos) {
      return std::string("must not contain '") + c + "' (none of " + std::string(kForbidden) + ")";
    }
  }
  return std::nullopt;
}

std::optional<std::string> CheckSlug(std::string_view slug) {
  if (slug.empty()) return "is required";
  if (Utf8Length(slug) > 255) return "must be at most 255 characters";
  static constexpr std::string_view kForbidden = "$+;=%{}[]|\\/@~#!^*&?:'<>,\"";
  for (char c : slug) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0 || static_cast<unsigned char>(c) < 32) {
      return "must not contain whitespace";
    }
    if (kForbidden.find(c) != std::string_view::npos) {
      return std::string("must not contain '") + c + "'";
    }
  }
  return std::nullopt;
}

std::vector<FieldError> ValidateCatalog(const Catalog& catalog, const std::string& prefix) {
  Errors errors(prefix);
  CheckName(errors, "name", catalog.name, 128);
  if (catalog.default_language.empty()) {
    errors.Add("defaultLanguage", "is required");
  } else if (!IsLanguageCode(catalog.default_language)) {
    errors.Add("defaultLanguage", "must be a language tag such as en-US");
  }
  std::vector<std::string> seen;
  for (std::size_t i = 0; i < catalog.languages.size(); ++i) {
    const auto& l = catalog.languages[i];
    const std::string f = "languages[" + std::to_string(i) + "]";
    if (!IsLanguageCode(l)) errors.Add(f, "must be a language tag such as en-US");
    if (Contains(seen, l)) errors.Add(f, "'" + l + "' is given twice");
    seen.push_back(l);
  }
  if (!catalog.default_language.empty() && !Contains(catalog.languages, catalog.default_language)) {
    errors.Add("languages", "must contain the default language '" + catalog.default_language + "'");
  }
  return errors.Take();
}

std::vector<FieldError> ValidateCategory(const Category& category, const Catalog& catalog,
                                         const std::string& prefix) {
  Errors errors(prefix);
  if (auto bad = CheckCode(category.code)) errors.Add("code", *bad);
  CheckName(errors, "name", category.name, 128);
  CheckLocalized(errors, "localizedName", category.localized_name, catalog, 128);
  CheckOptionalText(errors, "taxType", category.tax_type, 64);
  CheckImages(errors, category.images, catalog);
  if (category.parent_id && *category.parent_id == category.meta.id) {
    errors.Add("parentId", "a category cannot be its own parent");
  }
  return errors.Take();
}

std::vector<FieldError> ValidateProduct(const Product& p, const Catalog& catalog,
                                        const std::string& prefix) {
  Errors errors(prefix);
  if (auto bad = CheckCode(p.code)) errors.Add("code", *bad);
  CheckName(errors, "name", p.name, kMaxNameLength);
  CheckLocalized(errors, "localizedName", p.localized_name, catalog, kMaxNameLength);
  CheckOptionalText(errors, "gtin", p.gtin, 64);
  CheckOptionalText(errors, "manufacturerPartNumber", p.manufacturer_part_number, 128);
  CheckOptionalText(errors, "vendor", p.vendor, 128);
  CheckOptionalText(errors, "weightUnit", p.weight_unit, 32);
  CheckOptionalText(errors, "measureUnit", p.measure_unit, 32);
  CheckOptionalText(errors, "taxType", p.tax_type, 64);
  CheckNonNegative(errors, "weight", p.weight);
  CheckNonNegative(errors, "length", p.length);
  CheckNonNegative(errors, "width", p.width);
  CheckNonNegative(errors, "height", p.height);
  if (p.min_quantity && *p.min_quantity < 0) errors.Add("minQuantity", "must not be negative");
  if (p.max_quantity && *p.max_quantity < 0) errors.Add("maxQuantity", "must not be negative");
  if (p.min_quantity && p.max_quantity && *p.max_quantity > 0 &&
      *p.min_quantity > *p.max_quantity) {
    errors.Add("maxQuantity", "must not be below minQuantity (0 means no limit)");
  }
  if (p.start_date && p.end_date && *p.end_date <= *p.start_date) {
    errors.Add("endDate", "must be after startDate");
  }
  if (p.main_product_id && *p.main_product_id == p.meta.id) {
    errors.Add("mainProductId", "a product cannot be a variation of itself");
  }
  CheckImages(errors, p.images, catalog);
  for (std::size_t i = 0; i < p.assets.size(); ++i) {
    const std::string f = "assets[" + std::to_string(i) + "]";
    if (p.assets[i].url.empty()) errors.Add(f + ".url", "is required");
    if (p.assets[i].size && *p.assets[i].size < 0) errors.Add(f + ".size", "must not be negative");
    CheckLanguage(errors, f + ".languageCode", p.assets[i].language_code, catalog, false);
  }
  for (std::size_t i = 0; i < p.descriptions.size(); ++i) {
    const std::string f = "descriptions[" + std::to_string(i) + "]";
    if (p.descriptions[i].content.empty()) errors.Add(f + ".content", "is required");
    if (p.descriptions[i].review_type.empty() || Utf8Length(p.descriptions[i].review_type) > 64) {
      errors.Add(f + ".reviewType", "must be 1 to 64 characters, e.g. FullReview or QuickReview");
    }
    CheckLanguage(errors, f + ".languageCode", p.descriptions[i].language_code, catalog, false);
  }
  return errors.Take();
}

std::vector<FieldError> ValidateSeoInfo(const SeoInfo& seo, const std::string& prefix,
                                        const std::vector<std::string>* languages) {
  Errors errors(prefix);
  if (auto bad = CheckSlug(seo.semantic_url)) errors.Add("semanticUrl", *bad);
  if (seo.object_type.empty()) errors.Add("objectType", "is required");
  if (seo.object_id.empty()) errors.Add("objectId", "is required");
  if (seo.language_code) {
    if (!IsLanguageCode(*seo.language_code)) {
      errors.Add("languageCode", "must be a language tag such as en-US");
    } else if (languages != nullptr && !Contains(*languages, *seo.language_code)) {
      errors.Add("languageCode", "'" + *seo.language_code +
                                     "' is not one of the catalog's languages (" +
                                     Join(*languages) + ")");
    }
  }
  CheckOptionalText(errors, "pageTitle", seo.page_title, 255);
  CheckOptionalText(errors, "metaDescription", seo.meta_description, 1024);
  CheckOptionalText(errors, "metaKeywords", seo.meta_keywords, 1024);
  CheckOptionalText(errors, "imageAltDescription", seo.image_alt_description, 255);
  CheckOptionalText(errors, "storeId", seo.store_id, 128);
  return errors.Take();
}

std::vector<FieldError> ValidateAssociation(const ProductAssociation& a,
                                            const std::string& prefix) {
  Errors errors(prefix);
  if (a.type.empty()) {
    errors.Add("type", "is required (e.g. Accessories, Related Items, Up-Sales, Cross-Sales)");
  } else if (Utf8Length(a.type) > 64) {
    errors.Add("type", "must be at most 64 characters");
  }
  if (a.associated_object_id.empty()) errors.Add("associatedObjectId", "is required");
  if (a.associated_object_type == EntryType::kProduct && !a.product_id.empty() &&
      a.associated_object_id == a.product_id) {
    errors.Add("associatedObjectId", "a product cannot be associated with itself");
  }
  if (a.quantity && *a.quantity < 0) errors.Add("quantity", "must not be negative");
  for (std::size_t i = 0; i < a.tags.size(); ++i) {
    if (a.tags[i].empty() || Utf8Length(a.tags[i]) > 64) {
      errors.Add("tags[" + std::to_string(i) + "]", "must be 1 to 64 characters");
    }
  }
  return errors.Take();
}

std::vector<FieldError> ValidateProperty(const Property& p, const Catalog& catalog,
                                         const std::string& prefix) {
  Errors errors(prefix);
  if (p.name.empty()) {
    errors.Add("name", "is required");
  } else {
    const bool ok =
        p.name.size() <= 128 && std::isalpha(static_cast<unsigned char>(p.name.front())) != 0 &&
        std::all_of(p.name.begin(), p.name.end(),
                    [](char c) { return IsAsciiAlnum(c) || c == '_' || c == '-' || c == '.'; });
    if (!ok) {
      errors.Add("name",
                 "must start with a letter and contain only letters, digits, '_', '-' and '.' "
                 "(at most 128)");
    }
  }
  const ValueType vt = p.value_type;
  const bool text =
      vt == ValueType::kShortText || vt == ValueType::kLongText || vt == ValueType::kHtml;
  const bool numeric = vt == ValueType::kNumber || vt == ValueType::kInteger;
  if (p.dictionary && vt != ValueType::kShortText) {
    errors.Add("dictionary", std::string("a ") + ToString(vt) +
                                 " property cannot be a dictionary (only ShortText)");
  }
  if (p.multilanguage && !text) {
    errors.Add("multilanguage", std::string("a ") + ToString(vt) +
                                    " property cannot be multilanguage (only text types)");
  }
  if (p.multilanguage && p.dictionary) {
    errors.Add("multilanguage",
               "a dictionary property is localized through its items' localizedValues");
  }
  if (p.multivalue && (vt == ValueType::kBoolean || vt == ValueType::kDateTime)) {
    errors.Add("multivalue", std::string("a ") + ToString(vt) + " property cannot be multivalue");
  }
  const auto& v = p.validation;
  if (v.regex) {
    if (!text) {
      errors.Add("validation.regex", "applies to text properties only");
    } else {
      try {
        std::regex compiled(*v.regex, std::regex::ECMAScript);
      } catch (const std::regex_error& e) {
        errors.Add("validation.regex",
                   std::string("is not a valid regular expression: ") + e.what());
      }
    }
  }
  if ((v.min_length || v.max_length) && !text) {
    errors.Add("validation", "minLength and maxLength apply to text properties only");
  }
  if (v.min_length && *v.min_length < 0) errors.Add("validation.minLength", "must not be negative");
  if (v.max_length && *v.max_length < 0) errors.Add("validation.maxLength", "must not be negative");
  if (v.min_length && v.max_length && *v.min_length > *v.max_length) {
    errors.Add("validation.maxLength", "must not be below minLength");
  }
  if ((v.min || v.max) && !numeric) {
    errors.Add("validation", "min and max apply to Number and Integer properties only");
  }
  if (v.min && v.max && *v.min > *v.max) errors.Add("validation.max", "must not be below min");
  if (p.type == PropertyType::kCatalog && p.category_id) {
    errors.Add("categoryId", "a Catalog property is defined on the catalog, not a category");
  }
  CheckLocalized(errors, "displayNames", p.display_names, catalog, 256);
  return errors.Take();
}

std::vector<FieldError> ValidateDictionaryItem(const DictionaryItem& item, const Catalog& catalog,
                                               const std::string& prefix) {
  Errors errors(prefix);
  CheckName(errors, "alias", item.alias, 512);
  CheckLocalized(errors, "localizedValues", item.localized_values, catalog, 512);
  return errors.Take();
}

std::vector<FieldError> ValidateLink(const CatalogLink& link, const std::string& prefix) {
  Errors errors(prefix);
  if (link.entry_id.empty()) errors.Add("entryId", "is required");
  if (link.catalog_id.empty()) errors.Add("catalogId", "is required");
  return errors.Take();
}

bool IsSellable(const Product& p, Timestamp now, bool main_active) {
  if (!main_active) return false;
  if (!p.is_active.value_or(true) || !p.is_buyable.value_or(true)) return false;
  if (p.start_date && now < *p.start_date) return false;
  if (p.end_date && now >= *p.end_date) return false;
  return true;
}

void ApplyProductDefaults(Product& p) {
  if (p.main_product_id) return;
  if (!p.product_type) p.product_type = ProductType::kPhysical;
  if (!p.is_active) p.is_active = true;
  if (!p.is_buyable) p.is_buyable = true;
  if (!p.track_inventory) p.track_inventory = true;
  if (!p.priority) p.priority = 0;
}

}  // namespace emporion::catalog
