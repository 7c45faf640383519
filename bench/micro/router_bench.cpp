// Router::Find over about 300 routes shaped like the real API: a literal path, a path with two
// parameters, and a miss.
#include <benchmark/benchmark.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "platform/http/router.hpp"

namespace emporion::http {
namespace {

void AddRoutes(Router& router) {
  for (int m = 0; m < 30; ++m) {
    const std::string base = "/api/v1/module" + std::to_string(m) + "/things";
    for (const char* suffix :
         {"", "/{id}", "/{id}/parts", "/{id}/parts/{partId}", "/bulk", "/{id}/history", "/export",
          "/import", "/{id}/cancel", "/{id}/children"}) {
      RouteSpec spec;
      spec.method = Verb::get;
      spec.path = base + suffix;
      spec.handler = [](Request&) -> Result<Response> { return Response::NoContent(); };
      router.Add(std::move(spec));
    }
  }
}

void BM_RouterFind(benchmark::State& state, const char* path) {
  Router router;
  AddRoutes(router);
  std::unordered_map<std::string, std::string> params;
  for (auto _ : state) {
    params.clear();
    auto match = router.Find(Verb::get, path, params);
    benchmark::DoNotOptimize(match.route);
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK_CAPTURE(BM_RouterFind, literal, "/api/v1/module17/things/export");
BENCHMARK_CAPTURE(BM_RouterFind, two_params,
                  "/api/v1/module17/things/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/parts/p-42");
BENCHMARK_CAPTURE(BM_RouterFind, miss, "/api/v1/module99/things");

}  // namespace
}  // namespace emporion::http
