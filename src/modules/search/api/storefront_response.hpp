// Storefront search, response side: shapes engine results into the storefront's JSON from the
// hits' stored documents (see the module README, "stored"): names and property values in the
// request's language, the shopper's price (the first of the ranked price lists that the stored
// `prices` hold; a variation without one takes its main product's, as pricing's evaluation
// does), availability summed over the store's fulfillment centers. Written with RapidJSON's
// Writer. Stored documents are read in one pass into a flat array of value spans (no DOM, no
// copies; strings without escapes, as the indexer writes them, are copied to the response as
// they stand), or through RapidJSON's DOM when they hold escapes or are not valid JSON; numbers
// are kept as text either way, so amounts stay exact. Pure functions; reentrant.
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

/// The same two, reading every stored document through RapidJSON's DOM (the fallback for
/// documents the single-pass reader does not take). For tests: both readers must agree.
std::string ProductsResponseViaDom(const search::SearchResult& result,
                                   const StorefrontContext& ctx);
std::string CategoriesResponseViaDom(const search::SearchResult& result,
                                     const StorefrontContext& ctx);

/// `{"items": [{"text", "count"}]}`.
std::string SuggestionsResponse(const std::vector<search::Suggestion>& suggestions);

}  // namespace emporion::search_module
