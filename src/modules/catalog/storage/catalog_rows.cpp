// Catalogs and categories.
#include "modules/catalog/codec/catalog_json.hpp"
#include "modules/catalog/domain/category_tree.hpp"
#include "modules/catalog/storage/repository.hpp"
#include "modules/catalog/storage/sql.hpp"

namespace emporion::catalog::storage {

using db::Param;

namespace {

// --- catalogs ----------------------------------------------------------------------------------

const std::string kCatalogSelect =
    std::string("SELECT id, name, is_virtual, doc, ") + kMetaColumns + " FROM catalog_catalogs";

Result<Catalog> CatalogFromRow(const db::Row& r) {
  EMPORION_ASSIGN_OR_RETURN(auto doc, codec::ParseDocument(r.Text(3)));
  auto parsed = codec::ReadCatalog(doc);
  if (!parsed.ok()) return Error::Internal("corrupt catalog " + r.Text(0));
  Catalog c = std::move(parsed).value();
  c.meta = ReadMeta(r, 4, r.Text(0));
  c.name = r.Text(1);
  c.is_virtual = r.Bool(2);
  return c;
}

// --- categories --------------------------------------------------------------------------------

const std::string kCategoryColumns =
    std::string("id, catalog_id, parent_id, code, name, is_active, priority, path, depth, doc, ") +
    kMetaColumns;
const std::string kCategorySelect = "SELECT " + kCategoryColumns + " FROM catalog_categories";

Result<Category> CategoryFromRow(const db::Row& r) {
  EMPORION_ASSIGN_OR_RETURN(auto doc, codec::ParseDocument(r.Text(9)));
  auto parsed = codec::ReadCategory(doc);
  if (!parsed.ok()) return Error::Internal("corrupt category " + r.Text(0));
  Category c = std::move(parsed).value();
  c.meta = ReadMeta(r, 10, r.Text(0));
  c.catalog_id = r.Text(1);
  c.parent_id = r.OptText(2);
  c.code = r.Text(3);
  c.name = r.Text(4);
  c.is_active = r.Bool(5);
  c.priority = r.Int(6);
  c.path = r.Text(7);
  c.depth = static_cast<int>(r.Int(8));
  return c;
}

const std::string kRefSelect =
    "SELECT id, catalog_id, code, name, path, is_active, priority, parent_id FROM "
    "catalog_categories";

CategoryRef RefFromRow(const db::Row& r) {
  return {r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Bool(5), r.Int(6), r.OptText(7)};
}

std::vector<CategoryRef> Refs(const db::Rows& rows) {
  std::vector<CategoryRef> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(RefFromRow(r));
  return out;
}

/// `path` lies in the subtree at `prefix`: LIKE narrows (and uses the index), substr is exact
/// (SQLite's LIKE ignores case).
void AddUnderPath(Where& where, const std::string& column, const std::string& prefix) {
  where.Add(
      column + " LIKE ? ESCAPE '!' AND substr(" + column + ", 1, ?) = ?",
      {Param(LikePrefix(prefix)), Param(static_cast<std::int64_t>(prefix.size())), Param(prefix)});
}

}  // namespace

Result<std::optional<Catalog>> FindCatalog(db::Transaction& tx, const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(auto row, tx.QueryOne(kCatalogSelect + " WHERE id = ?", {Param(id)}));
  if (!row) return std::optional<Catalog>{};
  EMPORION_ASSIGN_OR_RETURN(auto c, CatalogFromRow(*row));
  return std::optional<Catalog>(std::move(c));
}

Result<std::vector<Catalog>> FindCatalogs(db::Transaction& tx,
                                          const std::vector<std::string>& ids) {
  if (ids.empty()) return std::vector<Catalog>{};
  Where where;
  where.In("id", ids);
  EMPORION_ASSIGN_OR_RETURN(auto rows, tx.Query(kCatalogSelect + where.Sql(), where.params()));
  return MapRows<Catalog>(rows, CatalogFromRow);
}

Result<Slice<Catalog>> ListCatalogs(db::Transaction& tx, const CatalogFilter& f, const Window& w) {
  Where where;
  where.Scope("id", f.scope);
  if (f.q) where.Add("lower(name) LIKE ? ESCAPE '!'", {Param(LikeContains(*f.q))});
  if (f.is_virtual) where.Add("is_virtual = ?", {Param(*f.is_virtual)});
  static const std::map<std::string, std::string> kColumns = {
      {"name", "name"}, {"createdAt", "created_at"}, {"modifiedAt", "modified_at"}};
  return QueryPage<Catalog>(tx, kCatalogSelect, "FROM catalog_catalogs", where,
                            OrderBy(w.sort, kColumns, "name ASC"), w, CatalogFromRow);
}

Status InsertCatalog(db::Transaction& tx, const Catalog& c) {
  db::Params p = {Param(c.meta.id), Param(c.name), Param(c.is_virtual),
                  Param(codec::ToJson(c, codec::Form::kDocument))};
  AppendMeta(p, c.meta);
  return NameConflict(Run(tx,
                          std::string("INSERT INTO catalog_catalogs (id, name, is_virtual, doc, ") +
                              kMetaColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          p),
                      "id", "a catalog with id '" + c.meta.id + "' already exists");
}

Status UpdateCatalog(db::Transaction& tx, const Catalog& c, std::int64_t expected_version) {
  return ExpectOneRow(
      tx.Exec("UPDATE catalog_catalogs SET name = ?, is_virtual = ?, doc = ?, version = ?, "
              "modified_at = ?, modified_by = ? WHERE id = ? AND version = ?",
              {Param(c.name), Param(c.is_virtual), Param(codec::ToJson(c, codec::Form::kDocument)),
               Param(c.meta.version), Param(c.meta.modified_at), Param(c.meta.modified_by),
               Param(c.meta.id), Param(expected_version)}),
      "catalog " + c.meta.id);
}

Status DeleteCatalog(db::Transaction& tx, const std::string& id) {
  EMPORION_RETURN_IF_ERROR(tx.Exec("DELETE FROM catalog_catalogs WHERE id = ?", {Param(id)}));
  return Ok();
}

Result<CatalogUsage> GetCatalogUsage(db::Transaction& tx, const std::string& id) {
  CatalogUsage u;
  EMPORION_ASSIGN_OR_RETURN(
      auto row,
      tx.QueryOne("SELECT (SELECT COUNT(*) FROM catalog_categories WHERE catalog_id = ?), "
                  "(SELECT COUNT(*) FROM catalog_products WHERE catalog_id = ?), "
                  "(SELECT COUNT(*) FROM catalog_properties WHERE catalog_id = ?), "
                  "(SELECT COUNT(*) FROM catalog_links WHERE catalog_id = ?)",
                  {Param(id), Param(id), Param(id), Param(id)}));
  if (row) u = {row->Int(0), row->Int(1), row->Int(2), row->Int(3)};
  return u;
}

Result<std::optional<Category>> FindCategory(db::Transaction& tx, const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(auto row, tx.QueryOne(kCategorySelect + " WHERE id = ?", {Param(id)}));
  if (!row) return std::optional<Category>{};
  EMPORION_ASSIGN_OR_RETURN(auto c, CategoryFromRow(*row));
  return std::optional<Category>(std::move(c));
}

Result<std::vector<Category>> FindCategories(db::Transaction& tx,
                                             const std::vector<std::string>& ids) {
  if (ids.empty()) return std::vector<Category>{};
  Where where;
  where.In("id", ids);
  EMPORION_ASSIGN_OR_RETURN(auto rows, tx.Query(kCategorySelect + where.Sql(), where.params()));
  return MapRows<Category>(rows, CategoryFromRow);
}

Result<std::optional<Category>> FindCategoryByCode(db::Transaction& tx,
                                                   const std::string& catalog_id,
                                                   const std::string& code) {
  EMPORION_ASSIGN_OR_RETURN(auto row,
                            tx.QueryOne(kCategorySelect + " WHERE catalog_id = ? AND code = ?",
                                        {Param(catalog_id), Param(code)}));
  if (!row) return std::optional<Category>{};
  EMPORION_ASSIGN_OR_RETURN(auto c, CategoryFromRow(*row));
  return std::optional<Category>(std::move(c));
}

Result<Slice<Category>> ListCategories(db::Transaction& tx, const CategoryFilter& f,
                                       const Window& w) {
  Where where;
  where.Scope("catalog_id", f.scope);
  if (f.catalog_id) where.Add("catalog_id = ?", {Param(*f.catalog_id)});
  if (f.parent_id) where.Add("parent_id = ?", {Param(*f.parent_id)});
  if (f.roots_only) where.Add("parent_id IS NULL");
  if (f.under_path) {
    AddUnderPath(where, "path", *f.under_path);
    if (f.include_descendants) where.Add("path <> ?", {Param(*f.under_path)});
  }
  if (f.q) {
    const std::string like = LikeContains(*f.q);
    where.Add("(lower(name) LIKE ? ESCAPE '!' OR lower(code) LIKE ? ESCAPE '!')",
              {Param(like), Param(like)});
  }
  if (f.code) where.Add("code = ?", {Param(*f.code)});
  if (f.is_active) where.Add("is_active = ?", {Param(*f.is_active)});
  if (f.modified_since) where.Add("modified_at >= ?", {Param(*f.modified_since)});
  if (f.ids) where.In("id", *f.ids);
  static const std::map<std::string, std::string> kColumns = {{"name", "name"},
                                                              {"code", "code"},
                                                              {"priority", "priority"},
                                                              {"createdAt", "created_at"},
                                                              {"modifiedAt", "modified_at"}};
  return QueryPage<Category>(tx, kCategorySelect, "FROM catalog_categories", where,
                             OrderBy(w.sort, kColumns, "depth ASC, priority DESC, name ASC"), w,
                             CategoryFromRow);
}

Result<std::vector<CategoryRef>> FindCategoryRefs(db::Transaction& tx,
                                                  const std::vector<std::string>& ids) {
  if (ids.empty()) return std::vector<CategoryRef>{};
  Where where;
  where.In("id", ids);
  EMPORION_ASSIGN_OR_RETURN(auto rows, tx.Query(kRefSelect + where.Sql(), where.params()));
  return Refs(rows);
}

Result<std::vector<CategoryRef>> CategoryRefsOfCatalog(db::Transaction& tx,
                                                       const std::string& catalog_id,
                                                       int max_depth) {
  Where where;
  where.Add("catalog_id = ?", {Param(catalog_id)});
  if (max_depth > 0) where.Add("depth < ?", {Param(std::int64_t{max_depth})});
  EMPORION_ASSIGN_OR_RETURN(auto rows, tx.Query(kRefSelect + where.Sql(), where.params()));
  return Refs(rows);
}

Result<std::vector<CategoryRef>> CategoryRefsUnder(db::Transaction& tx, const std::string& path,
                                                   int max_levels) {
  Where where;
  AddUnderPath(where, "path", path);
  if (max_levels > 0) {
    where.Add("depth < ?", {Param(std::int64_t{PathDepth(path) + max_levels})});
  }
  EMPORION_ASSIGN_OR_RETURN(auto rows, tx.Query(kRefSelect + where.Sql(), where.params()));
  return Refs(rows);
}

Status InsertCategory(db::Transaction& tx, const Category& c) {
  db::Params p = {Param(c.meta.id),
                  Param(c.catalog_id),
                  Param(c.parent_id),
                  Param(c.code),
                  Param(c.name),
                  Param(c.is_active),
                  Param(c.priority),
                  Param(c.path),
                  Param(std::int64_t{c.depth}),
                  Param(codec::ToJson(c, codec::Form::kDocument))};
  AppendMeta(p, c.meta);
  Status s = Run(tx,
                 "INSERT INTO catalog_categories (" + kCategoryColumns +
                     ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 p);
  if (!s.ok() && s.error().detail().find("code") != std::string::npos) {
    return NameConflict(
        std::move(s), "code",
        "category code '" + c.code + "' is already used in catalog '" + c.catalog_id + "'");
  }
  return NameConflict(std::move(s), "id", "a category with id '" + c.meta.id + "' already exists");
}

Status UpdateCategory(db::Transaction& tx, const Category& c, std::int64_t expected_version) {
  auto changed = tx.Exec(
      "UPDATE catalog_categories SET parent_id = ?, code = ?, name = ?, is_active = ?, "
      "priority = ?, path = ?, depth = ?, doc = ?, version = ?, modified_at = ?, modified_by = ? "
      "WHERE id = ? AND version = ?",
      {Param(c.parent_id), Param(c.code), Param(c.name), Param(c.is_active), Param(c.priority),
       Param(c.path), Param(std::int64_t{c.depth}), Param(codec::ToJson(c, codec::Form::kDocument)),
       Param(c.meta.version), Param(c.meta.modified_at), Param(c.meta.modified_by),
       Param(c.meta.id), Param(expected_version)});
  if (!changed.ok()) {
    return NameConflict(
        changed.error(), "code",
        "category code '" + c.code + "' is already used in catalog '" + c.catalog_id + "'");
  }
  return ExpectOneRow(changed, "category " + c.meta.id);
}

Result<std::vector<std::string>> MoveSubtree(db::Transaction& tx, const std::string& old_prefix,
                                             const std::string& new_prefix, int depth_delta,
                                             Timestamp now, const std::string& actor) {
  Where where;
  AddUnderPath(where, "path", old_prefix);
  where.Add("path <> ?", {Param(old_prefix)});
  EMPORION_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT id FROM catalog_categories" + where.Sql(), where.params()));
  std::vector<std::string> ids;
  ids.reserve(rows.size());
  for (const auto& r : rows) ids.push_back(r.Text(0));
  if (ids.empty()) return ids;
  db::Params params = {Param(new_prefix), Param(static_cast<std::int64_t>(old_prefix.size() + 1)),
                       Param(std::int64_t{depth_delta}), Param(now), Param(actor)};
  for (const auto& p : where.params()) params.push_back(p);
  EMPORION_RETURN_IF_ERROR(
      tx.Exec("UPDATE catalog_categories SET path = ? || substr(path, ?), depth = depth + ?, "
              "version = version + 1, modified_at = ?, modified_by = ?" +
                  where.Sql(),
              params));
  return ids;
}

Status DeleteCategory(db::Transaction& tx, const std::string& id) {
  EMPORION_RETURN_IF_ERROR(tx.Exec("DELETE FROM catalog_categories WHERE id = ?", {Param(id)}));
  return Ok();
}

Result<std::int64_t> CountChildCategories(db::Transaction& tx, const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(
      auto row,
      tx.QueryOne("SELECT COUNT(*) FROM catalog_categories WHERE parent_id = ?", {Param(id)}));
  return row ? row->Int(0) : 0;
}

}  // namespace emporion::catalog::storage
