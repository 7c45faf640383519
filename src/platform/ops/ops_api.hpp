// Operational routes: GET /health/live, GET /health/ready (database answers), GET /metrics.
#pragma once

#include <functional>
#include <vector>

#include "platform/db/database.hpp"
#include "platform/http/router.hpp"
#include "platform/metrics/metrics.hpp"

namespace emporion::ops {

/// A readiness check: returns Ok when its dependency answers.
using ReadinessCheck = std::pair<std::string, std::function<Status()>>;

void RegisterRoutes(http::Router& router, metrics::Metrics& metrics,
                    std::vector<ReadinessCheck> checks);

}  // namespace emporion::ops
