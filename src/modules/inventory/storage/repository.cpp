#include "modules/inventory/storage/repository.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "modules/inventory/codec/inventory_json.hpp"
#include "platform/db/multi_row.hpp"

namespace emporion::inventory::storage {
namespace {

using db::Param;

constexpr std::size_t kChunk = 500;  // ids per IN list (well under SQLite's parameter limit)

class Where {
 public:
  Where& Add(const std::string& clause, db::Params params = {}) {
    clauses_.push_back(clause);
    for (auto& p : params) params_.push_back(std::move(p));
    return *this;
  }
  Where& In(const std::string& column, const std::vector<std::string>& values) {
    if (values.empty()) return Add("1 = 0");
    std::string list;
    db::Params params;
    for (const auto& v : values) {
      list += list.empty() ? "?" : ", ?";
      params.push_back(Param(v));
    }
    return Add(column + " IN (" + list + ")", std::move(params));
  }
  [[nodiscard]] std::string Sql() const {
    std::string out;
    for (std::size_t i = 0; i < clauses_.size(); ++i) {
      out += (i == 0 ? " WHERE " : " AND ") + clauses_[i];
    }
    return out;
  }
  [[nodiscard]] const db::Params& params() const { return params_; }

 private:
  std::vector<std::string> clauses_;
  db::Params params_;
};

std::string EscapeLike(const std::string& text, bool lower) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '!') out.push_back('!');
    out.push_back(lower ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c);
  }
  return out;
}

std::string OrderBy(const std::vector<SortKey>& sort,
                    const std::map<std::string, std::string>& columns,
                    const std::string& fallback) {
  std::string out;
  for (const auto& s : sort) {
    auto it = columns.find(s.field);
    if (it == columns.end()) continue;
    out += (out.empty() ? "" : ", ") + it->second + (s.descending ? " DESC" : " ASC");
  }
  if (out.empty()) out = fallback;
  return " ORDER BY " + out + ", id ASC";
}

EntityMeta ReadMeta(const db::Row& row, std::size_t first, std::string id) {
  EntityMeta m;
  m.id = std::move(id);
  m.version = row.Int(first);
  m.created_at = row.Int(first + 1);
  m.created_by = row.Text(first + 2);
  m.modified_at = row.Int(first + 3);
  m.modified_by = row.Text(first + 4);
  return m;
}

void AppendMeta(db::Params& p, const EntityMeta& m) {
  p.push_back(Param(m.version));
  p.push_back(Param(m.created_at));
  p.push_back(Param(m.created_by));
  p.push_back(Param(m.modified_at));
  p.push_back(Param(m.modified_by));
}

Status Run(db::Transaction& tx, std::string_view sql, const db::Params& params) {
  auto r = tx.Exec(sql, params);
  if (!r.ok()) return r.error();
  return Ok();
}

Status ExpectOne(const Result<std::int64_t>& changed, const std::string& what) {
  if (!changed.ok()) return changed.error();
  if (*changed != 1) {
    return Error::PreconditionFailed(what + " was changed or deleted by another request; " +
                                     "read it again and retry");
  }
  return Ok();
}

template <typename T, typename Map>
Result<Slice<T>> Page(db::Transaction& tx, const std::string& select, const std::string& from,
                      const Where& where, const std::string& order, const Window& w, Map map) {
  Slice<T> out;
  EMPORION_ASSIGN_OR_RETURN(auto count,
                            tx.QueryOne("SELECT COUNT(*) " + from + where.Sql(), where.params()));
  out.total = count ? count->Int(0) : 0;
  if (w.limit == 0 || out.total <= w.offset) return out;
  db::Params params = where.params();
  params.push_back(Param(std::int64_t{w.limit}));
  params.push_back(Param(std::int64_t{w.offset}));
  EMPORION_ASSIGN_OR_RETURN(auto rows,
                            tx.Query(select + where.Sql() + order + " LIMIT ? OFFSET ?", params));
  for (const auto& row : rows) {
    EMPORION_ASSIGN_OR_RETURN(T item, map(row));
    out.items.push_back(std::move(item));
  }
  return out;
}

// ---- fulfillment centers ----

const std::string kCenterColumns =
    "id, code, name, outer_id, doc, version, created_at, created_by, modified_at, modified_by";
const std::string kCenterSelect =
    "SELECT " + kCenterColumns + " FROM inventory_fulfillment_centers";

Result<FulfillmentCenter> CenterFromRow(const db::Row& row) {
  FulfillmentCenter fc;
  fc.meta = ReadMeta(row, 5, row.Text(0));
  fc.code = row.OptText(1);
  fc.name = row.Text(2);
  fc.outer_id = row.OptText(3);
  EMPORION_RETURN_IF_ERROR(codec::ReadFulfillmentCenterDoc(row.Text(4), fc));
  return fc;
}

// ---- records ----

const std::string kRecordColumns =
    "id, product_id, fulfillment_center_id, in_stock, reserved, reorder_min, preorder_quantity, "
    "backorder_quantity, allow_backorder, allow_preorder, preorder_date, backorder_date, status, "
    "outer_id, version, created_at, created_by, modified_at, modified_by";
const std::string kRecordSelect = "SELECT " + kRecordColumns + " FROM inventory_records";

Result<InventoryRecord> RecordFromRow(const db::Row& row) {
  InventoryRecord r;
  r.meta = ReadMeta(row, 14, row.Text(0));
  r.product_id = row.Text(1);
  r.fulfillment_center_id = row.Text(2);
  r.in_stock_quantity = row.Int(3);
  r.reserved_quantity = row.Int(4);
  r.reorder_min_quantity = row.Int(5);
  r.preorder_quantity = row.Int(6);
  r.backorder_quantity = row.Int(7);
  r.allow_backorder = row.Bool(8);
  r.allow_preorder = row.Bool(9);
  r.preorder_availability_date = row.OptInt(10);
  r.backorder_availability_date = row.OptInt(11);
  r.status = ParseInventoryStatus(row.Text(12)).value_or(InventoryStatus::kEnabled);
  r.outer_id = row.OptText(13);
  return r;
}

void AppendRecordValues(db::Params& p, const InventoryRecord& r) {
  p.push_back(Param(r.in_stock_quantity));
  p.push_back(Param(r.reorder_min_quantity));
  p.push_back(Param(r.preorder_quantity));
  p.push_back(Param(r.backorder_quantity));
  p.push_back(Param(r.allow_backorder));
  p.push_back(Param(r.allow_preorder));
  p.push_back(Param(r.preorder_availability_date));
  p.push_back(Param(r.backorder_availability_date));
  p.push_back(Param(std::string(ToString(r.status))));
  p.push_back(Param(r.outer_id));
}

}  // namespace

const std::vector<std::string>& FulfillmentCenterSortFields() {
  static const std::vector<std::string> kFields = {"name", "code", "createdAt", "modifiedAt"};
  return kFields;
}

const std::vector<std::string>& RecordSortFields() {
  static const std::vector<std::string> kFields = {"productId",       "fulfillmentCenterId",
                                                   "inStockQuantity", "reservedQuantity",
                                                   "createdAt",       "modifiedAt"};
  return kFields;
}

Result<std::optional<FulfillmentCenter>> FindCenter(db::Transaction& tx, const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(auto row, tx.QueryOne(kCenterSelect + " WHERE id = ?", {Param(id)}));
  if (!row) return std::optional<FulfillmentCenter>{};
  EMPORION_ASSIGN_OR_RETURN(auto fc, CenterFromRow(*row));
  return std::optional<FulfillmentCenter>(std::move(fc));
}

Result<std::optional<FulfillmentCenter>> FindCenterByCode(db::Transaction& tx,
                                                          const std::string& code) {
  EMPORION_ASSIGN_OR_RETURN(auto row,
                            tx.QueryOne(kCenterSelect + " WHERE code = ?", {Param(code)}));
  if (!row) return std::optional<FulfillmentCenter>{};
  EMPORION_ASSIGN_OR_RETURN(auto fc, CenterFromRow(*row));
  return std::optional<FulfillmentCenter>(std::move(fc));
}

Result<Slice<FulfillmentCenter>> ListCenters(db::Transaction& tx, const CenterFilter& f,
                                             const Window& w) {
  Where where;
  if (f.scope) where.In("id", *f.scope);
  if (f.ids) where.In("id", *f.ids);
  if (f.q) {
    const std::string like = "%" + EscapeLike(*f.q, true) + "%";
    where.Add("(LOWER(name) LIKE ? ESCAPE '!' OR LOWER(COALESCE(code, '')) LIKE ? ESCAPE '!')",
              {Param(like), Param(like)});
  }
  if (f.code) where.Add("code = ?", {Param(*f.code)});
  if (f.outer_id) where.Add("outer_id = ?", {Param(*f.outer_id)});
  static const std::map<std::string, std::string> kColumns = {{"name", "name"},
                                                              {"code", "code"},
                                                              {"createdAt", "created_at"},
                                                              {"modifiedAt", "modified_at"}};
  return Page<FulfillmentCenter>(tx, kCenterSelect, "FROM inventory_fulfillment_centers", where,
                                 OrderBy(w.sort, kColumns, "name"), w, CenterFromRow);
}

Result<std::vector<std::string>> ExistingCenterIds(db::Transaction& tx,
                                                   const std::vector<std::string>& ids) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < ids.size(); i += kChunk) {
    std::vector<std::string> chunk(
        ids.begin() + static_cast<std::ptrdiff_t>(i),
        ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), i + kChunk)));
    Where where;
    where.In("id", chunk);
    EMPORION_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query("SELECT id FROM inventory_fulfillment_centers" + where.Sql(), where.params()));
    for (const auto& r : rows) out.push_back(r.Text(0));
  }
  return out;
}

Status InsertCenter(db::Transaction& tx, const FulfillmentCenter& fc) {
  db::Params p = {Param(fc.meta.id), Param(fc.code), Param(fc.name), Param(fc.outer_id),
                  Param(codec::FulfillmentCenterDoc(fc))};
  AppendMeta(p, fc.meta);
  return Run(tx,
             "INSERT INTO inventory_fulfillment_centers (" + kCenterColumns +
                 ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
             p);
}

Status UpdateCenter(db::Transaction& tx, const FulfillmentCenter& fc,
                    std::int64_t expected_version) {
  db::Params p = {Param(fc.code),
                  Param(fc.name),
                  Param(fc.outer_id),
                  Param(codec::FulfillmentCenterDoc(fc)),
                  Param(fc.meta.version),
                  Param(fc.meta.modified_at),
                  Param(fc.meta.modified_by),
                  Param(fc.meta.id),
                  Param(expected_version)};
  return ExpectOne(tx.Exec("UPDATE inventory_fulfillment_centers SET code = ?, name = ?, "
                           "outer_id = ?, doc = ?, version = ?, modified_at = ?, modified_by = ? "
                           "WHERE id = ? AND version = ?",
                           p),
                   "fulfillment center '" + fc.meta.id + "'");
}

Status DeleteCenter(db::Transaction& tx, const std::string& id) {
  return Run(tx, "DELETE FROM inventory_fulfillment_centers WHERE id = ?", {Param(id)});
}

Result<std::int64_t> CountStockedRecords(db::Transaction& tx, const std::string& center_id) {
  EMPORION_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne("SELECT COUNT(*) FROM inventory_records WHERE fulfillment_center_id = "
                            "? AND (in_stock <> 0 OR reserved <> 0)",
                            {Param(center_id)}));
  return row ? row->Int(0) : 0;
}

Result<std::vector<InventoryRecord>> RecordsOfCenter(db::Transaction& tx,
                                                     const std::string& center_id) {
  EMPORION_ASSIGN_OR_RETURN(
      auto rows, tx.Query(kRecordSelect + " WHERE fulfillment_center_id = ?", {Param(center_id)}));
  std::vector<InventoryRecord> out;
  for (const auto& row : rows) {
    EMPORION_ASSIGN_OR_RETURN(auto r, RecordFromRow(row));
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::optional<InventoryRecord>> FindRecord(db::Transaction& tx, const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(auto row, tx.QueryOne(kRecordSelect + " WHERE id = ?", {Param(id)}));
  if (!row) return std::optional<InventoryRecord>{};
  EMPORION_ASSIGN_OR_RETURN(auto r, RecordFromRow(*row));
  return std::optional<InventoryRecord>(std::move(r));
}

Result<std::optional<InventoryRecord>> FindRecordByKey(db::Transaction& tx,
                                                       const std::string& product_id,
                                                       const std::string& center_id) {
  EMPORION_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne(kRecordSelect + " WHERE product_id = ? AND fulfillment_center_id = ?",
                            {Param(product_id), Param(center_id)}));
  if (!row) return std::optional<InventoryRecord>{};
  EMPORION_ASSIGN_OR_RETURN(auto r, RecordFromRow(*row));
  return std::optional<InventoryRecord>(std::move(r));
}

Result<Slice<InventoryRecord>> ListRecords(db::Transaction& tx, const RecordFilter& f,
                                           const Window& w) {
  Where where;
  if (f.centers) where.In("fulfillment_center_id", *f.centers);
  if (f.product_ids) where.In("product_id", *f.product_ids);
  if (f.center_ids) where.In("fulfillment_center_id", *f.center_ids);
  if (f.q) {
    const std::string like = EscapeLike(*f.q, false) + "%";
    where.Add("(product_id LIKE ? ESCAPE '!' OR outer_id LIKE ? ESCAPE '!')",
              {Param(like), Param(like)});
  }
  if (f.status) where.Add("status = ?", {Param(*f.status)});
  if (f.outer_id) where.Add("outer_id = ?", {Param(*f.outer_id)});
  static const std::map<std::string, std::string> kColumns = {
      {"productId", "product_id"},     {"fulfillmentCenterId", "fulfillment_center_id"},
      {"inStockQuantity", "in_stock"}, {"reservedQuantity", "reserved"},
      {"createdAt", "created_at"},     {"modifiedAt", "modified_at"}};
  return Page<InventoryRecord>(tx, kRecordSelect, "FROM inventory_records", where,
                               OrderBy(w.sort, kColumns, "product_id, fulfillment_center_id"), w,
                               RecordFromRow);
}

Result<std::vector<InventoryRecord>> RecordsFor(db::Transaction& tx,
                                                const std::vector<std::string>& product_ids,
                                                const std::vector<std::string>& center_ids) {
  std::vector<InventoryRecord> out;
  if (center_ids.empty()) return out;
  for (std::size_t i = 0; i < product_ids.size(); i += kChunk) {
    std::vector<std::string> chunk(product_ids.begin() + static_cast<std::ptrdiff_t>(i),
                                   product_ids.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                             product_ids.size(), i + kChunk)));
    Where where;
    where.In("product_id", chunk);
    where.In("fulfillment_center_id", center_ids);
    EMPORION_ASSIGN_OR_RETURN(auto rows, tx.Query(kRecordSelect + where.Sql(), where.params()));
    for (const auto& row : rows) {
      EMPORION_ASSIGN_OR_RETURN(auto r, RecordFromRow(row));
      out.push_back(std::move(r));
    }
  }
  return out;
}

namespace {

/// The stock figures of `product_ids` (chunked IN lists), in `center_ids` when given, else in
/// every center: the one query behind StockFor and StockOfProducts.
Result<std::vector<InventoryRecord>> LoadStock(db::Transaction& tx,
                                               const std::vector<std::string>& product_ids,
                                               const std::vector<std::string>* center_ids) {
  std::vector<InventoryRecord> out;
  out.reserve(product_ids.size() * (center_ids != nullptr ? center_ids->size() : 1));
  for (std::size_t i = 0; i < product_ids.size(); i += kChunk) {
    const std::size_t end = std::min(product_ids.size(), i + kChunk);
    std::string sql =
        "SELECT product_id, fulfillment_center_id, in_stock, reserved, preorder_quantity, "
        "backorder_quantity, allow_backorder, allow_preorder, preorder_date, backorder_date, "
        "status FROM inventory_records WHERE product_id IN (";
    db::Params params;
    params.reserve(end - i + (center_ids != nullptr ? center_ids->size() : 0));
    for (std::size_t k = i; k < end; ++k) {
      sql += k == i ? "?" : ", ?";
      params.push_back(Param(product_ids[k]));
    }
    sql += ")";
    if (center_ids != nullptr) {
      sql += " AND fulfillment_center_id IN (";
      for (std::size_t k = 0; k < center_ids->size(); ++k) {
        sql += k == 0 ? "?" : ", ?";
        params.push_back(Param((*center_ids)[k]));
      }
      sql += ")";
    }
    EMPORION_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params));
    for (const auto& row : rows) {
      InventoryRecord r;
      r.product_id = row.Text(0);
      r.fulfillment_center_id = row.Text(1);
      r.in_stock_quantity = row.Int(2);
      r.reserved_quantity = row.Int(3);
      r.preorder_quantity = row.Int(4);
      r.backorder_quantity = row.Int(5);
      r.allow_backorder = row.Bool(6);
      r.allow_preorder = row.Bool(7);
      r.preorder_availability_date = row.OptInt(8);
      r.backorder_availability_date = row.OptInt(9);
      r.status = row.Text(10) == "Enabled" ? InventoryStatus::kEnabled : InventoryStatus::kDisabled;
      out.push_back(std::move(r));
    }
  }
  return out;
}

}  // namespace

Result<std::vector<InventoryRecord>> StockFor(db::Transaction& tx,
                                              const std::vector<std::string>& product_ids,
                                              const std::vector<std::string>& center_ids) {
  if (center_ids.empty()) return std::vector<InventoryRecord>{};
  return LoadStock(tx, product_ids, &center_ids);
}

Result<std::vector<InventoryRecord>> StockOfProducts(db::Transaction& tx,
                                                     const std::vector<std::string>& product_ids) {
  return LoadStock(tx, product_ids, nullptr);
}

Status InsertRecord(db::Transaction& tx, const InventoryRecord& r) {
  db::Params p = {Param(r.meta.id), Param(r.product_id), Param(r.fulfillment_center_id)};
  AppendRecordValues(p, r);
  p.push_back(Param(r.reserved_quantity));
  AppendMeta(p, r.meta);
  return Run(tx,
             "INSERT INTO inventory_records (id, product_id, fulfillment_center_id, in_stock, "
             "reorder_min, preorder_quantity, backorder_quantity, allow_backorder, allow_preorder, "
             "preorder_date, backorder_date, status, outer_id, reserved, version, created_at, "
             "created_by, modified_at, modified_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
             "?, ?, ?, ?, ?, ?)",
             p);
}

Status UpdateRecord(db::Transaction& tx, const InventoryRecord& r, std::int64_t expected_version) {
  db::Params p;
  AppendRecordValues(p, r);
  p.push_back(Param(r.meta.version));
  p.push_back(Param(r.meta.modified_at));
  p.push_back(Param(r.meta.modified_by));
  p.push_back(Param(r.meta.id));
  p.push_back(Param(expected_version));
  return ExpectOne(
      tx.Exec("UPDATE inventory_records SET in_stock = ?, reorder_min = ?, preorder_quantity = ?, "
              "backorder_quantity = ?, allow_backorder = ?, allow_preorder = ?, preorder_date = ?, "
              "backorder_date = ?, status = ?, outer_id = ?, version = ?, modified_at = ?, "
              "modified_by = ? WHERE id = ? AND version = ?",
              p),
      "inventory record '" + r.meta.id + "'");
}

Status UpsertRecords(db::Transaction& tx, const std::vector<const InventoryRecord*>& records) {
  // Multi-row statements of up to 128 rows. The caller passes each (product, center) once
  // (PostgreSQL refuses to update a row twice in one statement).
  constexpr std::string_view kHead =
      "INSERT INTO inventory_records (id, product_id, fulfillment_center_id, in_stock, "
      "reorder_min, preorder_quantity, backorder_quantity, allow_backorder, allow_preorder, "
      "preorder_date, backorder_date, status, outer_id, reserved, version, created_at, "
      "created_by, modified_at, modified_by) VALUES ";
  constexpr std::string_view kRow = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  constexpr std::string_view kOnConflict =
      " ON CONFLICT (product_id, fulfillment_center_id) DO UPDATE SET "
      "in_stock = excluded.in_stock, reorder_min = excluded.reorder_min, "
      "preorder_quantity = excluded.preorder_quantity, backorder_quantity = "
      "excluded.backorder_quantity, allow_backorder = excluded.allow_backorder, "
      "allow_preorder = excluded.allow_preorder, preorder_date = excluded.preorder_date, "
      "backorder_date = excluded.backorder_date, status = excluded.status, outer_id = "
      "excluded.outer_id, version = inventory_records.version + 1, modified_at = "
      "excluded.modified_at, modified_by = excluded.modified_by";
  return db::ForEachStatementSlice(
      records.size(), 128, [&](std::size_t first, std::size_t rows) -> Status {
        db::Params p;
        p.reserve(rows * 19);
        for (std::size_t k = first; k < first + rows; ++k) {
          const InventoryRecord& r = *records[k];
          p.push_back(Param(r.meta.id));
          p.push_back(Param(r.product_id));
          p.push_back(Param(r.fulfillment_center_id));
          AppendRecordValues(p, r);
          p.push_back(Param(r.reserved_quantity));
          AppendMeta(p, r.meta);
        }
        return Run(tx, db::MultiRowSql(kHead, kRow, rows, kOnConflict), p);
      });
}

Status DeleteRecord(db::Transaction& tx, const std::string& id) {
  return Run(tx, "DELETE FROM inventory_records WHERE id = ?", {Param(id)});
}

Result<bool> ReserveIfAvailable(db::Transaction& tx, const std::string& product_id,
                                const std::string& center_id, std::int64_t quantity,
                                std::int64_t extra, Timestamp now, const std::string& actor) {
  EMPORION_ASSIGN_OR_RETURN(
      auto changed,
      tx.Exec("UPDATE inventory_records SET reserved = reserved + ?, version = version + 1, "
              "modified_at = ?, modified_by = ? WHERE product_id = ? AND fulfillment_center_id = ? "
              "AND status = 'Enabled' AND in_stock + ? - reserved >= ?",
              {Param(quantity), Param(now), Param(actor), Param(product_id), Param(center_id),
               Param(extra), Param(quantity)}));
  return changed == 1;
}

Result<bool> Unreserve(db::Transaction& tx, const std::string& product_id,
                       const std::string& center_id, std::int64_t quantity, bool commit,
                       Timestamp now, const std::string& actor) {
  EMPORION_ASSIGN_OR_RETURN(
      auto changed,
      tx.Exec("UPDATE inventory_records SET reserved = CASE WHEN reserved >= ? THEN reserved - ? "
              "ELSE 0 END, in_stock = in_stock - ?, version = version + 1, modified_at = ?, "
              "modified_by = ? WHERE product_id = ? AND fulfillment_center_id = ?",
              {Param(quantity), Param(quantity), Param(commit ? quantity : std::int64_t{0}),
               Param(now), Param(actor), Param(product_id), Param(center_id)}));
  return changed == 1;
}

Result<std::optional<Reservation>> FindReservation(db::Transaction& tx, const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne("SELECT id, store_id, reference, status, lines, version, created_at, "
                            "created_by, modified_at, modified_by FROM inventory_reservations "
                            "WHERE id = ?",
                            {Param(id)}));
  if (!row) return std::optional<Reservation>{};
  Reservation r;
  r.meta = ReadMeta(*row, 5, row->Text(0));
  r.store_id = row->Text(1);
  r.reference = row->Text(2);
  const std::string& status = row->Text(3);
  r.status = status == "committed"  ? ReservationStatus::kCommitted
             : status == "released" ? ReservationStatus::kReleased
                                    : ReservationStatus::kActive;
  EMPORION_ASSIGN_OR_RETURN(r.lines, codec::LinesFromJson(row->Text(4)));
  return std::optional<Reservation>(std::move(r));
}

Status InsertReservation(db::Transaction& tx, const Reservation& r) {
  db::Params p = {Param(r.meta.id), Param(r.store_id), Param(r.reference),
                  Param(std::string(ToString(r.status))), Param(codec::LinesJson(r.lines))};
  AppendMeta(p, r.meta);
  return Run(tx,
             "INSERT INTO inventory_reservations (id, store_id, reference, status, lines, version, "
             "created_at, created_by, modified_at, modified_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
             "?, ?)",
             p);
}

Status UpdateReservationStatus(db::Transaction& tx, const Reservation& r,
                               std::int64_t expected_version) {
  return ExpectOne(
      tx.Exec(
          "UPDATE inventory_reservations SET status = ?, version = ?, modified_at = ?, "
          "modified_by = ? WHERE id = ? AND version = ?",
          {Param(std::string(ToString(r.status))), Param(r.meta.version), Param(r.meta.modified_at),
           Param(r.meta.modified_by), Param(r.meta.id), Param(expected_version)}),
      "reservation '" + r.meta.id + "'");
}

}  // namespace emporion::inventory::storage
