#include "query_mix.hpp"

#include <algorithm>
#include <map>

namespace emporion::bench {

namespace {

using search::Filter;
using search::kNumberScale;

constexpr int64_t kEuro = kNumberScale;

size_t Letters(const std::string& w) {
  size_t n = 0;
  for (const char c : w) n += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
  return n;
}

// The first `n` letters (code points) of a UTF-8 word.
std::string FirstLetters(const std::string& w, size_t n) {
  size_t letters = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    if ((static_cast<unsigned char>(w[i]) & 0xC0U) != 0x80U && letters++ == n)
      return w.substr(0, i);
  }
  return w;
}

// Query words: vocabulary ranks 20.. (the 20 most frequent words behave like stop words),
// Zipf 0.8, so most queries name a mid-frequency word and some a very common one.
std::string PickWord(const ProductGenerator& gen, const std::string& lang, Rng& rng,
                     const Zipf& zipf) {
  return gen.Words(lang)[20 + zipf.Sample(rng)];
}

// One substitution at an ASCII letter inside the word (never the first letter).
std::string WithTypo(const std::string& w, Rng& rng) {
  std::vector<size_t> positions;
  for (size_t i = 1; i < w.size(); ++i) {
    if (w[i] >= 'a' && w[i] <= 'z') positions.push_back(i);
  }
  if (positions.empty()) return w;
  std::string t = w;
  const size_t at = positions[rng.Below(static_cast<uint32_t>(positions.size()))];
  char c = w[at];
  while (c == w[at]) c = static_cast<char>('a' + rng.Below(26));
  t[at] = c;
  return t;
}

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

void PickFilters(const ProductGenerator& gen, Rng& rng, QuerySpec& q) {
  static const std::vector<std::string> l1 = gen.CategoriesL1();
  static const std::vector<std::string> l2 = gen.CategoriesL2();
  q.outline = rng.Chance(0.6) ? l1[rng.Below(static_cast<uint32_t>(l1.size()))]
                              : l2[rng.Below(static_cast<uint32_t>(l2.size()))];
  const double u = rng.Unit();
  if (u < 0.4) {
    q.second = QuerySpec::Second::kAvailableFc1;
    q.second_value = "fc1";
  } else if (u < 0.7) {
    q.second = QuerySpec::Second::kColor;
    const auto& colors = ProductGenerator::PropertyValues(0);
    q.second_value = colors[rng.Below(static_cast<uint32_t>(colors.size()))];
  } else {
    q.second = QuerySpec::Second::kBrand;
    static const Zipf brand_zipf(ProductGenerator::kBrands, 0.8);
    q.second_value = gen.Brands()[brand_zipf.Sample(rng)];
  }
  static const int64_t froms[] = {0, 10 * kEuro, 25 * kEuro, 50 * kEuro};
  static const std::optional<int64_t> tos[] = {100 * kEuro, 250 * kEuro, 1000 * kEuro,
                                               std::nullopt};
  q.price_from = froms[rng.Below(4)];
  q.price_to = tos[rng.Below(4)];
  q.descending = rng.Chance(0.3);
}

Filter Terms(std::string field, std::string value) {
  Filter f;
  f.kind = Filter::Kind::kTerms;
  f.field = std::move(field);
  f.values = {std::move(value)};
  return f;
}

}  // namespace

std::string QuerySpec::Text() const {
  std::string s;
  for (const auto& w : typed) s += (s.empty() ? "" : " ") + w;
  return s;
}

std::string QuerySpec::Describe() const {
  static const char* seconds[] = {"available_in", "color", "brand"};
  std::string s = "q=\"" + Text() + "\"";
  if (has_typo || last_is_fragment) {
    std::string in;
    for (const auto& w : intended) in += (in.empty() ? "" : " ") + w;
    s += " (fts5: \"" + in + "\")";
  }
  s += " lang=" + language + " __outline:" + outline + " " + seconds[static_cast<int>(second)] +
       ":" + second_value + " price:[" + std::to_string(price_from / kEuro) + " TO " +
       (price_to ? std::to_string(*price_to / kEuro) : std::string("*")) + ") sort=price" +
       (descending ? " desc" : "") + (exact ? " exact" : "");
  return s;
}

const std::vector<PriceBucket>& PriceBuckets() {
  static const std::vector<PriceBucket> b = {{"0-25", std::nullopt, 25 * kEuro},
                                             {"25-50", 25 * kEuro, 50 * kEuro},
                                             {"50-100", 50 * kEuro, 100 * kEuro},
                                             {"100-250", 100 * kEuro, 250 * kEuro},
                                             {"250-", 250 * kEuro, std::nullopt}};
  return b;
}

const std::vector<TermFacet>& TermFacets() {
  static const std::vector<TermFacet> f = {{"brand", "brand"},
                                           {"color", "color"},
                                           {"size", "size"},
                                           {"material", "material"},
                                           {"category", "category"}};
  return f;
}

std::vector<QuerySpec> MakeQueryMix(const ProductGenerator& gen, uint64_t seed, size_t count) {
  Rng rng(seed);
  const Zipf zipf(ProductGenerator::kVocabularySize - 20, 0.8);
  std::vector<QuerySpec> out;
  out.reserve(count);
  while (out.size() < count) {
    QuerySpec q;
    q.language = rng.Chance(0.6) ? "en" : "de";
    const uint32_t words = rng.Chance(0.6) ? 1 : 2;
    for (uint32_t i = 0; i < words; ++i) {
      const std::string w = PickWord(gen, q.language, rng, zipf);
      q.typed.push_back(w);
      q.intended.push_back(w);
    }
    const double kind = rng.Unit();
    if (kind < 0.25) {  // a product noun as the last word: "kalobux jacket"
      const auto& nouns = gen.Nouns(q.language);
      const std::string n = Lower(nouns[rng.Below(static_cast<uint32_t>(nouns.size()))]);
      q.typed.back() = n;
      q.intended.back() = n;
    } else if (kind < 0.40) {  // typing in progress: the last word is a prefix of 3-5 letters
      const std::string& w = q.intended.back();
      const size_t len = 3 + rng.Below(3);
      if (Letters(w) >= len + 2) {
        q.typed.back() = FirstLetters(w, len);
        q.intended.back() = q.typed.back();
        q.last_is_fragment = true;
      }
    } else if (kind < 0.55) {  // one typo in a word of 5 letters or more
      const size_t i = rng.Below(static_cast<uint32_t>(q.typed.size()));
      if (Letters(q.typed[i]) >= 5) {
        q.typed[i] = WithTypo(q.typed[i], rng);
        q.has_typo = q.typed[i] != q.intended[i];
      }
    }
    PickFilters(gen, rng, q);
    out.push_back(std::move(q));
  }
  return out;
}

std::vector<QuerySpec> MakeCheckQueries(const ProductGenerator& gen, uint64_t seed, size_t count) {
  Rng rng(seed);
  const Zipf zipf(ProductGenerator::kVocabularySize - 20, 0.8);
  std::vector<QuerySpec> out;
  while (out.size() < count) {
    QuerySpec q;
    q.exact = true;
    q.language = rng.Chance(0.5) ? "en" : "de";
    const uint32_t words = rng.Chance(0.6) ? 1 : 2;
    for (uint32_t i = 0; i < words; ++i) {
      const std::string w = PickWord(gen, q.language, rng, zipf);
      q.typed.push_back(w);
      q.intended.push_back(w);
    }
    PickFilters(gen, rng, q);
    out.push_back(std::move(q));
  }
  return out;
}

search::Query ToEngineQuery(const QuerySpec& spec) {
  static const char* second_fields[] = {"available_in", "color", "brand"};
  search::Query q;
  q.text = spec.Text();
  q.language = spec.language;
  q.prefix = !spec.exact;
  q.typos = !spec.exact;

  Filter all;
  all.kind = Filter::Kind::kAnd;
  all.children.push_back(Terms("active", "true"));
  all.children.push_back(Terms("buyable", "true"));
  all.children.push_back(Terms("__outline", spec.outline));
  all.children.push_back(Terms(second_fields[static_cast<int>(spec.second)], spec.second_value));
  Filter price;
  price.kind = Filter::Kind::kRange;
  price.field = "price";
  price.lower = Filter::Bound{spec.price_from, true};
  if (spec.price_to) price.upper = Filter::Bound{*spec.price_to, false};
  all.children.push_back(std::move(price));
  q.filter = std::move(all);

  q.computed = {{"price", {"price.pl3", "price.pl2", "price.pl1"}}};
  for (const auto& f : TermFacets()) {
    search::FacetRequest r;
    r.name = f.name;
    r.field = f.field;
    r.type = search::FacetRequest::Type::kTerms;
    r.size = kFacetSize;
    q.facets.push_back(std::move(r));
  }
  search::FacetRequest range;
  range.name = "price";
  range.field = "price";
  range.type = search::FacetRequest::Type::kRange;
  for (const auto& b : PriceBuckets()) range.ranges.push_back({b.label, b.from, b.to});
  q.facets.push_back(std::move(range));
  q.sort = {{"price", spec.descending}};
  q.offset = 0;
  q.limit = kPageSize;
  return q;
}

Answer FromEngine(const search::SearchResult& result) {
  Answer a;
  a.total = result.total;
  a.facets.resize(TermFacets().size() + 1);
  for (const auto& f : result.facets) {
    size_t slot = TermFacets().size();
    for (size_t i = 0; i < TermFacets().size(); ++i) {
      if (TermFacets()[i].name == f.name) slot = i;
    }
    for (const auto& v : f.values) {
      if (slot == TermFacets().size() && v.count == 0) continue;
      a.facets[slot].emplace_back(v.value, v.count);
    }
  }
  for (const auto& h : result.hits) {
    a.page_prices.push_back(h.computed.empty() ? std::nullopt : h.computed[0]);
    a.page_ids.push_back(h.id);
    a.stored_bytes += h.stored.size();
  }
  return a;
}

std::string Diff(const Answer& engine, const Answer& fts) {
  std::string d;
  if (engine.total != fts.total) {
    d += " total: fts5 " + std::to_string(fts.total) + ", engine " + std::to_string(engine.total) +
         ";";
  }
  const auto names = [](size_t i) {
    return i < TermFacets().size() ? TermFacets()[i].name : std::string("price");
  };
  const auto show = [](const std::vector<std::pair<std::string, uint64_t>>& v) {
    std::string s;
    for (size_t i = 0; i < v.size() && i < 6; ++i) {
      s += (i ? " " : "") + v[i].first + "=" + std::to_string(v[i].second);
    }
    if (v.size() > 6) s += " ...(" + std::to_string(v.size()) + ")";
    return s;
  };
  for (size_t i = 0; i < fts.facets.size(); ++i) {
    const auto& e = i < engine.facets.size() ? engine.facets[i]
                                             : std::vector<std::pair<std::string, uint64_t>>{};
    auto f = fts.facets[i];
    auto g = e;
    if (i == TermFacets().size()) {  // the price buckets: order by label for the comparison
      std::sort(f.begin(), f.end());
      std::sort(g.begin(), g.end());
    }
    if (f != g) d += " facet " + names(i) + ": fts5 [" + show(f) + "], engine [" + show(g) + "];";
  }
  if (engine.page_prices != fts.page_prices) {
    const auto show_prices = [](const std::vector<std::optional<int64_t>>& v) {
      std::string s;
      for (size_t i = 0; i < v.size() && i < 5; ++i) {
        s += (i ? " " : "") + (v[i] ? std::to_string(*v[i] / 100) : std::string("-"));
      }
      return s + (v.size() > 5 ? " ...(" + std::to_string(v.size()) + ")" : "");
    };
    d += " page prices (cents): fts5 [" + show_prices(fts.page_prices) + "], engine [" +
         show_prices(engine.page_prices) + "];";
  }
  return d;
}

}  // namespace emporion::bench
