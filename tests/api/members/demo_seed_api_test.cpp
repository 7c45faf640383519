// `emporion serve --seed demo` through the real binary: the localization (order 10) and members
// (order 50) steps produce the demo languages, currencies, organizations, contacts, employee and
// vendor, and a restart with the same seed adds nothing.
#include <gtest/gtest.h>

#include <string>

#include "support/test_server.hpp"

namespace emporion::test {
namespace {

using Json = nlohmann::json;

Json Get(TestServer& server, const std::string& path) {
  auto r = server.Admin("GET", path);
  EXPECT_EQ(r.status, 200) << path << " -> " << r.body;
  return r.Json();
}

TEST(DemoSeedApiTest, SeedsLanguagesCurrenciesAndMembers) {
  TestServer server({"--seed", "demo"});
  EXPECT_EQ(Get(server, "/api/v1/languages?code=en-US")["total"], 1);
  EXPECT_EQ(Get(server, "/api/v1/languages?code=de-DE")["total"], 1);
  auto primary = Get(server, "/api/v1/currencies?isPrimary=true");
  ASSERT_EQ(primary["total"], 1);
  EXPECT_EQ(primary["items"][0]["code"], "USD");
  auto eur = Get(server, "/api/v1/currencies?code=EUR");
  ASSERT_EQ(eur["total"], 1);
  EXPECT_EQ(eur["items"][0]["isPrimary"], false);

  auto children = Get(server, "/api/v1/organizations?parentId=demo-org-contoso");
  ASSERT_EQ(children["total"], 1);
  EXPECT_EQ(children["items"][0]["name"], "Contoso Berlin");
  auto wholesale = Get(server, "/api/v1/contacts?group=Wholesale");
  ASSERT_EQ(wholesale["total"], 1);
  EXPECT_EQ(wholesale["items"][0]["organizations"][0], "demo-org-contoso");
  EXPECT_EQ(Get(server, "/api/v1/contacts?tag=vip")["total"], 1);
  EXPECT_EQ(Get(server, "/api/v1/employees")["total"], 1);
  EXPECT_EQ(Get(server, "/api/v1/vendors")["total"], 1);
  const auto members = Get(server, "/api/v1/members")["total"].get<int>();
  EXPECT_EQ(members, 8);  // 3 organizations, 3 contacts, 1 employee, 1 vendor

  // Restart on the same data with the same seed: the steps are recorded and skipped.
  server.Restart();
  EXPECT_EQ(Get(server, "/api/v1/members")["total"], members);
  EXPECT_EQ(Get(server, "/api/v1/currencies")["total"], 2);
  EXPECT_EQ(Get(server, "/api/v1/contacts/demo-contact-anna")["version"], 1);
}

}  // namespace
}  // namespace emporion::test
