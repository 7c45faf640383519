// Property values against their definitions: which properties apply to an object (inherited
// from the catalog and down the category tree), and whether the values an object holds fit
// them (type, required, dictionary, regex, length, range, multivalue, multilanguage).
// Pure functions; reentrant.
#pragma once

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "emporion/catalog/types.hpp"
#include "platform/core/error.hpp"

namespace emporion::catalog {

/// Who holds the values: decides which property types are allowed and which are required.
/// Categories hold Category properties; products and variations hold Product and Variation
/// properties. `required` Product properties bind products and variations (a variation may
/// inherit the value), `required` Variation properties bind variations only.
enum class ValueOwner { kCategory, kProduct, kVariation };

struct DictionaryRef {
  std::string id;
  std::string alias;
};

struct PropertyScope {
  /// The definitions that apply to the owner (see ApplicableProperties).
  std::vector<const Property*> properties;
  /// Dictionary items by property id, for the dictionary properties that have values.
  std::unordered_map<std::string, std::vector<DictionaryRef>> dictionaries;
  /// The owning catalog's languages.
  std::vector<std::string> languages;
  /// For a variation: ids of properties its main product holds values for; those of
  /// Product-type properties are inherited and satisfy `required`.
  std::set<std::string> inherited;
};

/// The definitions of `catalog_properties` that apply to an object on the category path
/// `path_ids` (root first; empty for an object outside categories): those defined on the
/// catalog itself and those defined on a category of the path.
std::vector<const Property*> ApplicableProperties(const std::vector<Property>& catalog_properties,
                                                  const std::vector<std::string>& path_ids);

/// Resolves every entry of `values` to its definition (by propertyId, else by name), normalizes
/// it (fills propertyId and name, dictionary aliases and ids, ISO 8601 date-times; drops
/// entries without values) and checks it. Errors name the property: `<prefix>properties.<name>`.
std::vector<FieldError> ValidatePropertyValues(std::vector<PropertyValues>& values,
                                               const PropertyScope& scope, ValueOwner owner,
                                               const std::string& prefix = "");

}  // namespace emporion::catalog
