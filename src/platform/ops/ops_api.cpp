#include "platform/ops/ops_api.hpp"

#include "platform/json/json.hpp"

namespace emporion::ops {

void RegisterRoutes(http::Router& router, metrics::Metrics& metrics,
                    std::vector<ReadinessCheck> checks) {
  router.Add({.method = http::Verb::get,
              .path = "/health/live",
              .permission = std::string(http::kPublic),
              .tag = "operations",
              .summary = "Liveness: the process answers",
              .response_schema = R"({"type":"object","properties":{"status":{"type":"string"}}})",
              .blocking = false,
              .handler = [](http::Request&) -> Result<http::Response> {
                return http::Response::Ok(R"({"status":"ok"})");
              }});
  router.Add(
      {.method = http::Verb::get,
       .path = "/health/ready",
       .permission = std::string(http::kPublic),
       .tag = "operations",
       .summary = "Readiness: the database and search answer",
       .description = "200 when every dependency answers, 503 with the failing checks otherwise.",
       .response_schema =
           R"({"type":"object","properties":{"status":{"type":"string"},"checks":{"type":"object","additionalProperties":{"type":"string"}}}})",
       .handler = [checks = std::move(checks)](http::Request&) -> Result<http::Response> {
         json::Writer w;
         bool ok = true;
         w.StartObject().Key("checks").StartObject();
         for (const auto& [name, fn] : checks) {
           Status s = fn();
           ok = ok && s.ok();
           w.Key(name).String(s.ok() ? "ok" : s.error().detail());
         }
         w.EndObject().Key("status").String(ok ? "ok" : "unavailable").EndObject();
         return http::Response::Json(ok ? 200 : 503, w.str());
       }});
  router.Add({.method = http::Verb::get,
              .path = "/metrics",
              .permission = std::string(http::kPublic),
              .tag = "operations",
              .summary = "Prometheus metrics: requests and latency per route, jobs",
              .response_content_type = "text/plain",
              .blocking = false,
              .handler = [&metrics](http::Request&) -> Result<http::Response> {
                return http::Response::Text(200, metrics.RenderPrometheus(),
                                            "text/plain; version=0.0.4; charset=utf-8");
              }});
}

}  // namespace emporion::ops
