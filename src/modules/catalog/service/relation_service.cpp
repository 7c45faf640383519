// Virtual-catalog links and SEO infos.
#include <algorithm>
#include <cctype>
#include <set>

#include "modules/catalog/domain/rules.hpp"
#include "modules/catalog/service/internals.hpp"
#include "platform/core/text.hpp"

namespace emporion::catalog {

using internal::Env;
using internal::Resource;
using internal::WriteTx;

namespace internal {

std::string SlugKey(const SeoInfo& s) {
  return s.store_id.value_or("") + '\n' + s.language_code.value_or("") + '\n' +
         AsciiLower(s.semantic_url);
}

void NoteSlugWritten(WriteTx& w, const SeoInfo& s) { w.cache.free_slugs.erase(SlugKey(s)); }

namespace {

/// The catalog's own object types are spelled one way.
std::string NormalizeObjectType(const std::string& type) {
  const std::string lower = AsciiLower(type);
  if (lower == "product") return "Product";
  if (lower == "category") return "Category";
  if (lower == "catalog") return "Catalog";
  return type;
}

Error SlugTaken(const SeoInfo& s, const SeoInfo& holder, const std::string& field) {
  const std::string message = "semanticUrl '" + s.semantic_url + "' is already used by " +
                              holder.object_type + " '" + holder.object_id + "' for store '" +
                              s.store_id.value_or("") + "' and language '" +
                              s.language_code.value_or("") + "'";
  return {ErrorCode::kAlreadyExists, message, {{field, message}}};
}

Status SeoOwnerChanged(WriteTx& w, const SeoInfo& s) {
  if (s.object_type == "Product") {
    EMPORION_RETURN_IF_ERROR(storage::TouchProduct(w.tx(), s.object_id, w.now(), w.actor()));
  } else if (s.object_type == "Category") {
    EMPORION_RETURN_IF_ERROR(storage::TouchCategory(w.tx(), s.object_id, w.now(), w.actor()));
  } else {
    return Ok();
  }
  const std::string entity = s.object_type == "Product" ? "product" : "category";
  return w.uow.Emit("catalog." + entity + ".updated", "catalog." + entity, s.object_id,
                    R"({"id":")" + s.object_id + R"(","catalogId":")" + s.catalog_id.value_or("") +
                        R"(","changedFields":["seoInfos"]})");
}

Resource<SeoInfo> SeoResource() {
  Resource<SeoInfo> r;
  r.label = "SEO info";
  r.find = [](db::Transaction& tx, const std::string& id) { return storage::FindSeoInfo(tx, id); };
  r.find_by_key = [](db::Transaction& tx, const SeoInfo& s) -> Result<std::optional<SeoInfo>> {
    EMPORION_ASSIGN_OR_RETURN(
        auto holder, storage::FindSeoInfoBySlug(tx, s.store_id.value_or(""),
                                                s.language_code.value_or(""), s.semantic_url));
    // Upsert by slug only for the same object; another holder is a conflict for save().
    if (holder && holder->object_id == s.object_id &&
        holder->object_type == NormalizeObjectType(s.object_type)) {
      return holder;
    }
    return std::optional<SeoInfo>{};
  };
  r.catalog_of = [](db::Transaction&, const SeoInfo& s) -> Result<std::optional<std::string>> {
    return s.catalog_id;
  };
  r.save = [](WriteTx& w, SeoInfo v, const std::optional<SeoInfo>& existing,
              const std::string& prefix) -> Result<SeoInfo> {
    auto& tx = w.tx();
    v.object_type = NormalizeObjectType(v.object_type);
    if (!existing && !v.meta.id.empty()) {
      EMPORION_ASSIGN_OR_RETURN(auto taken, storage::FindSeoInfo(tx, v.meta.id));
      if (taken) return IdTaken("SEO info", v.meta.id, prefix);
    }
    v.meta = existing ? existing->meta : NewMeta(w, v.meta.id);
    std::optional<Catalog> catalog;
    std::string missing;
    if (v.object_type == "Product") {
      EMPORION_ASSIGN_OR_RETURN(auto p, storage::FindProduct(tx, v.object_id));
      if (p) {
        EMPORION_ASSIGN_OR_RETURN(catalog, storage::FindCatalog(tx, p->catalog_id));
      }
      if (!p) missing = "product";
    } else if (v.object_type == "Category") {
      EMPORION_ASSIGN_OR_RETURN(auto refs, storage::FindCategoryRefs(tx, {v.object_id}));
      if (!refs.empty()) {
        EMPORION_ASSIGN_OR_RETURN(catalog, storage::FindCatalog(tx, refs[0].catalog_id));
      }
      if (refs.empty()) missing = "category";
    } else if (v.object_type == "Catalog") {
      EMPORION_ASSIGN_OR_RETURN(catalog, storage::FindCatalog(tx, v.object_id));
      if (!catalog) missing = "catalog";
    }
    if (!missing.empty() || (catalog && !w.caller.read.Allows(catalog->meta.id))) {
      return Invalid(
          {{prefix + "objectId", "no " + (missing.empty() ? AsciiLower(v.object_type) : missing) + " '" +
                                     v.object_id + "'"}});
    }
    v.catalog_id = catalog ? std::optional<std::string>(catalog->meta.id) : std::nullopt;
    if (!Allowed(w.caller.write, v.catalog_id)) {
      return Forbidden(w.caller, v.catalog_id.value_or("(none)"));
    }
    auto errors = ValidateSeoInfo(v, prefix, catalog ? &catalog->languages : nullptr);
    if (!errors.empty()) return Invalid(std::move(errors));
    EMPORION_ASSIGN_OR_RETURN(
        auto holder, storage::FindSeoInfoBySlug(tx, v.store_id.value_or(""),
                                                v.language_code.value_or(""), v.semantic_url));
    if (holder && holder->meta.id != v.meta.id) {
      return SlugTaken(v, *holder, prefix + "semanticUrl");
    }
    const std::vector<std::pair<std::string, std::optional<std::string>>> ids = {
        {"objectType", v.object_type}, {"objectId", v.object_id}, {"catalogId", v.catalog_id}};
    if (existing) {
      const std::string before = Changes(*existing);
      if (before == Changes(v)) return *existing;
      v.meta.Touch(w.now(), w.actor());
      EMPORION_RETURN_IF_ERROR(storage::UpdateSeoInfo(tx, v, existing->meta.version));
      NoteSlugWritten(w, v);
      EMPORION_RETURN_IF_ERROR(
          Publish(w, "seo-info", v.meta.id, "updated", before, Changes(v), ids));
      if (existing->object_id != v.object_id || existing->object_type != v.object_type) {
        EMPORION_RETURN_IF_ERROR(SeoOwnerChanged(w, *existing));
      }
    } else {
      EMPORION_RETURN_IF_ERROR(storage::InsertSeoInfo(tx, v));
      NoteSlugWritten(w, v);
      EMPORION_RETURN_IF_ERROR(Publish(w, "seo-info", v.meta.id, "created", "", "", ids));
    }
    EMPORION_RETURN_IF_ERROR(SeoOwnerChanged(w, v));
    return v;
  };
  r.remove = [](WriteTx& w, const SeoInfo& s, bool) -> Status {
    EMPORION_RETURN_IF_ERROR(storage::DeleteSeoInfo(w.tx(), s.meta.id));
    EMPORION_RETURN_IF_ERROR(Publish(
        w, "seo-info", s.meta.id, "deleted", Changes(s), "",
        {{"objectType", s.object_type}, {"objectId", s.object_id}, {"catalogId", s.catalog_id}}));
    return SeoOwnerChanged(w, s);
  };
  return r;
}

}  // namespace

Resource<CatalogLink> LinkResource(const std::string& catalog_id) {
  Resource<CatalogLink> r;
  r.label = "link";
  r.find = [catalog_id](db::Transaction& tx,
                        const std::string& id) -> Result<std::optional<CatalogLink>> {
    EMPORION_ASSIGN_OR_RETURN(auto found, storage::FindLink(tx, id));
    if (found && found->catalog_id != catalog_id) return std::optional<CatalogLink>{};
    return found;
  };
  r.find_by_key = [catalog_id](db::Transaction& tx, const CatalogLink& l) {
    CatalogLink key = l;
    key.catalog_id = catalog_id;
    return storage::FindLinkByKey(tx, key);
  };
  r.catalog_of = [](db::Transaction&, const CatalogLink& l) -> Result<std::optional<std::string>> {
    return std::optional<std::string>(l.catalog_id);
  };
  r.save = [catalog_id](WriteTx& w, CatalogLink v, const std::optional<CatalogLink>& existing,
                        const std::string& prefix) -> Result<CatalogLink> {
    auto& tx = w.tx();
    EMPORION_ASSIGN_OR_RETURN(auto catalog, storage::FindCatalog(tx, catalog_id));
    if (!catalog || !w.caller.read.Allows(catalog_id)) return Missing("catalog", catalog_id);
    if (!w.caller.write.Allows(catalog_id)) return Forbidden(w.caller, catalog_id);
    if (!catalog->is_virtual) {
      return Invalid({{prefix + "catalogId",
                       "catalog '" + catalog_id +
                           "' is physical; links place products and categories into virtual "
                           "catalogs"}});
    }
    v.catalog_id = catalog_id;
    if (!existing && !v.meta.id.empty()) {
      EMPORION_ASSIGN_OR_RETURN(auto taken, storage::FindLink(tx, v.meta.id));
      if (taken) return IdTaken("link", v.meta.id, prefix);
    }
    v.meta = existing ? existing->meta : NewMeta(w, v.meta.id);
    auto errors = ValidateLink(v, prefix);
    if (v.category_id) {
      EMPORION_ASSIGN_OR_RETURN(auto refs, storage::FindCategoryRefs(tx, {*v.category_id}));
      if (refs.empty() || refs[0].catalog_id != catalog_id) {
        errors.push_back({prefix + "categoryId",
                          "no category '" + *v.category_id + "' in catalog '" + catalog_id + "'"});
      }
    }
    std::optional<std::string> source_catalog;
    if (!v.entry_id.empty()) {
      if (v.entry_type == EntryType::kProduct) {
        EMPORION_ASSIGN_OR_RETURN(auto p, storage::FindProduct(tx, v.entry_id));
        if (p) source_catalog = p->catalog_id;
      } else {
        EMPORION_ASSIGN_OR_RETURN(auto refs, storage::FindCategoryRefs(tx, {v.entry_id}));
        if (!refs.empty()) source_catalog = refs[0].catalog_id;
      }
      if (!source_catalog || !w.caller.read.Allows(*source_catalog)) {
        errors.push_back({prefix + "entryId",
                          std::string("no ") + ToString(v.entry_type) + " '" + v.entry_id + "'"});
      } else if (v.entry_type == EntryType::kCategory) {
        EMPORION_ASSIGN_OR_RETURN(auto source, storage::FindCatalog(tx, *source_catalog));
        if (source && source->is_virtual) {
          errors.push_back(
              {prefix + "entryId", "only categories of physical catalogs can be linked"});
        }
      }
    }
    if (!errors.empty()) return Invalid(std::move(errors));
    EMPORION_ASSIGN_OR_RETURN(auto holder, storage::FindLinkByKey(tx, v));
    if (holder && holder->meta.id != v.meta.id) {
      const std::string message = std::string("this ") + ToString(v.entry_type) +
                                  " is already linked there (link '" + holder->meta.id + "')";
      return Error(ErrorCode::kAlreadyExists, message, {{prefix + "entryId", message}});
    }
    const std::vector<std::pair<std::string, std::optional<std::string>>> ids = {
        {"catalogId", v.catalog_id},
        {"categoryId", v.category_id},
        {"entryType", std::string(ToString(v.entry_type))},
        {"entryId", v.entry_id}};
    if (existing) {
      const std::string before = Changes(*existing);
      if (before == Changes(v)) return *existing;
      v.meta.Touch(w.now(), w.actor());
      EMPORION_RETURN_IF_ERROR(storage::UpdateLink(tx, v, existing->meta.version));
      EMPORION_RETURN_IF_ERROR(Publish(w, "link", v.meta.id, "updated", before, Changes(v), ids));
      return v;
    }
    EMPORION_RETURN_IF_ERROR(storage::InsertLink(tx, v));
    EMPORION_RETURN_IF_ERROR(Publish(w, "link", v.meta.id, "created", "", "", ids));
    return v;
  };
  r.remove = [](WriteTx& w, const CatalogLink& l, bool) -> Status {
    EMPORION_RETURN_IF_ERROR(storage::DeleteLink(w.tx(), l.meta.id));
    return Publish(w, "link", l.meta.id, "deleted", Changes(l), "",
                   {{"catalogId", l.catalog_id},
                    {"entryType", std::string(ToString(l.entry_type))},
                    {"entryId", l.entry_id}});
  };
  return r;
}

Status CheckSeoSet(WriteTx& w, std::vector<SeoInfo>& seo, const std::string& object_type,
                   const std::string& object_id, const Catalog& catalog, const std::string& prefix,
                   std::vector<FieldError>& errors) {
  std::set<std::string> keys;
  std::optional<Error> conflict;
  for (std::size_t i = 0; i < seo.size(); ++i) {
    auto& s = seo[i];
    const std::string p = prefix + "seoInfos[" + std::to_string(i) + "].";
    s.object_type = object_type;
    s.object_id = object_id;
    s.catalog_id = catalog.meta.id;
    const auto before = errors.size();
    for (auto& e : ValidateSeoInfo(s, p, &catalog.languages)) errors.push_back(std::move(e));
    if (errors.size() != before) continue;
    if (!keys.insert(SlugKey(s)).second) {
      errors.push_back({p + "semanticUrl",
                        "the same slug is given twice for one store and "
                        "language"});
      continue;
    }
    if (w.cache.free_slugs.count(SlugKey(s)) != 0) continue;
    EMPORION_ASSIGN_OR_RETURN(
        auto holder, storage::FindSeoInfoBySlug(w.tx(), s.store_id.value_or(""),
                                                s.language_code.value_or(""), s.semantic_url));
    if (holder && !(holder->object_type == object_type && holder->object_id == object_id) &&
        !conflict) {
      conflict = SlugTaken(s, *holder, p + "semanticUrl");
    }
  }
  if (conflict) return *conflict;
  return Ok();
}

Status SyncSeo(WriteTx& w, std::vector<SeoInfo>& seo, const std::vector<SeoInfo>& existing) {
  std::vector<const SeoInfo*> matches(seo.size(), nullptr);
  std::set<std::string> kept;
  for (std::size_t i = 0; i < seo.size(); ++i) {
    for (const auto& e : existing) {
      if (kept.count(e.meta.id) != 0) continue;
      if ((!seo[i].meta.id.empty() && e.meta.id == seo[i].meta.id) ||
          (seo[i].meta.id.empty() && SlugKey(e) == SlugKey(seo[i]))) {
        matches[i] = &e;
        kept.insert(e.meta.id);
        break;
      }
    }
  }
  // Deletes first, so a slug may move from a dropped entry to a new one.
  for (const auto& e : existing) {
    if (kept.count(e.meta.id) == 0)
      EMPORION_RETURN_IF_ERROR(storage::DeleteSeoInfo(w.tx(), e.meta.id));
  }
  for (std::size_t i = 0; i < seo.size(); ++i) {
    auto& s = seo[i];
    if (matches[i] == nullptr) {
      // A client's id that matched none of the owner's rows is kept only when no other row has
      // it (an import keeps ids; another owner's row is never taken over).
      std::string id;
      if (!s.meta.id.empty()) {
        EMPORION_ASSIGN_OR_RETURN(auto taken, storage::FindSeoInfo(w.tx(), s.meta.id));
        if (!taken) id = s.meta.id;
      }
      s.meta = NewMeta(w, id);
      EMPORION_RETURN_IF_ERROR(storage::InsertSeoInfo(w.tx(), s));
      NoteSlugWritten(w, s);
      continue;
    }
    s.meta = matches[i]->meta;
    if (Changes(s) == Changes(*matches[i])) continue;
    s.meta.Touch(w.now(), w.actor());
    EMPORION_RETURN_IF_ERROR(storage::UpdateSeoInfo(w.tx(), s, matches[i]->meta.version));
    NoteSlugWritten(w, s);
  }
  return Ok();
}

}  // namespace internal

// --- links -------------------------------------------------------------------------------------

Result<CatalogLink> CatalogManager::GetLink(const Caller& c, const std::string& catalog_id,
                                            const std::string& id) {
  const Env env{db_, clock_, bus_};
  return internal::DoGet(env, c, internal::LinkResource(catalog_id), id);
}

Result<Page<CatalogLink>> CatalogManager::ListLinks(const Caller& c, LinkFilter f,
                                                    const Window& w) {
  f.scope = c.read.catalogs;
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  if (f.catalog_id) {
    EMPORION_ASSIGN_OR_RETURN(auto catalog, storage::FindCatalog(*tx, *f.catalog_id));
    if (!catalog || !c.read.Allows(*f.catalog_id)) {
      return internal::Missing("catalog", *f.catalog_id);
    }
  }
  return storage::ListLinks(*tx, f, w);
}

Result<CatalogLink> CatalogManager::CreateLink(const Caller& c, CatalogLink v) {
  const Env env{db_, clock_, bus_};
  const std::string catalog_id = v.catalog_id;
  return internal::DoCreate(env, c, internal::LinkResource(catalog_id), std::move(v));
}

Result<CatalogLink> CatalogManager::UpdateLink(const Caller& c, const std::string& catalog_id,
                                               const std::string& id,
                                               std::optional<std::int64_t> if_match,
                                               const Mutator<CatalogLink>& m) {
  const Env env{db_, clock_, bus_};
  return internal::DoUpdate(env, c, internal::LinkResource(catalog_id), id, if_match, m);
}

Status CatalogManager::DeleteLink(const Caller& c, const std::string& catalog_id,
                                  const std::string& id, std::optional<std::int64_t> if_match) {
  const Env env{db_, clock_, bus_};
  return internal::DoDelete(env, c, internal::LinkResource(catalog_id), id, if_match, false);
}

Result<BulkOutcome> CatalogManager::BulkLinks(const Caller& c, const std::string& catalog_id,
                                              std::vector<CatalogLink> items) {
  {
    EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
    EMPORION_ASSIGN_OR_RETURN(auto catalog, storage::FindCatalog(*tx, catalog_id));
    if (!catalog || !c.read.Allows(catalog_id)) return internal::Missing("catalog", catalog_id);
  }
  const Env env{db_, clock_, bus_};
  return internal::DoBulk(env, c, internal::LinkResource(catalog_id), std::move(items));
}

// --- SEO infos ---------------------------------------------------------------------------------

Result<SeoInfo> CatalogManager::GetSeoInfo(const Caller& c, const std::string& id) {
  const Env env{db_, clock_, bus_};
  return internal::DoGet(env, c, internal::SeoResource(), id);
}

Result<Page<SeoInfo>> CatalogManager::ListSeoInfos(const Caller& c, SeoFilter f, const Window& w) {
  f.scope = c.read.catalogs;
  if (f.object_type) f.object_type = internal::NormalizeObjectType(*f.object_type);
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  return storage::ListSeoInfos(*tx, f, w);
}

Result<SeoInfo> CatalogManager::CreateSeoInfo(const Caller& c, SeoInfo v) {
  const Env env{db_, clock_, bus_};
  return internal::DoCreate(env, c, internal::SeoResource(), std::move(v));
}

Result<SeoInfo> CatalogManager::UpdateSeoInfo(const Caller& c, const std::string& id,
                                              std::optional<std::int64_t> if_match,
                                              const Mutator<SeoInfo>& m) {
  const Env env{db_, clock_, bus_};
  return internal::DoUpdate(env, c, internal::SeoResource(), id, if_match, m);
}

Status CatalogManager::DeleteSeoInfo(const Caller& c, const std::string& id,
                                     std::optional<std::int64_t> if_match) {
  const Env env{db_, clock_, bus_};
  return internal::DoDelete(env, c, internal::SeoResource(), id, if_match, false);
}

Result<BulkOutcome> CatalogManager::BulkSeoInfos(const Caller& c, std::vector<SeoInfo> items) {
  const Env env{db_, clock_, bus_};
  return internal::DoBulk(env, c, internal::SeoResource(), std::move(items));
}

}  // namespace emporion::catalog
