#include "emporion/search/engine.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <thread>

namespace emporion::search {
namespace {

Document Product(const std::string& id, const std::string& color, int64_t price,
                 const std::string& name = "") {
  Document d;
  d.id = id;
  d.keywords.push_back({"color", color});
  d.numbers.push_back({"price", price});
  if (!name.empty()) d.texts.push_back({"name", "en", name, 1.0F});
  d.stored = color;
  return d;
}

Filter ColorIs(const std::string& c) {
  Filter f;
  f.kind = Filter::Kind::kTerms;
  f.field = "color";
  f.values = {c};
  return f;
}

std::vector<std::string> Ids(const SearchResult& r) {
  std::vector<std::string> out;
  for (const Hit& h : r.hits) out.push_back(h.id);
  return out;
}

class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("emporion_search_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    std::filesystem::remove_all(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  [[nodiscard]] std::string str() const { return path_.string(); }

 private:
  static inline std::atomic<int> counter_{0};
  std::filesystem::path path_;
};

TEST(EngineTest, WritesAreVisibleAndTypesAreSeparate) {
  auto engine = MakeEmbeddedEngine();
  ASSERT_TRUE(
      engine->Upsert("product", {Product("p1", "red", 10), Product("p2", "blue", 20)}).ok());
  ASSERT_TRUE(engine->Upsert("member", {Product("m1", "red", 1)}).ok());
  Query q;
  q.filter = ColorIs("red");
  auto r = engine->Search("product", q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Ids(*r), (std::vector<std::string>{"p1"}));
  EXPECT_EQ(r->hits[0].stored, "red");
  EXPECT_EQ(engine->KindOf("product", "price"), FieldKind::kNumber);
  EXPECT_EQ(engine->KindOf("product", "nope"), FieldKind::kUnknown);
  EXPECT_EQ(engine->KindOf("category", "price"), FieldKind::kUnknown);
  auto types = engine->Types();
  std::sort(types.begin(), types.end());
  EXPECT_EQ(types, (std::vector<std::string>{"member", "product"}));
  ASSERT_TRUE(engine->Remove("product", {"p1"}).ok());
  r = engine->Search("product", q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 0U);
  EXPECT_EQ(engine->Stats("product").documents, 1U);
  EXPECT_EQ(engine->Stats("product").deleted, 1U);
  EXPECT_EQ(engine->Stats("product").type, "product");
  // A type nobody wrote: no hits, and a filter names an unknown field.
  Query empty;
  r = engine->Search("category", empty);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 0U);
  EXPECT_FALSE(engine->Search("category", q).ok());
}

// Needs a TextIndex (the stub or s1's): plain English words that no stemmer changes.
TEST(EngineTest, KeywordsNarrowTheFilteredResult) {
  auto engine = MakeEmbeddedEngine();
  ASSERT_TRUE(engine
                  ->Upsert("product", {Product("p1", "red", 10, "steel hammer"),
                                       Product("p2", "blue", 20, "steel saw"),
                                       Product("p3", "red", 30, "wood saw")})
                  .ok());
  Query q;
  q.text = "saw";
  q.language = "en";
  q.prefix = false;
  q.typos = false;
  auto r = engine->Search("product", q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 2U);
  q.filter = ColorIs("red");
  r = engine->Search("product", q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Ids(*r), (std::vector<std::string>{"p3"}));
  ASSERT_TRUE(engine->Upsert("product", {Product("p3", "red", 30, "wood chisel")}).ok());
  r = engine->Search("product", q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 0U);
  EXPECT_EQ(engine->KindOf("product", "name"), FieldKind::kText);
  Filter on_text;
  on_text.kind = Filter::Kind::kTerms;
  on_text.field = "name";
  on_text.values = {"saw"};
  q.filter = on_text;
  EXPECT_FALSE(engine->Search("product", q).ok());
}

TEST(EngineTest, RebuildReplaysWritesThatArriveWhileItRuns) {
  auto engine = MakeEmbeddedEngine();
  ASSERT_TRUE(engine->Upsert("product", {Product("a", "red", 1), Product("b", "red", 2)}).ok());
  auto builder = engine->BeginRebuild("product");
  ASSERT_TRUE(builder.ok());
  EXPECT_EQ(engine->BeginRebuild("product").error().code(), ErrorCode::kConflict);
  ASSERT_TRUE((*builder)
                  ->Add({Product("a", "blue", 1), Product("b", "blue", 2), Product("c", "blue", 3)})
                  .ok());
  // Live writes during the rebuild reach the live index now and the new one at commit.
  ASSERT_TRUE(engine->Upsert("product", {Product("d", "green", 4)}).ok());
  ASSERT_TRUE(engine->Remove("product", {"b"}).ok());
  Query all;
  all.limit = 100;
  auto r = engine->Search("product", all);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Ids(*r), (std::vector<std::string>{"a", "d"}));  // still the old index
  EXPECT_EQ(engine->Stats("product").last_rebuild_millis, 0);

  // More writes from another thread while the builder adds and commits.
  std::thread writer([&] {
    for (int i = 0; i < 200; ++i) {
      ASSERT_TRUE(engine->Upsert("product", {Product("w" + std::to_string(i), "white", i)}).ok());
    }
  });
  for (int k = 0; k < 50; ++k) {
    std::vector<Document> docs;
    for (int i = 0; i < 100; ++i) {
      docs.push_back(Product("r" + std::to_string(k * 100 + i), "black", i));
    }
    ASSERT_TRUE((*builder)->Add(std::move(docs)).ok());
  }
  ASSERT_TRUE((*builder)->Commit().ok());
  writer.join();

  r = engine->Search("product", all);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 2U + 1U + 200U + 5000U);  // a, c, d, w*, r*
  Query white;
  white.filter = ColorIs("white");
  EXPECT_EQ(engine->Search("product", white)->total, 200U);
  Query blue;
  blue.filter = ColorIs("blue");
  blue.limit = 10;
  EXPECT_EQ(Ids(*engine->Search("product", blue)), (std::vector<std::string>{"a", "c"}));
  EXPECT_GT(engine->Stats("product").last_rebuild_millis, 0);
  // The rebuild slot is free again; an abandoned builder frees it too.
  {
    auto again = engine->BeginRebuild("product");
    ASSERT_TRUE(again.ok());
  }
  EXPECT_TRUE(engine->BeginRebuild("product").ok());
}

TEST(EngineTest, ARebuildWhoseCallerCatchesUpKeepsNoJournal) {
  auto engine = MakeEmbeddedEngine();
  ASSERT_TRUE(engine->Upsert("product", {Product("a", "red", 1), Product("b", "red", 2)}).ok());
  auto builder = engine->BeginRebuild("product", RebuildJournal::kCaller);
  ASSERT_TRUE(builder.ok());
  EXPECT_EQ(engine->BeginRebuild("product", RebuildJournal::kCaller).error().code(),
            ErrorCode::kConflict);
  ASSERT_TRUE((*builder)->Add({Product("a", "red", 1), Product("b", "red", 2)}).ok());
  // Live writes reach the live index only; the caller gives the new index what it wants.
  ASSERT_TRUE(engine->Upsert("product", {Product("a", "green", 1), Product("c", "green", 3)}).ok());
  ASSERT_TRUE(engine->Remove("product", {"b"}).ok());
  Query green;
  green.filter = ColorIs("green");
  green.limit = 10;
  EXPECT_EQ(Ids(*engine->Search("product", green)), (std::vector<std::string>{"a", "c"}));
  ASSERT_TRUE((*builder)->Add({Product("a", "green", 1)}).ok());
  ASSERT_TRUE((*builder)->Remove({"b", "unknown"}).ok());
  ASSERT_TRUE((*builder)->Commit().ok());
  EXPECT_FALSE((*builder)->Remove({"a"}).ok());  // committed

  // "c" was written to the live index only and not caught up: the new index lacks it, and
  // holds no journaled copy of "a" (one dead slot: the caller's re-add replaced it).
  EXPECT_EQ(Ids(*engine->Search("product", green)), std::vector<std::string>{"a"});
  Query all;
  all.limit = 10;
  EXPECT_EQ(Ids(*engine->Search("product", all)), std::vector<std::string>{"a"});
  const IndexStats stats = engine->Stats("product");
  EXPECT_EQ(stats.documents, 1U);
  EXPECT_EQ(stats.deleted, 2U);  // "a" replaced, "b" removed
}

std::vector<Query> SampleQueries() {
  std::vector<Query> out;
  Query q;
  q.limit = 50;
  out.push_back(q);
  q.filter = ColorIs("c1");
  FacetRequest colors;
  colors.name = "colors";
  colors.field = "color";
  FacetRequest prices;
  prices.name = "prices";
  prices.field = "price";
  prices.type = FacetRequest::Type::kRange;
  prices.ranges = {{"low", std::nullopt, 500}, {"high", 500, std::nullopt}};
  q.facets = {colors, prices};
  q.sort = {{"price", true}};
  out.push_back(q);
  q.text = "gadget";
  q.language = "en";
  q.sort = {};
  out.push_back(q);
  return out;
}

void ExpectSameAnswers(const Engine& a, const Engine& b) {
  for (const Query& q : SampleQueries()) {
    auto x = a.Search("product", q);
    auto y = b.Search("product", q);
    ASSERT_TRUE(x.ok() && y.ok());
    EXPECT_EQ(x->total, y->total);
    ASSERT_EQ(x->hits.size(), y->hits.size());
    for (size_t i = 0; i < x->hits.size(); ++i) {
      EXPECT_EQ(x->hits[i].id, y->hits[i].id);
      EXPECT_EQ(x->hits[i].stored, y->hits[i].stored);
      EXPECT_EQ(x->hits[i].score, y->hits[i].score);
    }
    ASSERT_EQ(x->facets.size(), y->facets.size());
    for (size_t f = 0; f < x->facets.size(); ++f) {
      ASSERT_EQ(x->facets[f].values.size(), y->facets[f].values.size());
      for (size_t v = 0; v < x->facets[f].values.size(); ++v) {
        EXPECT_EQ(x->facets[f].values[v].value, y->facets[f].values[v].value);
        EXPECT_EQ(x->facets[f].values[v].count, y->facets[f].values[v].count);
      }
    }
  }
}

std::unique_ptr<Engine> FilledEngine() {
  auto engine = MakeEmbeddedEngine();
  std::vector<Document> docs;
  for (int i = 0; i < 3000; ++i) {
    Document d = Product("p" + std::to_string(i), "c" + std::to_string(i % 7), (i * 37) % 1000,
                         i % 3 == 0 ? "blue gadget" : "red widget");
    d.dates.push_back({"created", 1700000000000LL + i});
    docs.push_back(std::move(d));
  }
  EXPECT_TRUE(engine->Upsert("product", docs).ok());
  EXPECT_TRUE(engine->Remove("product", {"p1", "p8", "p15"}).ok());
  EXPECT_TRUE(engine->Upsert("product", {Product("p2", "c1", 999, "new gadget")}).ok());
  EXPECT_TRUE(engine->Upsert("type/with space", {Product("x", "c1", 1)}).ok());
  return engine;
}

TEST(EngineTest, SnapshotRoundTripGivesIdenticalAnswers) {
  TempDir dir;
  auto engine = FilledEngine();
  ASSERT_TRUE(engine->SaveSnapshot(dir.str(), 4242).ok());
  auto loaded = MakeEmbeddedEngine();
  auto watermark = loaded->LoadSnapshot(dir.str());
  ASSERT_TRUE(watermark.ok()) << watermark.error().detail();
  EXPECT_EQ(*watermark, 4242);
  ExpectSameAnswers(*engine, *loaded);
  EXPECT_EQ(loaded->Stats("product").documents, engine->Stats("product").documents);
  EXPECT_EQ(loaded->Stats("product").deleted, engine->Stats("product").deleted);
  EXPECT_EQ(loaded->KindOf("product", "created"), FieldKind::kDate);
  EXPECT_EQ(loaded->Stats("type/with space").documents, 1U);
  // Stored documents are read in place from the snapshot file, not copied into memory.
  EXPECT_EQ(engine->Stats("product").mapped_bytes, 0U);
  EXPECT_GT(loaded->Stats("product").mapped_bytes, 0U);
  // The loaded index keeps taking writes (replacing a doc that came from the snapshot; its
  // stored document joins those after the mapped ones, and saving writes both).
  ASSERT_TRUE(loaded->Upsert("product", {Product("p0", "c1", 5)}).ok());
  EXPECT_EQ(loaded->Stats("product").documents, engine->Stats("product").documents);
  // Saving again over the same directory replaces it.
  ASSERT_TRUE(loaded->SaveSnapshot(dir.str(), 4243).ok());
  auto again = MakeEmbeddedEngine();
  EXPECT_EQ(*again->LoadSnapshot(dir.str()), 4243);
  ExpectSameAnswers(*loaded, *again);
}

TEST(EngineTest, MissingOrDamagedSnapshotIsAnErrorNotACrash) {
  auto engine = MakeEmbeddedEngine();
  TempDir missing;
  EXPECT_EQ(engine->LoadSnapshot(missing.str()).error().code(), ErrorCode::kNotFound);

  TempDir dir;
  ASSERT_TRUE(FilledEngine()->SaveSnapshot(dir.str(), 7).ok());
  const std::string index_file = dir.str() + "/product.idx";
  const std::string manifest = dir.str() + "/MANIFEST";
  std::string good_index;
  std::string good_manifest;
  {
    std::ifstream in(index_file, std::ios::binary);
    good_index.assign(std::istreambuf_iterator<char>(in), {});
    std::ifstream m(manifest, std::ios::binary);
    good_manifest.assign(std::istreambuf_iterator<char>(m), {});
  }
  auto write = [](const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
  };
  auto expect_unprocessable = [&](const char* what) {
    auto fresh = MakeEmbeddedEngine();
    auto r = fresh->LoadSnapshot(dir.str());
    ASSERT_FALSE(r.ok()) << what;
    EXPECT_EQ(r.error().code(), ErrorCode::kUnprocessable) << what;
  };
  // Truncated at several points.
  for (size_t cut : {size_t{3}, size_t{20}, good_index.size() / 3, good_index.size() / 2,
                     good_index.size() - 1}) {
    write(index_file, good_index.substr(0, cut));
    expect_unprocessable("truncated index");
  }
  write(index_file, good_index);
  // Another format version.
  std::string other = good_manifest;
  other.replace(other.find("version 2"), 9, "version 9");
  write(manifest, other);
  expect_unprocessable("other version");
  write(manifest, good_manifest.substr(0, good_manifest.size() - 4));
  expect_unprocessable("truncated manifest");
  write(manifest, "garbage");
  expect_unprocessable("garbage manifest");
  write(manifest, good_manifest);
  std::string wrong_magic = good_index;
  wrong_magic[0] = 'X';
  write(index_file, wrong_magic);
  expect_unprocessable("wrong magic");
  // Random byte damage: an error or a load, never a crash.
  std::mt19937 rng(9);
  for (int k = 0; k < 100; ++k) {
    std::string damaged = good_index;
    const size_t at = 12 + rng() % (damaged.size() - 12);
    damaged[at] = static_cast<char>(damaged[at] ^ static_cast<char>(1 + rng() % 255));
    write(index_file, damaged);
    auto fresh = MakeEmbeddedEngine();
    auto r = fresh->LoadSnapshot(dir.str());
    if (!r.ok()) {
      EXPECT_EQ(r.error().code(), ErrorCode::kUnprocessable);
    }
  }
  write(index_file, good_index);
  auto fresh = MakeEmbeddedEngine();
  EXPECT_TRUE(fresh->LoadSnapshot(dir.str()).ok());
}

// Readers and a writer at once: every answer must be internally consistent (each hit has the
// filtered color, total equals the hits returned and the facet's count of that color).
TEST(EngineTest, ConcurrentReadersSeeConsistentAnswersWhileAWriterRuns) {
  auto engine = MakeEmbeddedEngine();
  std::vector<Document> docs;
  for (int i = 0; i < 500; ++i) {
    docs.push_back(Product("p" + std::to_string(i), i % 2 ? "red" : "blue", i));
  }
  ASSERT_TRUE(engine->Upsert("product", docs).ok());
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::atomic<int> searches{0};
  auto reader = [&] {
    Query q;
    q.filter = ColorIs("red");
    q.limit = 1000;
    FacetRequest fr;
    fr.name = "color";
    fr.field = "color";
    q.facets = {fr};
    while (!stop.load()) {
      auto r = engine->Search("product", q);
      if (!r.ok() || r->total != r->hits.size()) {
        ++failures;
        continue;
      }
      uint64_t red = 0;
      uint64_t all = 0;
      for (const auto& v : r->facets[0].values) {
        all += v.count;
        if (v.value == "red") red = v.count;
      }
      if (red != r->total || all != 500) ++failures;
      for (const Hit& h : r->hits) {
        if (h.stored != "red") ++failures;
      }
      ++searches;
    }
  };
  std::thread r1(reader);
  std::thread r2(reader);
  std::mt19937 rng(1);
  for (int round = 0; round < 300; ++round) {
    std::vector<Document> batch;
    for (int k = 0; k < 10; ++k) {
      const int i = static_cast<int>(rng() % 500);
      batch.push_back(Product("p" + std::to_string(i), rng() % 2 ? "red" : "blue", i));
    }
    ASSERT_TRUE(engine->Upsert("product", batch).ok());
  }
  // Let the readers finish at least a few searches (poll, no sleep-based timing).
  while (searches.load() < 10) std::this_thread::yield();
  stop = true;
  r1.join();
  r2.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(engine->Stats("product").documents, 500U);
}

}  // namespace
}  // namespace emporion::search
