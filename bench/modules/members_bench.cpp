// Members search over 100,000 generated contacts on SQLite, in process (MembersManager::Search,
// the code behind GET /api/v1/contacts and /api/v1/members), and money conversion
// (platform Convert). Each search benchmark records every iteration's latency and reports the
// median and p99 as counters (p50_us, p99_us). The data set is generated once per process with
// a fixed seed through the service's bulk upsert (so links, outbox and history rows exist as in
// production); the generation time is reported as a counter of the first benchmark.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "emporion/members/members_module.hpp"
#include "modules/members/service/members_manager.hpp"
#include "platform/core/decimal.hpp"
#include "platform/db/migration.hpp"

namespace emporion::platform {
const std::vector<emporion::db::Migration>& Migrations();
}

namespace emporion::members {
namespace {

constexpr int kContacts = 100'000;
constexpr int kBatch = 10'000;

const char* const kFirst[] = {"Anna", "Ben",  "Clara", "David", "Eva",   "Felix", "Greta",
                              "Hugo", "Ida",  "Jonas", "Karla", "Lukas", "Mia",   "Noah",
                              "Olga", "Paul", "Quinn", "Rosa",  "Sven",  "Tina"};
const char* const kLast[] = {"Schmidt",  "Miller", "Garcia", "Novak",  "Rossi", "Dubois",
                             "Kowalski", "Jensen", "Silva",  "Horvat", "Weber", "Smith",
                             "Martin",   "Bauer",  "Lopez",  "Nagy",   "Berg",  "Costa"};

struct Fixture {
  std::string dir;
  std::unique_ptr<db::Database> db;
  FakeClock clock{1'795'000'000'000'000};
  events::EventBus bus;
  std::unique_ptr<MembersManager> manager;
  double generate_seconds = 0;

  Fixture() {
    dir = (std::filesystem::temp_directory_path() /
           ("emporion-members-bench-" + std::to_string(::getpid())))
              .string();
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    db = std::move(db::Open("sqlite://" + dir + "/bench.db")).value();
    auto migrated = db::Migrate(*db, {&platform::Migrations(), &members::Migrations()});
    if (!migrated.ok()) std::abort();
    manager = std::make_unique<MembersManager>(*db, clock, &bus);
    Generate();
  }
  ~Fixture() { std::filesystem::remove_all(dir); }

  void Generate() {
    const auto start = std::chrono::steady_clock::now();
    const resource::Actor actor{"bench", ""};
    std::vector<Member> orgs;
    for (int i = 0; i < 100; ++i) {
      Member o;
      o.meta.id = "org-" + std::to_string(i);
      o.type = MemberType::kOrganization;
      o.name = "Organization " + std::to_string(i);
      orgs.push_back(std::move(o));
    }
    if (!manager->resource(MemberType::kOrganization).Bulk(actor, orgs).ok()) std::abort();
    std::mt19937 rng(42);
    for (int b = 0; b < kContacts / kBatch; ++b) {
      std::vector<Member> batch;
      batch.reserve(kBatch);
      for (int i = 0; i < kBatch; ++i) {
        const int n = b * kBatch + i;
        Member m;
        m.meta.id = "c-" + std::to_string(n);
        m.type = MemberType::kContact;
        const std::string first = kFirst[rng() % std::size(kFirst)];
        const std::string last = kLast[rng() % std::size(kLast)];
        m.first_name = first;
        m.last_name = last;
        m.name = first + " " + last + " " + std::to_string(n);
        m.emails = {first + "." + last + "." + std::to_string(n) + "@example.com"};
        m.groups = {"group-" + std::to_string(rng() % 100)};
        if (rng() % 10 == 0) m.groups.push_back("Wholesale");  // about 10%
        if (rng() % 100 == 0) m.tags = {"vip"};                // about 1%
        if (rng() % 4 == 0) m.organizations = {"org-" + std::to_string(rng() % 100)};
        batch.push_back(std::move(m));
      }
      auto r = manager->resource(MemberType::kContact).Bulk(actor, std::move(batch));
      if (!r.ok()) {
        std::fprintf(stderr, "generate: %s\n", r.error().detail().c_str());
        std::abort();
      }
    }
    generate_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
};

Fixture& Data() {
  static Fixture fixture;
  return fixture;
}

void Search(benchmark::State& state, const MemberFilter& filter) {
  auto& f = Data();
  http::ListParams window;
  window.limit = 20;
  window.sort = {{"name", false}};
  std::vector<double> micros;
  std::int64_t total = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    auto page = f.manager->Search(filter, window);
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
    if (!page.ok()) {
      state.SkipWithError(page.error().detail().c_str());
      return;
    }
    total = page->total;
    benchmark::DoNotOptimize(page->items.data());
  }
  std::sort(micros.begin(), micros.end());
  state.counters["p50_us"] = micros[micros.size() / 2];
  state.counters["p99_us"] = micros[std::min(micros.size() - 1, micros.size() * 99 / 100)];
  state.counters["matches"] = static_cast<double>(total);
  state.counters["generate_s"] = f.generate_seconds;
}

void BM_MembersSearchByQ(benchmark::State& state) {
  MemberFilter filter;
  filter.types = {MemberType::kContact};
  filter.q = "garcia 12";  // name contains: full scan of the `search` column
  Search(state, filter);
}
BENCHMARK(BM_MembersSearchByQ)->Unit(benchmark::kMicrosecond);

void BM_MembersSearchByEmailPrefixQ(benchmark::State& state) {
  MemberFilter filter;
  filter.q = "anna.schmidt";
  Search(state, filter);
}
BENCHMARK(BM_MembersSearchByEmailPrefixQ)->Unit(benchmark::kMicrosecond);

void BM_MembersSearchByGroup(benchmark::State& state) {
  MemberFilter filter;
  filter.types = {MemberType::kContact};
  filter.group = "group-17";  // about 1% of the contacts: index on member_links
  Search(state, filter);
}
BENCHMARK(BM_MembersSearchByGroup)->Unit(benchmark::kMicrosecond);

void BM_MembersSearchByWideGroup(benchmark::State& state) {
  MemberFilter filter;
  filter.types = {MemberType::kContact};
  filter.group = "wholesale";  // about 10%
  Search(state, filter);
}
BENCHMARK(BM_MembersSearchByWideGroup)->Unit(benchmark::kMicrosecond);

void BM_MembersSearchByEmail(benchmark::State& state) {
  // An e-mail that exists: the generated one of contact c-4711.
  auto found = Data().manager->FindMember("c-4711");
  if (!found.ok() || !found->has_value() || (*found)->emails.empty()) {
    state.SkipWithError("c-4711 not generated");
    return;
  }
  MemberFilter filter;
  filter.email = (*found)->emails.front();
  Search(state, filter);
}
BENCHMARK(BM_MembersSearchByEmail)->Unit(benchmark::kMicrosecond);

void BM_Convert(benchmark::State& state) {
  ExchangeRateTable table;
  (void)table.Set("USD", Decimal::FromInt(1), {2, RoundingMode::kHalfUp});
  (void)table.Set("EUR", *Decimal::Parse("0.9215"), {2, RoundingMode::kHalfEven});
  (void)table.Set("JPY", *Decimal::Parse("150.25"), {0, RoundingMode::kHalfUp});
  (void)table.Set("KWD", *Decimal::Parse("0.3071"), {3, RoundingMode::kFloor});
  (void)table.Set("GBP", *Decimal::Parse("0.7893"), {2, RoundingMode::kCeiling});
  const Money money{*Decimal::Parse("1234.5678"), "EUR"};
  for (auto _ : state) {
    auto out = Convert(money, "JPY", table);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_Convert);

}  // namespace
}  // namespace emporion::members
