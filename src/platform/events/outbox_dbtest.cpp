// Outbox, change history and UnitOfWork on SQLite and PostgreSQL: events and changes commit
// atomically with the change, read back in order, and nothing survives a rollback.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "platform/db/migration.hpp"
#include "platform/events/outbox.hpp"
#include "support/test_db.hpp"

namespace emporion::platform {
const std::vector<emporion::db::Migration>& Migrations();
}

namespace emporion::events {
namespace {

constexpr Timestamp kNow = 1'795'000'000'000'000;  // 2026-11-18T11:06:40Z

class OutboxTest : public ::testing::Test {
 protected:
  OutboxTest() : clock_(kNow) {
    test_db_.Migrate({&platform::Migrations()});
    bus_.Subscribe("catalog.", [this](const DomainEvent& e) { published_.push_back(e); });
  }

  db::Database& db() { return test_db_.db(); }

  UnitOfWork BeginUnit(const std::string& actor = "alice") {
    auto u = UnitOfWork::Begin(db(), &bus_, actor, "req-1", clock_);
    EXPECT_TRUE(u.ok()) << u.error().detail();
    return std::move(u).value();
  }

  std::vector<DomainEvent> ReadAll(std::int64_t after = 0, int limit = 100) {
    auto tx = db().Begin(db::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto events = ReadOutbox(**tx, after, limit);
    EXPECT_TRUE(events.ok()) << events.error().detail();
    return events.ok() ? *events : std::vector<DomainEvent>{};
  }

  std::pair<std::vector<Change>, std::int64_t> Changes(const ChangeQuery& q) {
    auto tx = db().Begin(db::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto r = QueryChanges(**tx, q);
    EXPECT_TRUE(r.ok()) << r.error().detail();
    return r.ok() ? *r : std::pair<std::vector<Change>, std::int64_t>{};
  }

  test::TestDatabase test_db_;
  FakeClock clock_;
  EventBus bus_;
  std::vector<DomainEvent> published_;
};

TEST_F(OutboxTest, CommittedUnitWritesEventsAndChangesInOrder) {
  {
    UnitOfWork u = BeginUnit();
    EXPECT_EQ(u.now(), kNow);
    EXPECT_EQ(u.actor(), "alice");
    ASSERT_TRUE(u.Emit("catalog.product.created", "catalog.product", "p1", R"({"id":"p1"})").ok());
    ASSERT_TRUE(u.Emit("catalog.product.updated", "catalog.product", "p1", R"({"id":"p1"})").ok());
    ASSERT_TRUE(u.Emit("security.user.created", "security.user", "u1", R"({"id":"u1"})").ok());
    ASSERT_TRUE(u.Record("catalog.product", "p1", "created", "").ok());
    ASSERT_TRUE(u.Record("catalog.product", "p1", "updated",
                         R"({"changes":[{"field":"name","from":"a","to":"b"}]})")
                    .ok());
    EXPECT_TRUE(published_.empty()) << "nothing is published before commit";
    ASSERT_TRUE(u.Commit().ok());
  }
  auto events = ReadAll();
  ASSERT_EQ(events.size(), 3u);
  const char* types[] = {"catalog.product.created", "catalog.product.updated",
                         "security.user.created"};
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].type, types[i]);
    EXPECT_EQ(events[i].actor, "alice");
    EXPECT_EQ(events[i].request_id, "req-1");
    EXPECT_EQ(events[i].occurred_at, kNow);
    EXPECT_EQ(events[i].id.size(), 36u);
    if (i > 0) {
      EXPECT_GT(events[i].seq, events[i - 1].seq);
    }
  }
  EXPECT_EQ(events[0].entity_type, "catalog.product");
  EXPECT_EQ(events[0].entity_id, "p1");
  EXPECT_EQ(events[0].payload, R"({"id":"p1"})");

  ASSERT_EQ(published_.size(), 2u) << "the subscriber sees only catalog events";
  EXPECT_EQ(published_[0].type, "catalog.product.created");
  EXPECT_EQ(published_[0].seq, events[0].seq);
  EXPECT_EQ(published_[1].id, events[1].id);

  auto [changes, total] = Changes({.newest_first = false});
  EXPECT_EQ(total, 2);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].operation, "created");
  EXPECT_EQ(changes[0].detail, "{}");
  EXPECT_EQ(changes[0].actor, "alice");
  EXPECT_EQ(changes[0].at, kNow);
  EXPECT_EQ(changes[0].request_id, "req-1");
  EXPECT_EQ(changes[1].operation, "updated");
  EXPECT_NE(changes[1].detail.find("\"field\":\"name\""), std::string::npos);
  EXPECT_LT(changes[0].seq, changes[1].seq);
}

TEST_F(OutboxTest, ABulkUnitWritesEveryEventAndChangeInEmissionOrder) {
  // 3 * kUnitFlushRows + 87 rows: flushes while emitting, then statements of every batch size.
  const std::size_t n = 3 * kUnitFlushRows + 87;
  {
    UnitOfWork u = BeginUnit();
    for (std::size_t i = 0; i < n; ++i) {
      const std::string id = "p" + std::to_string(i);
      ASSERT_TRUE(u.Emit("catalog.product.created", "catalog.product", id, "{}").ok());
      ASSERT_TRUE(u.Record("catalog.product", id, "created", "").ok());
    }
    ASSERT_TRUE(u.Commit().ok());
  }
  auto events = ReadAll(0, static_cast<int>(n) + 10);
  ASSERT_EQ(events.size(), n);
  ASSERT_EQ(published_.size(), n);
  for (std::size_t i = 0; i < n; ++i) {
    EXPECT_EQ(events[i].entity_id, "p" + std::to_string(i)) << "outbox order is emission order";
    EXPECT_EQ(published_[i].seq, events[i].seq) << "published events carry their sequence";
    EXPECT_EQ(published_[i].id, events[i].id);
  }
  auto [changes, total] = Changes({.limit = static_cast<int>(n) + 10, .newest_first = false});
  EXPECT_EQ(total, static_cast<std::int64_t>(n));
  ASSERT_EQ(changes.size(), n);
  for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(changes[i].entity_id, "p" + std::to_string(i));
}

TEST_F(OutboxTest, AnAbandonedBulkUnitLeavesNoTraceEvenAfterFlushes) {
  {
    UnitOfWork u = BeginUnit();
    for (std::size_t i = 0; i < 2 * kUnitFlushRows + 5; ++i) {
      ASSERT_TRUE(u.Emit("catalog.product.created", "catalog.product", "p", "{}").ok());
      ASSERT_TRUE(u.Record("catalog.product", "p", "created", "{}").ok());
    }
  }
  EXPECT_TRUE(ReadAll().empty());
  EXPECT_EQ(Changes({}).second, 0);
  EXPECT_TRUE(published_.empty());
}

TEST_F(OutboxTest, AnAbandonedUnitLeavesNoTrace) {
  {
    UnitOfWork u = BeginUnit();
    ASSERT_TRUE(u.Emit("catalog.product.created", "catalog.product", "p1", "{}").ok());
    ASSERT_TRUE(u.Record("catalog.product", "p1", "created", "{}").ok());
  }
  EXPECT_TRUE(ReadAll().empty());
  EXPECT_EQ(Changes({}).second, 0);
  EXPECT_TRUE(published_.empty());
  // The write lock was released with the abandoned unit.
  UnitOfWork next = BeginUnit();
  ASSERT_TRUE(next.Emit("catalog.product.deleted", "catalog.product", "p1", "{}").ok());
  ASSERT_TRUE(next.Commit().ok());
  EXPECT_EQ(ReadAll().size(), 1u);
}

TEST_F(OutboxTest, EventsAndTheChangeTheyDescribeCommitTogether) {
  {
    UnitOfWork u = BeginUnit();
    ASSERT_TRUE(u.tx().ExecScript("CREATE TABLE widgets (id TEXT PRIMARY KEY)").ok());
    ASSERT_TRUE(u.Commit().ok());
  }
  {
    UnitOfWork u = BeginUnit();
    ASSERT_TRUE(u.tx().Exec("INSERT INTO widgets (id) VALUES (?)", {db::Param("w1")}).ok());
    ASSERT_TRUE(u.Emit("catalog.widget.created", "catalog.widget", "w1", "{}").ok());
    // A failure after the event was written: the whole unit must go.
    auto dup = u.tx().Exec("INSERT INTO widgets (id) VALUES (?)", {db::Param("w1")});
    ASSERT_FALSE(dup.ok());
    EXPECT_FALSE(u.Commit().ok());
  }
  EXPECT_TRUE(ReadAll().empty());
  EXPECT_TRUE(published_.empty());
  auto tx = db().Begin(db::TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  auto count = (*tx)->QueryOne("SELECT COUNT(*) FROM widgets", {});
  ASSERT_TRUE(count.ok());
  EXPECT_EQ((*count)->Int(0), 0);
}

TEST_F(OutboxTest, ReadOutboxPagesBySequence) {
  {
    UnitOfWork u = BeginUnit();
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(
          u.Emit("catalog.product.updated", "catalog.product", "p" + std::to_string(i), "{}").ok());
    }
    ASSERT_TRUE(u.Commit().ok());
  }
  auto all = ReadAll();
  ASSERT_EQ(all.size(), 5u);
  auto first = ReadAll(0, 2);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[1].entity_id, "p1");
  auto rest = ReadAll(first.back().seq, 100);
  ASSERT_EQ(rest.size(), 3u);
  EXPECT_EQ(rest[0].entity_id, "p2");
  EXPECT_TRUE(ReadAll(all.back().seq, 100).empty());
}

TEST_F(OutboxTest, AppendToOutboxFillsIdTimeAndSequence) {
  auto tx = db().Begin(db::TxMode::kWrite);
  ASSERT_TRUE(tx.ok());
  DomainEvent e;
  e.type = "orders.order.placed";
  e.entity_type = "orders.order";
  e.entity_id = "o1";
  e.payload = "{}";
  ASSERT_TRUE(AppendToOutbox(**tx, e).ok());
  EXPECT_EQ(e.id.size(), 36u);
  EXPECT_GT(e.occurred_at, 0);
  EXPECT_GT(e.seq, 0);
  DomainEvent same_id = e;
  auto dup = AppendToOutbox(**tx, same_id);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code(), ErrorCode::kAlreadyExists);
}

TEST_F(OutboxTest, ChangeQueriesFilterSortAndPage) {
  {
    UnitOfWork u = BeginUnit("alice");
    ASSERT_TRUE(u.Record("catalog.product", "p1", "created", "{}").ok());
    ASSERT_TRUE(u.Record("catalog.product", "p2", "created", "{}").ok());
    ASSERT_TRUE(u.Commit().ok());
  }
  clock_.Advance(60'000'000);
  {
    UnitOfWork u = BeginUnit("bob");
    ASSERT_TRUE(u.Record("catalog.product", "p1", "updated", "{}").ok());
    ASSERT_TRUE(u.Record("security.user", "u1", "login-failed", "{}").ok());
    ASSERT_TRUE(u.Commit().ok());
  }
  struct Case {
    const char* what;
    ChangeQuery query;
    std::int64_t total;
    std::vector<std::string> ids_ops;
  } cases[] = {
      {"everything newest first",
       {},
       4,
       {"u1 login-failed", "p1 updated", "p2 created", "p1 created"}},
      {"one entity",
       {.entity_type = "catalog.product", .entity_id = "p1"},
       2,
       {"p1 updated", "p1 created"}},
      {"by actor", {.actor = "bob"}, 2, {"u1 login-failed", "p1 updated"}},
      {"by operation",
       {.operation = "created", .newest_first = false},
       2,
       {"p1 created", "p2 created"}},
      {"since a time", {.since = kNow + 30'000'000}, 2, {"u1 login-failed", "p1 updated"}},
      {"paged", {.limit = 1, .offset = 1}, 4, {"p1 updated"}},
  };
  for (const auto& c : cases) {
    auto [changes, total] = Changes(c.query);
    EXPECT_EQ(total, c.total) << c.what;
    std::vector<std::string> got;
    for (const auto& ch : changes) got.push_back(ch.entity_id + " " + ch.operation);
    EXPECT_EQ(got, c.ids_ops) << c.what;
  }
}

TEST_F(OutboxTest, ChangesSinceAWholeSecondIncludeLaterMillisecondsOfIt) {
  // Stored times must compare as text in time order: "...:40.250Z" is after "...:40Z".
  for (Timestamp at : {kNow + 250'000, kNow, kNow + 1'000'000}) {
    clock_.Set(at);
    UnitOfWork u = BeginUnit();
    ASSERT_TRUE(u.Record("catalog.product", "p1", "updated", "{}").ok());
    ASSERT_TRUE(u.Commit().ok());
  }
  EXPECT_EQ(Changes({.since = kNow}).second, 3);
  EXPECT_EQ(Changes({.since = kNow + 1'000}).second, 2);
  EXPECT_EQ(Changes({.since = kNow + 1'000'000}).second, 1);
  auto [changes, total] = Changes({.newest_first = false});
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].at, kNow + 250'000);
  EXPECT_EQ(changes[1].at, kNow);
}

TEST(EventBusTest, DeliversByPrefixAndSurvivesAThrowingHandler) {
  EventBus bus;
  std::vector<std::string> seen;
  bus.Subscribe("", [&](const DomainEvent& e) { seen.push_back("all:" + e.type); });
  bus.Subscribe("catalog.", [](const DomainEvent&) { throw std::runtime_error("boom"); });
  bus.Subscribe("catalog.product.", [&](const DomainEvent& e) { seen.push_back("p:" + e.type); });
  DomainEvent a;
  a.type = "catalog.product.created";
  DomainEvent b;
  b.type = "orders.order.placed";
  bus.Publish({a, b});
  EXPECT_EQ(seen,
            (std::vector<std::string>{"all:catalog.product.created", "p:catalog.product.created",
                                      "all:orders.order.placed"}));
}

}  // namespace
}  // namespace emporion::events
