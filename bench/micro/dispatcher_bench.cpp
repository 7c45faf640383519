// Dispatcher::Handle for a trivial non-blocking route (the /health/live path of the server
// without sockets): request id, routing, metrics, and optionally the access log.
#include <benchmark/benchmark.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <string>

#include "platform/http/dispatcher.hpp"

namespace emporion::http {
namespace {

void BM_DispatcherHandle(benchmark::State& state) {
  const bool access_log = state.range(0) != 0;
  // The access log goes to a null sink: this measures formatting, not the terminal.
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(spdlog::null_logger_mt("bench-null"));
  Router router;
  router.Add(
      {.method = Verb::get,
       .path = "/health/live",
       .permission = std::string(kPublic),
       .blocking = false,
       .handler = [](Request&) -> Result<Response> { return Response::Ok(R"({"status":"ok"})"); }});
  metrics::Metrics metrics;
  Dispatcher dispatcher(router, DispatcherOptions{{}, 1024, access_log}, &metrics);
  for (auto _ : state) {
    Request request;
    request.method = Verb::get;
    request.target = "/health/live";
    request.path = "/health/live";
    request.headers = {{"host", "127.0.0.1:8080"}, {"user-agent", "wrk"}};
    Response response = dispatcher.Handle(request);
    benchmark::DoNotOptimize(response.body.data());
  }
  state.SetItemsProcessed(state.iterations());
  spdlog::drop("bench-null");
  spdlog::set_default_logger(previous);
}

BENCHMARK(BM_DispatcherHandle)->ArgName("access_log")->Arg(0)->Arg(1);

}  // namespace
}  // namespace emporion::http
