// Field names of the search API (filter language, `sort`, `facets`) -> engine fields, with the
// aliases of the module README: `sku` -> `code`, `category.subtree` -> `__outline`,
// `properties.<x>` and `<x>` -> the property field, `price` -> a computed effective price,
// `price.<priceListId>` / `available.<fcId>` as is. Shared by the back-office and storefront
// routes. Reentrant; the engine is only asked for field kinds (thread-safe).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "emporion/search/engine.hpp"

namespace emporion::search_module {

struct FieldResolverOptions {
  /// The ComputedNumber of the query that `price` stands for (the storefront's effective price,
  /// the back office's first price among the lists); empty: `price` is unknown.
  std::string price_field;
};

/// The kind a field has in an index (the engine's KindOf for one type, or a test's fake).
using KindOfField = std::function<search::FieldKind(std::string_view field)>;

/// The engine field and kind of `name` in the `type` index; kind kUnknown when there is none.
/// Fields of the document schema are known even before any document has them; property,
/// `price.*` and `available.*` fields are asked of the engine (`price.*`/`available.*` are
/// numbers even when no document has them yet).
search::ResolvedField ResolveField(const search::Engine& engine, std::string_view type,
                                   std::string_view name, const FieldResolverOptions& options);
/// The same, asking `kind_of` (the kinds of the `type` index) instead of an engine.
search::ResolvedField ResolveField(const KindOfField& kind_of, std::string_view type,
                                   std::string_view name, const FieldResolverOptions& options);

/// ResolveField bound to an engine, type and options: the `resolve` of search::ParseFilter.
/// `engine` must outlive the function.
std::function<search::ResolvedField(std::string_view)> MakeFieldResolver(
    const search::Engine& engine, std::string type, FieldResolverOptions options);

}  // namespace emporion::search_module
