// Demo data of the pricing module (data set "demo", order 70): "USD prices" and "EUR prices"
// for every catalog product, a "Wholesale" USD list with tiers 1/10/50 assigned with higher
// priority to the user group Wholesale, and a dated "Holiday sale" USD list (from 7 days ago
// to 30 days ahead) with sale prices for every fifth product. Amounts are derived from the SKU
// (deterministic); everything is upserted by fixed ids or business keys, so a re-run changes
// nothing. Without catalog products the step does nothing and logs it.
#pragma once

#include "modules/pricing/service/pricing_manager.hpp"

namespace emporion::pricing {

Status SeedDemo(PricingManager& manager);

}  // namespace emporion::pricing
