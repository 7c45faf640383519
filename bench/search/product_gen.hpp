// ProductGenerator: deterministic synthetic products for the search benchmark, shaped like the
// product documents the search module indexes (names and descriptions in "en" and "de", code,
// GTIN, brand, 10 filterable properties, category outlines, active/buyable, date window, three
// price lists, two fulfillment centers, a compact stored JSON). No dependency on the modules.
//
// Field names follow the product document of src/modules/search/README.md (`name`,
// `description`, `gtin` as text; `code`, `brand`, `__outline`, `category`, `catalog`,
// `available_in`, properties as keywords; `price.<priceListId>`, `available.<fcId>` as numbers),
// except the text copies of code and brand (kCodeText, kBrandText).
//
// Product i is a pure function of (seed, i): any product can be regenerated on its own, so the
// benchmark streams N products in batches instead of holding them all, and the engine and the
// SQLite baseline see exactly the same data.
//
// Vocabulary words are built from syllables and always end in a vowel (a, o, u) and one of
// k x b d g p m. Neither the Snowball stemmers (English, German) nor SQLite's porter stemmer
// strip such endings, so both systems index a vocabulary word as itself; that makes the exact
// total comparison between the engine and FTS5 meaningful.
//
// Thread-safety: a constructed generator is immutable; Make() may be called concurrently.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "emporion/search/engine.hpp"

namespace emporion::bench {

/// splitmix64: the seed mixer and the stream for one product.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31U);
  }
  /// Uniform in [0, n) (Lemire's multiply-shift on the high 32 bits).
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(((Next() >> 32U) * n) >> 32U); }
  /// Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11U) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }

 private:
  uint64_t state_;
};

/// Zipf(s) over ranks 0..n-1 (rank 0 the most frequent), sampled by binary search on the CDF.
class Zipf {
 public:
  Zipf(uint32_t n, double s);
  uint32_t Sample(Rng& rng) const;
  [[nodiscard]] uint32_t size() const { return static_cast<uint32_t>(cdf_.size()); }

 private:
  std::vector<double> cdf_;
};

/// One generated product, typed (the SQLite loader reads these fields; ToDocument maps them).
struct Product {
  uint64_t number = 0;  // 0..N-1
  std::string id;
  std::string code;
  std::string gtin;
  std::string name_en, name_de;
  std::string description_en, description_de;
  std::string brand;
  // The 8 keyword properties, in the order of ProductGenerator::PropertyNames().
  std::vector<std::string> properties;
  int64_t weight = 0;                  // grams, scaled by kNumberScale
  std::optional<int64_t> screen_size;  // inches, scaled
  // Main catalog outline paths: "main/c3", "main/c3/c3-5", "main/c3/c3-5/c3-5-2" (the leaf), and
  // the category ids on them ("c3", "c3-5", "c3-5-2").
  std::string category_l1, category_l2, category_path;
  std::string category_id_l1, category_id_l2, category_id_l3;
  std::optional<std::string> outlet_category;     // virtual catalog path "outlet/o7" (10%)
  std::optional<std::string> outlet_category_id;  // "o7"
  bool active = true;
  bool buyable = true;
  std::optional<int64_t> start_date, end_date;  // epoch millis
  int64_t created_at = 0;
  std::optional<int64_t> price_pl1, price_pl2, price_pl3;  // scaled by kNumberScale
  int64_t available_fc1 = 0, available_fc2 = 0;            // stock, scaled
  int64_t priority = 0;                                    // scaled
  std::string stored;                                      // compact JSON

  /// The effective price of the benchmark's shopper: first of pl3 (sale), pl2, pl1.
  [[nodiscard]] std::optional<int64_t> EffectivePrice() const {
    if (price_pl3) return price_pl3;
    if (price_pl2) return price_pl2;
    return price_pl1;
  }
};

class ProductGenerator {
 public:
  explicit ProductGenerator(uint64_t seed);

  [[nodiscard]] Product Make(uint64_t number) const;
  [[nodiscard]] static search::Document ToDocument(const Product& p);

  /// Name and description vocabulary of a language ("en" or "de"), most frequent first.
  [[nodiscard]] const std::vector<std::string>& Words(const std::string& language) const;
  /// Product nouns of a language, per top-level category (kTopCategories x kNounsPerTop).
  [[nodiscard]] const std::vector<std::string>& Nouns(const std::string& language) const;
  [[nodiscard]] const std::vector<std::string>& Brands() const { return brands_; }
  [[nodiscard]] static const std::vector<std::string>& PropertyNames();
  [[nodiscard]] static const std::vector<std::string>& PropertyValues(size_t property);
  /// Category paths: level 1 ("main/c3") and level 2 ("main/c3/c3-5").
  [[nodiscard]] std::vector<std::string> CategoriesL1() const;
  [[nodiscard]] std::vector<std::string> CategoriesL2() const;

  static constexpr uint32_t kVocabularySize = 3000;
  static constexpr uint32_t kBrands = 200;
  static constexpr uint32_t kTopCategories = 8;
  static constexpr uint32_t kFanOut = 8;  // 8 x 8 x 8 = 512 leaf categories
  static constexpr uint32_t kNounsPerTop = 5;
  static constexpr uint32_t kNameWords = 4;  // + brand + noun = 6 words
  static constexpr uint32_t kDescriptionWords = 25;
  /// The module's schema names `code` and `brand` both text and keyword fields; the embedded
  /// engine gives a field name one kind, so their text copies get names of their own.
  static constexpr const char* kCodeText = "code_text";
  static constexpr const char* kBrandText = "brand_text";
  static constexpr int64_t kNowMillis = 1795824000000;  // 2026-11-28T00:00:00Z

 private:
  uint64_t seed_;
  std::vector<std::string> words_en_, words_de_;
  std::vector<std::string> nouns_en_, nouns_de_;
  std::vector<std::string> brands_;
  Zipf word_zipf_;
  Zipf brand_zipf_;
  Zipf leaf_zipf_;
  std::vector<uint32_t> leaf_order_;  // Zipf rank -> leaf index (big leaves spread over the tree)
};

}  // namespace emporion::bench
