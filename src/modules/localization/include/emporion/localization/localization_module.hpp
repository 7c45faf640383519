// LocalizationModule: wires the localization module (languages, currencies, money conversion):
// declares its permissions, registers its routes and demo seed step, and exposes its service.
// Thread safety: Create() at start-up; the service is thread-safe.
#pragma once

#include <memory>
#include <vector>

#include "emporion/localization/localization_service.hpp"
#include "platform/db/migration.hpp"
#include "platform/module/context.hpp"

namespace emporion::localization {

/// The module's schema migrations (generated from storage/migrations).
const std::vector<db::Migration>& Migrations();

class LocalizationManager;

class LocalizationModule {
 public:
  static Result<std::unique_ptr<LocalizationModule>> Create(ModuleContext& ctx);
  ~LocalizationModule();
  LocalizationModule(const LocalizationModule&) = delete;
  LocalizationModule& operator=(const LocalizationModule&) = delete;

  LocalizationService& service();

 private:
  explicit LocalizationModule(std::unique_ptr<LocalizationManager> manager);
  std::unique_ptr<LocalizationManager> manager_;
};

}  // namespace emporion::localization
