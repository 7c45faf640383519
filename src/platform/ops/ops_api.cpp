#include "platform/ops/ops_api.hpp"

#include <fstream>
#include <string>

#include "platform/json/json.hpp"

namespace emporion::ops {
namespace {

// A "Name:   123 kB" line of /proc/self/status, in bytes (0 when absent).
double ProcStatusBytes(std::string_view name) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.size() > name.size() && line.compare(0, name.size(), name) == 0 &&
        line[name.size()] == ':') {
      return std::stod(line.substr(name.size() + 1)) * 1024.0;
    }
  }
  return 0;
}

}  // namespace

void RegisterRoutes(http::Router& router, metrics::Metrics& metrics,
                    std::vector<ReadinessCheck> checks) {
  // Memory as the kernel counts it, with its anonymous part (the heap: the search index, caches)
  // apart from mapped file pages (the SQLite mmap windows, the binary).
  metrics.AddGauge("process_resident_memory_bytes", "Resident memory (VmRSS) in bytes",
                   [] { return ProcStatusBytes("VmRSS"); });
  metrics.AddGauge("emporion_resident_anonymous_memory_bytes",
                   "Resident anonymous memory (RssAnon) in bytes",
                   [] { return ProcStatusBytes("RssAnon"); });
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
              .summary = "Prometheus metrics: requests and latency per route, jobs, memory",
              .response_content_type = "text/plain",
              .blocking = false,
              .handler = [&metrics](http::Request&) -> Result<http::Response> {
                return http::Response::Text(200, metrics.RenderPrometheus(),
                                            "text/plain; version=0.0.4; charset=utf-8");
              }});
}

}  // namespace emporion::ops
