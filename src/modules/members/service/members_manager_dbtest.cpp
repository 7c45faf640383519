// MembersManager against SQLite and PostgreSQL: what pricing and promotions ask through
// MembersService (groups inherited from organizations and their ancestors, tags, the current
// organization), member existence for security's memberId check, a failed bulk leaves no rows
// and no events behind, and a concurrent version is refused.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "emporion/members/members_module.hpp"
#include "modules/members/service/members_manager.hpp"
#include "platform/db/migration.hpp"
#include "platform/events/outbox.hpp"
#include "support/test_db.hpp"

namespace emporion::platform {
const std::vector<emporion::db::Migration>& Migrations();
}

namespace emporion::members {
namespace {

constexpr Timestamp kNow = 1'795'000'000'000'000;

class MembersManagerTest : public ::testing::Test {
 protected:
  MembersManagerTest() : clock_(kNow), manager_(test_db_.db(), clock_, &bus_) {
    test_db_.Migrate({&platform::Migrations(), &members::Migrations()});
  }

  Member Save(MemberType type, const std::string& id, const std::string& name,
              std::vector<std::string> groups = {}, std::vector<std::string> orgs = {},
              std::optional<std::string> parent = std::nullopt) {
    Member m;
    m.meta.id = id;
    m.type = type;
    m.name = name;
    m.groups = std::move(groups);
    m.organizations = std::move(orgs);
    m.parent_id = std::move(parent);
    auto r = manager_.resource(type).Create(actor_, m);
    EXPECT_TRUE(r.ok()) << r.error().detail();
    return r.ok() ? *r : m;
  }

  std::int64_t OutboxSize() {
    auto tx = test_db_.db().Begin(db::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto events = events::ReadOutbox(**tx, 0, 100000);
    EXPECT_TRUE(events.ok());
    return static_cast<std::int64_t>(events->size());
  }

  test::TestDatabase test_db_;
  FakeClock clock_;
  events::EventBus bus_;
  MembersManager manager_;
  resource::Actor actor_{"alice", "req-1"};
};

TEST_F(MembersManagerTest, TargetingInheritsGroupsFromOrganizationAncestors) {
  Save(MemberType::kOrganization, "holding", "Holding", {"Partners"});
  Save(MemberType::kOrganization, "branch", "Branch", {"Wholesale"}, {}, "holding");
  auto c = Save(MemberType::kContact, "c1", "Carla", {"wholesale", "Newsletter"}, {"branch"});
  c.tags = {"vip"};
  ASSERT_TRUE(
      manager_.resource(MemberType::kContact)
          .Update(actor_, "c1", std::nullopt, [&](const Member&) -> Result<Member> { return c; })
          .ok());

  auto t = manager_.Targeting("c1");
  ASSERT_TRUE(t.ok()) << t.error().detail();
  // Own groups first (case-insensitive duplicates dropped), then inherited ones.
  EXPECT_EQ(t->groups, (std::vector<std::string>{"wholesale", "Newsletter", "Partners"}));
  EXPECT_EQ(t->tags, (std::vector<std::string>{"vip"}));
  EXPECT_EQ(t->organization_ids, (std::vector<std::string>{"branch"}));
  EXPECT_EQ(*manager_.OrganizationOf("c1"), std::optional<std::string>("branch"));
  EXPECT_EQ(manager_.Targeting("nobody").error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(*manager_.MemberExists("holding"));
  EXPECT_FALSE(*manager_.MemberExists("nobody"));
  auto found = manager_.FindMember("c1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->type, MemberType::kContact);
}

TEST_F(MembersManagerTest, MembersAfterPagesEveryTypeInIdOrder) {
  Save(MemberType::kOrganization, "m3", "Org");
  Save(MemberType::kContact, "m1", "Anna");
  Save(MemberType::kEmployee, "m2", "Bert");
  Save(MemberType::kVendor, "m4", "Vendor");
  MembersService& service = manager_;
  auto first = service.MembersAfter("", 3);
  ASSERT_TRUE(first.ok()) << first.error().detail();
  ASSERT_EQ(first->size(), 3u);
  EXPECT_EQ((*first)[0].meta.id, "m1");
  EXPECT_EQ((*first)[2].meta.id, "m3");
  EXPECT_EQ((*first)[2].type, MemberType::kOrganization);
  auto rest = service.MembersAfter("m3", 3);
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ((*rest)[0].meta.id, "m4");
  EXPECT_EQ(*service.CountMembers(), 4);
}

TEST_F(MembersManagerTest, FailedBulkWritesNothing) {
  Save(MemberType::kOrganization, "org", "Org");
  const auto before = OutboxSize();
  std::vector<Member> items(2);
  items[0].meta.id = "ok";
  items[0].name = "Fine";
  items[1].meta.id = "bad";
  items[1].name = "Bad";
  items[1].organizations = {"missing"};
  auto r = manager_.resource(MemberType::kContact).Bulk(actor_, items);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kUnprocessable);
  ASSERT_FALSE(r.error().fields().empty());
  EXPECT_EQ(r.error().fields()[0].field, "items[1].organizations[0]");
  EXPECT_FALSE(*manager_.MemberExists("ok"));
  EXPECT_EQ(OutboxSize(), before);

  items[1].organizations = {"org"};
  auto ok = manager_.resource(MemberType::kContact).Bulk(actor_, items);
  ASSERT_TRUE(ok.ok()) << ok.error().detail();
  EXPECT_EQ(ok->created, 2);
  EXPECT_EQ(OutboxSize(), before + 2);
  MemberFilter filter;
  filter.organization_id = "org";
  http::ListParams window;
  auto page = manager_.Search(filter, window);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 1);
}

TEST_F(MembersManagerTest, StaleVersionIsRefused) {
  Save(MemberType::kVendor, "v", "Vendor");
  auto r = manager_.resource(MemberType::kVendor)
               .Update(actor_, "v", 7, [](const Member& m) -> Result<Member> { return m; });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kPreconditionFailed);
}

}  // namespace
}  // namespace emporion::members
