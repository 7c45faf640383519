// Metrics: Prometheus text exposition of request counters, latency histograms and gauges.
#include "platform/metrics/metrics.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace emporion::metrics {
namespace {

bool HasLine(const std::string& text, const std::string& line) {
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) {
    if (l == line) return true;
  }
  return false;
}

TEST(MetricsTest, RendersCountersByStatusClass) {
  Metrics m;
  auto* live = m.ForRoute("GET", "/health/live");
  live->Observe(200, 100);
  live->Observe(204, 100);
  live->Observe(404, 100);
  live->Observe(503, 100);
  const std::string text = m.RenderPrometheus();
  EXPECT_TRUE(HasLine(text, "# TYPE emporion_http_requests_total counter")) << text;
  EXPECT_TRUE(HasLine(
      text, R"(emporion_http_requests_total{method="GET",route="/health/live",status="2xx"} 2)"));
  EXPECT_TRUE(HasLine(
      text, R"(emporion_http_requests_total{method="GET",route="/health/live",status="4xx"} 1)"));
  EXPECT_TRUE(HasLine(
      text, R"(emporion_http_requests_total{method="GET",route="/health/live",status="5xx"} 1)"));
  EXPECT_EQ(text.find("status=\"3xx\""), std::string::npos) << "zero series are omitted";
}

TEST(MetricsTest, RendersACumulativeHistogramWithSumAndCount) {
  Metrics m;
  auto* s = m.ForRoute("POST", "/api/v1/things");
  s->Observe(201, 400);        // 0.0004 s -> le 0.0005
  s->Observe(201, 500);        // exactly on the bound -> le 0.0005
  s->Observe(201, 3'000);      // le 0.005
  s->Observe(201, 7'000'000);  // beyond 5 s -> +Inf only
  const std::string text = m.RenderPrometheus();
  const std::string prefix =
      R"(emporion_http_request_duration_seconds_bucket{method="POST",route="/api/v1/things",le=")";
  struct Case {
    const char* le;
    int count;
  } cases[] = {{"0.0005", 2}, {"0.001", 2}, {"0.0025", 2}, {"0.005", 3},
               {"0.01", 3},   {"1", 3},     {"5", 3},      {"+Inf", 4}};
  for (const auto& c : cases) {
    EXPECT_TRUE(HasLine(text, prefix + c.le + "\"} " + std::to_string(c.count)))
        << "le=" << c.le << "\n"
        << text;
  }
  EXPECT_TRUE(HasLine(
      text,
      R"(emporion_http_request_duration_seconds_sum{method="POST",route="/api/v1/things"} 7.0039)"))
      << text;
  EXPECT_TRUE(HasLine(
      text,
      R"(emporion_http_request_duration_seconds_count{method="POST",route="/api/v1/things"} 4)"));
  EXPECT_TRUE(HasLine(text, "# TYPE emporion_http_request_duration_seconds histogram"));
}

TEST(MetricsTest, ForRouteReturnsOneStableObjectPerMethodAndPath) {
  Metrics m;
  auto* a = m.ForRoute("GET", "/a");
  EXPECT_EQ(m.ForRoute("GET", "/a"), a);
  EXPECT_NE(m.ForRoute("POST", "/a"), a);
}

TEST(MetricsTest, RendersPlainAndLabelledGauges) {
  Metrics m;
  m.AddGauge("emporion_outbox_lag", "Events not yet delivered.", [] { return 7.0; });
  m.AddLabelledGauge("emporion_jobs", "Jobs by status.", "status", [] {
    return std::map<std::string, double>{{"queued", 2}, {"running", 1}};
  });
  const std::string text = m.RenderPrometheus();
  EXPECT_TRUE(HasLine(text, "# HELP emporion_outbox_lag Events not yet delivered."));
  EXPECT_TRUE(HasLine(text, "# TYPE emporion_outbox_lag gauge"));
  EXPECT_TRUE(HasLine(text, "emporion_outbox_lag 7"));
  EXPECT_TRUE(HasLine(text, "# TYPE emporion_jobs gauge"));
  EXPECT_TRUE(HasLine(text, R"(emporion_jobs{status="queued"} 2)"));
  EXPECT_TRUE(HasLine(text, R"(emporion_jobs{status="running"} 1)"));
}

TEST(MetricsTest, EveryLineIsACommentOrASample) {
  Metrics m;
  m.ForRoute("GET", "/x")->Observe(200, 10);
  m.AddGauge("g", "help", [] { return 1.5; });
  std::istringstream in(m.RenderPrometheus());
  for (std::string line; std::getline(in, line);) {
    ASSERT_FALSE(line.empty());
    if (line[0] == '#') {
      EXPECT_TRUE(line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) << line;
    } else {
      // name{labels} value  or  name value
      const auto space = line.rfind(' ');
      ASSERT_NE(space, std::string::npos) << line;
      EXPECT_NO_THROW((void)std::stod(line.substr(space + 1))) << line;
    }
  }
}

TEST(MetricsTest, ConcurrentObservationsAreAllCounted) {
  Metrics m;
  auto* s = m.ForRoute("GET", "/x");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([s] {
      for (int i = 0; i < 10000; ++i) s->Observe(200, 50);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_TRUE(
      HasLine(m.RenderPrometheus(),
              R"(emporion_http_requests_total{method="GET",route="/x",status="2xx"} 40000)"));
}

}  // namespace
}  // namespace emporion::metrics
