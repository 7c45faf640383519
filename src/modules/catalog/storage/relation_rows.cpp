// Virtual-catalog links, SEO infos and product associations: rows of their own, each also
// embedded in its owner's representation by the service.
#include <algorithm>
#include <cctype>

#include "modules/catalog/codec/catalog_json.hpp"
#include "modules/catalog/storage/repository.hpp"
#include "modules/catalog/storage/sql.hpp"
#include "platform/core/text.hpp"

namespace emporion::catalog::storage {

using db::Param;

namespace {

template <typename T>
std::optional<T> First(std::vector<T> v) {
  if (v.empty()) return std::nullopt;
  return std::move(v.front());
}

// --- links -------------------------------------------------------------------------------------

const std::string kLinkColumns =
    std::string("id, catalog_id, category_id, entry_type, entry_id, priority, ") + kMetaColumns;
const std::string kLinkSelect = "SELECT " + kLinkColumns + " FROM catalog_links";

Result<CatalogLink> LinkFromRow(const db::Row& r) {
  CatalogLink l;
  l.meta = ReadMeta(r, 6, r.Text(0));
  l.catalog_id = r.Text(1);
  l.category_id = r.OptText(2);
  l.entry_type = ParseEntryType(r.Text(3)).value_or(EntryType::kProduct);
  l.entry_id = r.Text(4);
  l.priority = r.Int(5);
  return l;
}

std::string LinkTaken(const CatalogLink& l) {
  return std::string("this ") + ToString(l.entry_type) + " is already linked there";
}

// --- SEO ---------------------------------------------------------------------------------------

const std::string kSeoColumns =
    std::string(
        "id, object_type, object_id, catalog_id, semantic_url, store_key, language_key, "
        "page_title, meta_description, meta_keywords, image_alt_description, is_active, ") +
    kMetaColumns;
const std::string kSeoSelect = "SELECT " + kSeoColumns + " FROM catalog_seo_infos";

Result<SeoInfo> SeoFromRow(const db::Row& r) {
  SeoInfo s;
  s.meta = ReadMeta(r, 12, r.Text(0));
  s.object_type = r.Text(1);
  s.object_id = r.Text(2);
  s.catalog_id = r.OptText(3);
  s.semantic_url = r.Text(4);
  if (!r.Text(5).empty()) s.store_id = r.Text(5);
  if (!r.Text(6).empty()) s.language_code = r.Text(6);
  s.page_title = r.OptText(7);
  s.meta_description = r.OptText(8);
  s.meta_keywords = r.OptText(9);
  s.image_alt_description = r.OptText(10);
  s.is_active = r.Bool(11);
  return s;
}

std::string SlugTaken(const SeoInfo& s) {
  return "semanticUrl '" + s.semantic_url + "' is already used for store '" +
         s.store_id.value_or("") + "' and language '" + s.language_code.value_or("") + "'";
}

// --- associations ------------------------------------------------------------------------------

const std::string kAssocColumns =
    std::string(
        "id, product_id, type, associated_object_id, associated_object_type, priority, "
        "quantity, tags, ") +
    kMetaColumns;
const std::string kAssocSelect = "SELECT " + kAssocColumns + " FROM catalog_associations";

Result<ProductAssociation> AssocFromRow(const db::Row& r) {
  ProductAssociation a;
  a.meta = ReadMeta(r, 8, r.Text(0));
  a.product_id = r.Text(1);
  a.type = r.Text(2);
  a.associated_object_id = r.Text(3);
  a.associated_object_type = ParseEntryType(r.Text(4)).value_or(EntryType::kProduct);
  a.priority = r.Int(5);
  a.quantity = r.OptInt(6);
  auto tags = json::Parse(r.Text(7));
  if (tags.ok() && tags->IsArray()) {
    for (const auto& t : tags->GetArray()) {
      if (t.IsString()) a.tags.emplace_back(t.GetString(), t.GetStringLength());
    }
  }
  return a;
}

std::string TagsJson(const std::vector<std::string>& tags) {
  json::Writer w;
  w.StartArray();
  for (const auto& t : tags) w.String(t);
  w.EndArray();
  return w.str();
}

std::string AssocTaken(const ProductAssociation& a) {
  return "the product already has a '" + a.type + "' association with " +
         ToString(a.associated_object_type) + " '" + a.associated_object_id + "'";
}

}  // namespace

// --- links -------------------------------------------------------------------------------------

Result<std::optional<CatalogLink>> FindLink(db::Transaction& tx, const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(auto rows, tx.Query(kLinkSelect + " WHERE id = ?", {Param(id)}));
  EMPORION_ASSIGN_OR_RETURN(auto v, MapRows<CatalogLink>(rows, LinkFromRow));
  return First(std::move(v));
}

Result<std::optional<CatalogLink>> FindLinkByKey(db::Transaction& tx, const CatalogLink& key) {
  EMPORION_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query(kLinkSelect +
                   " WHERE catalog_id = ? AND category_key = ? AND entry_type = ? AND entry_id = ?",
               {Param(key.catalog_id), Param(key.category_id.value_or("")),
                Param(ToString(key.entry_type)), Param(key.entry_id)}));
  EMPORION_ASSIGN_OR_RETURN(auto v, MapRows<CatalogLink>(rows, LinkFromRow));
  return First(std::move(v));
}

Result<Slice<CatalogLink>> ListLinks(db::Transaction& tx, const LinkFilter& f, const Window& w) {
  Where where;
  where.Scope("catalog_id", f.scope);
  if (f.catalog_id) where.Add("catalog_id = ?", {Param(*f.catalog_id)});
  if (f.category_id) where.Add("category_id = ?", {Param(*f.category_id)});
  if (f.entry_id) where.Add("entry_id = ?", {Param(*f.entry_id)});
  if (f.entry_type) where.Add("entry_type = ?", {Param(*f.entry_type)});
  static const std::map<std::string, std::string> kColumns = {{"priority", "priority"},
                                                              {"entryId", "entry_id"},
                                                              {"createdAt", "created_at"},
                                                              {"modifiedAt", "modified_at"}};
  return QueryPage<CatalogLink>(tx, kLinkSelect, "FROM catalog_links", where,
                                OrderBy(w.sort, kColumns, "priority DESC, created_at ASC"), w,
                                LinkFromRow);
}

Result<std::vector<CatalogLink>> LinksToEntries(db::Transaction& tx,
                                                const std::vector<std::string>& entry_ids) {
  if (entry_ids.empty()) return std::vector<CatalogLink>{};
  Where where;
  where.In("entry_id", entry_ids);
  EMPORION_ASSIGN_OR_RETURN(
      auto rows, tx.Query(kLinkSelect + where.Sql() + " ORDER BY priority DESC, created_at, id",
                          where.params()));
  return MapRows<CatalogLink>(rows, LinkFromRow);
}

Result<std::vector<CatalogLink>> LinksUnderCategories(
    db::Transaction& tx, const std::vector<std::string>& category_ids) {
  if (category_ids.empty()) return std::vector<CatalogLink>{};
  Where where;
  where.In("category_id", category_ids);
  EMPORION_ASSIGN_OR_RETURN(
      auto rows, tx.Query(kLinkSelect + where.Sql() + " ORDER BY priority DESC, created_at, id",
                          where.params()));
  return MapRows<CatalogLink>(rows, LinkFromRow);
}

Status InsertLink(db::Transaction& tx, const CatalogLink& l) {
  db::Params p = {Param(l.meta.id),
                  Param(l.catalog_id),
                  Param(l.category_id),
                  Param(l.category_id.value_or("")),
                  Param(ToString(l.entry_type)),
                  Param(l.entry_id),
                  Param(l.priority)};
  AppendMeta(p, l.meta);
  Status s =
      Run(tx,
          std::string("INSERT INTO catalog_links (id, catalog_id, category_id, category_key, "
                      "entry_type, entry_id, priority, ") +
              kMetaColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          p);
  if (!s.ok() && s.error().detail().find("entry") != std::string::npos) {
    return NameConflict(std::move(s), "entryId", LinkTaken(l));
  }
  return NameConflict(std::move(s), "id", "a link with id '" + l.meta.id + "' already exists");
}

Status UpdateLink(db::Transaction& tx, const CatalogLink& l, std::int64_t expected_version) {
  auto changed = tx.Exec(
      "UPDATE catalog_links SET category_id = ?, category_key = ?, entry_type = ?, entry_id = ?, "
      "priority = ?, version = ?, modified_at = ?, modified_by = ? WHERE id = ? AND version = ?",
      {Param(l.category_id), Param(l.category_id.value_or("")), Param(ToString(l.entry_type)),
       Param(l.entry_id), Param(l.priority), Param(l.meta.version), Param(l.meta.modified_at),
       Param(l.meta.modified_by), Param(l.meta.id), Param(expected_version)});
  if (!changed.ok()) return NameConflict(changed.error(), "entryId", LinkTaken(l));
  return ExpectOneRow(changed, "link " + l.meta.id);
}

Status DeleteLink(db::Transaction& tx, const std::string& id) {
  EMPORION_RETURN_IF_ERROR(tx.Exec("DELETE FROM catalog_links WHERE id = ?", {Param(id)}));
  return Ok();
}

// --- SEO ---------------------------------------------------------------------------------------

Result<std::optional<SeoInfo>> FindSeoInfo(db::Transaction& tx, const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(auto rows, tx.Query(kSeoSelect + " WHERE id = ?", {Param(id)}));
  EMPORION_ASSIGN_OR_RETURN(auto v, MapRows<SeoInfo>(rows, SeoFromRow));
  return First(std::move(v));
}

Result<std::optional<SeoInfo>> FindSeoInfoBySlug(db::Transaction& tx, const std::string& store_id,
                                                 const std::string& language_code,
                                                 const std::string& slug) {
  EMPORION_ASSIGN_OR_RETURN(
      auto rows, tx.Query(kSeoSelect + " WHERE store_key = ? AND language_key = ? AND slug_key = ?",
                          {Param(store_id), Param(language_code), Param(AsciiLower(slug))}));
  EMPORION_ASSIGN_OR_RETURN(auto v, MapRows<SeoInfo>(rows, SeoFromRow));
  return First(std::move(v));
}

Result<std::vector<SeoInfo>> SeoInfosWithSlugs(db::Transaction& tx,
                                               const std::vector<std::string>& slugs) {
  if (slugs.empty()) return std::vector<SeoInfo>{};
  std::vector<std::string> keys;
  keys.reserve(slugs.size());
  for (const auto& slug : slugs) keys.push_back(AsciiLower(slug));
  Where where;
  where.In("slug_key", keys);
  EMPORION_ASSIGN_OR_RETURN(auto rows, tx.Query(kSeoSelect + where.Sql(), where.params()));
  return MapRows<SeoInfo>(rows, SeoFromRow);
}

Result<std::vector<SeoInfo>> SeoInfosOf(db::Transaction& tx, const std::string& object_type,
                                        const std::vector<std::string>& object_ids) {
  if (object_ids.empty()) return std::vector<SeoInfo>{};
  Where where;
  where.In("object_id", object_ids);
  where.Add("object_type = ?", {Param(object_type)});
  EMPORION_ASSIGN_OR_RETURN(
      auto rows, tx.Query(kSeoSelect + where.Sql() + " ORDER BY created_at, id", where.params()));
  return MapRows<SeoInfo>(rows, SeoFromRow);
}

Result<Slice<SeoInfo>> ListSeoInfos(db::Transaction& tx, const SeoFilter& f, const Window& w) {
  Where where;
  where.Scope("catalog_id", f.scope);
  if (f.object_type) where.Add("object_type = ?", {Param(*f.object_type)});
  if (f.object_id) where.Add("object_id = ?", {Param(*f.object_id)});
  if (f.semantic_url) where.Add("slug_key = ?", {Param(AsciiLower(*f.semantic_url))});
  if (f.store_id) where.Add("store_key = ?", {Param(*f.store_id)});
  if (f.language_code) where.Add("language_key = ?", {Param(*f.language_code)});
  if (f.is_active) where.Add("is_active = ?", {Param(*f.is_active)});
  static const std::map<std::string, std::string> kColumns = {{"semanticUrl", "slug_key"},
                                                              {"objectType", "object_type"},
                                                              {"createdAt", "created_at"},
                                                              {"modifiedAt", "modified_at"}};
  return QueryPage<SeoInfo>(tx, kSeoSelect, "FROM catalog_seo_infos", where,
                            OrderBy(w.sort, kColumns, "slug_key ASC"), w, SeoFromRow);
}

Status InsertSeoInfo(db::Transaction& tx, const SeoInfo& s) {
  db::Params p = {Param(s.meta.id),
                  Param(s.object_type),
                  Param(s.object_id),
                  Param(s.catalog_id),
                  Param(s.semantic_url),
                  Param(AsciiLower(s.semantic_url)),
                  Param(s.store_id.value_or("")),
                  Param(s.language_code.value_or("")),
                  Param(s.page_title),
                  Param(s.meta_description),
                  Param(s.meta_keywords),
                  Param(s.image_alt_description),
                  Param(s.is_active)};
  AppendMeta(p, s.meta);
  Status st =
      Run(tx,
          std::string("INSERT INTO catalog_seo_infos (id, object_type, object_id, "
                      "catalog_id, semantic_url, slug_key, store_key, language_key, "
                      "page_title, meta_description, meta_keywords, "
                      "image_alt_description, is_active, ") +
              kMetaColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          p);
  if (!st.ok() && st.error().detail().find("slug") != std::string::npos) {
    return NameConflict(std::move(st), "semanticUrl", SlugTaken(s));
  }
  return NameConflict(std::move(st), "id",
                      "an SEO info with id '" + s.meta.id + "' already exists");
}

Status UpdateSeoInfo(db::Transaction& tx, const SeoInfo& s, std::int64_t expected_version) {
  auto changed = tx.Exec(
      "UPDATE catalog_seo_infos SET object_type = ?, object_id = ?, catalog_id = ?, "
      "semantic_url = ?, slug_key = ?, store_key = ?, language_key = ?, page_title = ?, "
      "meta_description = ?, meta_keywords = ?, image_alt_description = ?, is_active = ?, "
      "version = ?, modified_at = ?, modified_by = ? WHERE id = ? AND version = ?",
      {Param(s.object_type), Param(s.object_id), Param(s.catalog_id), Param(s.semantic_url),
       Param(AsciiLower(s.semantic_url)), Param(s.store_id.value_or("")),
       Param(s.language_code.value_or("")), Param(s.page_title), Param(s.meta_description),
       Param(s.meta_keywords), Param(s.image_alt_description), Param(s.is_active),
       Param(s.meta.version), Param(s.meta.modified_at), Param(s.meta.modified_by),
       Param(s.meta.id), Param(expected_version)});
  if (!changed.ok()) return NameConflict(changed.error(), "semanticUrl", SlugTaken(s));
  return ExpectOneRow(changed, "SEO info " + s.meta.id);
}

Status DeleteSeoInfo(db::Transaction& tx, const std::string& id) {
  EMPORION_RETURN_IF_ERROR(tx.Exec("DELETE FROM catalog_seo_infos WHERE id = ?", {Param(id)}));
  return Ok();
}

Status DeleteSeoInfosOf(db::Transaction& tx, const std::string& object_type,
                        const std::string& object_id) {
  EMPORION_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM catalog_seo_infos WHERE object_id = ? AND object_type = ?",
              {Param(object_id), Param(object_type)}));
  return Ok();
}

// --- associations ------------------------------------------------------------------------------

Result<std::optional<ProductAssociation>> FindAssociation(db::Transaction& tx,
                                                          const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(auto rows, tx.Query(kAssocSelect + " WHERE id = ?", {Param(id)}));
  EMPORION_ASSIGN_OR_RETURN(auto v, MapRows<ProductAssociation>(rows, AssocFromRow));
  return First(std::move(v));
}

Result<std::optional<ProductAssociation>> FindAssociationByKey(db::Transaction& tx,
                                                               const ProductAssociation& key) {
  EMPORION_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query(kAssocSelect + " WHERE product_id = ? AND type = ? AND associated_object_id = ? AND "
                              "associated_object_type = ?",
               {Param(key.product_id), Param(key.type), Param(key.associated_object_id),
                Param(ToString(key.associated_object_type))}));
  EMPORION_ASSIGN_OR_RETURN(auto v, MapRows<ProductAssociation>(rows, AssocFromRow));
  return First(std::move(v));
}

Result<std::vector<ProductAssociation>> AssociationsOf(
    db::Transaction& tx, const std::vector<std::string>& product_ids) {
  if (product_ids.empty()) return std::vector<ProductAssociation>{};
  Where where;
  where.In("product_id", product_ids);
  EMPORION_ASSIGN_OR_RETURN(
      auto rows, tx.Query(kAssocSelect + where.Sql() + " ORDER BY priority DESC, created_at, id",
                          where.params()));
  return MapRows<ProductAssociation>(rows, AssocFromRow);
}

Result<Slice<ProductAssociation>> ListAssociations(db::Transaction& tx, const AssociationFilter& f,
                                                   const Window& w) {
  Where where;
  if (f.product_id) where.Add("product_id = ?", {Param(*f.product_id)});
  if (f.type) where.Add("type = ?", {Param(*f.type)});
  if (f.associated_object_id) {
    where.Add("associated_object_id = ?", {Param(*f.associated_object_id)});
  }
  static const std::map<std::string, std::string> kColumns = {{"priority", "priority"},
                                                              {"type", "type"},
                                                              {"createdAt", "created_at"},
                                                              {"modifiedAt", "modified_at"}};
  return QueryPage<ProductAssociation>(tx, kAssocSelect, "FROM catalog_associations", where,
                                       OrderBy(w.sort, kColumns, "priority DESC, created_at ASC"),
                                       w, AssocFromRow);
}

Result<std::vector<ProductAssociation>> AssociationsTo(db::Transaction& tx,
                                                       const std::string& object_id) {
  EMPORION_ASSIGN_OR_RETURN(
      auto rows, tx.Query(kAssocSelect + " WHERE associated_object_id = ?", {Param(object_id)}));
  return MapRows<ProductAssociation>(rows, AssocFromRow);
}

Status InsertAssociation(db::Transaction& tx, const ProductAssociation& a) {
  db::Params p = {Param(a.meta.id),
                  Param(a.product_id),
                  Param(a.type),
                  Param(a.associated_object_id),
                  Param(ToString(a.associated_object_type)),
                  Param(a.priority),
                  Param(a.quantity),
                  Param(TagsJson(a.tags))};
  AppendMeta(p, a.meta);
  Status s = Run(tx,
                 "INSERT INTO catalog_associations (" + kAssocColumns +
                     ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 p);
  if (!s.ok() && (s.error().detail().find("associated_object") != std::string::npos ||
                  s.error().detail().find("associations_key") != std::string::npos)) {
    return NameConflict(std::move(s), "associatedObjectId", AssocTaken(a));
  }
  return NameConflict(std::move(s), "id",
                      "an association with id '" + a.meta.id + "' already exists");
}

Status UpdateAssociation(db::Transaction& tx, const ProductAssociation& a,
                         std::int64_t expected_version) {
  auto changed = tx.Exec(
      "UPDATE catalog_associations SET type = ?, associated_object_id = ?, "
      "associated_object_type = ?, priority = ?, quantity = ?, tags = ?, version = ?, "
      "modified_at = ?, modified_by = ? WHERE id = ? AND version = ?",
      {Param(a.type), Param(a.associated_object_id), Param(ToString(a.associated_object_type)),
       Param(a.priority), Param(a.quantity), Param(TagsJson(a.tags)), Param(a.meta.version),
       Param(a.meta.modified_at), Param(a.meta.modified_by), Param(a.meta.id),
       Param(expected_version)});
  if (!changed.ok()) return NameConflict(changed.error(), "associatedObjectId", AssocTaken(a));
  return ExpectOneRow(changed, "association " + a.meta.id);
}

Status DeleteAssociation(db::Transaction& tx, const std::string& id) {
  EMPORION_RETURN_IF_ERROR(tx.Exec("DELETE FROM catalog_associations WHERE id = ?", {Param(id)}));
  return Ok();
}

}  // namespace emporion::catalog::storage
