// Property definitions, dictionary items, and the check of property values against them.
#include <algorithm>
#include <set>

#include "modules/catalog/domain/property_values.hpp"
#include "modules/catalog/domain/rules.hpp"
#include "modules/catalog/service/internals.hpp"

namespace emporion::catalog {

using internal::Env;
using internal::Resource;
using internal::WriteTx;

namespace internal {

Status CheckPropertyValues(WriteTx& w, const Catalog& catalog,
                           const std::vector<std::string>& path_ids,
                           std::vector<PropertyValues>& values, int owner,
                           const std::set<std::string>& inherited, const std::string& prefix,
                           std::vector<FieldError>& errors) {
  EMPORION_ASSIGN_OR_RETURN(const std::vector<Property>* all, CachedProperties(w, catalog.meta.id));
  PropertyScope scope;
  scope.properties = ApplicableProperties(*all, path_ids);
  scope.languages = catalog.languages;
  scope.inherited = inherited;
  std::vector<std::string> missing;
  std::vector<std::string> dictionary_ids;
  for (const Property* p : scope.properties) {
    if (!p->dictionary) continue;
    const bool used = std::any_of(values.begin(), values.end(), [&](const PropertyValues& v) {
      return v.property_id == p->meta.id || (v.property_id.empty() && v.name == p->name);
    });
    if (!used) continue;
    dictionary_ids.push_back(p->meta.id);
    if (w.cache.dictionaries.count(p->meta.id) == 0) missing.push_back(p->meta.id);
  }
  if (!missing.empty()) {
    EMPORION_ASSIGN_OR_RETURN(auto items, storage::DictionaryItemsOf(w.tx(), missing));
    for (const auto& id : missing) w.cache.dictionaries[id];
    for (auto& item : items) w.cache.dictionaries[item.property_id].push_back(std::move(item));
  }
  for (const auto& id : dictionary_ids) {
    for (const auto& item : w.cache.dictionaries[id]) {
      scope.dictionaries[id].push_back({item.meta.id, item.alias});
    }
  }
  for (auto& e : ValidatePropertyValues(values, scope, static_cast<ValueOwner>(owner), prefix)) {
    errors.push_back(std::move(e));
  }
  return Ok();
}

Status RemovePropertyRow(WriteTx& w, const Property& p) {
  EMPORION_RETURN_IF_ERROR(storage::DeleteDictionaryItemsOf(w.tx(), p.meta.id));
  EMPORION_RETURN_IF_ERROR(storage::DeleteProperty(w.tx(), p.meta.id));
  return Publish(w, "property", p.meta.id, "deleted", Changes(p), "",
                 {{"catalogId", p.catalog_id}, {"categoryId", p.category_id}});
}

namespace {

std::vector<std::pair<std::string, std::optional<std::string>>> PropertyIds(const Property& p) {
  return {{"catalogId", p.catalog_id}, {"categoryId", p.category_id}, {"name", p.name}};
}

Result<Property> SaveProperty(WriteTx& w, Property v, const std::optional<Property>& existing,
                              const std::string& prefix) {
  auto& tx = w.tx();
  if (existing) {
    if (!v.catalog_id.empty() && v.catalog_id != existing->catalog_id) {
      return Invalid({{prefix + "catalogId", "a property cannot move to another catalog"}});
    }
    v.catalog_id = existing->catalog_id;
    v.meta = existing->meta;
  } else {
    v.meta = NewMeta(w, v.meta.id);
  }
  if (v.catalog_id.empty()) return Invalid({{prefix + "catalogId", "is required"}});
  EMPORION_ASSIGN_OR_RETURN(auto catalog, CachedCatalog(w, v.catalog_id));
  if (!catalog || !w.caller.read.Allows(v.catalog_id)) {
    return Invalid({{prefix + "catalogId", "no catalog '" + v.catalog_id + "'"}});
  }
  if (!w.caller.write.Allows(v.catalog_id)) return Forbidden(w.caller, v.catalog_id);
  auto errors = ValidateProperty(v, *catalog, prefix);
  if (v.category_id) {
    EMPORION_ASSIGN_OR_RETURN(auto refs, storage::FindCategoryRefs(tx, {*v.category_id}));
    if (refs.empty() || refs[0].catalog_id != v.catalog_id) {
      errors.push_back({prefix + "categoryId",
                        "no category '" + *v.category_id + "' in catalog '" + v.catalog_id + "'"});
    }
  }
  if (!errors.empty()) return Invalid(std::move(errors));
  EMPORION_ASSIGN_OR_RETURN(auto holder, storage::FindPropertyByName(tx, v.catalog_id, v.name));
  if (holder && holder->meta.id != v.meta.id) {
    const std::string message = "a property named '" + v.name + "' already exists in catalog '" +
                                v.catalog_id + "' (id '" + holder->meta.id + "')";
    return Error(ErrorCode::kAlreadyExists, message, {{prefix + "name", message}});
  }
  w.cache.properties.erase(v.catalog_id);
  if (!existing) {
    EMPORION_RETURN_IF_ERROR(storage::InsertProperty(tx, v));
    EMPORION_RETURN_IF_ERROR(
        Publish(w, "property", v.meta.id, "created", "", "", PropertyIds(v)));
    return v;
  }
  const std::string before = Changes(*existing);
  if (before == Changes(v)) return *existing;
  v.meta.Touch(w.now(), w.actor());
  EMPORION_RETURN_IF_ERROR(storage::UpdateProperty(tx, v, existing->meta.version));
  EMPORION_RETURN_IF_ERROR(
      Publish(w, "property", v.meta.id, "updated", before, Changes(v), PropertyIds(v)));
  return v;
}

/// Removes the values of `property_id` from a product or category document.
template <typename T>
bool DropValues(T& owner, const std::string& property_id) {
  const auto before = owner.properties.size();
  owner.properties.erase(
      std::remove_if(owner.properties.begin(), owner.properties.end(),
                     [&](const PropertyValues& v) { return v.property_id == property_id; }),
      owner.properties.end());
  return owner.properties.size() != before;
}

Status RemoveProperty(WriteTx& w, const Property& p, bool cascade) {
  auto& tx = w.tx();
  const std::string needle = R"("propertyId":")" + p.meta.id + "\"";
  const int limit = cascade ? 100'000'000 : 1;
  EMPORION_ASSIGN_OR_RETURN(auto product_ids, storage::ProductIdsMentioning(tx, needle, limit));
  EMPORION_ASSIGN_OR_RETURN(auto category_ids, storage::CategoryIdsMentioning(tx, needle, limit));
  if (!cascade && (!product_ids.empty() || !category_ids.empty())) {
    return Error::Conflict("property '" + p.name +
                           "' has values on products or categories; remove them first or pass "
                           "?cascade=true to delete the values with it");
  }
  for (const auto& id : product_ids) {
    EMPORION_ASSIGN_OR_RETURN(auto product, storage::FindProduct(tx, id));
    if (!product) continue;
    const std::string before = Changes(*product);
    if (!DropValues(*product, p.meta.id)) continue;
    const auto version = product->meta.version;
    product->meta.Touch(w.now(), w.actor());
    EMPORION_RETURN_IF_ERROR(storage::UpdateProduct(tx, *product, version));
    EMPORION_RETURN_IF_ERROR(Publish(w, "product", id, "updated", before, Changes(*product),
                                     {{"catalogId", product->catalog_id}}));
  }
  for (const auto& id : category_ids) {
    EMPORION_ASSIGN_OR_RETURN(auto category, storage::FindCategory(tx, id));
    if (!category) continue;
    const std::string before = Changes(*category);
    if (!DropValues(*category, p.meta.id)) continue;
    const auto version = category->meta.version;
    category->meta.Touch(w.now(), w.actor());
    EMPORION_RETURN_IF_ERROR(storage::UpdateCategory(tx, *category, version));
    EMPORION_RETURN_IF_ERROR(Publish(w, "category", id, "updated", before, Changes(*category),
                                     {{"catalogId", category->catalog_id}}));
  }
  return RemovePropertyRow(w, p);
}

}  // namespace

Resource<DictionaryItem> DictionaryResource(const std::string& property_id) {
  Resource<DictionaryItem> r;
  r.label = "dictionary item";
  r.find = [property_id](db::Transaction& tx,
                         const std::string& id) -> Result<std::optional<DictionaryItem>> {
    EMPORION_ASSIGN_OR_RETURN(auto found, storage::FindDictionaryItem(tx, id));
    if (found && found->property_id != property_id) return std::optional<DictionaryItem>{};
    return found;
  };
  r.find_by_key = [property_id](db::Transaction& tx, const DictionaryItem& d) {
    return storage::FindDictionaryItemByAlias(tx, property_id, d.alias);
  };
  r.catalog_of = [](db::Transaction& tx,
                    const DictionaryItem& d) -> Result<std::optional<std::string>> {
    EMPORION_ASSIGN_OR_RETURN(auto property, storage::FindProperty(tx, d.property_id));
    if (!property) return std::optional<std::string>{};
    return std::optional<std::string>(property->catalog_id);
  };
  r.save = [property_id](WriteTx& w, DictionaryItem v,
                         const std::optional<DictionaryItem>& existing,
                         const std::string& prefix) -> Result<DictionaryItem> {
    auto& tx = w.tx();
    EMPORION_ASSIGN_OR_RETURN(auto property, storage::FindProperty(tx, property_id));
    if (!property || !w.caller.read.Allows(property->catalog_id)) {
      return Missing("property", property_id);
    }
    if (!w.caller.write.Allows(property->catalog_id)) {
      return Forbidden(w.caller, property->catalog_id);
    }
    if (!property->dictionary) {
      return Invalid({{prefix + "propertyId",
                       "property '" + property->name + "' is not a dictionary property"}});
    }
    EMPORION_ASSIGN_OR_RETURN(auto catalog, storage::FindCatalog(tx, property->catalog_id));
    if (!catalog) return Missing("catalog", property->catalog_id);
    v.property_id = property_id;
    if (!existing && !v.meta.id.empty()) {
      EMPORION_ASSIGN_OR_RETURN(auto taken, storage::FindDictionaryItem(tx, v.meta.id));
      if (taken) return IdTaken("dictionary item", v.meta.id, prefix);
    }
    v.meta = existing ? existing->meta : NewMeta(w, v.meta.id);
    auto errors = ValidateDictionaryItem(v, *catalog, prefix);
    if (!errors.empty()) return Invalid(std::move(errors));
    EMPORION_ASSIGN_OR_RETURN(auto holder,
                              storage::FindDictionaryItemByAlias(tx, property_id, v.alias));
    if (holder && holder->meta.id != v.meta.id) {
      const std::string message = "alias '" + v.alias + "' is already in the dictionary of '" +
                                  property->name + "' (item '" + holder->meta.id + "')";
      return Error(ErrorCode::kAlreadyExists, message, {{prefix + "alias", message}});
    }
    w.cache.dictionaries.erase(property_id);
    const std::vector<std::pair<std::string, std::optional<std::string>>> ids = {
        {"propertyId", property_id}, {"catalogId", property->catalog_id}};
    if (!existing) {
      EMPORION_RETURN_IF_ERROR(storage::InsertDictionaryItem(tx, v));
      EMPORION_RETURN_IF_ERROR(
          Publish(w, "dictionary-item", v.meta.id, "created", "", "", ids));
      return v;
    }
    const std::string before = Changes(*existing);
    if (before == Changes(v)) return *existing;
    v.meta.Touch(w.now(), w.actor());
    EMPORION_RETURN_IF_ERROR(storage::UpdateDictionaryItem(tx, v, existing->meta.version));
    EMPORION_RETURN_IF_ERROR(
        Publish(w, "dictionary-item", v.meta.id, "updated", before, Changes(v), ids));
    return v;
  };
  r.remove = [](WriteTx& w, const DictionaryItem& d, bool) -> Status {
    const std::string needle = R"("valueId":")" + d.meta.id + "\"";
    EMPORION_ASSIGN_OR_RETURN(auto products, storage::ProductIdsMentioning(w.tx(), needle, 1));
    EMPORION_ASSIGN_OR_RETURN(auto categories, storage::CategoryIdsMentioning(w.tx(), needle, 1));
    if (!products.empty() || !categories.empty()) {
      return Error::Conflict("dictionary item '" + d.alias +
                             "' is used as a property value; change those values first");
    }
    EMPORION_RETURN_IF_ERROR(storage::DeleteDictionaryItem(w.tx(), d.meta.id));
    return Publish(w, "dictionary-item", d.meta.id, "deleted", Changes(d), "",
                   {{"propertyId", d.property_id}});
  };
  return r;
}

Resource<Property> PropertyResource(const Env&) {
  Resource<Property> r;
  r.label = "property";
  r.find = [](db::Transaction& tx, const std::string& id) { return storage::FindProperty(tx, id); };
  r.find_by_key = [](db::Transaction& tx, const Property& p) -> Result<std::optional<Property>> {
    if (p.catalog_id.empty() || p.name.empty()) return std::optional<Property>{};
    return storage::FindPropertyByName(tx, p.catalog_id, p.name);
  };
  r.catalog_of = [](db::Transaction&, const Property& p) -> Result<std::optional<std::string>> {
    return std::optional<std::string>(p.catalog_id);
  };
  r.save = SaveProperty;
  r.remove = RemoveProperty;
  return r;
}

}  // namespace internal

// --- properties --------------------------------------------------------------------------------

Result<Property> CatalogManager::GetProperty(const Caller& c, const std::string& id) {
  const Env env{db_, clock_, bus_};
  return internal::DoGet(env, c, internal::PropertyResource(env), id);
}

Result<Page<Property>> CatalogManager::ListProperties(const Caller& c, PropertyFilter f,
                                                      const Window& w) {
  f.scope = c.read.catalogs;
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  return storage::ListProperties(*tx, f, w);
}

Result<Property> CatalogManager::CreateProperty(const Caller& c, Property v) {
  const Env env{db_, clock_, bus_};
  return internal::DoCreate(env, c, internal::PropertyResource(env), std::move(v));
}

Result<Property> CatalogManager::UpdateProperty(const Caller& c, const std::string& id,
                                                std::optional<std::int64_t> if_match,
                                                const Mutator<Property>& m) {
  const Env env{db_, clock_, bus_};
  return internal::DoUpdate(env, c, internal::PropertyResource(env), id, if_match, m);
}

Status CatalogManager::DeleteProperty(const Caller& c, const std::string& id,
                                      std::optional<std::int64_t> if_match, bool cascade) {
  const Env env{db_, clock_, bus_};
  return internal::DoDelete(env, c, internal::PropertyResource(env), id, if_match, cascade);
}

Result<BulkOutcome> CatalogManager::BulkProperties(const Caller& c, std::vector<Property> items) {
  const Env env{db_, clock_, bus_};
  return internal::DoBulk(env, c, internal::PropertyResource(env), std::move(items));
}

// --- dictionary items --------------------------------------------------------------------------

Result<DictionaryItem> CatalogManager::GetDictionaryItem(const Caller& c,
                                                         const std::string& property_id,
                                                         const std::string& id) {
  const Env env{db_, clock_, bus_};
  return internal::DoGet(env, c, internal::DictionaryResource(property_id), id);
}

Result<Page<DictionaryItem>> CatalogManager::ListDictionaryItems(const Caller& c,
                                                                 DictionaryFilter f,
                                                                 const Window& w) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  EMPORION_ASSIGN_OR_RETURN(auto property, storage::FindProperty(*tx, f.property_id));
  if (!property || !c.read.Allows(property->catalog_id)) {
    return internal::Missing("property", f.property_id);
  }
  return storage::ListDictionaryItems(*tx, f, w);
}

Result<DictionaryItem> CatalogManager::CreateDictionaryItem(const Caller& c, DictionaryItem v) {
  const Env env{db_, clock_, bus_};
  const std::string property_id = v.property_id;
  return internal::DoCreate(env, c, internal::DictionaryResource(property_id), std::move(v));
}

Result<DictionaryItem> CatalogManager::UpdateDictionaryItem(const Caller& c,
                                                            const std::string& property_id,
                                                            const std::string& id,
                                                            std::optional<std::int64_t> if_match,
                                                            const Mutator<DictionaryItem>& m) {
  const Env env{db_, clock_, bus_};
  return internal::DoUpdate(env, c, internal::DictionaryResource(property_id), id, if_match, m);
}

Status CatalogManager::DeleteDictionaryItem(const Caller& c, const std::string& property_id,
                                            const std::string& id,
                                            std::optional<std::int64_t> if_match) {
  const Env env{db_, clock_, bus_};
  return internal::DoDelete(env, c, internal::DictionaryResource(property_id), id, if_match, false);
}

Result<BulkOutcome> CatalogManager::BulkDictionaryItems(const Caller& c,
                                                        const std::string& property_id,
                                                        std::vector<DictionaryItem> items) {
  {
    EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
    EMPORION_ASSIGN_OR_RETURN(auto property, storage::FindProperty(*tx, property_id));
    if (!property || !c.read.Allows(property->catalog_id)) {
      return internal::Missing("property", property_id);
    }
  }
  const Env env{db_, clock_, bus_};
  return internal::DoBulk(env, c, internal::DictionaryResource(property_id), std::move(items));
}

}  // namespace emporion::catalog
