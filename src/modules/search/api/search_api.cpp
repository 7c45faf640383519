#include "modules/search/api/search_api.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "modules/search/indexing/product_documents.hpp"
#include "platform/http/api_helpers.hpp"
#include "platform/json/json.hpp"

namespace emporion::search_module {
namespace {

using search::FieldKind;

constexpr const char* kRead = "search:read";
constexpr const char* kManage = "search:manage";

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string part = text.substr(start, comma - start);
    while (!part.empty() && std::isspace(static_cast<unsigned char>(part.front())))
      part.erase(0, 1);
    while (!part.empty() && std::isspace(static_cast<unsigned char>(part.back()))) part.pop_back();
    if (!part.empty()) out.push_back(std::move(part));
    start = comma + 1;
  }
  return out;
}

std::vector<search::FacetRequest::Range> DefaultRanges() {
  const std::int64_t s = search::kNumberScale;
  return {{"0-10", 0, 10 * s},
          {"10-50", 10 * s, 50 * s},
          {"50-100", 50 * s, 100 * s},
          {"100-500", 100 * s, 500 * s},
          {"500-1000", 500 * s, 1000 * s},
          {"1000-*", 1000 * s, std::nullopt}};
}

Result<std::int64_t> IntParam(const http::Request& request, const char* name, std::int64_t dflt,
                              std::int64_t min, std::int64_t max) {
  auto raw = request.Query(name);
  if (!raw || raw->empty()) return dflt;
  std::int64_t v = 0;
  try {
    std::size_t used = 0;
    v = std::stoll(*raw, &used);
    if (used != raw->size()) throw std::invalid_argument("trailing");
  } catch (const std::exception&) {
    return Error::InvalidField(name, "must be an integer");
  }
  if (v < min || v > max) {
    return Error::InvalidField(
        name, "must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return v;
}

/// Product and category documents carry `catalog`; a catalog-limited caller sees only those.
void ApplyCatalogScope(const http::Request& request, const std::string& type,
                       search::Query& query) {
  if (type == kMemberType || !request.principal) return;
  auto scope = request.principal->CatalogScope(kRead);
  if (!scope) return;
  search::Filter allowed;
  allowed.kind = search::Filter::Kind::kTerms;
  allowed.field = "catalog";
  allowed.values = *scope;
  if (allowed.values.empty()) allowed.values.emplace_back("\x01none");
  if (query.filter.kind == search::Filter::Kind::kAll) {
    query.filter = std::move(allowed);
    return;
  }
  search::Filter both;
  both.kind = search::Filter::Kind::kAnd;
  both.children.push_back(std::move(query.filter));
  both.children.push_back(std::move(allowed));
  query.filter = std::move(both);
}

const char* FacetTypeName(search::FacetRequest::Type t) {
  return t == search::FacetRequest::Type::kTerms ? "terms" : "range";
}

std::string SearchSchema() {
  return R"json({"type":"object","required":["items","total","facets"],"properties":{"items":{"type":"array","items":{"type":"object","description":"The stored document of each hit (see the search module README)"}},"total":{"type":"integer"},"facets":{"type":"array","items":{"$ref":"#/components/schemas/SearchFacet"}}}})json";
}

std::vector<http::QueryParamSpec> SearchQueryParams() {
  return {
      {"q", "string", "Keywords: words and \"quoted phrases\"; the last word also as a prefix"},
      {"filter", "string",
       "Filter language: `color:red,blue price.pl1:[10 TO 50) !active:false (a:x OR b:y)`"},
      {"facets", "string",
       "Comma-separated fields: keyword fields give term facets, numbers ranges"},
      {"sort", "string",
       "`field:asc|desc,...`: relevance, name, price, or any keyword/number/date field"},
      {"limit", "integer", "1..1000, default 20"},
      {"offset", "integer", "default 0"},
      {"language", "string", "Language code (en-US, de-DE); default en-US"},
      {"currency", "string",
       "Products: `price` is the first price among the lists in this currency"},
  };
}

search::Filter MatchNothing() {
  search::Filter all;
  search::Filter none;
  none.kind = search::Filter::Kind::kNot;
  none.children.push_back(all);
  return none;
}

bool Present(const search::Engine& engine, const std::string& type, const std::string& field,
             const std::set<std::string>& computed) {
  return computed.count(field) != 0 || engine.KindOf(type, field) != FieldKind::kUnknown;
}

search::Filter PruneFilter(const search::Engine& engine, const std::string& type, search::Filter f,
                           const std::set<std::string>& computed) {
  switch (f.kind) {
    case search::Filter::Kind::kAll:
      return f;
    case search::Filter::Kind::kAnd:
    case search::Filter::Kind::kOr:
    case search::Filter::Kind::kNot:
      for (auto& c : f.children) c = PruneFilter(engine, type, std::move(c), computed);
      return f;
    case search::Filter::Kind::kTerms:
    case search::Filter::Kind::kRange:
    case search::Filter::Kind::kExists:
      break;
  }
  return Present(engine, type, f.field, computed) ? f : MatchNothing();
}

}  // namespace

Result<search::SearchResult> RunSearch(const search::Engine& engine, const std::string& type,
                                       search::Query query) {
  std::set<std::string> computed;
  for (const auto& c : query.computed) computed.insert(c.name);
  query.filter = PruneFilter(engine, type, std::move(query.filter), computed);
  std::vector<search::SortKey> sort;
  for (auto& key : query.sort) {
    if (key.field.empty() || Present(engine, type, key.field, computed)) {
      sort.push_back(std::move(key));
    }
  }
  query.sort = std::move(sort);
  // Facets on absent fields answer no values, in the requested order.
  std::vector<search::FacetRequest> requested = std::move(query.facets);
  query.facets.clear();
  for (const auto& f : requested) {
    if (Present(engine, type, f.field, computed)) query.facets.push_back(f);
  }
  auto result = engine.Search(type, query);
  if (!result.ok()) {
    if (result.error().code() == ErrorCode::kInvalidArgument) {
      const std::string field =
          result.error().fields().empty() ? "filter" : result.error().fields().front().field;
      const std::string message = result.error().fields().empty()
                                      ? result.error().detail()
                                      : result.error().fields().front().message;
      return Error::InvalidField(field, message);
    }
    return result.error();
  }
  if (requested.size() != result->facets.size()) {
    std::vector<search::FacetResult> facets;
    std::size_t next = 0;
    for (const auto& f : requested) {
      if (next < result->facets.size() && result->facets[next].name == f.name) {
        facets.push_back(std::move(result->facets[next++]));
        continue;
      }
      search::FacetResult empty;
      empty.name = f.name;
      empty.field = f.field;
      empty.type = f.type;
      facets.push_back(std::move(empty));
    }
    result->facets = std::move(facets);
  }
  return result;
}

Result<search::Query> ParseSearchParams(const http::Request& request, const search::Engine& engine,
                                        const std::string& type,
                                        const SearchParamsOptions& options) {
  search::Query query;
  query.text = request.Query("q").value_or("");
  const std::string language_code = request.Query("language").value_or("").empty()
                                        ? options.default_language
                                        : *request.Query("language");
  query.language = AnalyzerLanguage(language_code);
  EMPORION_ASSIGN_OR_RETURN(auto limit, IntParam(request, "limit", 20, 0, kMaxSearchLimit));
  EMPORION_ASSIGN_OR_RETURN(auto offset, IntParam(request, "offset", 0, 0, 100'000'000));
  query.limit = static_cast<std::uint32_t>(limit);
  query.offset = static_cast<std::uint32_t>(offset);

  const auto resolve = MakeFieldResolver(engine, type, options.fields);
  if (auto filter = request.Query("filter"); filter && !filter->empty()) {
    auto parsed = search::ParseFilter(*filter, resolve);
    if (!parsed.ok()) {
      std::string message = parsed.error().detail();
      if (!parsed.error().fields().empty()) {
        message =
            parsed.error().fields().front().field + ": " + parsed.error().fields().front().message;
      }
      return Error::InvalidField("filter", message);
    }
    query.filter = std::move(parsed).value();
  }

  if (auto facets = request.Query("facets"); facets && !facets->empty()) {
    for (const auto& name : SplitList(*facets)) {
      const auto field = resolve(name);
      search::FacetRequest f;
      f.name = name;
      f.field = field.field;
      if (field.kind == FieldKind::kKeyword) {
        f.type = search::FacetRequest::Type::kTerms;
      } else if (field.kind == FieldKind::kNumber) {
        f.type = search::FacetRequest::Type::kRange;
        f.ranges = DefaultRanges();
      } else {
        return Error::InvalidField("facets", "'" + name + "' is not a keyword or number field");
      }
      query.facets.push_back(std::move(f));
    }
  }

  if (auto sort = request.Query("sort"); sort && !sort->empty()) {
    for (const auto& item : SplitList(*sort)) {
      std::string name = item;
      bool descending = false;
      if (auto colon = item.rfind(':'); colon != std::string::npos) {
        const std::string dir = item.substr(colon + 1);
        if (dir != "asc" && dir != "desc") {
          return Error::InvalidField("sort", "'" + item + "': direction must be asc or desc");
        }
        descending = dir == "desc";
        name = item.substr(0, colon);
      }
      if (name == "relevance") {
        query.sort.push_back({"", descending});
        continue;
      }
      if (name == "name") {
        query.sort.push_back(
            {type == kMemberType ? "sort.name" : "sort.name." + language_code, descending});
        continue;
      }
      const auto field = resolve(name);
      if (field.kind != FieldKind::kKeyword && field.kind != FieldKind::kNumber &&
          field.kind != FieldKind::kDate) {
        return Error::InvalidField("sort", "'" + name + "' is not a sortable field");
      }
      query.sort.push_back({field.field, descending});
    }
  }
  return query;
}

std::string WriteSearchResult(const search::SearchResult& result) {
  json::Writer w;
  w.StartObject().Key("items").StartArray();
  for (const auto& hit : result.hits) {
    if (hit.stored.empty()) {
      w.StartObject().Key("id").String(hit.id).EndObject();
    } else {
      w.RawJson(hit.stored);
    }
  }
  w.EndArray();
  w.Key("total").Int(static_cast<std::int64_t>(result.total));
  w.Key("facets").StartArray();
  for (const auto& f : result.facets) {
    w.StartObject().Key("name").String(f.name).Key("type").String(FacetTypeName(f.type));
    w.Key("values").StartArray();
    for (const auto& v : f.values) {
      w.StartObject().Key("value").String(v.value).Key("label").String(v.label);
      w.Key("count").Int(static_cast<std::int64_t>(v.count));
      if (v.from) w.Key("from").Decimal(Decimal::FromRaw(*v.from));
      if (v.to) w.Key("to").Decimal(Decimal::FromRaw(*v.to));
      w.EndObject();
    }
    w.EndArray().EndObject();
  }
  w.EndArray().EndObject();
  return w.str();
}

void RegisterSearchRoutes(http::Router& router, const SearchApiDeps& deps) {
  router.AddSchema(
      "SearchFacet",
      R"json({"type":"object","required":["name","type","values"],"properties":{"name":{"type":"string"},"type":{"type":"string","enum":["terms","range"]},"values":{"type":"array","items":{"type":"object","required":["value","label","count"],"properties":{"value":{"type":"string"},"label":{"type":"string"},"count":{"type":"integer"},"from":{"type":"number"},"to":{"type":"number"}}}}}})json");
  router.AddSchema("SearchResult", SearchSchema());
  router.AddSchema(
      "SearchIndexStatus",
      R"json({"type":"object","required":["type","documents","deleted","pending","rebuilding"],"properties":{"type":{"type":"string","enum":["product","category","member"]},"documents":{"type":"integer"},"deleted":{"type":"integer"},"terms":{"type":"integer"},"memoryBytes":{"type":"integer","description":"Heap bytes the index holds"},"mappedBytes":{"type":"integer","description":"Stored documents read in place from the snapshot file (page cache, not in memoryBytes)"},"lastRebuildAt":{"type":["string","null"],"format":"date-time"},"lastUpdateAt":{"type":["string","null"],"format":"date-time"},"lagMillis":{"type":"integer","description":"Age of the oldest change not yet searchable"},"pending":{"type":"integer"},"rebuilding":{"type":"boolean"},"loadedFromSnapshot":{"type":"boolean","description":"The index was loaded from the snapshot at start"}}})json");

  search::Engine* engine = &deps.engine;
  Indexer* indexer = &deps.indexer;
  pricing::PricingService* pricing = &deps.pricing;

  struct Kind {
    const char* type;
    const char* path;
    const char* summary;
    const char* description;
  };
  const Kind kinds[] = {
      {kProductType, "/api/v1/search/products", "Search products and variations",
       "Keyword search with the filter language, facets, sort and paging over the product "
       "index. `price` (filter, facet, sort) is the first price among all price lists (or those "
       "of `currency`), by list name; `price.<priceListId>` names one list."},
      {kCategoryType, "/api/v1/search/categories", "Search categories",
       "Keyword search over the category index (name, code); filters on catalog, parentId, "
       "category.subtree, active."},
      {kMemberType, "/api/v1/search/members", "Search members",
       "Keyword search over contacts, organizations, employees and vendors (name, e-mails, "
       "phones); filters on memberType, groups, tags, status, organizations."},
  };
  for (const auto& k : kinds) {
    const std::string type = k.type;
    router.Add(
        {.method = http::Verb::get,
         .path = k.path,
         .permission = kRead,
         .tag = "search",
         .summary = k.summary,
         .description = k.description,
         .response_schema = R"json({"$ref":"#/components/schemas/SearchResult"})json",
         .query = SearchQueryParams(),
         .handler = [engine, pricing, type](http::Request& request) -> Result<http::Response> {
           SearchParamsOptions options;
           std::vector<std::string> price_fields;
           if (type == kProductType) {
             EMPORION_ASSIGN_OR_RETURN(auto lists, pricing->AllPriceLists());
             std::sort(lists.begin(), lists.end(),
                       [](const auto& a, const auto& b) { return a.name < b.name; });
             const auto currency = request.Query("currency");
             for (const auto& l : lists) {
               if (currency && !currency->empty() && l.currency != *currency) continue;
               const std::string field = "price." + l.meta.id;
               if (engine->KindOf(type, field) == FieldKind::kNumber) {
                 price_fields.push_back(field);
               }
             }
             if (!price_fields.empty()) options.fields.price_field = "price";
           }
           EMPORION_ASSIGN_OR_RETURN(auto query,
                                     ParseSearchParams(request, *engine, type, options));
           if (!price_fields.empty()) query.computed.push_back({"price", price_fields});
           ApplyCatalogScope(request, type, query);
           EMPORION_ASSIGN_OR_RETURN(auto result, RunSearch(*engine, type, std::move(query)));
           return http::Response::Ok(WriteSearchResult(result));
         }});
  }

  router.Add(
      {.method = http::Verb::get,
       .path = "/api/v1/search/indexes",
       .permission = kRead,
       .tag = "search",
       .summary = "Status of the search indexes",
       .description = "Per index: documents, deleted (not yet compacted), terms, memory, last "
                      "rebuild and update, lag (age of the oldest change not yet searchable), "
                      "pending changes, whether a rebuild runs.",
       .response_schema =
           R"json({"type":"object","required":["items","total"],"properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/SearchIndexStatus"}},"total":{"type":"integer"}}})json",
       .blocking = false,
       .handler = [indexer](http::Request&) -> Result<http::Response> {
         const auto statuses = indexer->Statuses();
         json::Writer w;
         w.StartObject().Key("items").StartArray();
         auto time = [&w](std::int64_t millis) {
           if (millis == 0) {
             w.Null();
           } else {
             w.String(FormatIso8601(millis * 1000));
           }
         };
         for (const auto& s : statuses) {
           w.StartObject().Key("type").String(s.stats.type);
           w.Key("documents").Int(static_cast<std::int64_t>(s.stats.documents));
           w.Key("deleted").Int(static_cast<std::int64_t>(s.stats.deleted));
           w.Key("terms").Int(static_cast<std::int64_t>(s.stats.terms));
           w.Key("memoryBytes").Int(static_cast<std::int64_t>(s.stats.memory_bytes));
           w.Key("mappedBytes").Int(static_cast<std::int64_t>(s.stats.mapped_bytes));
           w.Key("lastRebuildAt");
           time(s.last_rebuild_millis);
           w.Key("lastUpdateAt");
           time(s.last_update_millis);
           w.Key("lagMillis").Int(s.lag_millis).Key("pending").Int(s.pending);
           w.Key("rebuilding").Bool(s.rebuilding);
           w.Key("loadedFromSnapshot").Bool(s.loaded_from_snapshot).EndObject();
         }
         w.EndArray().Key("total").Int(static_cast<std::int64_t>(statuses.size())).EndObject();
         return http::Response::Ok(w.str());
       }});

  auto rebuild = deps.rebuild;
  router.Add(
      {.method = http::Verb::post,
       .path = "/api/v1/search/indexes/{type}/rebuild",
       .permission = kManage,
       .tag = "search",
       .summary = "Rebuild a search index from the database (a job)",
       .description = "`type`: product, category or member. 202 with `Location: "
                      "/api/v1/jobs/{id}`; the job's progress counts documents; the new index "
                      "replaces the live one atomically when complete. 409 when a rebuild of "
                      "the index is queued or running.",
       .success_status = 202,
       .response_schema =
           R"json({"type":"object","properties":{"id":{"type":"string"},"type":{"type":"string"},"status":{"type":"string"}}})json",
       .handler = [rebuild](http::Request& request) -> Result<http::Response> {
         EMPORION_ASSIGN_OR_RETURN(
             auto job, rebuild(request.Param("type"), request.Actor(), request.request_id));
         json::Writer w;
         w.StartObject().Key("id").String(job.id).Key("type").String(job.type);
         w.Key("status").String(job.status).EndObject();
         return http::Response::Json(202, w.str()).WithHeader("Location", "/api/v1/jobs/" + job.id);
       }});
}

}  // namespace emporion::search_module
