#include "modules/pricing/storage/repository.hpp"

#include <algorithm>
#include <map>
#include <span>
#include <string_view>
#include <unordered_set>

#include "modules/pricing/codec/pricing_json.hpp"
#include "platform/db/multi_row.hpp"

namespace emporion::pricing::storage {
namespace {

constexpr const char* kMeta = "version, created_at, created_by, modified_at, modified_by";
constexpr std::size_t kChunk = 500;

EntityMeta ReadMeta(const db::Row& row, std::size_t first, std::string id) {
  return {std::move(id),       row.Int(first),     row.Int(first + 1),
          row.Text(first + 2), row.Int(first + 3), row.Text(first + 4)};
}
void AppendMeta(db::Params& p, const EntityMeta& m) {
  p.push_back(db::Param(m.version));
  p.push_back(db::Param(m.created_at));
  p.push_back(db::Param(m.created_by));
  p.push_back(db::Param(m.modified_at));
  p.push_back(db::Param(m.modified_by));
}
db::Value OptTime(const std::optional<Timestamp>& t) { return db::Param(t); }
db::Value OptDecimal(const std::optional<Decimal>& d) {
  return d ? db::Value{d->raw()} : db::Value{nullptr};
}

std::string Placeholders(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += i == 0 ? "?" : ", ?";
  return s;
}

class Where {
 public:
  Where& Add(const std::string& clause, db::Params params = {}) {
    clauses_.push_back(clause);
    for (auto& p : params) params_.push_back(std::move(p));
    return *this;
  }
  Where& In(const std::string& column, const std::vector<std::string>& values) {
    if (values.empty()) return Add("1 = 0");
    clauses_.push_back(column + " IN (" + Placeholders(values.size()) + ")");
    for (const auto& v : values) params_.push_back(db::Param(v));
    return *this;
  }
  [[nodiscard]] std::string Sql() const {
    std::string s;
    for (std::size_t i = 0; i < clauses_.size(); ++i)
      s += (i == 0 ? " WHERE " : " AND ") + clauses_[i];
    return s;
  }
  [[nodiscard]] const db::Params& params() const { return params_; }

 private:
  std::vector<std::string> clauses_;
  db::Params params_;
};

std::string LikeContains(const std::string& text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '!') out += '!';
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out + "%";
}

std::string OrderBy(const std::vector<SortKey>& sort,
                    const std::map<std::string, std::string>& cols, const std::string& fallback) {
  std::string s;
  for (const auto& k : sort) {
    auto it = cols.find(k.field);
    if (it == cols.end()) continue;
    s += (s.empty() ? " ORDER BY " : ", ") + it->second + (k.descending ? " DESC" : " ASC");
  }
  if (s.empty()) s = " ORDER BY " + fallback;
  return s + ", id ASC";
}

template <typename T, typename Map>
Result<Page<T>> QueryPage(db::Transaction& tx, const std::string& columns, const std::string& table,
                          const Where& where, const std::string& order, const Window& w, Map map) {
  Page<T> out;
  EMPORION_ASSIGN_OR_RETURN(
      auto count, tx.QueryOne("SELECT COUNT(*) FROM " + table + where.Sql(), where.params()));
  out.total = count ? count->Int(0) : 0;
  if (w.limit == 0 || out.total <= w.offset) return out;
  db::Params params = where.params();
  params.push_back(db::Param(std::int64_t{w.limit}));
  params.push_back(db::Param(std::int64_t{w.offset}));
  EMPORION_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT " + columns + " FROM " + table +
                                                    where.Sql() + order + " LIMIT ? OFFSET ?",
                                                params));
  for (const auto& r : rows) {
    EMPORION_ASSIGN_OR_RETURN(T item, map(r));
    out.items.push_back(std::move(item));
  }
  return out;
}

Status ExpectOne(const Result<std::int64_t>& changed, const std::string& what) {
  if (!changed.ok()) return changed.error();
  if (*changed != 1) return Error::PreconditionFailed(what + " was changed concurrently");
  return Ok();
}

Status NameConflict(Status s, const std::string& field, const std::string& message) {
  if (!s.ok() && s.error().code() == ErrorCode::kAlreadyExists) {
    return Error(ErrorCode::kAlreadyExists, field + ": " + message, {{field, message}});
  }
  return s;
}

// --- price lists ---
const std::string kListCols = std::string("id, name, description, currency, outer_id, ") + kMeta;

Result<PriceList> MapList(const db::Row& r) {
  PriceList v;
  v.name = r.Text(1);
  v.description = r.OptText(2);
  v.currency = r.Text(3);
  v.outer_id = r.OptText(4);
  v.meta = ReadMeta(r, 5, r.Text(0));
  return v;
}

// --- prices ---
const std::string kPriceCols =
    std::string(
        "id, price_list_id, product_id, list_amount, sale_amount, min_quantity, "
        "start_date, end_date, ") +
    kMeta;

Result<Price> MapPrice(const db::Row& r) {
  Price v;
  v.price_list_id = r.Text(1);
  v.product_id = r.Text(2);
  v.list = Decimal::FromRaw(r.Int(3));
  if (auto s = r.OptInt(4)) v.sale = Decimal::FromRaw(*s);
  v.min_quantity = r.Int(5);
  v.start_date = r.OptInt(6);
  v.end_date = r.OptInt(7);
  v.meta = ReadMeta(r, 8, r.Text(0));
  return v;
}

// --- assignments ---
const std::string kAssignCols =
    std::string(
        "id, price_list_id, catalog_id, store_id, name, description, priority, "
        "start_date, end_date, is_active, conditions, ") +
    kMeta;

Result<Assignment> MapAssignment(const db::Row& r) {
  Assignment v;
  v.price_list_id = r.Text(1);
  v.catalog_id = r.OptText(2);
  v.store_id = r.OptText(3);
  v.name = r.Text(4);
  v.description = r.OptText(5);
  v.priority = r.Int(6);
  v.start_date = r.OptInt(7);
  v.end_date = r.OptInt(8);
  v.is_active = r.Bool(9);
  EMPORION_ASSIGN_OR_RETURN(v.conditions, codec::ParseConditions(r.Text(10)));
  v.meta = ReadMeta(r, 11, r.Text(0));
  return v;
}

template <typename T, typename Map>
Result<std::optional<T>> FindOne(db::Transaction& tx, const std::string& sql, db::Params params,
                                 Map map) {
  EMPORION_ASSIGN_OR_RETURN(auto row, tx.QueryOne(sql, params));
  if (!row) return std::optional<T>{};
  EMPORION_ASSIGN_OR_RETURN(T v, map(*row));
  return std::optional<T>(std::move(v));
}

template <typename T, typename Map>
Status FindAll(db::Transaction& tx, const std::string& sql, const db::Params& params, Map map,
               std::vector<T>& out) {
  EMPORION_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params));
  out.reserve(out.size() + rows.size());
  for (const auto& r : rows) {
    EMPORION_ASSIGN_OR_RETURN(T v, map(r));
    out.push_back(std::move(v));
  }
  return Ok();
}

}  // namespace

const std::vector<std::string>& PriceListSortFields() {
  static const std::vector<std::string> k = {"name", "currency", "createdAt", "modifiedAt"};
  return k;
}
const std::vector<std::string>& PriceSortFields() {
  static const std::vector<std::string> k = {"productId", "priceListId", "list",
                                             "sale",      "minQuantity", "startDate",
                                             "createdAt", "modifiedAt"};
  return k;
}
const std::vector<std::string>& AssignmentSortFields() {
  static const std::vector<std::string> k = {"name", "priority", "startDate", "createdAt",
                                             "modifiedAt"};
  return k;
}

Result<std::optional<PriceList>> FindPriceList(db::Transaction& tx, const std::string& id) {
  return FindOne<PriceList>(tx, "SELECT " + kListCols + " FROM pricing_price_lists WHERE id = ?",
                            {db::Param(id)}, MapList);
}
Result<std::optional<PriceList>> FindPriceListByName(db::Transaction& tx, const std::string& name) {
  return FindOne<PriceList>(tx, "SELECT " + kListCols + " FROM pricing_price_lists WHERE name = ?",
                            {db::Param(name)}, MapList);
}
Result<std::vector<PriceList>> AllPriceLists(db::Transaction& tx) {
  std::vector<PriceList> out;
  EMPORION_RETURN_IF_ERROR(FindAll<PriceList>(
      tx, "SELECT " + kListCols + " FROM pricing_price_lists", {}, MapList, out));
  return out;
}
Result<Page<PriceList>> ListPriceLists(db::Transaction& tx, const PriceListFilter& f,
                                       const Window& w) {
  Where where;
  if (f.q) where.Add("LOWER(name) LIKE ? ESCAPE '!'", {db::Param(LikeContains(*f.q))});
  if (f.currency) where.Add("currency = ?", {db::Param(*f.currency)});
  if (f.name) where.Add("name = ?", {db::Param(*f.name)});
  static const std::map<std::string, std::string> cols = {{"name", "name"},
                                                          {"currency", "currency"},
                                                          {"createdAt", "created_at"},
                                                          {"modifiedAt", "modified_at"}};
  return QueryPage<PriceList>(tx, kListCols, "pricing_price_lists", where,
                              OrderBy(w.sort, cols, "name ASC"), w, MapList);
}
Status InsertPriceList(db::Transaction& tx, const PriceList& v) {
  db::Params p = {db::Param(v.meta.id), db::Param(v.name), db::Param(v.description),
                  db::Param(v.currency), db::Param(v.outer_id)};
  AppendMeta(p, v.meta);
  auto r = tx.Exec(
      "INSERT INTO pricing_price_lists (" + kListCols + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      p);
  if (!r.ok()) return NameConflict(r.error(), "name", "a price list with this name exists");
  return Ok();
}
Status UpdatePriceList(db::Transaction& tx, const PriceList& v, std::int64_t old_version) {
  auto r = tx.Exec(
      "UPDATE pricing_price_lists SET name = ?, description = ?, currency = ?, outer_id = ?, "
      "version = ?, modified_at = ?, modified_by = ? WHERE id = ? AND version = ?",
      {db::Param(v.name), db::Param(v.description), db::Param(v.currency), db::Param(v.outer_id),
       db::Param(v.meta.version), db::Param(v.meta.modified_at), db::Param(v.meta.modified_by),
       db::Param(v.meta.id), db::Param(old_version)});
  if (!r.ok()) return NameConflict(r.error(), "name", "a price list with this name exists");
  return ExpectOne(r, "price list");
}
Status DeletePriceList(db::Transaction& tx, const std::string& id) {
  return ExpectOne(tx.Exec("DELETE FROM pricing_price_lists WHERE id = ?", {db::Param(id)}),
                   "price list");
}
Result<std::int64_t> CountPricesOfList(db::Transaction& tx, const std::string& list_id) {
  EMPORION_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne("SELECT COUNT(*) FROM pricing_prices WHERE price_list_id = ?",
                            {db::Param(list_id)}));
  return row ? row->Int(0) : 0;
}
Status DeletePricesOfList(db::Transaction& tx, const std::string& list_id) {
  auto r = tx.Exec("DELETE FROM pricing_prices WHERE price_list_id = ?", {db::Param(list_id)});
  if (!r.ok()) return r.error();
  return Ok();
}
Result<std::vector<std::string>> AssignmentIdsOfList(db::Transaction& tx,
                                                     const std::string& list_id) {
  EMPORION_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT id FROM pricing_assignments WHERE price_list_id = ? ORDER BY id",
                          {db::Param(list_id)}));
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.Text(0));
  return out;
}

Result<std::optional<Price>> FindPrice(db::Transaction& tx, const std::string& id) {
  return FindOne<Price>(tx, "SELECT " + kPriceCols + " FROM pricing_prices WHERE id = ?",
                        {db::Param(id)}, MapPrice);
}
Result<std::vector<Price>> PricesOfProducts(db::Transaction& tx,
                                            const std::vector<std::string>& product_ids) {
  std::vector<Price> out;
  for (std::size_t i = 0; i < product_ids.size(); i += kChunk) {
    std::vector<std::string> part(product_ids.begin() + static_cast<std::ptrdiff_t>(i),
                                  product_ids.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                            product_ids.size(), i + kChunk)));
    Where w;
    w.In("product_id", part);
    EMPORION_RETURN_IF_ERROR(FindAll<Price>(
        tx, "SELECT " + kPriceCols + " FROM pricing_prices" + w.Sql(), w.params(), MapPrice, out));
  }
  return out;
}
Result<std::vector<Price>> FindPricesByIds(db::Transaction& tx,
                                           const std::vector<std::string>& ids) {
  std::vector<Price> out;
  for (std::size_t i = 0; i < ids.size(); i += kChunk) {
    std::vector<std::string> part(
        ids.begin() + static_cast<std::ptrdiff_t>(i),
        ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), i + kChunk)));
    Where w;
    w.In("id", part);
    EMPORION_RETURN_IF_ERROR(FindAll<Price>(
        tx, "SELECT " + kPriceCols + " FROM pricing_prices" + w.Sql(), w.params(), MapPrice, out));
  }
  return out;
}
Result<Page<Price>> ListPrices(db::Transaction& tx, const PriceFilter& f, const Window& w) {
  Where where;
  if (f.price_list_id) where.Add("price_list_id = ?", {db::Param(*f.price_list_id)});
  if (f.product_ids) where.In("product_id", *f.product_ids);
  static const std::map<std::string, std::string> cols = {
      {"productId", "product_id"}, {"priceListId", "price_list_id"}, {"list", "list_amount"},
      {"sale", "sale_amount"},     {"minQuantity", "min_quantity"},  {"startDate", "start_date"},
      {"createdAt", "created_at"}, {"modifiedAt", "modified_at"}};
  return QueryPage<Price>(tx, kPriceCols, "pricing_prices", where,
                          OrderBy(w.sort, cols, "product_id ASC, min_quantity ASC"), w, MapPrice);
}
Result<std::vector<Price>> FindSameTier(db::Transaction& tx, const std::string& list_id,
                                        const std::string& product_id, std::int64_t min_quantity,
                                        const std::string& except_id) {
  std::vector<Price> out;
  EMPORION_RETURN_IF_ERROR(FindAll<Price>(
      tx,
      "SELECT " + kPriceCols +
          " FROM pricing_prices WHERE product_id = ? AND price_list_id = ? AND "
          "min_quantity = ? AND id <> ?",
      {db::Param(product_id), db::Param(list_id), db::Param(min_quantity), db::Param(except_id)},
      MapPrice, out));
  return out;
}
Result<std::vector<Price>> FindPricesFor(db::Transaction& tx,
                                         const std::vector<std::string>& product_ids,
                                         const std::vector<std::string>& list_ids, Timestamp at) {
  std::vector<Price> out;
  if (product_ids.empty() || list_ids.empty()) return out;
  // Only the product is in the WHERE clause: a product has a handful of prices, and probing
  // (product) x (list) pairs costs more than dropping the other lists' rows here. The date
  // window is checked here too, on columns read anyway: in SQL it cost four more column
  // decodes and two comparisons per row in SQLite's VM. The columns are those of the covering
  // index pricing_prices_product; rows are read in place (ForEachRow), so a row of another list
  // or outside the window costs no allocation.
  const std::unordered_set<std::string_view> lists(list_ids.begin(), list_ids.end());
  std::string sql;
  db::Params params;
  for (std::size_t i = 0; i < product_ids.size(); i += kChunk) {
    const std::size_t n = std::min(product_ids.size() - i, kChunk);
    sql =
        "SELECT product_id, price_list_id, min_quantity, start_date, end_date, list_amount, "
        "sale_amount FROM pricing_prices WHERE product_id IN (" +
        Placeholders(n) + ")";
    params.clear();
    params.reserve(n);
    for (std::size_t k = i; k < i + n; ++k) params.push_back(db::Param(product_ids[k]));
    // A product has a handful of prices: growing the vector of Prices (five strings each) row
    // by row cost about a tenth of the callback in moves.
    out.reserve(out.size() + n * 8);
    EMPORION_RETURN_IF_ERROR(tx.ForEachRow(sql, params, [&](const db::RowView& r) {
      const std::optional<Timestamp> start = r.OptInt(3);
      const std::optional<Timestamp> end = r.OptInt(4);
      if ((start && *start > at) || (end && *end <= at)) return;
      const std::string_view list = r.Text(1);
      if (lists.count(list) == 0) return;
      Price& p = out.emplace_back();
      p.product_id = r.Text(0);
      p.price_list_id = list;
      p.min_quantity = r.Int(2);
      p.start_date = start;
      p.end_date = end;
      p.list = Decimal::FromRaw(r.Int(5));
      if (auto sale = r.OptInt(6)) p.sale = Decimal::FromRaw(*sale);
    }));
  }
  return out;
}
Result<std::vector<Price>> PricesOfListFor(db::Transaction& tx, const std::string& list_id,
                                           const std::vector<std::string>& product_ids) {
  std::vector<Price> out;
  for (std::size_t i = 0; i < product_ids.size(); i += kChunk) {
    std::vector<std::string> part(product_ids.begin() + static_cast<std::ptrdiff_t>(i),
                                  product_ids.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                            product_ids.size(), i + kChunk)));
    Where w;
    w.Add("price_list_id = ?", {db::Param(list_id)}).In("product_id", part);
    EMPORION_RETURN_IF_ERROR(FindAll<Price>(
        tx, "SELECT " + kPriceCols + " FROM pricing_prices" + w.Sql(), w.params(), MapPrice, out));
  }
  return out;
}

Result<std::vector<Price>> PricesOfList(db::Transaction& tx, const std::string& list_id) {
  std::vector<Price> out;
  EMPORION_RETURN_IF_ERROR(
      FindAll<Price>(tx,
                     "SELECT " + kPriceCols +
                         " FROM pricing_prices WHERE price_list_id = ? ORDER BY product_id, "
                         "min_quantity, start_date, id",
                     {db::Param(list_id)}, MapPrice, out));
  return out;
}
Status InsertPrice(db::Transaction& tx, const Price& v) {
  return InsertPrices(tx, std::span<const Price>(&v, 1));
}
Status InsertPrices(db::Transaction& tx, std::span<const Price> prices) {
  // Multi-row INSERTs of up to 200 rows (13 parameters each).
  const std::string head = "INSERT INTO pricing_prices (" + kPriceCols + ") VALUES ";
  constexpr std::string_view kRow = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  return db::ForEachStatementSlice(
      prices.size(), 200, [&](std::size_t first, std::size_t n) -> Status {
        db::Params p;
        p.reserve(n * 13);
        for (const Price& v : prices.subspan(first, n)) {
          p.push_back(db::Param(v.meta.id));
          p.push_back(db::Param(v.price_list_id));
          p.push_back(db::Param(v.product_id));
          p.push_back(db::Value{v.list.raw()});
          p.push_back(OptDecimal(v.sale));
          p.push_back(db::Param(v.min_quantity));
          p.push_back(OptTime(v.start_date));
          p.push_back(OptTime(v.end_date));
          AppendMeta(p, v.meta);
        }
        auto r = tx.Exec(db::MultiRowSql(head, kRow, n), p);
        if (!r.ok()) return NameConflict(r.error(), "id", "a price with this id exists");
        return Ok();
      });
}
Status UpdatePrice(db::Transaction& tx, const Price& v, std::int64_t old_version) {
  return ExpectOne(
      tx.Exec("UPDATE pricing_prices SET price_list_id = ?, product_id = ?, list_amount = ?, "
              "sale_amount = ?, min_quantity = ?, start_date = ?, end_date = ?, version = ?, "
              "modified_at = ?, modified_by = ? WHERE id = ? AND version = ?",
              {db::Param(v.price_list_id), db::Param(v.product_id), db::Value{v.list.raw()},
               OptDecimal(v.sale), db::Param(v.min_quantity), OptTime(v.start_date),
               OptTime(v.end_date), db::Param(v.meta.version), db::Param(v.meta.modified_at),
               db::Param(v.meta.modified_by), db::Param(v.meta.id), db::Param(old_version)}),
      "price");
}
Status DeletePrice(db::Transaction& tx, const std::string& id) {
  return ExpectOne(tx.Exec("DELETE FROM pricing_prices WHERE id = ?", {db::Param(id)}), "price");
}

Result<std::optional<Assignment>> FindAssignment(db::Transaction& tx, const std::string& id) {
  return FindOne<Assignment>(tx, "SELECT " + kAssignCols + " FROM pricing_assignments WHERE id = ?",
                             {db::Param(id)}, MapAssignment);
}
Result<std::vector<Assignment>> AllAssignments(db::Transaction& tx) {
  std::vector<Assignment> out;
  EMPORION_RETURN_IF_ERROR(FindAll<Assignment>(
      tx, "SELECT " + kAssignCols + " FROM pricing_assignments", {}, MapAssignment, out));
  return out;
}
Result<Page<Assignment>> ListAssignments(db::Transaction& tx, const AssignmentFilter& f,
                                         const Window& w) {
  Where where;
  if (f.q) where.Add("LOWER(name) LIKE ? ESCAPE '!'", {db::Param(LikeContains(*f.q))});
  if (f.price_list_id) where.Add("price_list_id = ?", {db::Param(*f.price_list_id)});
  if (f.store_id) where.Add("store_id = ?", {db::Param(*f.store_id)});
  if (f.catalog_id) where.Add("catalog_id = ?", {db::Param(*f.catalog_id)});
  static const std::map<std::string, std::string> cols = {{"name", "name"},
                                                          {"priority", "priority"},
                                                          {"startDate", "start_date"},
                                                          {"createdAt", "created_at"},
                                                          {"modifiedAt", "modified_at"}};
  return QueryPage<Assignment>(tx, kAssignCols, "pricing_assignments", where,
                               OrderBy(w.sort, cols, "priority DESC"), w, MapAssignment);
}
Status InsertAssignment(db::Transaction& tx, const Assignment& v) {
  db::Params p = {db::Param(v.meta.id),
                  db::Param(v.price_list_id),
                  db::Param(v.catalog_id),
                  db::Param(v.store_id),
                  db::Param(v.name),
                  db::Param(v.description),
                  db::Param(v.priority),
                  OptTime(v.start_date),
                  OptTime(v.end_date),
                  db::Param(v.is_active),
                  db::Param(codec::ConditionsToJson(v.conditions))};
  AppendMeta(p, v.meta);
  auto r = tx.Exec("INSERT INTO pricing_assignments (" + kAssignCols +
                       ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   p);
  if (!r.ok()) return NameConflict(r.error(), "id", "an assignment with this id exists");
  return Ok();
}
Status UpdateAssignment(db::Transaction& tx, const Assignment& v, std::int64_t old_version) {
  return ExpectOne(
      tx.Exec("UPDATE pricing_assignments SET price_list_id = ?, catalog_id = ?, store_id = ?, "
              "name = ?, description = ?, priority = ?, start_date = ?, end_date = ?, "
              "is_active = ?, conditions = ?, version = ?, modified_at = ?, modified_by = ? "
              "WHERE id = ? AND version = ?",
              {db::Param(v.price_list_id), db::Param(v.catalog_id), db::Param(v.store_id),
               db::Param(v.name), db::Param(v.description), db::Param(v.priority),
               OptTime(v.start_date), OptTime(v.end_date), db::Param(v.is_active),
               db::Param(codec::ConditionsToJson(v.conditions)), db::Param(v.meta.version),
               db::Param(v.meta.modified_at), db::Param(v.meta.modified_by), db::Param(v.meta.id),
               db::Param(old_version)}),
      "assignment");
}
Status DeleteAssignment(db::Transaction& tx, const std::string& id) {
  return ExpectOne(tx.Exec("DELETE FROM pricing_assignments WHERE id = ?", {db::Param(id)}),
                   "assignment");
}

}  // namespace emporion::pricing::storage
