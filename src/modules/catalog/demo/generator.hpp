// A deterministic catalog generator: the same options and seed always give the same JSON Lines
// (the import format, docs/import-format.md), streamed so any size fits in constant memory. The
// demo seed (`--seed demo`) and the benchmarks (bench/gen/catalog_gen) both use it.
//
// What it makes: one physical catalog (en-US, de-DE) with 12 catalog-level properties
// (dictionaries brand, color, size and multivalue material; integer, number, boolean,
// multilanguage long text, regex-validated model, date-time), 124 categories in 3 levels,
// products in groups of one main product and `variations_per_product` color/size variations,
// each product holding 10 property values, images as URLs, en-US and de-DE names and
// descriptions, an SEO slug per main product, a "Related Items" association to the previous
// main product; optionally a virtual catalog linking the first root category and every tenth
// main product. Ids and SKUs are stable: product k is `<catalog_id>-p-<k, 7 digits>` with SKU
// `<sku_prefix>-<k, 7 digits>`. Reentrant.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

namespace emporion::catalog::demo {

struct GeneratorOptions {
  std::int64_t products = 2000;  // product rows, variations included
  std::uint64_t seed = 1;
  std::string catalog_id = "electronics";
  std::string catalog_name = "Electronics";
  std::string sku_prefix = "EL";
  int variations_per_product = 3;
  bool virtual_catalog = true;  // "<catalog_id>-sale"
};

/// Writes the catalog as JSON Lines to `out`; returns the number of lines written.
std::int64_t GenerateCatalog(const GeneratorOptions& options, std::ostream& out);

/// The id of product number `k` (0-based) of a generated catalog.
std::string ProductId(const GeneratorOptions& options, std::int64_t k);
/// The SKU of product number `k`.
std::string ProductSku(const GeneratorOptions& options, std::int64_t k);

}  // namespace emporion::catalog::demo
