// The merged view of a variation: what the variation does not set itself comes from its main
// product (descriptions, images, assets, localized names, property values of Product-type
// properties, SEO, associations, tax type, dimensions, vendor data, dates, flags, category).
// Computed on read, never stored. Pure function; reentrant.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "emporion/catalog/types.hpp"

namespace emporion::catalog {

/// The type of a property by id; nullopt when unknown (its values are then not inherited).
using PropertyTypeLookup = std::function<std::optional<PropertyType>(const std::string& id)>;

/// `variation` completed from `main`. Fields taken from the main product are listed in
/// `inherited_fields` (API names); inherited property entries carry `inherited = true`. The
/// variation's own identity (id, code, name, catalog, mainProductId, gtin, meta) never changes.
/// Returns `variation` unchanged when it is not a variation of `main`.
Product MergeVariation(const Product& variation, const Product& main,
                       const PropertyTypeLookup& type_of);

}  // namespace emporion::catalog
