// Catalog jobs and their routes: imports (POST /api/v1/catalog/imports, the file as the raw
// body, stored under <data>/imports/<jobId>.<ext> before the job is queued), exports
// (POST /api/v1/catalog/exports, file under <data>/exports, GET .../{jobId}/file) and mass
// property updates (POST /api/v1/products/mass-update). Registration at start-up; the
// references must outlive the router and the job runner.
#pragma once

#include <string>

#include "platform/core/clock.hpp"
#include "platform/db/database.hpp"
#include "platform/events/event_bus.hpp"
#include "platform/http/router.hpp"
#include "platform/jobs/job_runner.hpp"

namespace emporion::catalog::api {

struct TransferEnv {
  db::Database& db;
  const Clock& clock;
  events::EventBus& bus;
  jobs::JobRunner& jobs;
  std::string data_dir;
};

/// Registers the job types catalog.import, catalog.export, catalog.mass-update and the routes.
void RegisterTransfer(http::Router& router, const TransferEnv& env);

}  // namespace emporion::catalog::api
