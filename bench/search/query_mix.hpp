// The search benchmark's query mix: one deterministic list of storefront-shaped queries, each
// keyword (1-2 words, sometimes a prefix, sometimes one typo) + category subtree + one more
// filter (availability in fc1, a color or a brand) + visibility (active, buyable) + a range on
// the effective price + 5 term facets + a price range facet + sort by effective price, page 20.
// A QuerySpec says what the user asked; ToEngineQuery and the FTS5 baseline both translate it,
// so the two systems answer the same questions.
//
// Thread-safety: value types; the builders are pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "emporion/search/engine.hpp"
#include "product_gen.hpp"

namespace emporion::bench {

struct QuerySpec {
  enum class Second { kAvailableFc1, kColor, kBrand };

  std::string language;               // "en" or "de"
  std::vector<std::string> typed;     // as the user typed them (a typo, a prefix fragment)
  std::vector<std::string> intended;  // spelled right: what FTS5 gets (it has no typo tolerance)
  bool has_typo = false;
  bool last_is_fragment = false;  // the last word is a prefix of a word, not a word
  /// Check queries: the engine runs with prefix=false and typos=false, FTS5 without `*`, so
  /// both must return exactly the same totals and facets.
  bool exact = false;

  std::string outline;  // "main/c3" or "main/c3/c3-5": a category subtree
  Second second = Second::kAvailableFc1;
  std::string second_value;
  int64_t price_from = 0;           // scaled, inclusive
  std::optional<int64_t> price_to;  // scaled, exclusive; nullopt = open
  bool descending = false;

  [[nodiscard]] std::string Text() const;
  [[nodiscard]] std::string Describe() const;
};

/// The price range facet's buckets (scaled bounds), shared by the engine and the SQL CASE.
struct PriceBucket {
  std::string label;
  std::optional<int64_t> from;
  std::optional<int64_t> to;
};
const std::vector<PriceBucket>& PriceBuckets();

/// The 5 term facets: name and field, in answer order (then the "price" range facet).
struct TermFacet {
  std::string name;
  std::string field;
};
const std::vector<TermFacet>& TermFacets();
inline constexpr uint32_t kFacetSize = 20;
inline constexpr uint32_t kPageSize = 20;

/// `count` mix queries from `seed` (prefixes, typos, nouns, varied filters).
std::vector<QuerySpec> MakeQueryMix(const ProductGenerator& gen, uint64_t seed, size_t count);
/// `count` exact queries (vocabulary words only, no typo, no prefix) for the total comparison.
std::vector<QuerySpec> MakeCheckQueries(const ProductGenerator& gen, uint64_t seed, size_t count);

search::Query ToEngineQuery(const QuerySpec& spec);

/// A normalized answer, for comparing the engine with FTS5.
struct Answer {
  uint64_t total = 0;
  /// Per term facet (TermFacets() order) the (value, count) list, most frequent first, ties by
  /// value; then the price buckets as (label, count) with zero counts left out.
  std::vector<std::vector<std::pair<std::string, uint64_t>>> facets;
  std::vector<std::optional<int64_t>> page_prices;
  std::vector<std::string> page_ids;  // not compared: ties in price may order differently
  size_t stored_bytes = 0;
};
Answer FromEngine(const search::SearchResult& result);
/// Describes the differences ("" = equal).
std::string Diff(const Answer& engine, const Answer& fts);

}  // namespace emporion::bench
