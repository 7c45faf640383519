// catalog_gen: writes a generated catalog as JSON Lines (the import format) to stdout,
// deterministically from a seed, streaming (constant memory at any size).
//   catalog_gen --products N [--seed S] [--catalog-id ID] [--sku-prefix P] [--no-virtual]
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "modules/catalog/demo/generator.hpp"

int main(int argc, char** argv) {
  emporion::catalog::demo::GeneratorOptions o;
  bool no_virtual = false;
  CLI::App app{"catalog_gen: a deterministic generated catalog as JSON Lines on stdout"};
  app.add_option("--products", o.products, "product rows, variations included (up to 1,000,000+)")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{100'000'000}));
  app.add_option("--seed", o.seed, "random seed (same seed, same file)");
  app.add_option("--catalog-id", o.catalog_id, "id of the physical catalog");
  app.add_option("--catalog-name", o.catalog_name, "name of the physical catalog");
  app.add_option("--sku-prefix", o.sku_prefix, "SKU prefix");
  app.add_option("--variations", o.variations_per_product, "variations per main product")
      ->check(CLI::Range(0, 50));
  app.add_flag("--no-virtual", no_virtual, "no virtual catalog");
  CLI11_PARSE(app, argc, argv);
  o.virtual_catalog = !no_virtual;
  std::ios::sync_with_stdio(false);
  static char buffer[1 << 20];
  std::cout.rdbuf()->pubsetbuf(buffer, sizeof buffer);
  const auto lines = emporion::catalog::demo::GenerateCatalog(o, std::cout);
  std::cout.flush();
  std::fprintf(stderr, "catalog_gen: %lld lines\n", static_cast<long long>(lines));
  return std::cout ? 0 : 1;
}
