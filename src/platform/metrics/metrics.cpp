#include "platform/metrics/metrics.hpp"

#include <fmt/format.h>

namespace emporion::metrics {

void Metrics::RouteStats::Observe(unsigned status, std::uint64_t micros) {
  const double seconds = static_cast<double>(micros) / 1e6;
  std::size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  buckets[b].fetch_add(1, std::memory_order_relaxed);
  sum_micros.fetch_add(micros, std::memory_order_relaxed);
  const unsigned cls = status / 100;
  if (cls >= 1 && cls <= 5) by_class[cls].fetch_add(1, std::memory_order_relaxed);
}

Metrics::RouteStats* Metrics::ForRoute(const std::string& method, const std::string& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& slot = routes_[method + " " + path];
  if (!slot) {
    slot = std::make_unique<RouteStats>();
    slot->method = method;
    slot->path = path;
  }
  return slot.get();
}

void Metrics::AddGauge(std::string name, std::string help, std::function<double()> fn) {
  std::lock_guard<std::mutex> lock(mutex_);
  gauges_.push_back({std::move(name), std::move(help), "", std::move(fn), nullptr});
}

void Metrics::AddLabelledGauge(std::string name, std::string help, std::string label,
                               std::function<std::map<std::string, double>()> fn) {
  std::lock_guard<std::mutex> lock(mutex_);
  gauges_.push_back({std::move(name), std::move(help), std::move(label), nullptr, std::move(fn)});
}

std::string Metrics::RenderPrometheus() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string out;
  out += "# HELP emporion_http_requests_total HTTP requests by route and status class.\n";
  out += "# TYPE emporion_http_requests_total counter\n";
  for (const auto& [key, s] : routes_) {
    for (unsigned cls = 1; cls <= 5; ++cls) {
      const auto n = s->by_class[cls].load(std::memory_order_relaxed);
      if (n == 0) continue;
      out += fmt::format("emporion_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}xx\"}} {}\n",
                         s->method, s->path, cls, n);
    }
  }
  out += "# HELP emporion_http_request_duration_seconds HTTP request latency by route.\n";
  out += "# TYPE emporion_http_request_duration_seconds histogram\n";
  for (const auto& [key, s] : routes_) {
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b <= kBuckets.size(); ++b) {
      cumulative += s->buckets[b].load(std::memory_order_relaxed);
      const std::string le = b < kBuckets.size() ? fmt::format("{}", kBuckets[b]) : "+Inf";
      out += fmt::format(
          "emporion_http_request_duration_seconds_bucket{{method=\"{}\",route=\"{}\",le=\"{}\"}} {}\n",
          s->method, s->path, le, cumulative);
    }
    out += fmt::format("emporion_http_request_duration_seconds_sum{{method=\"{}\",route=\"{}\"}} {}\n",
                       s->method, s->path,
                       static_cast<double>(s->sum_micros.load(std::memory_order_relaxed)) / 1e6);
    out += fmt::format("emporion_http_request_duration_seconds_count{{method=\"{}\",route=\"{}\"}} {}\n",
                       s->method, s->path, cumulative);
  }
  for (const auto& g : gauges_) {
    out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n", g.name, g.help, g.name);
    if (g.fn) {
      out += fmt::format("{} {}\n", g.name, g.fn());
    } else {
      for (const auto& [value, n] : g.labelled()) {
        out += fmt::format("{}{{{}=\"{}\"}} {}\n", g.name, g.label, value, n);
      }
    }
  }
  return out;
}

}  // namespace emporion::metrics
