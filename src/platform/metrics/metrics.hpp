// Metrics: request counts and latency histograms per route, plus gauges supplied by callbacks
// (job counts, outbox lag), rendered in the Prometheus text format at /metrics.
// Thread-safe: observation is lock-free (atomics); registration happens at start-up.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace emporion::metrics {

class Metrics {
 public:
  /// Upper bounds of the latency buckets, in seconds.
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  5.0};

  /// One route's counters; obtained once per route and then updated without locks.
  struct RouteStats {
    std::string method;
    std::string path;
    std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> buckets{};
    std::atomic<std::uint64_t> sum_micros{0};
    std::array<std::atomic<std::uint64_t>, 6> by_class{};  // 1xx..5xx by status / 100, [0] unused

    void Observe(unsigned status, std::uint64_t micros);
  };

  /// The stats object for a route (created on first call; stable address).
  RouteStats* ForRoute(const std::string& method, const std::string& path);
  /// Adds a gauge whose value is read at render time. `fn` must be thread-safe.
  void AddGauge(std::string name, std::string help, std::function<double()> fn);
  /// Labelled gauges: `fn` returns label value -> number, rendered as name{label="v"}.
  void AddLabelledGauge(std::string name, std::string help, std::string label,
                        std::function<std::map<std::string, double>()> fn);

  [[nodiscard]] std::string RenderPrometheus() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<RouteStats>> routes_;  // GUARDED_BY(mutex_)
  struct Gauge {
    std::string name, help, label;
    std::function<double()> fn;
    std::function<std::map<std::string, double>()> labelled;
  };
  std::vector<Gauge> gauges_;  // GUARDED_BY(mutex_)
};

}  // namespace emporion::metrics
