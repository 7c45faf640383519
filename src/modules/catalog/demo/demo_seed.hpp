// The catalog's step of the `demo` data set: a generated "Electronics" catalog (2,000 products
// with variations, 3 category levels, dictionary properties, images, two languages,
// associations) and the virtual catalog "Electronics Sale", written through the import code, so
// a re-run upserts the same ids and changes nothing. Reentrant.
#pragma once

#include "platform/events/event_bus.hpp"
#include "platform/seeds/seeds.hpp"

namespace emporion::catalog::demo {

/// Products of the demo catalog (variations included).
inline constexpr std::int64_t kDemoProducts = 2000;

/// Registers "catalog.demo" (order 40) in the `demo` data set.
void RegisterDemoSeed(seeds::SeedRegistry& seeds, const events::EventBus* bus);

}  // namespace emporion::catalog::demo
