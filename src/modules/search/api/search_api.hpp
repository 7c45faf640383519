// Back-office search routes: GET /api/v1/search/products|categories|members (keyword, filter
// language, facets, sort, paging), GET /api/v1/search/indexes (status) and
// POST /api/v1/search/indexes/{type}/rebuild (a job). Permissions search:read / search:manage;
// a caller whose search:read is limited to catalogs only sees those catalogs.
// The query-parameter parsing is public so the storefront routes can share it.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "emporion/pricing/pricing_service.hpp"
#include "emporion/search/engine.hpp"
#include "modules/search/api/field_resolver.hpp"
#include "modules/search/indexing/indexer.hpp"
#include "platform/http/router.hpp"
#include "platform/jobs/job_runner.hpp"

namespace emporion::search_module {

/// Largest `limit` of a search.
inline constexpr std::int64_t kMaxSearchLimit = 1000;

struct SearchParamsOptions {
  FieldResolverOptions fields;
  /// Language when the request names none (a catalog language code such as "en-US").
  std::string default_language = "en-US";
};

/// Reads q, filter, facets, sort, limit, offset and language into a query of `type`.
/// 400 naming the parameter (`limit`, `offset`, `filter`, `sort`, `facets`) for bad values and
/// unknown fields. `sort`: `field[:asc|desc]`, comma separated; `relevance`, `name` (the
/// language's sort name), `price` (options.fields.price_field) or any keyword/number/date
/// field. `facets`: comma separated fields; keywords give term facets, numbers range facets
/// with fixed buckets (0-10, 10-50, 50-100, 100-500, 500-1000, 1000-*).
Result<search::Query> ParseSearchParams(const http::Request& request, const search::Engine& engine,
                                        const std::string& type,
                                        const SearchParamsOptions& options);

/// Runs `query` on the `type` index. Fields the document schema knows but no document has yet
/// (the resolver accepts them) are not errors: a filter leaf on one matches nothing, a sort key
/// on one is ignored and a facet on one answers no values. Engine errors naming a parameter
/// come back as 400 naming it (`filter`, `sort`, `facets`).
Result<search::SearchResult> RunSearch(const search::Engine& engine, const std::string& type,
                                       search::Query query);

/// `{"items": [stored...], "total", "facets": [{"name", "type", "values": [{"value", "label",
/// "count"}]}]}`.
std::string WriteSearchResult(const search::SearchResult& result);

struct SearchApiDeps {
  search::Engine& engine;
  Indexer& indexer;
  pricing::PricingService& pricing;
  /// Enqueues a rebuild job of `type` (kNotFound for an unknown type, kConflict when one is
  /// queued or running already).
  std::function<Result<jobs::JobInfo>(const std::string& type, const std::string& actor,
                                      const std::string& request_id)>
      rebuild;
};

/// Registers the back-office routes and their schemas; `deps` must outlive the router.
void RegisterSearchRoutes(http::Router& router, const SearchApiDeps& deps);

}  // namespace emporion::search_module
