// Property definitions and dictionary items.
#include "modules/catalog/codec/catalog_json.hpp"
#include "modules/catalog/storage/repository.hpp"
#include "modules/catalog/storage/sql.hpp"

namespace emporion::catalog::storage {

using db::Param;

namespace {

const std::string kPropertyColumns =
    std::string("id, catalog_id, category_id, name, type, value_type, doc, ") + kMetaColumns;
const std::string kPropertySelect = "SELECT " + kPropertyColumns + " FROM catalog_properties";

Result<Property> PropertyFromRow(const db::Row& r) {
  EMPORION_ASSIGN_OR_RETURN(auto doc, codec::ParseDocument(r.Text(6)));
  auto parsed = codec::ReadProperty(doc);
  if (!parsed.ok()) return Error::Internal("corrupt property " + r.Text(0));
  Property p = std::move(parsed).value();
  p.meta = ReadMeta(r, 7, r.Text(0));
  p.catalog_id = r.Text(1);
  p.category_id = r.OptText(2);
  p.name = r.Text(3);
  return p;
}

const std::string kItemColumns =
    std::string("id, property_id, alias, sort_order, doc, ") + kMetaColumns;
const std::string kItemSelect = "SELECT " + kItemColumns + " FROM catalog_dictionary_items";

Result<DictionaryItem> ItemFromRow(const db::Row& r) {
  EMPORION_ASSIGN_OR_RETURN(auto doc, codec::ParseDocument(r.Text(4)));
  auto parsed = codec::ReadDictionaryItem(doc);
  if (!parsed.ok()) return Error::Internal("corrupt dictionary item " + r.Text(0));
  DictionaryItem d = std::move(parsed).value();
  d.meta = ReadMeta(r, 5, r.Text(0));
  d.property_id = r.Text(1);
  d.alias = r.Text(2);
  d.sort_order = r.Int(3);
  return d;
}

template <typename T>
std::optional<T> First(std::vector<T> v) {
  if (v.empty()) return std::nullopt;
  return std::move(v.front());
}

std::string NameTaken(const Property& p) {
  return "a property named '" + p.name + "' already exists in catalog '" + p.catalog_id + "'";
}

}  // namespace

Result<std::optional<Property>> FindProperty(db::Transaction& tx, const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(auto rows, tx.Query(kPropertySelect + " WHERE id = ?", {Param(id)}));
  EMPORION_ASSIGN_OR_RETURN(auto v, MapRows<Property>(rows, PropertyFromRow));
  return First(std::move(v));
}

Result<std::optional<Property>> FindPropertyByName(db::Transaction& tx,
                                                   const std::string& catalog_id,
                                                   const std::string& name) {
  EMPORION_ASSIGN_OR_RETURN(auto rows,
                            tx.Query(kPropertySelect + " WHERE catalog_id = ? AND name = ?",
                                     {Param(catalog_id), Param(name)}));
  EMPORION_ASSIGN_OR_RETURN(auto v, MapRows<Property>(rows, PropertyFromRow));
  return First(std::move(v));
}

Result<std::vector<Property>> PropertiesOfCatalog(db::Transaction& tx,
                                                  const std::string& catalog_id) {
  EMPORION_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query(kPropertySelect + " WHERE catalog_id = ? ORDER BY name", {Param(catalog_id)}));
  return MapRows<Property>(rows, PropertyFromRow);
}

Result<Slice<Property>> ListProperties(db::Transaction& tx, const PropertyFilter& f,
                                       const Window& w) {
  Where where;
  where.Scope("catalog_id", f.scope);
  if (f.catalog_id) where.Add("catalog_id = ?", {Param(*f.catalog_id)});
  if (f.category_id) where.Add("category_id = ?", {Param(*f.category_id)});
  if (f.catalog_level_only) where.Add("category_id IS NULL");
  if (f.q) where.Add("lower(name) LIKE ? ESCAPE '!'", {Param(LikeContains(*f.q))});
  if (f.name) where.Add("name = ?", {Param(*f.name)});
  if (f.type) where.Add("type = ?", {Param(*f.type)});
  static const std::map<std::string, std::string> kColumns = {{"name", "name"},
                                                              {"type", "type"},
                                                              {"valueType", "value_type"},
                                                              {"createdAt", "created_at"},
                                                              {"modifiedAt", "modified_at"}};
  return QueryPage<Property>(tx, kPropertySelect, "FROM catalog_properties", where,
                             OrderBy(w.sort, kColumns, "name ASC"), w, PropertyFromRow);
}

Status InsertProperty(db::Transaction& tx, const Property& p) {
  db::Params params = {Param(p.meta.id),
                       Param(p.catalog_id),
                       Param(p.category_id),
                       Param(p.name),
                       Param(ToString(p.type)),
                       Param(ToString(p.value_type)),
                       Param(codec::ToJson(p, codec::Form::kDocument))};
  AppendMeta(params, p.meta);
  Status s = Run(tx,
                 "INSERT INTO catalog_properties (" + kPropertyColumns +
                     ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 params);
  if (!s.ok() && s.error().detail().find("name") != std::string::npos) {
    return NameConflict(std::move(s), "name", NameTaken(p));
  }
  return NameConflict(std::move(s), "id", "a property with id '" + p.meta.id + "' already exists");
}

Status UpdateProperty(db::Transaction& tx, const Property& p, std::int64_t expected_version) {
  auto changed = tx.Exec(
      "UPDATE catalog_properties SET category_id = ?, name = ?, type = ?, value_type = ?, "
      "doc = ?, version = ?, modified_at = ?, modified_by = ? WHERE id = ? AND version = ?",
      {Param(p.category_id), Param(p.name), Param(ToString(p.type)), Param(ToString(p.value_type)),
       Param(codec::ToJson(p, codec::Form::kDocument)), Param(p.meta.version),
       Param(p.meta.modified_at), Param(p.meta.modified_by), Param(p.meta.id),
       Param(expected_version)});
  if (!changed.ok()) return NameConflict(changed.error(), "name", NameTaken(p));
  return ExpectOneRow(changed, "property " + p.meta.id);
}

Status DeleteProperty(db::Transaction& tx, const std::string& id) {
  EMPORION_RETURN_IF_ERROR(tx.Exec("DELETE FROM catalog_properties WHERE id = ?", {Param(id)}));
  return Ok();
}

Result<std::vector<std::string>> PropertyIdsOfCategories(db::Transaction& tx,
                                                         const std::vector<std::string>& ids) {
  std::vector<std::string> out;
  if (ids.empty()) return out;
  Where where;
  where.In("category_id", ids);
  EMPORION_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT id FROM catalog_properties" + where.Sql(), where.params()));
  for (const auto& r : rows) out.push_back(r.Text(0));
  return out;
}

Result<std::optional<DictionaryItem>> FindDictionaryItem(db::Transaction& tx,
                                                         const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(auto rows, tx.Query(kItemSelect + " WHERE id = ?", {Param(id)}));
  EMPORION_ASSIGN_OR_RETURN(auto v, MapRows<DictionaryItem>(rows, ItemFromRow));
  return First(std::move(v));
}

Result<std::optional<DictionaryItem>> FindDictionaryItemByAlias(db::Transaction& tx,
                                                                const std::string& property_id,
                                                                const std::string& alias) {
  EMPORION_ASSIGN_OR_RETURN(auto rows,
                            tx.Query(kItemSelect + " WHERE property_id = ? AND alias = ?",
                                     {Param(property_id), Param(alias)}));
  EMPORION_ASSIGN_OR_RETURN(auto v, MapRows<DictionaryItem>(rows, ItemFromRow));
  return First(std::move(v));
}

Result<Slice<DictionaryItem>> ListDictionaryItems(db::Transaction& tx, const DictionaryFilter& f,
                                                  const Window& w) {
  Where where;
  where.Add("property_id = ?", {Param(f.property_id)});
  if (f.q) where.Add("lower(alias) LIKE ? ESCAPE '!'", {Param(LikeContains(*f.q))});
  if (f.alias) where.Add("alias = ?", {Param(*f.alias)});
  static const std::map<std::string, std::string> kColumns = {{"alias", "alias"},
                                                              {"sortOrder", "sort_order"},
                                                              {"createdAt", "created_at"},
                                                              {"modifiedAt", "modified_at"}};
  return QueryPage<DictionaryItem>(tx, kItemSelect, "FROM catalog_dictionary_items", where,
                                   OrderBy(w.sort, kColumns, "sort_order ASC, alias ASC"), w,
                                   ItemFromRow);
}

Result<std::vector<DictionaryItem>> DictionaryItemsOf(
    db::Transaction& tx, const std::vector<std::string>& property_ids) {
  if (property_ids.empty()) return std::vector<DictionaryItem>{};
  Where where;
  where.In("property_id", property_ids);
  EMPORION_ASSIGN_OR_RETURN(auto rows, tx.Query(kItemSelect + where.Sql(), where.params()));
  return MapRows<DictionaryItem>(rows, ItemFromRow);
}

Status InsertDictionaryItem(db::Transaction& tx, const DictionaryItem& d) {
  db::Params params = {Param(d.meta.id), Param(d.property_id), Param(d.alias), Param(d.sort_order),
                       Param(codec::ToJson(d, codec::Form::kDocument))};
  AppendMeta(params, d.meta);
  Status s = Run(tx,
                 "INSERT INTO catalog_dictionary_items (" + kItemColumns +
                     ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 params);
  if (!s.ok() && s.error().detail().find("alias") != std::string::npos) {
    return NameConflict(std::move(s), "alias",
                        "alias '" + d.alias + "' is already in the property's dictionary");
  }
  return NameConflict(std::move(s), "id",
                      "a dictionary item with id '" + d.meta.id + "' already exists");
}

Status UpdateDictionaryItem(db::Transaction& tx, const DictionaryItem& d,
                            std::int64_t expected_version) {
  auto changed = tx.Exec(
      "UPDATE catalog_dictionary_items SET alias = ?, sort_order = ?, doc = ?, version = ?, "
      "modified_at = ?, modified_by = ? WHERE id = ? AND version = ?",
      {Param(d.alias), Param(d.sort_order), Param(codec::ToJson(d, codec::Form::kDocument)),
       Param(d.meta.version), Param(d.meta.modified_at), Param(d.meta.modified_by),
       Param(d.meta.id), Param(expected_version)});
  if (!changed.ok()) {
    return NameConflict(changed.error(), "alias",
                        "alias '" + d.alias + "' is already in the property's dictionary");
  }
  return ExpectOneRow(changed, "dictionary item " + d.meta.id);
}

Status DeleteDictionaryItem(db::Transaction& tx, const std::string& id) {
  EMPORION_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM catalog_dictionary_items WHERE id = ?", {Param(id)}));
  return Ok();
}

Status DeleteDictionaryItemsOf(db::Transaction& tx, const std::string& property_id) {
  EMPORION_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM catalog_dictionary_items WHERE property_id = ?", {Param(property_id)}));
  return Ok();
}

}  // namespace emporion::catalog::storage
