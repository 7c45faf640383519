// ModuleContext: what the app hands every module when wiring it (userver's component context,
// without the global registry): the shared platform services, by reference. Modules keep the
// references they need; the app owns all of them and outlives every module.
#pragma once

#include <string>

#include "platform/core/clock.hpp"
#include "platform/db/database.hpp"
#include "platform/events/event_bus.hpp"
#include "platform/http/router.hpp"
#include "platform/metrics/metrics.hpp"

namespace emporion::jobs {
class JobRunner;
}
namespace emporion::settings {
class SettingsService;
}
namespace emporion::auth {
class PermissionRegistry;
}
namespace emporion::seeds {
class SeedRegistry;
}

namespace emporion {

struct ModuleContext {
  db::Database& db;
  const Clock& clock;
  events::EventBus& bus;
  http::Router& router;
  metrics::Metrics& metrics;
  jobs::JobRunner& jobs;
  settings::SettingsService& settings;
  auth::PermissionRegistry& permissions;
  std::string data_dir;
  /// Demo and other data sets: modules add their seed steps here (platform/seeds/seeds.hpp).
  seeds::SeedRegistry& seeds;
};

}  // namespace emporion
