#include "modules/search/api/storefront_query.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <charconv>
#include <limits>
#include <optional>
#include <utility>

#include "modules/search/indexing/product_documents.hpp"
#include "platform/core/decimal.hpp"
#include "platform/core/text.hpp"

namespace emporion::search_module {
namespace {

constexpr std::uint32_t kMaxLimit = 1000;
constexpr std::uint32_t kTermsFacetSize = 20;
constexpr const char* kVisibilityKeywords[] = {"catalog", "type", "active", "buyable"};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) {
    s.remove_prefix(1);
  }
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) {
    s.remove_suffix(1);
  }
  return s;
}

/// Comma-separated, trimmed, empty entries dropped; repeated parameters are concatenated.
std::vector<std::string> ListParam(const http::Request& request, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& v : request.QueryAll(name)) {
    std::size_t start = 0;
    while (start <= v.size()) {
      const std::size_t comma = std::min(v.find(',', start), v.size());
      std::string_view item = Trim(std::string_view(v).substr(start, comma - start));
      if (!item.empty()) out.emplace_back(item);
      start = comma + 1;
    }
  }
  return out;
}

Result<std::uint32_t> UintParam(const http::Request& request, std::string_view name,
                                std::uint32_t fallback, std::uint32_t min, std::uint32_t max) {
  auto v = request.Query(name);
  if (!v || v->empty()) return fallback;
  std::uint64_t n = 0;
  const char* end = v->data() + v->size();
  auto [ptr, ec] = std::from_chars(v->data(), end, n);
  if (ec != std::errc() || ptr != end || n < min || n > max) {
    return Error::InvalidField(std::string(name), "must be an integer from " +
                                                      std::to_string(min) + " to " +
                                                      std::to_string(max));
  }
  return static_cast<std::uint32_t>(n);
}

search::Filter Terms(std::string field, std::string value) {
  search::Filter f;
  f.kind = search::Filter::Kind::kTerms;
  f.field = std::move(field);
  f.values.push_back(std::move(value));
  return f;
}

std::string FormatAmount(std::int64_t scaled) {
  return Decimal::FromRaw(scaled).ToString();
}

std::vector<search::FacetRequest::Range> Buckets(const std::vector<std::int64_t>& bounds) {
  std::vector<search::FacetRequest::Range> out;
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    search::FacetRequest::Range r;
    r.from = bounds[i];
    if (i + 1 < bounds.size()) {
      r.to = bounds[i + 1];
      r.label = FormatAmount(bounds[i]) + "-" + FormatAmount(bounds[i + 1]);
    } else {
      r.label = FormatAmount(bounds[i]) + "-*";
    }
    out.push_back(std::move(r));
  }
  return out;
}

/// Ascending non-negative decimals, scaled; 400 naming `param` otherwise.
Result<std::vector<std::int64_t>> Bounds(const std::vector<std::string>& items,
                                         const std::string& param) {
  std::vector<std::int64_t> out;
  for (const auto& r : items) {
    auto d = Decimal::Parse(r);
    if (!d || d->IsNegative()) {
      return Error::InvalidField(param, "'" + r + "' is not a non-negative decimal");
    }
    if (!out.empty() && d->raw() <= out.back()) {
      return Error::InvalidField(param, "bounds must be ascending");
    }
    out.push_back(d->raw());
  }
  return out;
}

Result<std::vector<search::FacetRequest>> Facets(const ProductSearchParams& params,
                                                 const KindOfField& kind_of) {
  std::vector<search::FacetRequest> out;
  for (const auto& name : params.facets) {
    const search::ResolvedField field = ResolveProductField(name, kind_of);
    search::FacetRequest f;
    f.name = name;
    f.field = field.field;
    if (field.field == kEffectivePrice) {
      f.type = search::FacetRequest::Type::kRange;
      f.ranges = Buckets(params.price_ranges);
    } else if (field.kind == search::FieldKind::kNumber) {
      f.type = search::FacetRequest::Type::kRange;
      auto given = params.ranges.find(name);
      f.ranges = Buckets(given != params.ranges.end() ? given->second : DefaultNumberRanges());
    } else if (field.kind == search::FieldKind::kKeyword) {
      f.type = search::FacetRequest::Type::kTerms;
      f.size = kTermsFacetSize;
    } else if (field.kind == search::FieldKind::kUnknown) {
      return Error::InvalidField("facets", "unknown facet field '" + name + "'");
    } else {
      return Error::InvalidField("facets", "'" + name +
                                               "' is neither a keyword nor a number field");
    }
    if (std::any_of(out.begin(), out.end(),
                    [&](const search::FacetRequest& o) { return o.name == f.name; })) {
      continue;
    }
    out.push_back(std::move(f));
  }
  return out;
}

Result<std::vector<search::SortKey>> Sorts(const ProductSearchParams& params,
                                           const StorefrontContext& ctx,
                                           const KindOfField& kind_of) {
  std::vector<search::SortKey> out;
  for (const auto& s : params.sort) {
    search::SortKey key;
    key.descending = s.descending;
    if (s.field == "relevance") {
      key.field.clear();
    } else if (s.field == "name") {
      key.field = NameSortField(ctx.language, kind_of);
    } else {
      const search::ResolvedField field = ResolveProductField(s.field, kind_of);
      if (field.kind == search::FieldKind::kUnknown || field.kind == search::FieldKind::kText) {
        return Error::InvalidField("sort", "cannot sort by '" + s.field + "'");
      }
      key.field = field.field;
    }
    out.push_back(std::move(key));
  }
  return out;
}

search::Filter AndOf(std::vector<search::Filter> children) {
  search::Filter f;
  f.kind = search::Filter::Kind::kAnd;
  f.children = std::move(children);
  return f;
}

/// Appends the user's filter to the top-level AND clause by clause: the engine counts a facet
/// disjunctively by leaving out the top-level clauses on the facet's own field.
void AddClauses(search::Filter& all, search::Filter user) {
  if (user.kind == search::Filter::Kind::kAll) return;
  if (user.kind == search::Filter::Kind::kAnd) {
    for (auto& c : user.children) AddClauses(all, std::move(c));
    return;
  }
  all.children.push_back(std::move(user));
}

}  // namespace

const std::vector<std::int64_t>& DefaultPriceRanges() {
  static const std::vector<std::int64_t> kRanges = [] {
    std::vector<std::int64_t> v;
    for (std::int64_t units : {0, 10, 25, 50, 100, 250, 500, 1000}) {
      v.push_back(units * search::kNumberScale);
    }
    return v;
  }();
  return kRanges;
}

const std::vector<std::int64_t>& DefaultNumberRanges() {
  static const std::vector<std::int64_t> kRanges = [] {
    std::vector<std::int64_t> v;
    for (std::int64_t units : {0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000}) {
      v.push_back(units * search::kNumberScale);
    }
    return v;
  }();
  return kRanges;
}

Result<ProductSearchParams> ParseProductSearchParams(const http::Request& request) {
  ProductSearchParams p;
  p.q = std::string(Trim(request.Query("q").value_or("")));
  p.filter = request.Query("filter").value_or("");
  p.facets = ListParam(request, "facets");
  for (const auto& item : ListParam(request, "sort")) {
    ProductSearchParams::Sort s;
    const auto colon = item.find(':');
    s.field = std::string(Trim(std::string_view(item).substr(0, colon)));
    if (colon != std::string::npos) {
      const std::string dir = AsciiLower(Trim(std::string_view(item).substr(colon + 1)));
      if (dir == "desc") {
        s.descending = true;
      } else if (dir != "asc") {
        return Error::InvalidField("sort", "direction of '" + s.field + "' must be asc or desc");
      }
    }
    if (s.field.empty()) return Error::InvalidField("sort", "a sort key names no field");
    p.sort.push_back(std::move(s));
  }
  const auto ranges = ListParam(request, "priceRanges");
  if (ranges.empty()) {
    p.price_ranges = DefaultPriceRanges();
  } else {
    EMPORION_ASSIGN_OR_RETURN(p.price_ranges, Bounds(ranges, "priceRanges"));
  }
  for (const auto& [name, value] : request.query) {
    if (name.size() <= 7 || name.compare(0, 7, "ranges.") != 0) continue;
    EMPORION_ASSIGN_OR_RETURN(auto bounds, Bounds(ListParam(request, name), name));
    if (!bounds.empty()) p.ranges[name.substr(7)] = std::move(bounds);
  }
  EMPORION_ASSIGN_OR_RETURN(p.limit, UintParam(request, "limit", 20, 1, kMaxLimit));
  EMPORION_ASSIGN_OR_RETURN(
      p.offset, UintParam(request, "offset", 0, 0, std::numeric_limits<std::int32_t>::max()));
  return p;
}

search::ResolvedField ResolveProductField(std::string_view name, const KindOfField& kind_of) {
  FieldResolverOptions options;
  options.price_field = std::string(kEffectivePrice);
  search::ResolvedField field = ResolveField(kind_of, kProductType, name, options);
  if (field.field.empty()) return {std::string(name), search::FieldKind::kUnknown};
  return field;
}

std::string NameSortField(const std::string& language, const KindOfField& kind_of) {
  const std::string full = "sort.name." + language;
  if (kind_of(full) != search::FieldKind::kUnknown) return full;
  for (std::string candidate :
       {"sort.name." + AsciiLower(language), "sort.name." + AnalyzerLanguage(language)}) {
    if (kind_of(candidate) != search::FieldKind::kUnknown) return candidate;
  }
  return full;
}


bool IndexHoldsVisibleProducts(const KindOfField& kind_of) {
  return std::all_of(std::begin(kVisibilityKeywords), std::end(kVisibilityKeywords),
                     [&](const char* f) { return kind_of(f) == search::FieldKind::kKeyword; });
}

search::Filter VisibleProductsFilter(const StorefrontContext& ctx, const KindOfField& kind_of) {
  std::vector<search::Filter> all;
  all.push_back(Terms("catalog", ctx.catalog_id));
  all.push_back(Terms("type", "product"));
  all.push_back(Terms("active", "true"));
  all.push_back(Terms("buyable", "true"));
  if (kind_of("startDate") == search::FieldKind::kDate) {
    search::Filter started;
    started.kind = search::Filter::Kind::kRange;
    started.field = "startDate";
    started.upper = search::Filter::Bound{ctx.now_millis, true};
    all.push_back(std::move(started));
  }
  if (kind_of("endDate") == search::FieldKind::kDate) {
    search::Filter not_ended;
    not_ended.kind = search::Filter::Kind::kRange;
    not_ended.field = "endDate";
    not_ended.lower = search::Filter::Bound{ctx.now_millis, false};
    all.push_back(std::move(not_ended));
  }
  return AndOf(std::move(all));
}

Result<search::Query> BuildProductQuery(const ProductSearchParams& params,
                                        const StorefrontContext& ctx,
                                        const KindOfField& kind_of) {
  search::Query q;
  q.text = params.q;
  q.language = AnalyzerLanguage(ctx.language);
  q.filter = VisibleProductsFilter(ctx, kind_of);
  if (!Trim(params.filter).empty()) {
    auto user = search::ParseFilter(params.filter, [&](std::string_view name) {
      return ResolveProductField(name, kind_of);
    });
    if (!user.ok()) {
      const Error& e = user.error();
      return Error::InvalidField("filter", e.detail());
    }
    AddClauses(q.filter, std::move(*user));
  }
  search::ComputedNumber price;
  price.name = std::string(kEffectivePrice);
  for (const auto& list : ctx.price_lists) price.fields.push_back("price." + list);
  q.computed.push_back(std::move(price));
  EMPORION_ASSIGN_OR_RETURN(q.facets, Facets(params, kind_of));
  // Selected values are answered even when not among the most frequent.
  for (auto& facet : q.facets) {
    if (facet.type != search::FacetRequest::Type::kTerms) continue;
    for (const auto& clause : q.filter.children) {
      if (clause.kind == search::Filter::Kind::kTerms && clause.field == facet.field) {
        for (const auto& v : clause.values) facet.include.push_back(v);
      }
    }
  }
  EMPORION_ASSIGN_OR_RETURN(q.sort, Sorts(params, ctx, kind_of));
  q.offset = params.offset;
  q.limit = params.limit;
  return q;
}

Result<search::Query> BuildCategoryQuery(const ProductSearchParams& params,
                                         const StorefrontContext& ctx,
                                         const KindOfField& kind_of) {
  search::Query q;
  q.text = params.q;
  q.language = AnalyzerLanguage(ctx.language);
  q.filter = AndOf({Terms("catalog", ctx.catalog_id)});
  if (!Trim(params.filter).empty()) {
    auto user = search::ParseFilter(params.filter, [&](std::string_view name) {
      return search::ResolvedField{std::string(name), kind_of(name)};
    });
    if (!user.ok()) return Error::InvalidField("filter", user.error().detail());
    AddClauses(q.filter, std::move(*user));
  }
  for (const auto& s : params.sort) {
    search::SortKey key;
    key.descending = s.descending;
    if (s.field == "name") {
      key.field = NameSortField(ctx.language, kind_of);
    } else if (s.field != "relevance") {
      const search::FieldKind kind = kind_of(s.field);
      if (kind == search::FieldKind::kUnknown || kind == search::FieldKind::kText) {
        return Error::InvalidField("sort", "cannot sort by '" + s.field + "'");
      }
      key.field = s.field;
    }
    q.sort.push_back(std::move(key));
  }
  q.offset = params.offset;
  q.limit = params.limit;
  return q;
}

search::SuggestQuery BuildSuggestQuery(std::string text, std::uint32_t limit,
                                       const StorefrontContext& ctx, const KindOfField& kind_of) {
  search::SuggestQuery q;
  q.text = std::move(text);
  q.language = AnalyzerLanguage(ctx.language);
  q.filter = VisibleProductsFilter(ctx, kind_of);
  q.limit = limit;
  return q;
}

}  // namespace emporion::search_module
