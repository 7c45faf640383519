// MembersModule: wires the members module (contacts, organizations, employees, vendors):
// declares its permissions, registers its routes and demo seed step, and exposes its service.
// Thread safety: Create() at start-up; the service is thread-safe.
#pragma once

#include <memory>
#include <vector>

#include "emporion/members/members_service.hpp"
#include "platform/db/migration.hpp"
#include "platform/module/context.hpp"

namespace emporion::members {

/// The module's schema migrations (generated from storage/migrations).
const std::vector<db::Migration>& Migrations();

class MembersManager;

class MembersModule {
 public:
  static Result<std::unique_ptr<MembersModule>> Create(ModuleContext& ctx);
  ~MembersModule();
  MembersModule(const MembersModule&) = delete;
  MembersModule& operator=(const MembersModule&) = delete;

  MembersService& service();

 private:
  explicit MembersModule(std::unique_ptr<MembersManager> manager);
  std::unique_ptr<MembersManager> manager_;
};

}  // namespace emporion::members
