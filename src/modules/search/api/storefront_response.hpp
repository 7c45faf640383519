// Storefront search, response side: shapes engine results into the storefront's JSON from the
// hits' stored documents (see the module README, "stored"): names and property values in the
// request's language, the shopper's price (the first of the ranked price lists that the stored
// `prices` hold; a variation without one takes its main product's, as pricing's evaluation
// does), availability summed over the store's fulfillment centers. Written with RapidJSON's
// Writer; stored documents are parsed with RapidJSON, numbers kept as text so amounts stay
// exact. Pure functions; reentrant.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "emporion/search/engine.hpp"
#include "modules/search/api/storefront_query.hpp"

namespace emporion::search_module {

/// `{"items": [...], "total": N, "facets": [...]}` of a storefront product search. A hit whose
/// stored document is not valid JSON is left out (and counted in `total` as the engine did).
std::string ProductsResponse(const search::SearchResult& result, const StorefrontContext& ctx);

/// `{"items": [{"id", "code", "name", "parentId", "path"}], "total": N}`.
std::string CategoriesResponse(const search::SearchResult& result, const StorefrontContext& ctx);

/// `{"items": [{"text", "count"}]}`.
std::string SuggestionsResponse(const std::vector<search::Suggestion>& suggestions);

}  // namespace emporion::search_module
