// Storefront search routes. Per request: the store (from a cache of a few seconds, so a hot
// storefront reads no store row per request), the shopper (anonymous where the store allows it,
// else the token's user and its member), language and currency (the request's or the store's
// defaults, among the store's), the shopper's ranked price lists (pricing's cached ranking), then
// one engine search whose computed number "price" is the first of the ranked lists' price
// fields: filtering, the range facet and sorting all use that effective price.
//
// The routes are marked short_read: on SQLite the only database work is an indexed read on a
// cache miss (store, member targeting, assignments), which never waits for a writer; the rest is
// CPU work in the engine, which a worker-pool hop would not make cheaper on this 2-core box.
#include "modules/search/api/storefront_api.hpp"

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "modules/search/api/storefront_query.hpp"
#include "modules/search/api/storefront_response.hpp"

namespace emporion::search_module {
namespace {

constexpr Timestamp kStoreTtl = 2'000'000;  // microseconds
constexpr std::size_t kMaxCachedStores = 4096;
constexpr std::uint32_t kDefaultSuggestions = 10;
constexpr std::uint32_t kMaxSuggestions = 50;
constexpr std::string_view kProductType = "product";
constexpr std::string_view kCategoryType = "category";

/// What the storefront needs of a store, derived once per cache entry.
struct StoreView {
  std::string id;
  std::string catalog_id;
  std::string default_language;
  std::vector<std::string> languages;
  std::string default_currency;
  std::vector<std::string> currencies;
  std::vector<std::string> fulfillment_centers;  // main, then additional
  bool allow_anonymous = true;
};

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

/// The store's spelling of `wanted` among `allowed`, or 400 naming `param`.
Result<std::string> Choose(const std::optional<std::string>& wanted, const std::string& fallback,
                           const std::vector<std::string>& allowed, const char* param) {
  if (!wanted || wanted->empty()) return fallback;
  for (const auto& a : allowed) {
    if (EqualsNoCase(a, *wanted)) return a;
  }
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  return Error::InvalidField(param, "'" + *wanted + "' is not one of the store's (" + list + ")");
}

class Storefront {
 public:
  explicit Storefront(const StorefrontDeps& deps) : deps_(deps) {}

  Result<http::Response> Products(http::Request& request) {
    EMPORION_ASSIGN_OR_RETURN(auto params, ParseProductSearchParams(request));
    EMPORION_ASSIGN_OR_RETURN(auto ctx, Context(request, /*with_prices=*/true));
    const KindOfField kind_of = KindOf(kProductType);
    if (!IndexHoldsVisibleProducts(kind_of)) {
      return http::Response::Ok(ProductsResponse({}, ctx));
    }
    EMPORION_ASSIGN_OR_RETURN(auto query, BuildProductQuery(params, ctx, kind_of));
    EMPORION_ASSIGN_OR_RETURN(auto result, deps_.engine.Search(kProductType, query));
    return http::Response::Ok(ProductsResponse(result, ctx));
  }

  Result<http::Response> Categories(http::Request& request) {
    EMPORION_ASSIGN_OR_RETURN(auto params, ParseProductSearchParams(request));
    EMPORION_ASSIGN_OR_RETURN(auto ctx, Context(request, /*with_prices=*/false));
    const KindOfField kind_of = KindOf(kCategoryType);
    if (kind_of("catalog") != search::FieldKind::kKeyword) {
      return http::Response::Ok(CategoriesResponse({}, ctx));
    }
    EMPORION_ASSIGN_OR_RETURN(auto query, BuildCategoryQuery(params, ctx, kind_of));
    EMPORION_ASSIGN_OR_RETURN(auto result, deps_.engine.Search(kCategoryType, query));
    return http::Response::Ok(CategoriesResponse(result, ctx));
  }

  Result<http::Response> Suggestions(http::Request& request) {
    std::uint32_t limit = kDefaultSuggestions;
    if (auto v = request.Query("limit"); v && !v->empty()) {
      char* end = nullptr;
      const long n = std::strtol(v->c_str(), &end, 10);
      if (end != v->c_str() + v->size() || n < 1 || n > static_cast<long>(kMaxSuggestions)) {
        return Error::InvalidField("limit", "must be an integer from 1 to " +
                                                std::to_string(kMaxSuggestions));
      }
      limit = static_cast<std::uint32_t>(n);
    }
    EMPORION_ASSIGN_OR_RETURN(auto ctx, Context(request, /*with_prices=*/false));
    std::string text = request.Query("q").value_or("");
    const KindOfField kind_of = KindOf(kProductType);
    if (text.find_first_not_of(" \t") == std::string::npos ||
        !IndexHoldsVisibleProducts(kind_of)) {
      return http::Response::Ok(SuggestionsResponse({}));
    }
    EMPORION_ASSIGN_OR_RETURN(
        auto suggestions,
        deps_.engine.Suggest(kProductType, BuildSuggestQuery(std::move(text), limit, ctx, kind_of)));
    return http::Response::Ok(SuggestionsResponse(suggestions));
  }

 private:
  KindOfField KindOf(std::string_view type) const {
    search::Engine* engine = &deps_.engine;
    return [engine, type](std::string_view field) { return engine->KindOf(type, field); };
  }

  Result<std::shared_ptr<const StoreView>> Store(const std::string& id) {
    const Timestamp now = deps_.clock.Now();
    {
      std::lock_guard lock(mutex_);
      auto it = stores_.find(id);
      if (it != stores_.end() && now < it->second.first) {
        if (!it->second.second) return Error::NotFound("store '" + id + "' not found");
        return it->second.second;
      }
    }
    std::shared_ptr<const StoreView> view;
    auto store = deps_.stores.FindStore(id);
    if (store.ok()) {
      auto v = std::make_shared<StoreView>();
      v->id = store->meta.id;
      v->catalog_id = store->catalog_id;
      v->default_language = store->default_language;
      v->languages = store->languages;
      if (v->languages.empty()) v->languages.push_back(v->default_language);
      v->default_currency = store->default_currency;
      v->currencies = store->currencies;
      if (v->currencies.empty()) v->currencies.push_back(v->default_currency);
      if (store->main_fulfillment_center_id && !store->main_fulfillment_center_id->empty()) {
        v->fulfillment_centers.push_back(*store->main_fulfillment_center_id);
      }
      for (const auto& fc : store->additional_fulfillment_center_ids) {
        if (std::find(v->fulfillment_centers.begin(), v->fulfillment_centers.end(), fc) ==
            v->fulfillment_centers.end()) {
          v->fulfillment_centers.push_back(fc);
        }
      }
      v->allow_anonymous = store->settings.allow_anonymous_access;
      view = std::move(v);
    } else if (store.error().code() != ErrorCode::kNotFound) {
      return std::move(store).error();
    }
    {
      std::lock_guard lock(mutex_);
      if (stores_.size() >= kMaxCachedStores) stores_.clear();
      stores_[id] = {now + kStoreTtl, view};  // unknown ids too, briefly
    }
    if (!view) return Error::NotFound("store '" + id + "' not found");
    return view;
  }

  Result<StorefrontContext> Context(const http::Request& request, bool with_prices) {
    EMPORION_ASSIGN_OR_RETURN(auto store, Store(request.Param("storeId")));
    if (!store->allow_anonymous && !request.principal) {
      return Error::Unauthenticated(
          "this store does not allow anonymous access: send 'Authorization: Bearer <token>'");
    }
    StorefrontContext ctx;
    ctx.store_id = store->id;
    ctx.catalog_id = store->catalog_id;
    EMPORION_ASSIGN_OR_RETURN(ctx.language, Choose(request.Query("language"),
                                                   store->default_language, store->languages,
                                                   "language"));
    EMPORION_ASSIGN_OR_RETURN(ctx.currency, Choose(request.Query("currency"),
                                                   store->default_currency, store->currencies,
                                                   "currency"));
    ctx.fulfillment_centers = store->fulfillment_centers;
    const Timestamp now = deps_.clock.Now();
    ctx.now_millis = now / 1000;
    if (with_prices) {
      pricing::EvaluationRequest pricing_context;
      pricing_context.store_id = store->id;
      pricing_context.catalog_id = store->catalog_id;
      pricing_context.currency = ctx.currency;
      if (request.principal && !request.principal->member_id.empty()) {
        pricing_context.customer_id = request.principal->member_id;
      }
      EMPORION_ASSIGN_OR_RETURN(ctx.price_lists, deps_.pricing.RankedPriceLists(pricing_context));
    }
    return ctx;
  }

  StorefrontDeps deps_;
  std::mutex mutex_;
  // id -> (expires, store); a null store caches "not found". GUARDED_BY(mutex_)
  std::unordered_map<std::string, std::pair<Timestamp, std::shared_ptr<const StoreView>>> stores_;
};

void RegisterSchemas(http::Router& router) {
  router.AddSchema(
      "StorefrontPrice",
      R"({"type":["object","null"],"description":"The shopper's price: the first of the shopper's price lists (pricing's ranking for the store, catalog, currency and shopper, now) that has a price for quantity 1; null when none has","required":["currency","list","sale"],"properties":{"currency":{"type":"string"},"list":{"type":"number"},"sale":{"type":["number","null"]}}})");
  router.AddSchema(
      "StorefrontAvailability",
      R"({"type":"object","description":"Available quantity (in stock minus reserved) summed over the store's fulfillment centers","required":["available","inStock"],"properties":{"available":{"type":"integer"},"inStock":{"type":"boolean"}}})");
  router.AddSchema(
      "StorefrontVariation",
      R"({"type":"object","required":["id","code","name","price","availability"],"properties":{"id":{"type":"string"},"code":{"type":["string","null"]},"name":{"type":"string"},"price":{"$ref":"#/components/schemas/StorefrontPrice"},"availability":{"$ref":"#/components/schemas/StorefrontAvailability"}}})");
  router.AddSchema(
      "StorefrontProduct",
      R"({"type":"object","required":["id","code","name","image","price","availability","variations","properties"],"properties":{"id":{"type":"string"},"code":{"type":["string","null"]},"name":{"type":"string","description":"In the request's language"},"image":{"type":["string","null"],"description":"First image URL"},"price":{"$ref":"#/components/schemas/StorefrontPrice"},"availability":{"$ref":"#/components/schemas/StorefrontAvailability"},"variations":{"type":"array","items":{"$ref":"#/components/schemas/StorefrontVariation"}},"properties":{"type":"array","items":{"type":"object","properties":{"name":{"type":["string","null"]},"value":{"description":"In the request's language","oneOf":[{"type":"string"},{"type":"array","items":{"type":"string"}}]}}}}}})");
  router.AddSchema(
      "StorefrontFacet",
      R"({"type":"object","required":["name","type","values"],"properties":{"name":{"type":"string"},"type":{"type":"string","enum":["terms","range"]},"values":{"type":"array","items":{"type":"object","required":["value","label","count"],"properties":{"value":{"type":"string","description":"A term, or a range as from-to, to exclusive, * for open"},"label":{"type":"string"},"count":{"type":"integer"}}}}}})");
  router.AddSchema(
      "StorefrontProductSearchResult",
      R"({"type":"object","required":["items","total","facets"],"properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/StorefrontProduct"}},"total":{"type":"integer"},"facets":{"type":"array","items":{"$ref":"#/components/schemas/StorefrontFacet"}}}})");
  router.AddSchema(
      "StorefrontCategorySearchResult",
      R"({"type":"object","required":["items","total"],"properties":{"items":{"type":"array","items":{"type":"object","properties":{"id":{"type":"string"},"code":{"type":["string","null"]},"name":{"type":"string"},"parentId":{"type":["string","null"]},"path":{}}}},"total":{"type":"integer"}}})");
  router.AddSchema(
      "StorefrontSuggestions",
      R"({"type":"object","required":["items"],"properties":{"items":{"type":"array","items":{"type":"object","required":["text","count"],"properties":{"text":{"type":"string"},"count":{"type":"integer"}}}}}})");
}

std::vector<http::QueryParamSpec> StoreParams() {
  return {{"language", "string", "One of the store's languages; default: the store's default", false},
          {"currency", "string", "One of the store's currencies; default: the store's default", false}};
}

std::vector<http::QueryParamSpec> SearchParams() {
  std::vector<http::QueryParamSpec> out = {
      {"q", "string", "Keywords (prefix on the last word, one typo from 5 letters)", false},
      {"filter", "string",
       "Filter language: color:red,blue price:[10 TO 50) brand:\"Acme\" !x:y (a:b OR c:d); "
       "aliases sku, category, category.subtree, properties.<x>; price is the shopper's price",
       false},
      {"sort", "string",
       "field:asc|desc,... with relevance, name, price, priority, createdAt or any number, date "
       "or keyword field",
       false},
      {"limit", "integer", "1..1000, default 20", false},
      {"offset", "integer", ">= 0", false},
  };
  for (auto& p : StoreParams()) out.push_back(std::move(p));
  return out;
}

}  // namespace

void RegisterStorefrontRoutes(http::Router& router, const StorefrontDeps& deps) {
  RegisterSchemas(router);
  auto storefront = std::make_shared<Storefront>(deps);
  const std::string base = "/api/v1/storefront/stores/{storeId}";
  const std::string auth_note =
      " Anonymous where the store allows it (settings.allowAnonymousAccess), else 401 without a "
      "token; a token of a user linked to a customer prices with that customer's groups. 404 for "
      "an unknown store; 400 for a language or currency the store does not have.";

  http::RouteSpec products;
  products.method = http::Verb::get;
  products.path = base + "/products";
  products.permission = std::string(http::kPublic);
  products.tag = "storefront";
  products.summary = "Search the store's products";
  products.description =
      "Main products of the store's catalog (virtual or physical) that are active, buyable and "
      "in their date window, with their variations, names and property values in the request's "
      "language, the shopper's price and availability in the store's fulfillment centers. price "
      "in filter, facets and sort is the shopper's effective price." +
      auth_note;
  products.response_schema = R"({"$ref":"#/components/schemas/StorefrontProductSearchResult"})";
  products.query = SearchParams();
  products.query.push_back(
      {"facets", "string",
       "Comma list: keyword fields are term facets; price (the shopper's price) and number "
       "fields are range facets, bucketed by priceRanges or ranges.<facet>=a,b,c (ascending "
       "bounds; default 0,1,2,5,10,20,50,...,1000)",
       false});
  products.query.push_back({"priceRanges", "string",
                            "Price facet bucket bounds, ascending (default "
                            "0,10,25,50,100,250,500,1000)",
                            false});
  products.short_read = true;
  products.handler = [storefront](http::Request& r) { return storefront->Products(r); };
  router.Add(std::move(products));

  http::RouteSpec categories;
  categories.method = http::Verb::get;
  categories.path = base + "/categories";
  categories.permission = std::string(http::kPublic);
  categories.tag = "storefront";
  categories.summary = "Search the store's categories";
  categories.description = "Categories of the store's catalog, names in the request's language." +
                           auth_note;
  categories.response_schema =
      R"({"$ref":"#/components/schemas/StorefrontCategorySearchResult"})";
  categories.query = SearchParams();
  categories.short_read = true;
  categories.handler = [storefront](http::Request& r) { return storefront->Categories(r); };
  router.Add(std::move(categories));

  http::RouteSpec suggestions;
  suggestions.method = http::Verb::get;
  suggestions.path = base + "/products/suggestions";
  suggestions.permission = std::string(http::kPublic);
  suggestions.tag = "storefront";
  suggestions.summary = "Complete what the shopper typed";
  suggestions.description =
      "Completions of the last word of q over the store's visible products, with the number of "
      "products each would find." +
      auth_note;
  suggestions.response_schema = R"({"$ref":"#/components/schemas/StorefrontSuggestions"})";
  suggestions.query = StoreParams();
  suggestions.query.push_back({"q", "string", "What the shopper typed so far", false});
  suggestions.query.push_back({"limit", "integer", "1..50, default 10", false});
  suggestions.short_read = true;
  suggestions.handler = [storefront](http::Request& r) { return storefront->Suggestions(r); };
  router.Add(std::move(suggestions));
}

}  // namespace emporion::search_module
