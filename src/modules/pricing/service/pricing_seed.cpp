#include "modules/pricing/service/pricing_seed.hpp"

#include <spdlog/spdlog.h>

namespace emporion::pricing {
namespace {

constexpr Timestamp kDay = 86'400'000'000;

Decimal Percent(Decimal amount, int percent) {
  return amount.Multiply(Decimal::FromInt(percent))
      .Divide(Decimal::FromInt(100))
      ->Round(2, RoundingMode::kHalfUp);
}

/// 5.00 .. 199.99, from the SKU (FNV-1a), so every run gives the same prices.
Decimal BaseAmount(const std::string& sku) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : sku) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return Decimal::FromRaw(static_cast<std::int64_t>(50'000 + (h % 19'500) * 100));
}

Price MakePrice(const std::string& id, const std::string& list, const std::string& product,
                Decimal amount, std::optional<Decimal> sale = std::nullopt,
                std::int64_t min_quantity = 1) {
  Price p;
  p.meta.id = id;
  p.price_list_id = list;
  p.product_id = product;
  p.list = amount;
  p.sale = sale;
  p.min_quantity = min_quantity;
  return p;
}

}  // namespace

Status SeedDemo(PricingManager& m) {
  const Caller c{"system", "seed"};
  std::vector<std::pair<std::string, std::string>> products;  // id, sku
  catalog::ProductQuery query;
  catalog::Window window;
  window.limit = 1000;
  window.sort = {{"code", false}};
  while (true) {
    EMPORION_ASSIGN_OR_RETURN(
        auto page, m.catalog().QueryProducts(query, window, catalog::ProductView::kStored));
    for (const auto& p : page.items) products.emplace_back(p.meta.id, p.code);
    if (page.items.empty() ||
        static_cast<std::int64_t>(window.offset) + window.limit >= page.total) {
      break;
    }
    window.offset += window.limit;
  }
  if (products.empty()) {
    spdlog::info("pricing demo: the catalog has no products yet; no prices seeded");
    return Ok();
  }

  std::vector<PriceList> lists = {
      {{"demo-usd"}, "USD prices", "Base prices in US dollars", "USD", std::nullopt},
      {{"demo-eur"}, "EUR prices", "Base prices in euros", "EUR", std::nullopt},
      {{"demo-wholesale"}, "Wholesale", "Tier prices for wholesale customers", "USD", std::nullopt},
      {{"demo-sale"}, "Holiday sale", "Dated sale prices", "USD", std::nullopt},
  };
  EMPORION_RETURN_IF_ERROR(m.BulkPriceLists(c, lists));

  const Timestamp now = m.clock().Now();
  std::vector<Assignment> assignments(4);
  assignments[0].meta.id = "demo-usd-everyone";
  assignments[0].price_list_id = "demo-usd";
  assignments[0].name = "USD prices for everyone";
  assignments[1].meta.id = "demo-eur-everyone";
  assignments[1].price_list_id = "demo-eur";
  assignments[1].name = "EUR prices for everyone";
  assignments[2].meta.id = "demo-wholesale-group";
  assignments[2].price_list_id = "demo-wholesale";
  assignments[2].name = "Wholesale customers";
  assignments[2].priority = 10;
  assignments[2].conditions = {{"userGroup", "Wholesale", {}}};
  assignments[3].meta.id = "demo-holiday-sale";
  assignments[3].price_list_id = "demo-sale";
  assignments[3].name = "Holiday sale";
  assignments[3].priority = 20;
  assignments[3].start_date = now - 7 * kDay;
  assignments[3].end_date = now + 30 * kDay;
  EMPORION_RETURN_IF_ERROR(m.BulkAssignments(c, assignments));

  std::vector<Price> batch;
  auto flush = [&]() -> Status {
    if (batch.empty()) return Ok();
    auto done = m.BulkPrices(c, std::move(batch));
    batch.clear();
    if (!done.ok()) return std::move(done).error();
    return Ok();
  };
  for (std::size_t i = 0; i < products.size(); ++i) {
    const auto& [id, sku] = products[i];
    const Decimal usd = BaseAmount(sku);
    batch.push_back(MakePrice("demo-usd-" + id, "demo-usd", id, usd));
    batch.push_back(MakePrice("demo-eur-" + id, "demo-eur", id, Percent(usd, 92)));
    batch.push_back(MakePrice("demo-ws1-" + id, "demo-wholesale", id, Percent(usd, 90), {}, 1));
    batch.push_back(MakePrice("demo-ws10-" + id, "demo-wholesale", id, Percent(usd, 85), {}, 10));
    batch.push_back(MakePrice("demo-ws50-" + id, "demo-wholesale", id, Percent(usd, 80), {}, 50));
    if (i % 5 == 0) {
      Price sale = MakePrice("demo-sale-" + id, "demo-sale", id, usd, Percent(usd, 75));
      sale.start_date = now - 7 * kDay;
      sale.end_date = now + 30 * kDay;
      batch.push_back(std::move(sale));
    }
    if (batch.size() >= 5000) EMPORION_RETURN_IF_ERROR(flush());
  }
  EMPORION_RETURN_IF_ERROR(flush());
  spdlog::info("pricing demo: prices for {} products in 4 lists", products.size());
  return Ok();
}

}  // namespace emporion::pricing
