#include "fts5_baseline.hpp"

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <map>

namespace emporion::bench {

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kSchemaVersion = 4;
constexpr uint64_t kRowsPerTransaction = 50'000;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

[[noreturn]] void Die(sqlite3* db, const std::string& what) {
  std::fprintf(stderr, "sqlite: %s: %s\n", what.c_str(), db ? sqlite3_errmsg(db) : "");
  std::exit(1);
}

void Exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "";
    sqlite3_free(err);
    std::fprintf(stderr, "sqlite: %s\n  in: %s\n", msg.c_str(), sql.c_str());
    std::exit(1);
  }
}

sqlite3_stmt* Prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v3(db, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &s, nullptr) != SQLITE_OK) {
    Die(db, "prepare " + sql);
  }
  return s;
}

void BindText(sqlite3_stmt* s, int i, const std::string& v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}
void BindOpt(sqlite3_stmt* s, int i, const std::optional<int64_t>& v) {
  if (v) {
    sqlite3_bind_int64(s, i, *v);
  } else {
    sqlite3_bind_null(s, i);
  }
}

void Step(sqlite3* db, sqlite3_stmt* s, const char* what) {
  if (sqlite3_step(s) != SQLITE_DONE) Die(db, what);
  sqlite3_reset(s);
}

std::string QueryOne(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = Prepare(db, sql);
  std::string v;
  if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) != nullptr) {
    v = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
  }
  sqlite3_finalize(s);
  return v;
}

// The filter that the second clause of a QuerySpec becomes, on table alias p.
const char* SecondCondition(QuerySpec::Second s) {
  switch (s) {
    case QuerySpec::Second::kAvailableFc1:
      return "p.qty_fc1 > 0";
    case QuerySpec::Second::kColor:
      return "p.color = ?4";
    case QuerySpec::Second::kBrand:
      return "p.brand = ?4";
  }
  return "1";
}

// ?1 MATCH expression, ?2/?3 category path range, ?4 second value, ?5/?6 price range.
std::string FacetSql(QuerySpec::Second second) {
  std::string sql =
      "WITH m AS MATERIALIZED (SELECT p.brand AS brand, p.color AS color, p.size AS size, "
      "p.material AS material, p.cat1 AS cat1, p.cat2 AS cat2, p.cat3 AS cat3, p.ocat AS ocat, "
      "p.price AS price, "
      "(p.category_path >= ?2 AND p.category_path < ?3) AS f_cat, (" +
      std::string(SecondCondition(second)) +
      ") AS f_sec, (p.price >= ?5 AND p.price < ?6) AS f_price "
      "FROM products_fts CROSS JOIN products p ON p.id = products_fts.rowid "
      "WHERE products_fts MATCH ?1 AND p.active = 1 AND p.buyable = 1)\n"
      "SELECT 0, NULL, count(*) FROM m WHERE f_cat AND f_sec AND f_price";
  const std::string columns[] = {"brand", "color", "size", "material"};
  for (size_t i = 0; i < 4; ++i) {
    // Disjunctive: a facet leaves out the filter on its own field.
    const bool own = (i == 0 && second == QuerySpec::Second::kBrand) ||
                     (i == 1 && second == QuerySpec::Second::kColor);
    sql += "\nUNION ALL SELECT * FROM (SELECT " + std::to_string(i + 1) + ", " + columns[i] +
           ", count(*) AS n FROM m WHERE f_cat AND " + (own ? "1" : "f_sec") +
           " AND f_price GROUP BY " + columns[i] + " ORDER BY n DESC, " + columns[i] + " LIMIT " +
           std::to_string(kFacetSize) + ")";
  }
  // `category` is multi-valued (every category id on the product's outlines): unpivoted.
  std::string cats;
  for (const char* c : {"cat1", "cat2", "cat3", "ocat"}) {
    cats += std::string(cats.empty() ? "" : " UNION ALL ") + "SELECT " + c +
            " AS cat FROM m WHERE f_cat AND f_sec AND f_price AND " + c + " IS NOT NULL";
  }
  sql += "\nUNION ALL SELECT * FROM (SELECT 5, cat, count(*) AS n FROM (" + cats +
         ") GROUP BY cat ORDER BY n DESC, cat LIMIT " + std::to_string(kFacetSize) + ")";
  std::string cases = "CASE";
  const auto& buckets = PriceBuckets();
  for (size_t b = 0; b + 1 < buckets.size(); ++b) {
    cases += " WHEN price < " + std::to_string(*buckets[b].to) + " THEN '" + buckets[b].label + "'";
  }
  cases += " ELSE '" + buckets.back().label + "' END";
  sql += "\nUNION ALL SELECT 6, bucket, count(*) FROM (SELECT " + cases +
         " AS bucket FROM m WHERE f_cat AND f_sec AND price IS NOT NULL) GROUP BY bucket";
  return sql;
}

std::string PageSql(QuerySpec::Second second, bool descending) {
  return "SELECT p.ext_id, p.price, p.stored FROM products_fts CROSS JOIN products p "
         "ON p.id = products_fts.rowid WHERE products_fts MATCH ?1 AND p.active = 1 AND "
         "p.buyable = 1 AND p.category_path >= ?2 AND p.category_path < ?3 AND " +
         std::string(SecondCondition(second)) +
         " AND p.price >= ?5 AND p.price < ?6 ORDER BY p.price " + (descending ? "DESC" : "ASC") +
         ", p.id LIMIT " + std::to_string(kPageSize);
}

std::string MatchExpression(const QuerySpec& spec) {
  // The language's fields and the language-neutral ones, as the engine matches.
  const std::string cols = spec.language == "de" ? "{name_de description_de code gtin brand}"
                                                 : "{name_en description_en code gtin brand}";
  std::string m;
  for (size_t i = 0; i < spec.intended.size(); ++i) {
    if (i > 0) m += " AND ";
    m += cols + " : \"" + spec.intended[i] + "\"";
    if (i + 1 == spec.intended.size() && !spec.exact) m += "*";
  }
  return m;
}

void BindQuery(sqlite3_stmt* s, const QuerySpec& spec) {
  sqlite3_reset(s);
  sqlite3_clear_bindings(s);
  BindText(s, 1, MatchExpression(spec));
  BindText(s, 2, spec.outline + "/");
  BindText(s, 3, spec.outline + "0");  // '0' follows '/': the subtree as a key range
  if (spec.second != QuerySpec::Second::kAvailableFc1) BindText(s, 4, spec.second_value);
  sqlite3_bind_int64(s, 5, spec.price_from);
  sqlite3_bind_int64(s, 6, spec.price_to.value_or(std::numeric_limits<int64_t>::max()));
}

}  // namespace

struct Fts5Baseline::Statements {
  sqlite3_stmt* facets[3] = {};
  sqlite3_stmt* page[3][2] = {};
  sqlite3_stmt* begin = nullptr;
  sqlite3_stmt* commit = nullptr;

  ~Statements() {
    for (auto* s : facets) sqlite3_finalize(s);
    for (auto& p : page) {
      sqlite3_finalize(p[0]);
      sqlite3_finalize(p[1]);
    }
    sqlite3_finalize(begin);
    sqlite3_finalize(commit);
  }
};

Fts5Baseline::Fts5Baseline() = default;

Fts5Baseline::~Fts5Baseline() {
  stmts_.reset();
  if (db_ != nullptr) sqlite3_close(db_);
}

Fts5Baseline::BuildTimes Fts5Baseline::Build(const ProductGenerator& gen, uint64_t seed,
                                             uint64_t products, const std::string& path,
                                             bool reuse) {
  BuildTimes times;
  const std::string identity =
      std::to_string(kSchemaVersion) + "/" + std::to_string(seed) + "/" + std::to_string(products);
  if (reuse && std::filesystem::exists(path)) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) Die(db_, "open " + path);
    const bool has_meta =
        !QueryOne(db_, "SELECT name FROM sqlite_master WHERE name = 'meta'").empty();
    if (has_meta && QueryOne(db_, "SELECT value FROM meta WHERE key = 'identity'") == identity) {
      times.reused = true;
    } else {
      sqlite3_close(db_);
      db_ = nullptr;
    }
  }
  if (!times.reused) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) Die(db_, "open " + path);
    Exec(db_, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000;");
    Exec(db_,
         "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
         "CREATE TABLE products(id INTEGER PRIMARY KEY, ext_id TEXT NOT NULL, code TEXT NOT NULL,"
         " gtin TEXT NOT NULL, brand TEXT NOT NULL, color TEXT, size TEXT, material TEXT,"
         " pattern TEXT, gender TEXT, season TEXT, origin TEXT, style TEXT, weight INTEGER,"
         " screen_size INTEGER, cat1 TEXT NOT NULL, cat2 TEXT NOT NULL, cat3 TEXT NOT NULL, ocat "
         "TEXT,"
         " category_path TEXT NOT NULL, active INTEGER NOT NULL, buyable INTEGER NOT NULL,"
         " start_date INTEGER, end_date INTEGER, created_at INTEGER NOT NULL,"
         " p1 INTEGER, p2 INTEGER, p3 INTEGER,"
         " price INTEGER GENERATED ALWAYS AS (COALESCE(p3, p2, p1)) VIRTUAL,"
         " qty_fc1 INTEGER NOT NULL, qty_fc2 INTEGER NOT NULL, priority INTEGER NOT NULL,"
         " stored TEXT NOT NULL);"
         // Main-catalog categories are materialized paths on the row; virtual catalog
         // memberships (10% of the products) live in a side table. cat1..3 and ocat: the category
         // ids on the outlines (the `category` facet).
         "CREATE TABLE product_outline(path TEXT NOT NULL, product INTEGER NOT NULL,"
         " PRIMARY KEY(path, product)) WITHOUT ROWID;"
         "CREATE VIRTUAL TABLE products_fts USING fts5(name_en, name_de, description_en,"
         " description_de, code, gtin, brand, tokenize='porter unicode61 remove_diacritics 2',"
         " prefix='2 3 4');");
    sqlite3_stmt* ins = Prepare(
        db_,
        "INSERT INTO products(id, ext_id, code, gtin, brand, color, size, material, pattern,"
        " gender, season, origin, style, weight, screen_size, cat1, cat2, cat3, ocat,"
        " category_path, active, buyable, start_date, end_date, created_at, p1, p2, p3, qty_fc1,"
        " qty_fc2, priority, stored) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
        " ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29,"
        " ?30, ?31, ?32)");
    sqlite3_stmt* fts = Prepare(db_,
                                "INSERT INTO products_fts(rowid, name_en, name_de, description_en,"
                                " description_de, code, gtin, brand)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    sqlite3_stmt* outline =
        Prepare(db_, "INSERT INTO product_outline(path, product) VALUES (?1, ?2)");
    const auto t0 = Clock::now();
    Exec(db_, "BEGIN");
    for (uint64_t i = 0; i < products; ++i) {
      const Product p = gen.Make(i);
      const auto rowid = static_cast<sqlite3_int64>(i + 1);
      sqlite3_bind_int64(ins, 1, rowid);
      BindText(ins, 2, p.id);
      BindText(ins, 3, p.code);
      BindText(ins, 4, p.gtin);
      BindText(ins, 5, p.brand);
      for (size_t k = 0; k < p.properties.size(); ++k) {
        BindText(ins, 6 + static_cast<int>(k), p.properties[k]);
      }
      sqlite3_bind_int64(ins, 14, p.weight);
      BindOpt(ins, 15, p.screen_size);
      BindText(ins, 16, p.category_id_l1);
      BindText(ins, 17, p.category_id_l2);
      BindText(ins, 18, p.category_id_l3);
      if (p.outlet_category_id) {
        BindText(ins, 19, *p.outlet_category_id);
      } else {
        sqlite3_bind_null(ins, 19);
      }
      BindText(ins, 20, p.category_path);
      sqlite3_bind_int(ins, 21, p.active ? 1 : 0);
      sqlite3_bind_int(ins, 22, p.buyable ? 1 : 0);
      BindOpt(ins, 23, p.start_date);
      BindOpt(ins, 24, p.end_date);
      sqlite3_bind_int64(ins, 25, p.created_at);
      BindOpt(ins, 26, p.price_pl1);
      BindOpt(ins, 27, p.price_pl2);
      BindOpt(ins, 28, p.price_pl3);
      sqlite3_bind_int64(ins, 29, p.available_fc1);
      sqlite3_bind_int64(ins, 30, p.available_fc2);
      sqlite3_bind_int64(ins, 31, p.priority);
      BindText(ins, 32, p.stored);
      Step(db_, ins, "insert product");
      sqlite3_bind_int64(fts, 1, rowid);
      BindText(fts, 2, p.name_en);
      BindText(fts, 3, p.name_de);
      BindText(fts, 4, p.description_en);
      BindText(fts, 5, p.description_de);
      BindText(fts, 6, p.code);
      BindText(fts, 7, p.gtin);
      BindText(fts, 8, p.brand);
      Step(db_, fts, "insert fts");
      if (p.outlet_category) {
        for (const std::string& path_value : {std::string("outlet"), *p.outlet_category}) {
          BindText(outline, 1, path_value);
          sqlite3_bind_int64(outline, 2, rowid);
          Step(db_, outline, "insert outline");
        }
      }
      if ((i + 1) % kRowsPerTransaction == 0) Exec(db_, "COMMIT; BEGIN");
    }
    Exec(db_, "COMMIT");
    sqlite3_finalize(ins);
    sqlite3_finalize(fts);
    sqlite3_finalize(outline);
    times.load_s = Seconds(t0);

    const auto t1 = Clock::now();
    Exec(db_, "INSERT INTO products_fts(products_fts) VALUES('optimize')");
    times.optimize_s = Seconds(t1);

    const auto t2 = Clock::now();
    Exec(db_,
         "CREATE UNIQUE INDEX products_ext_id ON products(ext_id);"
         "CREATE INDEX products_brand ON products(brand);"
         "CREATE INDEX products_color ON products(color);"
         "CREATE INDEX products_size ON products(size);"
         "CREATE INDEX products_material ON products(material);"
         "CREATE INDEX products_category_path ON products(category_path);"
         "CREATE INDEX products_cat2 ON products(cat2);"
         "CREATE INDEX products_price ON products(price);"
         "CREATE INDEX products_fc1 ON products(qty_fc1);"
         "ANALYZE;");
    times.index_s = Seconds(t2);
    Exec(db_, "INSERT INTO meta(key, value) VALUES ('identity', '" + identity + "')");
    Exec(db_, "PRAGMA wal_checkpoint(TRUNCATE)");
  }
  // Query-time settings: a big page cache and memory-mapped reads, as a tuned deployment has.
  Exec(db_, "PRAGMA cache_size=-1000000; PRAGMA mmap_size=4294967296; PRAGMA temp_store=MEMORY;");

  stmts_ = std::make_unique<Statements>();
  for (int s = 0; s < 3; ++s) {
    const auto second = static_cast<QuerySpec::Second>(s);
    stmts_->facets[s] = Prepare(db_, FacetSql(second));
    stmts_->page[s][0] = Prepare(db_, PageSql(second, false));
    stmts_->page[s][1] = Prepare(db_, PageSql(second, true));
  }
  stmts_->begin = Prepare(db_, "BEGIN");
  stmts_->commit = Prepare(db_, "COMMIT");
  return times;
}

Answer Fts5Baseline::Run(const QuerySpec& spec) {
  Answer a;
  a.facets.resize(TermFacets().size() + 1);
  Step(db_, stmts_->begin, "begin");
  const int s = static_cast<int>(spec.second);
  sqlite3_stmt* f = stmts_->facets[s];
  BindQuery(f, spec);
  int rc = 0;
  while ((rc = sqlite3_step(f)) == SQLITE_ROW) {
    const int facet = sqlite3_column_int(f, 0);
    const auto count = static_cast<uint64_t>(sqlite3_column_int64(f, 2));
    if (facet == 0) {
      a.total = count;
      continue;
    }
    const auto* v = sqlite3_column_text(f, 1);
    a.facets[static_cast<size_t>(facet - 1)].emplace_back(v ? reinterpret_cast<const char*>(v) : "",
                                                          count);
  }
  if (rc != SQLITE_DONE) Die(db_, "facets of " + spec.Describe());
  sqlite3_reset(f);
  sqlite3_stmt* p = stmts_->page[s][spec.descending ? 1 : 0];
  BindQuery(p, spec);
  while ((rc = sqlite3_step(p)) == SQLITE_ROW) {
    a.page_prices.emplace_back(sqlite3_column_type(p, 1) == SQLITE_NULL
                                   ? std::nullopt
                                   : std::optional<int64_t>(sqlite3_column_int64(p, 1)));
    a.page_ids.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(p, 0)));
    // The stored JSON is copied out, as the engine hands it out with each hit.
    a.stored_bytes += std::string(reinterpret_cast<const char*>(sqlite3_column_text(p, 2))).size();
  }
  if (rc != SQLITE_DONE) Die(db_, "page of " + spec.Describe());
  sqlite3_reset(p);
  Step(db_, stmts_->commit, "commit");
  return a;
}

std::string Fts5Baseline::ExplainPlan(const QuerySpec& spec) {
  std::string out;
  for (const std::string& sql : {FacetSql(spec.second), PageSql(spec.second, spec.descending)}) {
    sqlite3_stmt* e = Prepare(db_, "EXPLAIN QUERY PLAN " + sql);
    BindQuery(e, spec);
    while (sqlite3_step(e) == SQLITE_ROW) {
      out += "    ";
      out += reinterpret_cast<const char*>(sqlite3_column_text(e, 3));
      out += "\n";
    }
    sqlite3_finalize(e);
    out += "    --\n";
  }
  return out;
}

}  // namespace emporion::bench
