#include "modules/security/domain/permission_resolution.hpp"

#include <gtest/gtest.h>

namespace emporion::security {
namespace {

Role MakeRole(std::string name, std::vector<PermissionGrant> grants, bool built_in = false) {
  Role r;
  r.name = std::move(name);
  r.permissions = std::move(grants);
  r.built_in = built_in;
  return r;
}

PermissionLookup Known() {
  return [](std::string_view name) -> std::optional<PermissionInfo> {
    if (name == "orders:read" || name == "orders:update") return PermissionInfo{true, false};
    if (name == "catalog:read") return PermissionInfo{true, true};
    if (name == "security:manage") return PermissionInfo{false, false};
    return std::nullopt;
  };
}

TEST(PermissionResolutionTest, UnscopedGrantInAnyRoleWinsOverScopedOnes) {
  const Role a = MakeRole("A", {{"orders:read", {"s1"}, {}}});
  const Role b = MakeRole("B", {{"orders:read", {}, {}}});
  const auto eff = ResolvePermissions({&a, &b});
  ASSERT_EQ(eff.permissions.count("orders:read"), 1u);
  EXPECT_TRUE(eff.permissions.at("orders:read").unlimited());
}

TEST(PermissionResolutionTest, ScopedGrantsUniteTheirStores) {
  const Role a = MakeRole("A", {{"orders:read", {"s2", "s1"}, {}}});
  const Role b = MakeRole("B", {{"orders:read", {"s3", "s1"}, {}}, {"orders:update", {"s1"}, {}}});
  const auto eff = ResolvePermissions({&a, &b});
  EXPECT_EQ(eff.permissions.at("orders:read").store_ids,
            (std::vector<std::string>{"s1", "s2", "s3"}));
  EXPECT_EQ(eff.permissions.at("orders:update").store_ids, (std::vector<std::string>{"s1"}));
  EXPECT_FALSE(eff.is_administrator);
}

TEST(PermissionResolutionTest, BuiltInAdministratorRoleMakesAnAdministrator) {
  const Role admin = MakeRole(std::string(kAdministratorRoleName), {}, true);
  const Role fake = MakeRole(std::string(kAdministratorRoleName), {}, false);
  EXPECT_TRUE(ResolvePermissions({&admin}).is_administrator);
  EXPECT_FALSE(ResolvePermissions({&fake}).is_administrator);
  EXPECT_FALSE(ResolvePermissions({}).is_administrator);
}

TEST(PermissionResolutionTest, ValidationNamesEachBadGrantByIndex) {
  struct Case {
    std::vector<PermissionGrant> grants;
    const char* field;  // nullptr: valid
  };
  const Case cases[] = {
      {{{"orders:read", {}, {}}}, nullptr},
      {{{"orders:read", {"s1"}, {}}}, nullptr},
      {{{"catalog:read", {}, {"c1"}}}, nullptr},
      {{{"orders:read", {}, {}}, {"nope:read", {}, {}}}, "permissions[1]"},
      {{{"security:manage", {"s1"}, {}}}, "permissions[0].storeIds"},
      {{{"orders:read", {}, {"c1"}}}, "permissions[0].catalogIds"},
      {{{"orders:read", {"bad id!"}, {}}}, "permissions[0].storeIds"},
  };
  for (const auto& c : cases) {
    Status s = ValidateGrants(c.grants, Known());
    if (c.field == nullptr) {
      EXPECT_TRUE(s.ok());
      continue;
    }
    ASSERT_FALSE(s.ok()) << c.field;
    EXPECT_EQ(s.error().code(), ErrorCode::kUnprocessable);
    ASSERT_FALSE(s.error().fields().empty());
    EXPECT_EQ(s.error().fields()[0].field, c.field);
  }
}

TEST(PermissionResolutionTest, NormalizationMergesDuplicatesAndSorts) {
  auto out = NormalizeGrants({{"orders:update", {}, {}},
                              {"orders:read", {"s2"}, {}},
                              {"orders:read", {"s1", "s2"}, {}},
                              {"catalog:read", {"s1"}, {}},
                              {"catalog:read", {}, {}}});
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0], (PermissionGrant{"catalog:read", {}, {}}));
  EXPECT_EQ(out[1], (PermissionGrant{"orders:read", {"s1", "s2"}, {}}));
  EXPECT_EQ(out[2], (PermissionGrant{"orders:update", {}, {}}));
}

}  // namespace
}  // namespace emporion::security
