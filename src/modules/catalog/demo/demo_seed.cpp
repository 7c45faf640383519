#include "modules/catalog/demo/demo_seed.hpp"

#include <spdlog/spdlog.h>

#include <sstream>

#include "emporion/catalog/transfer.hpp"
#include "modules/catalog/demo/generator.hpp"

namespace emporion::catalog::demo {
namespace {

/// Keeps the first error: demo data that does not import is a bug, not a bad row.
class SeedReporter final : public TransferReporter {
 public:
  void RecordError(std::string message, std::string ref) override {
    if (first_.empty()) first_ = ref + ": " + message;
  }
  [[nodiscard]] const std::string& first() const { return first_; }

 private:
  std::string first_;
};

}  // namespace

void RegisterDemoSeed(seeds::SeedRegistry& seeds, const events::EventBus* bus) {
  seeds.Add("demo", 40, "catalog.demo", [bus](const seeds::SeedContext& ctx) -> Status {
    GeneratorOptions options;
    options.products = kDemoProducts;
    std::stringstream file;
    GenerateCatalog(options, file);
    ImportOptions import;
    import.actor = ctx.actor;
    SeedReporter reporter;
    EMPORION_ASSIGN_OR_RETURN(auto summary,
                              ImportStream(ctx.db, ctx.clock, bus, file, import, reporter));
    if (summary.failed > 0) {
      return Error::Internal("the demo catalog did not import: " + reporter.first());
    }
    spdlog::info("seed catalog.demo: {} created, {} updated", summary.created, summary.updated);
    return Ok();
  });
}

}  // namespace emporion::catalog::demo
