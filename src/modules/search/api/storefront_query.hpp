// Storefront search, request side: the query parameters of the storefront routes and their
// translation into an engine Query over the store's catalog (main products only; inactive, not
// buyable and out-of-window products hidden) with the shopper's effective price as the computed
// number "price". Pure functions, no I/O; reentrant.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "emporion/search/engine.hpp"
#include "modules/search/api/field_resolver.hpp"
#include "platform/core/result.hpp"
#include "platform/http/types.hpp"

namespace emporion::search_module {

/// The name of the computed effective price in storefront queries (filter, facet, sort).
inline constexpr std::string_view kEffectivePrice = "price";

/// Everything a storefront query depends on besides the request's own parameters.
struct StorefrontContext {
  std::string store_id;
  std::string catalog_id;
  std::string language;  // one of the store's languages, as the store spells it ("en-US")
  std::string currency;  // one of the store's currencies
  /// The shopper's price lists for `currency`, best first (pricing's ranking).
  std::vector<std::string> price_lists;
  /// The store's fulfillment centers (main, then additional); availability sums over these.
  std::vector<std::string> fulfillment_centers;
  std::int64_t now_millis = 0;  // epoch milliseconds
};

/// The parameters of `GET .../products` (and, where they apply, categories and suggestions).
struct ProductSearchParams {
  std::string q;
  std::string filter;
  std::vector<std::string> facets;
  struct Sort {
    std::string field;  // as written
    bool descending = false;
  };
  std::vector<Sort> sort;
  /// Bucket boundaries of the price range facet, ascending, scaled by search::kNumberScale.
  std::vector<std::int64_t> price_ranges;
  /// Bucket boundaries of other number facets from `ranges.<facet>=a,b,c` (same form).
  std::map<std::string, std::vector<std::int64_t>, std::less<>> ranges;
  std::uint32_t limit = 20;
  std::uint32_t offset = 0;
};

/// Default buckets of the price facet (in currency units): 0-10, 10-25, ..., 1000 and more.
const std::vector<std::int64_t>& DefaultPriceRanges();
/// Default buckets of other number facets: 0-1, 1-2, 2-5, 5-10, ..., 1000 and more.
const std::vector<std::int64_t>& DefaultNumberRanges();

/// Reads q, filter, facets, sort, priceRanges, ranges.<facet>, limit (1..1000, default 20) and
/// offset (>= 0).
/// kInvalidArgument naming the parameter for a malformed value (sort direction other than
/// asc/desc, price ranges not ascending decimals, limit or offset out of range).
Result<ProductSearchParams> ParseProductSearchParams(const http::Request& request);

/// Maps a filter/facet/sort field name as a shopper writes it to the engine field: the module's
/// one resolver (field_resolver.hpp) with `price` = the computed effective price. kUnknown kind
/// (and the name as written) when the index has no such field.
search::ResolvedField ResolveProductField(std::string_view name, const KindOfField& kind_of);

/// The engine field to sort by name in `language` (`sort.name.<lang>`, falling back to the
/// primary subtag). Query languages are the indexer's AnalyzerLanguage of the store language.
std::string NameSortField(const std::string& language, const KindOfField& kind_of);

/// False when the product index lacks a field that every visible product has (`catalog`,
/// `type`, `active`, `buyable` as keywords): an empty index, where nothing can be found and the
/// engine would refuse the filter's unknown fields.
bool IndexHoldsVisibleProducts(const KindOfField& kind_of);

/// What every storefront product query is restricted to: the store's catalog, main products,
/// active, buyable, startDate <= now < endDate (each bound only when the index has the field;
/// a missing date means an open window).
search::Filter VisibleProductsFilter(const StorefrontContext& ctx, const KindOfField& kind_of);

/// The engine query of a storefront product search. Facets: keyword fields are term facets;
/// `price` and number fields are range facets over their buckets. kInvalidArgument naming `filter`, `facets`
/// or `sort` for unknown fields or misused kinds.
Result<search::Query> BuildProductQuery(const ProductSearchParams& params,
                                        const StorefrontContext& ctx,
                                        const KindOfField& kind_of);

/// The engine query of a storefront category search (the store's catalog only).
Result<search::Query> BuildCategoryQuery(const ProductSearchParams& params,
                                         const StorefrontContext& ctx,
                                         const KindOfField& kind_of);

/// The engine suggestion query over the visible products of the store.
search::SuggestQuery BuildSuggestQuery(std::string text, std::uint32_t limit,
                                       const StorefrontContext& ctx, const KindOfField& kind_of);

}  // namespace emporion::search_module
