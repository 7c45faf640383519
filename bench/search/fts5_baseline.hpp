// Fts5Baseline: the honest SQL baseline of the search benchmark. The same generated products in
// one SQLite database: a products table (one column per single-valued field, the effective price
// as a generated column), a side table for virtual catalog outlines, an FTS5 table over the names,
// descriptions and code (porter unicode61 remove_diacritics 2, prefix indexes 2-4), and the
// indexes a competent engineer would add for the filter and facet columns.
//
// A QuerySpec runs as two prepared statements in one read transaction:
//   1. the FTS5 match joined to products is materialized once (a CTE), with one flag per filter;
//      the total and the 5 term facets (GROUP BY, top 20, each leaving out its own filter:
//      disjunctive, as the engine) and the price range facet (CASE buckets) are UNION ALL arms
//      over it;
//   2. the page: the same match and filters, ORDER BY COALESCE(p3, p2, p1), LIMIT 20.
// FTS5 has no typo tolerance: it gets the intended spelling (QuerySpec::intended).
//
// Thread-safety: none; one instance per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "product_gen.hpp"
#include "query_mix.hpp"

struct sqlite3;

namespace emporion::bench {

class Fts5Baseline {
 public:
  Fts5Baseline();
  ~Fts5Baseline();
  Fts5Baseline(const Fts5Baseline&) = delete;
  Fts5Baseline& operator=(const Fts5Baseline&) = delete;

  struct BuildTimes {
    double load_s = 0;      // rows into products, outlines and FTS5 (transactions of 50k)
    double optimize_s = 0;  // FTS5 'optimize' (merges the segments)
    double index_s = 0;     // secondary indexes + ANALYZE
    bool reused = false;    // an existing database of the same N and seed was reused
  };
  /// Opens `path`; unless `reuse` and the file already holds these N products from `seed`,
  /// recreates it and loads the products. Exits the process on SQLite errors (a benchmark).
  BuildTimes Build(const ProductGenerator& gen, uint64_t seed, uint64_t products,
                   const std::string& path, bool reuse);

  /// Runs one query (both statements, in one read transaction).
  Answer Run(const QuerySpec& spec);
  /// EXPLAIN QUERY PLAN of both statements for `spec`, for the report.
  [[nodiscard]] std::string ExplainPlan(const QuerySpec& spec);

 private:
  struct Statements;
  sqlite3* db_ = nullptr;
  std::unique_ptr<Statements> stmts_;
};

}  // namespace emporion::bench
