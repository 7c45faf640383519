// emporion_search_bench: the embedded search engine on N generated products against an SQLite
// FTS5 baseline on the same data and the same query mix, in one run (issue 6, point 5).
//
// Phases, each timed and printed: generate; full rebuild (BeginRebuild, Add in batches of 10k,
// Commit); index memory (Stats) and process RSS; snapshot save and restart (LoadSnapshot into a
// fresh engine, answers compared with the original); the query mix single-threaded (p50, p90,
// p99, max, q/s; wall time and thread CPU time); the mix on T threads (throughput); updates while
// the mix runs (an Upsert every 50 ms, time until a Search sees it); the FTS5 baseline (build,
// the first F queries of the same mix, ratio); exact check queries answered by both (totals,
// facets and page prices compared; mismatches printed).
//
// Usage: emporion_search_bench [--products N] [--queries Q] [--data DIR] [--fts-queries F]
//          [--check C] [--threads T] [--update-seconds S] [--seed S] [--reuse-db] [--skip-fts]
//        emporion_search_bench N Q DIR          (positional form)
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "emporion/search/engine.hpp"
#include "fts5_baseline.hpp"
#include "product_gen.hpp"
#include "query_mix.hpp"

namespace {

using namespace emporion;
using namespace emporion::bench;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kType = "product";
constexpr size_t kBatch = 10'000;

struct Options {
  uint64_t products = 1'000'000;
  size_t queries = 2'000;
  size_t fts_queries = 200;
  size_t check = 50;
  std::string data = "/tmp/emporion-search-bench";
  uint64_t seed = 42;
  int threads = 2;
  double update_seconds = 10;
  bool reuse_db = false;
  bool skip_fts = false;
  size_t slowest = 0;     // print the N slowest queries of the single-thread mix
  bool mix_only = false;  // stop after the single-thread mix (profiling)
};

void Usage() {
  std::fprintf(stderr,
               "usage: emporion_search_bench [--products N] [--queries Q] [--data DIR]\n"
               "         [--fts-queries F] [--check C] [--threads T] [--update-seconds S]\n"
               "         [--seed S] [--reuse-db] [--skip-fts] [--slowest N] [--mix-only]\n"
               "       emporion_search_bench N Q DIR\n");
}

Options ParseArgs(int argc, char** argv) {
  Options o;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        Usage();
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--products") {
      o.products = std::stoull(next());
    } else if (a == "--queries") {
      o.queries = std::stoull(next());
    } else if (a == "--fts-queries") {
      o.fts_queries = std::stoull(next());
    } else if (a == "--check") {
      o.check = std::stoull(next());
    } else if (a == "--data") {
      o.data = next();
    } else if (a == "--seed") {
      o.seed = std::stoull(next());
    } else if (a == "--threads") {
      o.threads = std::stoi(next());
    } else if (a == "--update-seconds") {
      o.update_seconds = std::stod(next());
    } else if (a == "--reuse-db") {
      o.reuse_db = true;
    } else if (a == "--skip-fts") {
      o.skip_fts = true;
    } else if (a == "--slowest") {
      o.slowest = std::stoull(next());
    } else if (a == "--mix-only") {
      o.mix_only = true;
    } else if (a == "--help" || a == "-h") {
      Usage();
      std::exit(0);
    } else if (!a.empty() && a[0] != '-') {
      positional.push_back(a);
    } else {
      Usage();
      std::exit(2);
    }
  }
  if (!positional.empty()) o.products = std::stoull(positional[0]);
  if (positional.size() > 1) o.queries = std::stoull(positional[1]);
  if (positional.size() > 2) o.data = positional[2];
  o.fts_queries = std::min(o.fts_queries, o.queries);
  o.threads = std::max(o.threads, 1);
  return o;
}

/// CPU seconds of the whole process (all threads), user + system.
double ProcessCpuSec() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  const auto sec = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
  };
  return sec(ru.ru_utime) + sec(ru.ru_stime);
}

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }
double Sec(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

/// CPU time of the calling thread: what a query costs, without the run-queue waits of a shared
/// machine (2 cores for several users).
double ThreadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

struct Dist {
  double p50 = 0, p90 = 0, p99 = 0, max = 0, mean = 0;
  size_t n = 0;
};

Dist Distribution(std::vector<double> v) {
  Dist d;
  d.n = v.size();
  if (v.empty()) return d;
  std::sort(v.begin(), v.end());
  const auto at = [&](double p) {
    const auto i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
  };
  d.p50 = at(0.50);
  d.p90 = at(0.90);
  d.p99 = at(0.99);
  d.max = v.back();
  double sum = 0;
  for (const double x : v) sum += x;
  d.mean = sum / static_cast<double>(v.size());
  return d;
}

std::string Show(const Dist& d) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "p50 %.3f  p90 %.3f  p99 %.3f  max %.3f  mean %.3f ms", d.p50,
                d.p90, d.p99, d.max, d.mean);
  return buf;
}

const char* Verdict(bool pass) { return pass ? "PASS" : "FAIL"; }

std::string ProcStatus(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) {
      const auto pos = line.find_first_not_of(" \t", std::strlen(key));
      return pos == std::string::npos ? "" : line.substr(pos);
    }
  }
  return "?";
}

double ProcStatusMb(const char* key) {
  return static_cast<double>(std::strtoull(ProcStatus(key).c_str(), nullptr, 10)) / 1024.0;
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

std::string UtcNow() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

uint64_t DirBytes(const std::string& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir, ec)) {
    if (e.is_regular_file(ec)) total += e.file_size(ec);
  }
  return total;
}

void Check(const Status& s, const char* what) {
  if (!s.ok()) {
    std::fprintf(stderr, "FATAL %s: %s\n", what, s.error().detail().c_str());
    std::exit(1);
  }
}

struct MixRun {
  std::vector<double> wall_ms;
  std::vector<double> cpu_ms;
  std::vector<uint64_t> totals;
  size_t errors = 0;
  double seconds = 0;
};

/// Runs `queries` in order on the calling thread, timing each.
MixRun RunEngineMix(const search::Engine& engine, const std::vector<search::Query>& queries,
                    size_t start = 0, const std::atomic<bool>* stop = nullptr) {
  MixRun r;
  r.wall_ms.reserve(queries.size());
  r.cpu_ms.reserve(queries.size());
  const auto t0 = Clock::now();
  for (size_t k = 0; k < queries.size(); ++k) {
    if (stop != nullptr && stop->load(std::memory_order_relaxed)) break;
    const auto& q = queries[(start + k) % queries.size()];
    const double c0 = ThreadCpuMs();
    const auto w0 = Clock::now();
    auto res = engine.Search(kType, q);
    r.wall_ms.push_back(Ms(Clock::now() - w0));
    r.cpu_ms.push_back(ThreadCpuMs() - c0);
    if (!res.ok()) {
      if (r.errors++ < 3) {
        std::printf("  ! query %zu failed: %s\n", (start + k) % queries.size(),
                    res.error().detail().c_str());
      }
      r.totals.push_back(0);
      continue;
    }
    r.totals.push_back(res->total);
  }
  r.seconds = Sec(Clock::now() - t0);
  return r;
}

void PrintMix(const char* title, const MixRun& r) {
  const double qps = r.seconds > 0 ? static_cast<double>(r.wall_ms.size()) / r.seconds : 0;
  std::printf("%s: %zu queries in %.2f s = %.0f queries/s, %zu errors\n", title, r.wall_ms.size(),
              r.seconds, qps, r.errors);
  std::printf("  wall: %s\n", Show(Distribution(r.wall_ms)).c_str());
  std::printf("  cpu:  %s\n", Show(Distribution(r.cpu_ms)).c_str());
}

std::string Token(uint64_t k) {
  // Letters only, ending in "ox" (no stemmer touches it): "zqu" + digits as consonants.
  static const char* letters = "bdfghklmnp";
  std::string digits = std::to_string(k);
  std::string t = "zqu";
  for (const char c : digits) t += letters[c - '0'];
  return t + "ox";
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = ParseArgs(argc, argv);
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  std::filesystem::create_directories(o.data);
  std::printf("# emporion_search_bench  %s\n", UtcNow().c_str());
  std::printf("products %llu, queries %zu (FTS5: %zu), check %zu, threads %d, seed %llu, data %s\n",
              static_cast<unsigned long long>(o.products), o.queries, o.fts_queries, o.check,
              o.threads, static_cast<unsigned long long>(o.seed), o.data.c_str());
  std::printf("cpus %u, load average %s\n\n", std::thread::hardware_concurrency(),
              LoadAverage().c_str());

  const ProductGenerator gen(o.seed);
  {
    const Product p = gen.Make(0);
    std::printf(
        "product 0: name_en \"%s\", name_de \"%s\"\n  description_en \"%s\"\n"
        "  stored %zu bytes: %s\n",
        p.name_en.c_str(), p.name_de.c_str(), p.description_en.c_str(), p.stored.size(),
        p.stored.c_str());
  }
  const auto mix = MakeQueryMix(gen, o.seed + 1, o.queries);
  const auto warmup = MakeQueryMix(gen, o.seed + 2, std::min<size_t>(100, o.queries));
  const auto checks = MakeCheckQueries(gen, o.seed + 3, o.check);
  std::vector<search::Query> mix_q;
  for (const auto& s : mix) mix_q.push_back(ToEngineQuery(s));
  std::vector<search::Query> warm_q;
  for (const auto& s : warmup) warm_q.push_back(ToEngineQuery(s));
  {
    size_t typos = 0, fragments = 0;
    for (const auto& s : mix) {
      typos += s.has_typo ? 1 : 0;
      fragments += s.last_is_fragment ? 1 : 0;
    }
    std::printf("query mix: %zu queries, %zu with a typo, %zu ending in a prefix fragment; e.g.\n",
                mix.size(), typos, fragments);
    for (size_t i = 0; i < std::min<size_t>(3, mix.size()); ++i) {
      std::printf("  %s\n", mix[i].Describe().c_str());
    }
    std::printf(
        "  + active:true buyable:true, facets brand color size material category "
        "(top %u) + price ranges, sort by effective price, limit %u\n\n",
        kFacetSize, kPageSize);
  }

  // --- generate ---------------------------------------------------------------------------------
  {
    const auto t0 = Clock::now();
    size_t bytes = 0;
    for (uint64_t i = 0; i < o.products; ++i) {
      const auto d = ProductGenerator::ToDocument(gen.Make(i));
      bytes += d.stored.size();
      for (const auto& t : d.texts) bytes += t.value.size();
    }
    const double s = Sec(Clock::now() - t0);
    std::printf("generate: %llu documents in %.2f s (%.0f docs/s, %.0f MB of text+stored)\n",
                static_cast<unsigned long long>(o.products), s, static_cast<double>(o.products) / s,
                static_cast<double>(bytes) / 1e6);
  }
  const double rss_before = ProcStatusMb("VmRSS:");

  // --- full rebuild -----------------------------------------------------------------------------
  auto engine = search::MakeEmbeddedEngine();
  double build_s = 0;
  {
    double add_s = 0;
    double add_cpu_s = 0;
    const auto wall0 = Clock::now();
    auto builder = engine->BeginRebuild(kType);
    if (!builder.ok()) {
      std::fprintf(stderr, "FATAL BeginRebuild: %s\n", builder.error().detail().c_str());
      return 1;
    }
    for (uint64_t first = 0; first < o.products; first += kBatch) {
      std::vector<search::Document> batch;
      batch.reserve(kBatch);
      for (uint64_t i = first; i < std::min<uint64_t>(o.products, first + kBatch); ++i) {
        batch.push_back(ProductGenerator::ToDocument(gen.Make(i)));
      }
      const auto t0 = Clock::now();
      const double cpu0 = ProcessCpuSec();
      Check((*builder)->Add(std::move(batch)), "Add");
      add_cpu_s += ProcessCpuSec() - cpu0;
      add_s += Sec(Clock::now() - t0);
    }
    const auto c0 = Clock::now();
    const double cpu0 = ProcessCpuSec();
    Check((*builder)->Commit(), "Commit");
    const double commit_cpu_s = ProcessCpuSec() - cpu0;
    const double commit_s = Sec(Clock::now() - c0);
    builder->reset();
    build_s = add_s + commit_s;
    std::printf(
        "engine rebuild: %.2f s (Add %.2f s + Commit %.2f s; wall with generation %.2f s), "
        "%.0f docs/s   [target < 60 s: %s]\n",
        build_s, add_s, commit_s, Sec(Clock::now() - wall0),
        static_cast<double>(o.products) / build_s, Verdict(build_s < 60));
    std::printf("  process CPU time of Add + Commit: %.2f s\n", add_cpu_s + commit_cpu_s);
  }
  const auto stats = engine->Stats(kType);
  const double rss_after = ProcStatusMb("VmRSS:");
  std::printf(
      "engine index: %llu documents, %llu terms, Stats().memory_bytes %.0f MB   "
      "[target < 1536 MB: %s]\n",
      static_cast<unsigned long long>(stats.documents),
      static_cast<unsigned long long>(stats.terms),
      static_cast<double>(stats.memory_bytes) / 1048576.0,
      Verdict(static_cast<double>(stats.memory_bytes) < 1536.0 * 1048576.0));
  std::printf("  largest parts:");
  for (size_t i = 0; i < stats.memory_parts.size() && i < 16; ++i) {
    std::printf("%s %s %.1f MB", i % 4 == 0 ? "\n   " : ",", stats.memory_parts[i].name.c_str(),
                static_cast<double>(stats.memory_parts[i].bytes) / 1048576.0);
  }
  std::printf("\n");
  std::printf("process: VmRSS %.0f MB (%.0f MB before the build), VmHWM %.0f MB\n", rss_after,
              rss_before, ProcStatusMb("VmHWM:"));
  if (stats.documents != o.products) {
    std::printf("  ! MISMATCH: Stats().documents %llu, expected %llu\n",
                static_cast<unsigned long long>(stats.documents),
                static_cast<unsigned long long>(o.products));
  }

  // --- the query mix, single-threaded ---------------------------------------------------------
  RunEngineMix(*engine, warm_q);
  const MixRun single = RunEngineMix(*engine, mix_q);
  std::printf("\n");
  PrintMix("engine mix, 1 thread", single);
  const Dist single_wall = Distribution(single.wall_ms);
  {
    std::vector<double> totals(single.totals.begin(), single.totals.end());
    const Dist t = Distribution(totals);
    std::printf("  totals per query: median %.0f, p90 %.0f, max %.0f\n", t.p50, t.p90, t.max);
    std::printf("  [targets p50 < 3 ms: %s, p99 < 15 ms: %s (wall)]\n",
                Verdict(single_wall.p50 < 3), Verdict(single_wall.p99 < 15));
  }
  if (o.slowest > 0) {
    std::vector<size_t> order(single.cpu_ms.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    const size_t n = std::min(o.slowest, order.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n), order.end(),
                      [&](size_t a, size_t b) { return single.cpu_ms[a] > single.cpu_ms[b]; });
    std::printf("  slowest %zu queries by CPU time:\n", n);
    for (size_t k = 0; k < n; ++k) {
      const size_t i = order[k];
      std::printf("    #%zu cpu %.2f ms, total %llu: %s\n", i, single.cpu_ms[i],
                  static_cast<unsigned long long>(single.totals[i]), mix[i].Describe().c_str());
    }
  }
  if (o.mix_only) {
    std::printf("--mix-only: stopping after the single-thread mix (%s)\n", UtcNow().c_str());
    return 0;
  }

  // --- snapshot and restart ---------------------------------------------------------------------
  const std::string snapshot_dir = o.data + "/snapshot";
  std::filesystem::remove_all(snapshot_dir);
  std::filesystem::create_directories(snapshot_dir);
  {
    const auto t0 = Clock::now();
    Check(engine->SaveSnapshot(snapshot_dir, 4242), "SaveSnapshot");
    std::printf("\nsnapshot save: %.2f s, %.0f MB on disk\n", Sec(Clock::now() - t0),
                static_cast<double>(DirBytes(snapshot_dir)) / 1048576.0);
  }
  auto restarted = search::MakeEmbeddedEngine();
  {
    const auto t0 = Clock::now();
    const double cpu0 = ProcessCpuSec();
    auto watermark = restarted->LoadSnapshot(snapshot_dir);
    const double s = Sec(Clock::now() - t0);
    const double cpu_s = ProcessCpuSec() - cpu0;
    if (!watermark.ok()) {
      std::fprintf(stderr, "FATAL LoadSnapshot: %s\n", watermark.error().detail().c_str());
      return 1;
    }
    std::printf(
        "restart (LoadSnapshot into a fresh engine): %.2f s (process CPU %.2f s), "
        "watermark %lld%s   [target < 10 s: %s]\n",
        s, cpu_s, static_cast<long long>(*watermark),
        *watermark == 4242 ? "" : " (! expected 4242)", Verdict(s < 10));
    const auto rs = restarted->Stats(kType);
    size_t differ = 0;
    const size_t compare = std::min<size_t>(100, mix_q.size());
    for (size_t i = 0; i < compare; ++i) {
      auto a = engine->Search(kType, mix_q[i]);
      auto b = restarted->Search(kType, mix_q[i]);
      if (!a.ok() || !b.ok()) {
        ++differ;
        continue;
      }
      const Answer x = FromEngine(*a);
      const Answer y = FromEngine(*b);
      const std::string d = Diff(x, y);
      if (!d.empty() || x.page_ids != y.page_ids) {
        if (differ++ < 3)
          std::printf("  ! restart differs on %s:%s\n", mix[i].Describe().c_str(), d.c_str());
      }
    }
    std::printf(
        "  restarted engine: %llu documents, %llu terms, %.0f MB; %zu of %zu mix answers "
        "differ from the original engine's\n",
        static_cast<unsigned long long>(rs.documents), static_cast<unsigned long long>(rs.terms),
        static_cast<double>(rs.memory_bytes) / 1048576.0, differ, compare);
  }
  engine.reset();
  std::printf("process after dropping the original engine: VmRSS %.0f MB\n",
              ProcStatusMb("VmRSS:"));
  RunEngineMix(*restarted, warm_q);
  PrintMix("engine mix after restart, 1 thread", RunEngineMix(*restarted, mix_q));

  // --- the mix on T threads ----------------------------------------------------------------------
  {
    std::vector<MixRun> runs(static_cast<size_t>(o.threads));
    std::vector<std::thread> pool;
    const auto t0 = Clock::now();
    for (int t = 0; t < o.threads; ++t) {
      pool.emplace_back([&, t] {
        runs[static_cast<size_t>(t)] =
            RunEngineMix(*restarted, mix_q,
                         static_cast<size_t>(t) * mix_q.size() / static_cast<size_t>(o.threads));
      });
    }
    for (auto& th : pool) th.join();
    const double s = Sec(Clock::now() - t0);
    std::vector<double> all;
    size_t errors = 0;
    for (const auto& r : runs) {
      all.insert(all.end(), r.wall_ms.begin(), r.wall_ms.end());
      errors += r.errors;
    }
    std::printf("\nengine mix, %d threads: %zu queries in %.2f s = %.0f queries/s, %zu errors\n",
                o.threads, all.size(), s, static_cast<double>(all.size()) / s, errors);
    std::printf("  wall: %s\n", Show(Distribution(all)).c_str());
  }

  // --- updates visible while the mix runs
  // ---------------------------------------------------------
  {
    std::atomic<bool> stop{false};
    std::vector<double> upsert_ms;
    std::vector<double> visible_ms;
    size_t invisible = 0;
    std::thread writer([&] {
      Rng rng(o.seed + 7);
      auto next = Clock::now();
      for (uint64_t k = 0; !stop.load(); ++k) {
        next += std::chrono::milliseconds(50);
        std::this_thread::sleep_until(next);
        Product p = gen.Make(rng.Below(static_cast<uint32_t>(o.products)));
        const std::string token = Token(k);
        p.name_en += " " + token;
        if (p.price_pl1) *p.price_pl1 += 100;
        const auto u0 = Clock::now();
        Check(restarted->Upsert(kType, {ProductGenerator::ToDocument(p)}), "Upsert");
        const auto u1 = Clock::now();
        upsert_ms.push_back(Ms(u1 - u0));
        search::Query q;
        q.text = token;
        q.language = "en";
        q.prefix = false;
        q.typos = false;
        q.limit = 1;
        bool seen = false;
        while (Clock::now() - u1 < std::chrono::seconds(5)) {
          auto r = restarted->Search(kType, q);
          if (r.ok() && r->total == 1 && !r->hits.empty() && r->hits[0].id == p.id) {
            seen = true;
            break;
          }
        }
        if (seen) {
          visible_ms.push_back(Ms(Clock::now() - u1));
        } else {
          ++invisible;
        }
      }
    });
    MixRun r;
    const auto t0 = Clock::now();
    while (Sec(Clock::now() - t0) < o.update_seconds) {
      MixRun part = RunEngineMix(*restarted, mix_q, 0, nullptr);
      r.wall_ms.insert(r.wall_ms.end(), part.wall_ms.begin(), part.wall_ms.end());
      r.cpu_ms.insert(r.cpu_ms.end(), part.cpu_ms.begin(), part.cpu_ms.end());
      r.errors += part.errors;
      r.seconds += part.seconds;
    }
    stop = true;
    writer.join();
    std::printf("\nupdates while the mix runs: %zu upserts (one every 50 ms), %zu never visible\n",
                upsert_ms.size(), invisible);
    std::printf("  Upsert call:          %s\n", Show(Distribution(upsert_ms)).c_str());
    if (!upsert_ms.empty()) {
      const auto worst = std::max_element(upsert_ms.begin(), upsert_ms.end());
      std::printf("    first upsert %.3f ms; the slowest was upsert #%td\n", upsert_ms.front(),
                  worst - upsert_ms.begin() + 1);
    }
    const Dist v = Distribution(visible_ms);
    std::printf("  return -> searchable: %s   [target max < 1000 ms: %s]\n", Show(v).c_str(),
                Verdict(invisible == 0 && v.max < 1000));
    PrintMix("  mix meanwhile, 1 thread", r);
    const auto st = restarted->Stats(kType);
    std::printf("  after the updates: %llu documents, %llu deleted (not compacted)\n",
                static_cast<unsigned long long>(st.documents),
                static_cast<unsigned long long>(st.deleted));
  }

  if (o.skip_fts) {
    std::printf("\nFTS5 baseline skipped (--skip-fts)\n");
    std::printf("\nload average at the end: %s\n", LoadAverage().c_str());
    return 0;
  }

  // --- the FTS5 baseline
  // --------------------------------------------------------------------------- The restarted
  // engine is left in place: it holds the documents of the updates above, so the check queries
  // below must not depend on them (they compare with products as generated). Rebuild the engine
  // from the generator for an exact comparison.
  restarted.reset();
  auto fresh = search::MakeEmbeddedEngine();
  {
    auto restore = fresh->LoadSnapshot(snapshot_dir);
    if (!restore.ok()) {
      std::fprintf(stderr, "FATAL LoadSnapshot: %s\n", restore.error().detail().c_str());
      return 1;
    }
  }
  Fts5Baseline fts;
  {
    const std::string path = o.data + "/fts5_baseline.db";
    const auto t = fts.Build(gen, o.seed, o.products, path, o.reuse_db);
    if (t.reused) {
      std::printf("\nFTS5 baseline: reused %s (built by an earlier run, same N and seed)\n",
                  path.c_str());
    } else {
      std::printf(
          "\nFTS5 baseline build: %.2f s (load %.2f s + FTS5 optimize %.2f s + indexes and "
          "ANALYZE %.2f s), %.0f MB on disk\n",
          t.load_s + t.optimize_s + t.index_s, t.load_s, t.optimize_s, t.index_s,
          static_cast<double>(std::filesystem::file_size(path)) / 1048576.0);
    }
    std::printf("  query plan of the first query (%s):\n%s", mix[0].Describe().c_str(),
                fts.ExplainPlan(mix[0]).c_str());
  }
  const size_t f = o.fts_queries;
  std::vector<double> fts_wall, fts_cpu;
  {
    for (size_t i = 0; i < std::min<size_t>(10, warmup.size()); ++i) (void)fts.Run(warmup[i]);
    const auto t0 = Clock::now();
    for (size_t i = 0; i < f; ++i) {
      const double c0 = ThreadCpuMs();
      const auto w0 = Clock::now();
      (void)fts.Run(mix[i]);
      fts_wall.push_back(Ms(Clock::now() - w0));
      fts_cpu.push_back(ThreadCpuMs() - c0);
    }
    const double s = Sec(Clock::now() - t0);
    std::printf(
        "FTS5 mix, 1 thread: the first %zu of the %zu queries%s in %.2f s = %.1f "
        "queries/s\n",
        f, mix.size(), f < mix.size() ? " (fewer: the baseline is slow)" : "", s,
        static_cast<double>(f) / s);
    std::printf("  wall: %s\n", Show(Distribution(fts_wall)).c_str());
    std::printf("  cpu:  %s\n", Show(Distribution(fts_cpu)).c_str());
    std::printf(
        "  FTS5 has no typo tolerance: it was given the intended spelling of the %zu typo "
        "queries among them (the engine got the typo)\n",
        static_cast<size_t>(std::count_if(mix.begin(), mix.begin() + static_cast<long>(f),
                                          [](const QuerySpec& q) { return q.has_typo; })));
    const std::vector<double> e_wall(single.wall_ms.begin(),
                                     single.wall_ms.begin() + static_cast<long>(f));
    const std::vector<double> e_cpu(single.cpu_ms.begin(),
                                    single.cpu_ms.begin() + static_cast<long>(f));
    const Dist ew = Distribution(e_wall), ec = Distribution(e_cpu);
    const Dist fw = Distribution(fts_wall), fc = Distribution(fts_cpu);
    std::printf("  engine on the same %zu queries: wall %s\n", f, Show(ew).c_str());
    std::printf(
        "RATIO engine vs FTS5 (same queries, same data): p50 %.1fx, mean %.1fx, p99 %.1fx "
        "(wall); p50 %.1fx, mean %.1fx (cpu)   [target >= 20x: %s]\n",
        fw.p50 / ew.p50, fw.mean / ew.mean, fw.p99 / ew.p99, fc.p50 / ec.p50, fc.mean / ec.mean,
        Verdict(fw.p50 / ew.p50 >= 20 && fw.mean / ew.mean >= 20));
  }

  // --- exact answers compared
  // ------------------------------------------------------------------------
  {
    size_t mismatches = 0;
    size_t printed = 0;
    std::vector<double> totals;
    for (const auto& spec : checks) {
      auto r = fresh->Search(kType, ToEngineQuery(spec));
      const Answer want = fts.Run(spec);
      totals.push_back(static_cast<double>(want.total));
      if (!r.ok()) {
        ++mismatches;
        if (printed++ < 10) {
          std::printf("  ! %s: engine error %s\n", spec.Describe().c_str(),
                      r.error().detail().c_str());
        }
        continue;
      }
      const std::string d = Diff(FromEngine(*r), want);
      if (!d.empty()) {
        ++mismatches;
        if (printed++ < 10) std::printf("  ! %s:%s\n", spec.Describe().c_str(), d.c_str());
      }
    }
    std::printf(
        "\ncheck: %zu exact queries (no typo, no prefix) answered by the engine and FTS5; "
        "%zu mismatches (total, facets or page prices)\n",
        checks.size(), mismatches);
    const Dist t = Distribution(totals);
    std::printf("  their totals: median %.0f, p90 %.0f, max %.0f; %zu of them 0\n", t.p50, t.p90,
                t.max, static_cast<size_t>(std::count(totals.begin(), totals.end(), 0.0)));
  }
  std::printf("\nload average at the end: %s\n", LoadAverage().c_str());
  return 0;
}
