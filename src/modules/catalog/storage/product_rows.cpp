// Products and variations.
#include <algorithm>
#include <functional>

#include "modules/catalog/codec/catalog_json.hpp"
#include "modules/catalog/storage/repository.hpp"
#include "modules/catalog/storage/sql.hpp"
#include "platform/json/json.hpp"

namespace emporion::catalog::storage {

using db::Param;

namespace {

const std::string kProductColumns =
    std::string(
        "id, code, catalog_id, category_id, main_product_id, name, is_active, priority, "
        "doc, ") +
    kMetaColumns;
const std::string kProductSelect = "SELECT " + kProductColumns + " FROM catalog_products";

Result<Product> ProductFromRow(const db::Row& r) {
  EMPORION_ASSIGN_OR_RETURN(auto doc, codec::ParseDocument(r.Text(8)));
  auto parsed = codec::ReadProduct(doc);
  if (!parsed.ok()) return Error::Internal("corrupt product " + r.Text(0));
  Product p = std::move(parsed).value();
  p.meta = ReadMeta(r, 9, r.Text(0));
  p.code = r.Text(1);
  p.catalog_id = r.Text(2);
  p.category_id = r.OptText(3);
  p.main_product_id = r.OptText(4);
  p.name = r.Text(5);
  p.is_active = r.IsNull(6) ? std::nullopt : std::optional<bool>(r.Bool(6));
  p.priority = r.OptInt(7);
  return p;
}

std::optional<Product> First(std::vector<Product> v) {
  if (v.empty()) return std::nullopt;
  return std::move(v.front());
}

/// "category_id IN (subquery) OR (no own category and the main product's is)".
void AddCategoryCondition(Where& where, const std::string& set_sql, const db::Params& set_params) {
  db::Params params = set_params;
  for (const auto& p : set_params) params.push_back(p);
  where.Add("(p.category_id IN (" + set_sql +
                ") OR (p.category_id IS NULL AND p.main_product_id IN (SELECT m.id FROM "
                "catalog_products m WHERE m.category_id IN (" +
                set_sql + "))))",
            std::move(params));
}

}  // namespace

Result<std::optional<Product>> FindProduct(db::Transaction& tx, const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(auto rows, tx.Query(kProductSelect + " WHERE id = ?", {Param(id)}));
  EMPORION_ASSIGN_OR_RETURN(auto v, MapRows<Product>(rows, ProductFromRow));
  return First(std::move(v));
}

Result<std::vector<Product>> FindProducts(db::Transaction& tx,
                                          const std::vector<std::string>& ids) {
  if (ids.empty()) return std::vector<Product>{};
  Where where;
  where.In("id", ids);
  EMPORION_ASSIGN_OR_RETURN(auto rows, tx.Query(kProductSelect + where.Sql(), where.params()));
  return MapRows<Product>(rows, ProductFromRow);
}

Result<std::optional<Product>> FindProductByCode(db::Transaction& tx, const std::string& code) {
  EMPORION_ASSIGN_OR_RETURN(auto rows, tx.Query(kProductSelect + " WHERE code = ?", {Param(code)}));
  EMPORION_ASSIGN_OR_RETURN(auto v, MapRows<Product>(rows, ProductFromRow));
  return First(std::move(v));
}

namespace {

/// The values of `column` among `values` that a product row has.
Result<std::unordered_set<std::string>> ExistingValues(db::Transaction& tx, const char* column,
                                                       const std::vector<std::string>& values) {
  std::unordered_set<std::string> out;
  if (values.empty()) return out;
  Where where;
  where.In(column, values);
  EMPORION_ASSIGN_OR_RETURN(
      auto rows, tx.Query(std::string("SELECT ") + column + " FROM catalog_products" + where.Sql(),
                          where.params()));
  for (const auto& r : rows) out.insert(r.Text(0));
  return out;
}

}  // namespace

Result<std::unordered_set<std::string>> ExistingProductIds(db::Transaction& tx,
                                                           const std::vector<std::string>& ids) {
  return ExistingValues(tx, "id", ids);
}

Result<std::unordered_set<std::string>> TakenProductCodes(db::Transaction& tx,
                                                          const std::vector<std::string>& codes) {
  return ExistingValues(tx, "code", codes);
}

Result<Slice<Product>> ListProducts(db::Transaction& tx, const ProductFilter& f, const Window& w) {
  Where where;
  where.Scope("p.catalog_id", f.scope);
  if (f.catalog_id) where.Add("p.catalog_id = ?", {Param(*f.catalog_id)});
  if (f.category_ids) {
    if (f.category_ids->empty()) {
      where.Add("1 = 0");
    } else {
      db::Params ids;
      AppendAll(ids, *f.category_ids);
      AddCategoryCondition(where, Placeholders(ids.size()), ids);
    }
  }
  if (f.category_path) {
    AddCategoryCondition(
        where,
        "SELECT c.id FROM catalog_categories c WHERE c.path LIKE ? ESCAPE '!' "
        "AND substr(c.path, 1, ?) = ?",
        {Param(LikePrefix(*f.category_path)),
         Param(static_cast<std::int64_t>(f.category_path->size())), Param(*f.category_path)});
  }
  if (f.virtual_catalog_id || f.link_category_ids) {
    // Placement of the links that bring a product in: anywhere in the virtual catalog, or
    // under the given virtual categories.
    std::string placement;
    db::Params placement_params;
    if (f.link_category_ids) {
      if (f.link_category_ids->empty()) {
        placement = "1 = 0";
      } else {
        placement = "l.category_id IN (" + Placeholders(f.link_category_ids->size()) + ")";
        AppendAll(placement_params, *f.link_category_ids);
      }
    } else {
      placement = "l.catalog_id = ?";
      placement_params.push_back(Param(*f.virtual_catalog_id));
    }
    const std::string direct =
        "SELECT l.entry_id FROM catalog_links l WHERE l.entry_type = 'product' AND " + placement;
    const std::string via_category =
        "SELECT c.id FROM catalog_links l JOIN catalog_categories lc ON lc.id = l.entry_id "
        "JOIN catalog_categories c ON substr(c.path, 1, length(lc.path)) = lc.path "
        "WHERE l.entry_type = 'category' AND " +
        placement;
    db::Params params;
    for (int i = 0; i < 4; ++i) {
      for (const auto& p : placement_params) params.push_back(p);
    }
    where.Add("(p.id IN (" + direct + ") OR p.main_product_id IN (" + direct +
                  ") OR p.category_id IN (" + via_category +
                  ") OR (p.category_id IS NULL AND p.main_product_id IN (SELECT m.id FROM "
                  "catalog_products m WHERE m.category_id IN (" +
                  via_category + "))))",
              std::move(params));
  }
  if (f.q) {
    const std::string like = LikeContains(*f.q);
    where.Add("(lower(p.name) LIKE ? ESCAPE '!' OR lower(p.code) LIKE ? ESCAPE '!')",
              {Param(like), Param(like)});
  }
  if (f.code) where.Add("p.code = ?", {Param(*f.code)});
  if (f.is_active) {
    // A variation without its own flag takes the main product's.
    where.Add(
        "COALESCE(p.is_active, (SELECT m.is_active FROM catalog_products m WHERE m.id = "
        "p.main_product_id), 1) = ?",
        {Param(*f.is_active)});
  }
  if (f.main_product_id) where.Add("p.main_product_id = ?", {Param(*f.main_product_id)});
  if (f.is_variation) {
    where.Add(*f.is_variation ? "p.main_product_id IS NOT NULL" : "p.main_product_id IS NULL");
  }
  if (f.modified_since) where.Add("p.modified_at >= ?", {Param(*f.modified_since)});
  if (f.ids) where.In("p.id", *f.ids);
  static const std::map<std::string, std::string> kColumns = {
      {"name", "p.name"},
      {"code", "p.code"},
      {"priority", "COALESCE(p.priority, 0)"},
      {"createdAt", "p.created_at"},
      {"modifiedAt", "p.modified_at"}};
  const std::string order = OrderBy(w.sort, kColumns, "p.name ASC", "p.id");
  return QueryPage<Product>(tx,
                            "SELECT " +
                                std::string("p.id, p.code, p.catalog_id, p.category_id, "
                                            "p.main_product_id, p.name, p.is_active, "
                                            "p.priority, p.doc, p.version, p.created_at, "
                                            "p.created_by, p.modified_at, p.modified_by") +
                                " FROM catalog_products p",
                            "FROM catalog_products p", where, order, w, ProductFromRow);
}

Status InsertProduct(db::Transaction& tx, const Product& p) {
  db::Params params = {Param(p.meta.id),
                       Param(p.code),
                       Param(p.catalog_id),
                       Param(p.category_id),
                       Param(p.main_product_id),
                       Param(p.name),
                       Param(p.is_active),
                       Param(p.priority),
                       Param(codec::ToJson(p, codec::Form::kDocument))};
  AppendMeta(params, p.meta);
  Status s = Run(tx,
                 "INSERT INTO catalog_products (" + kProductColumns +
                     ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 params);
  if (!s.ok() && s.error().detail().find("code") != std::string::npos) {
    return NameConflict(std::move(s), "code", "SKU '" + p.code + "' is already used");
  }
  return NameConflict(std::move(s), "id", "a product with id '" + p.meta.id + "' already exists");
}

Status UpdateProduct(db::Transaction& tx, const Product& p, std::int64_t expected_version) {
  auto changed = tx.Exec(
      "UPDATE catalog_products SET code = ?, catalog_id = ?, category_id = ?, "
      "main_product_id = ?, name = ?, is_active = ?, priority = ?, doc = ?, version = ?, "
      "modified_at = ?, modified_by = ? WHERE id = ? AND version = ?",
      {Param(p.code), Param(p.catalog_id), Param(p.category_id), Param(p.main_product_id),
       Param(p.name), Param(p.is_active), Param(p.priority),
       Param(codec::ToJson(p, codec::Form::kDocument)), Param(p.meta.version),
       Param(p.meta.modified_at), Param(p.meta.modified_by), Param(p.meta.id),
       Param(expected_version)});
  if (!changed.ok()) {
    return NameConflict(changed.error(), "code", "SKU '" + p.code + "' is already used");
  }
  return ExpectOneRow(changed, "product " + p.meta.id);
}

Status DeleteProduct(db::Transaction& tx, const std::string& id) {
  EMPORION_RETURN_IF_ERROR(tx.Exec("DELETE FROM catalog_products WHERE id = ?", {Param(id)}));
  return Ok();
}

Result<std::map<std::string, std::vector<std::string>>> VariationIds(
    db::Transaction& tx, const std::vector<std::string>& main_ids) {
  std::map<std::string, std::vector<std::string>> out;
  if (main_ids.empty()) return out;
  Where where;
  where.In("main_product_id", main_ids);
  EMPORION_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT main_product_id, id FROM catalog_products" +
                                                    where.Sql() + " ORDER BY created_at, id",
                                                where.params()));
  for (const auto& r : rows) out[r.Text(0)].push_back(r.Text(1));
  return out;
}

namespace {
Result<std::vector<std::string>> IdsAfter(db::Transaction& tx, const char* sql,
                                          const std::string& after_id, int limit) {
  EMPORION_ASSIGN_OR_RETURN(auto rows,
                            tx.Query(sql, {db::Param(after_id), db::Param(std::int64_t{limit})}));
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(r.Text(0));
  return out;
}

/// Runs `select` + " WHERE `column` IN (...)" once per part of at most 500 of `values` (one
/// statement per part keeps its parameters few) and hands each part's rows to `each`.
Status ForEachPart(db::Transaction& tx, const std::string& select, const char* column,
                   const std::vector<std::string>& values,
                   const std::function<Status(const db::Rows&)>& each) {
  constexpr std::size_t kPart = 500;
  for (std::size_t i = 0; i < values.size(); i += kPart) {
    const auto first = values.begin() + static_cast<std::ptrdiff_t>(i);
    const std::vector<std::string> part(
        first, first + static_cast<std::ptrdiff_t>(std::min(kPart, values.size() - i)));
    Where where;
    where.In(column, part);
    EMPORION_ASSIGN_OR_RETURN(auto rows, tx.Query(select + where.Sql(), where.params()));
    EMPORION_RETURN_IF_ERROR(each(rows));
  }
  return Ok();
}
}  // namespace

Result<std::unordered_map<std::string, std::string>> ProductIdsByCode(
    db::Transaction& tx, const std::vector<std::string>& codes) {
  std::unordered_map<std::string, std::string> out;
  const auto collect = [&](const db::Rows& rows) {
    for (const auto& r : rows) out.emplace(r.Text(0), r.Text(1));
    return Ok();
  };
  EMPORION_RETURN_IF_ERROR(
      ForEachPart(tx, "SELECT code, id FROM catalog_products", "code", codes, collect));
  return out;
}

Result<std::unordered_map<std::string, ProductTrackingFlags>> TrackingFlags(
    db::Transaction& tx, const std::vector<std::string>& ids) {
  std::unordered_map<std::string, ProductTrackingFlags> out;
  const auto collect = [&](const db::Rows& rows) -> Status {
    for (const auto& r : rows) {
      ProductTrackingFlags flags;
      flags.main_product_id = r.OptText(1);
      // Only the one member is read: no Product is built (a sync touches 50,000 at once).
      auto doc = json::ParseObject(r.Text(2));
      if (!doc.ok()) return doc.error();
      if (auto m = doc->FindMember("trackInventory"); m != doc->MemberEnd() && m->value.IsBool()) {
        flags.track_inventory = m->value.GetBool();
      }
      out.emplace(r.Text(0), std::move(flags));
    }
    return Ok();
  };
  EMPORION_RETURN_IF_ERROR(
      ForEachPart(tx, "SELECT id, main_product_id, doc FROM catalog_products", "id", ids, collect));
  return out;
}

Result<std::vector<std::string>> ProductIdsAfter(db::Transaction& tx, const std::string& after_id,
                                                 int limit, ProductLevel level) {
  // COALESCE keeps the planners on the id order (the index on main_product_id would find the
  // level's rows, then sort all of them for every page).
  switch (level) {
    case ProductLevel::kMainProducts:
      return IdsAfter(tx,
                      "SELECT id FROM catalog_products WHERE id > ? AND "
                      "COALESCE(main_product_id, '') = '' ORDER BY id LIMIT ?",
                      after_id, limit);
    case ProductLevel::kVariations:
      return IdsAfter(tx,
                      "SELECT id FROM catalog_products WHERE id > ? AND "
                      "COALESCE(main_product_id, '') <> '' ORDER BY id LIMIT ?",
                      after_id, limit);
    case ProductLevel::kAll:
      break;
  }
  return IdsAfter(tx, "SELECT id FROM catalog_products WHERE id > ? ORDER BY id LIMIT ?", after_id,
                  limit);
}

Result<std::vector<std::string>> CategoryIdsAfter(db::Transaction& tx, const std::string& after_id,
                                                  int limit) {
  return IdsAfter(tx, "SELECT id FROM catalog_categories WHERE id > ? ORDER BY id LIMIT ?",
                  after_id, limit);
}

Result<std::int64_t> CountRows(db::Transaction& tx, const std::string& table) {
  // `table` is one of the module's own names, never input.
  EMPORION_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT COUNT(*) FROM " + table, {}));
  return row ? row->Int(0) : 0;
}

Result<std::vector<std::string>> ProductIdsInCategories(
    db::Transaction& tx, const std::vector<std::string>& category_ids) {
  std::vector<std::string> out;
  if (category_ids.empty()) return out;
  Where where;
  where.In("category_id", category_ids);
  EMPORION_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT id FROM catalog_products" + where.Sql() + " ORDER BY id", where.params()));
  for (const auto& r : rows) out.push_back(r.Text(0));
  return out;
}

namespace {
Result<std::vector<std::string>> IdsMentioning(db::Transaction& tx, const std::string& table,
                                               const std::string& needle, int limit) {
  std::string pattern = "%";
  for (char c : needle) {
    if (c == '%' || c == '_' || c == '!') pattern.push_back('!');
    pattern.push_back(c);
  }
  pattern.push_back('%');
  EMPORION_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT id FROM " + table + " WHERE doc LIKE ? ESCAPE '!' LIMIT ?",
                          {Param(pattern), Param(std::int64_t{limit})}));
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.Text(0));
  return out;
}
}  // namespace

Result<std::vector<std::string>> ProductIdsMentioning(db::Transaction& tx,
                                                      const std::string& needle, int limit) {
  return IdsMentioning(tx, "catalog_products", needle, limit);
}

Result<std::vector<std::string>> CategoryIdsMentioning(db::Transaction& tx,
                                                       const std::string& needle, int limit) {
  return IdsMentioning(tx, "catalog_categories", needle, limit);
}

}  // namespace emporion::catalog::storage

namespace emporion::catalog::storage {

Result<std::vector<std::string>> ProductIdsOfCatalog(db::Transaction& tx,
                                                     const std::string& catalog_id) {
  EMPORION_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT id FROM catalog_products WHERE catalog_id = ? "
                          "ORDER BY CASE WHEN main_product_id IS NULL THEN 1 ELSE 0 END, id",
                          {db::Param(catalog_id)}));
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(r.Text(0));
  return out;
}

Status TouchProduct(db::Transaction& tx, const std::string& id, Timestamp now,
                    const std::string& actor) {
  EMPORION_RETURN_IF_ERROR(
      tx.Exec("UPDATE catalog_products SET version = version + 1, modified_at = ?, modified_by = ? "
              "WHERE id = ?",
              {db::Param(now), db::Param(actor), db::Param(id)}));
  return Ok();
}

Status TouchCategory(db::Transaction& tx, const std::string& id, Timestamp now,
                     const std::string& actor) {
  EMPORION_RETURN_IF_ERROR(tx.Exec(
      "UPDATE catalog_categories SET version = version + 1, modified_at = ?, modified_by = ? "
      "WHERE id = ?",
      {db::Param(now), db::Param(actor), db::Param(id)}));
  return Ok();
}

}  // namespace emporion::catalog::storage
