#include "emporion/catalog/types.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace emporion::catalog {
namespace {

template <typename E, std::size_t N>
std::optional<E> Lookup(const std::array<std::pair<const char*, E>, N>& table, std::string_view s) {
  for (const auto& [name, value] : table) {
    if (s == name) return value;
  }
  return std::nullopt;
}

template <typename E, std::size_t N>
const char* NameOf(const std::array<std::pair<const char*, E>, N>& table, E e) {
  for (const auto& [name, value] : table) {
    if (value == e) return name;
  }
  return "";
}

constexpr std::array<std::pair<const char*, ProductType>, 3> kProductTypes{{
    {"Physical", ProductType::kPhysical},
    {"Digital", ProductType::kDigital},
    {"BillOfMaterials", ProductType::kBillOfMaterials},
}};
constexpr std::array<std::pair<const char*, PropertyType>, 4> kPropertyTypes{{
    {"Catalog", PropertyType::kCatalog},
    {"Category", PropertyType::kCategory},
    {"Product", PropertyType::kProduct},
    {"Variation", PropertyType::kVariation},
}};
constexpr std::array<std::pair<const char*, ValueType>, 8> kValueTypes{{
    {"ShortText", ValueType::kShortText},
    {"LongText", ValueType::kLongText},
    {"Html", ValueType::kHtml},
    {"Number", ValueType::kNumber},
    {"Integer", ValueType::kInteger},
    {"Boolean", ValueType::kBoolean},
    {"DateTime", ValueType::kDateTime},
    {"GeoPoint", ValueType::kGeoPoint},
}};

}  // namespace

const char* ToString(ProductType t) { return NameOf(kProductTypes, t); }
const char* ToString(PropertyType t) { return NameOf(kPropertyTypes, t); }
const char* ToString(ValueType t) { return NameOf(kValueTypes, t); }
const char* ToString(EntryType t) { return t == EntryType::kProduct ? "product" : "category"; }

std::optional<ProductType> ParseProductType(std::string_view s) { return Lookup(kProductTypes, s); }
std::optional<PropertyType> ParsePropertyType(std::string_view s) {
  return Lookup(kPropertyTypes, s);
}
std::optional<ValueType> ParseValueType(std::string_view s) { return Lookup(kValueTypes, s); }

std::optional<EntryType> ParseEntryType(std::string_view s) {
  std::string lower(s);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "product") return EntryType::kProduct;
  if (lower == "category") return EntryType::kCategory;
  return std::nullopt;
}

std::string Outline::Path() const {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out.push_back('/');
    out += item.id;
  }
  return out;
}

}  // namespace emporion::catalog
