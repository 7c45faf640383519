// Products, variations and product associations.
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
namespace {

std::vector<std::pair<std::string, std::optional<std::string>>> ProductIds(const Product& p) {
  return {{"catalogId", p.catalog_id},
          {"categoryId", p.category_id},
          {"mainProductId", p.main_product_id},
          {"code", p.code}};
}

std::string AssociationKey(const ProductAssociation& a) {
  return a.type + '\n' + ToString(a.associated_object_type) + '\n' + a.associated_object_id;
}

/// Checks the targets of associations exist (products the request knows of are not looked up
/// again); appends 422 errors.
Status CheckAssociationTargets(WriteTx& w, const std::vector<ProductAssociation>& list,
                               const std::vector<std::string>& fields,
                               std::vector<FieldError>& errors) {
  const auto known = [&](const std::string& id) {
    return w.cache.present_products.count(id) != 0 || w.cache.saved_products.count(id) != 0;
  };
  std::vector<std::string> product_ids;
  std::vector<std::string> category_ids;
  for (const auto& a : list) {
    if (a.associated_object_type == EntryType::kProduct) {
      if (!known(a.associated_object_id)) product_ids.push_back(a.associated_object_id);
    } else {
      category_ids.push_back(a.associated_object_id);
    }
  }
  EMPORION_ASSIGN_OR_RETURN(auto products, storage::ExistingProductIds(w.tx(), product_ids));
  EMPORION_ASSIGN_OR_RETURN(auto categories, storage::FindCategoryRefs(w.tx(), category_ids));
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& a = list[i];
    const bool found =
        a.associated_object_type == EntryType::kProduct
            ? known(a.associated_object_id) || products.count(a.associated_object_id) != 0
            : std::any_of(categories.begin(), categories.end(),
                          [&](const CategoryRef& c) { return c.id == a.associated_object_id; });
    if (!found) {
      errors.push_back({fields[i], std::string("no ") + ToString(a.associated_object_type) + " '" +
                                       a.associated_object_id + "'"});
    }
  }
  return Ok();
}

Status CheckAssociationSet(WriteTx& w, std::vector<ProductAssociation>& list,
                           const std::string& product_id, const std::string& prefix,
                           std::vector<FieldError>& errors) {
  std::set<std::string> keys;
  std::vector<std::string> fields;
  for (std::size_t i = 0; i < list.size(); ++i) {
    auto& a = list[i];
    const std::string p = prefix + "associations[" + std::to_string(i) + "].";
    a.product_id = product_id;
    for (auto& e : ValidateAssociation(a, p)) errors.push_back(std::move(e));
    if (!keys.insert(AssociationKey(a)).second) {
      errors.push_back({p + "associatedObjectId", "the same association is given twice"});
    }
    fields.push_back(p + "associatedObjectId");
  }
  return CheckAssociationTargets(w, list, fields, errors);
}

Status SyncAssociations(WriteTx& w, std::vector<ProductAssociation>& list,
                        const std::vector<ProductAssociation>& existing) {
  std::set<std::string> kept;
  for (auto& a : list) {
    const ProductAssociation* match = nullptr;
    for (const auto& e : existing) {
      if (kept.count(e.meta.id) != 0) continue;
      if ((!a.meta.id.empty() && e.meta.id == a.meta.id) ||
          (a.meta.id.empty() && AssociationKey(e) == AssociationKey(a))) {
        match = &e;
        break;
      }
    }
    if (match == nullptr) {
      // A client's id that matched none of the product's rows is kept only when no other row
      // has it (an import keeps ids; another product's row is never taken over).
      std::string id;
      if (!a.meta.id.empty()) {
        EMPORION_ASSIGN_OR_RETURN(auto taken, storage::FindAssociation(w.tx(), a.meta.id));
        if (!taken) id = a.meta.id;
      }
      a.meta = NewMeta(w, id);
      EMPORION_RETURN_IF_ERROR(storage::InsertAssociation(w.tx(), a));
      continue;
    }
    kept.insert(match->meta.id);
    a.meta = match->meta;
    if (Changes(a) == Changes(*match)) continue;
    a.meta.Touch(w.now(), w.actor());
    EMPORION_RETURN_IF_ERROR(storage::UpdateAssociation(w.tx(), a, match->meta.version));
  }
  for (const auto& e : existing) {
    if (kept.count(e.meta.id) == 0) {
      EMPORION_RETURN_IF_ERROR(storage::DeleteAssociation(w.tx(), e.meta.id));
    }
  }
  return Ok();
}

Result<Product> SaveProduct(WriteTx& w, Product v, const std::optional<Product>& existing,
                            const std::string& prefix) {
  auto& tx = w.tx();
  std::vector<FieldError> errors;
  auto bad = [&](const std::string& field, std::string message) {
    errors.push_back({prefix + field, std::move(message)});
  };
  if (existing) {
    v.meta = existing->meta;
    if (v.catalog_id.empty()) v.catalog_id = existing->catalog_id;
    if (v.catalog_id != existing->catalog_id && !w.caller.write.Allows(existing->catalog_id)) {
      return Forbidden(w.caller, existing->catalog_id);
    }
  } else {
    v.meta = NewMeta(w, v.meta.id);
  }
  if (v.catalog_id.empty()) return Invalid({{prefix + "catalogId", "is required"}});
  EMPORION_ASSIGN_OR_RETURN(auto catalog, CachedCatalog(w, v.catalog_id));
  if (!catalog || !w.caller.read.Allows(v.catalog_id)) {
    return Invalid({{prefix + "catalogId", "no catalog '" + v.catalog_id + "'"}});
  }
  if (catalog->is_virtual) {
    return Invalid({{prefix + "catalogId",
                     "catalog '" + v.catalog_id +
                         "' is virtual: products belong to a physical catalog and are shown "
                         "in virtual ones through links"}});
  }
  if (!w.caller.write.Allows(v.catalog_id)) return Forbidden(w.caller, v.catalog_id);
  for (auto& e : ValidateProduct(v, *catalog, prefix)) errors.push_back(std::move(e));

  std::optional<Product> main;
  if (v.main_product_id && *v.main_product_id != v.meta.id) {
    if (auto hit = w.cache.saved_products.find(*v.main_product_id);
        hit != w.cache.saved_products.end()) {
      main = hit->second;
    } else {
      EMPORION_ASSIGN_OR_RETURN(main, storage::FindProduct(tx, *v.main_product_id));
    }
    if (!main) {
      bad("mainProductId", "no product '" + *v.main_product_id + "'");
    } else if (main->main_product_id) {
      bad("mainProductId", "product '" + *v.main_product_id + "' is itself a variation of '" +
                               *main->main_product_id +
                               "'; a variation's main product must be a main product");
      main.reset();
    } else if (main->catalog_id != v.catalog_id) {
      bad("mainProductId", "product '" + *v.main_product_id + "' is in catalog '" +
                               main->catalog_id +
                               "'; a variation must be in its main product's "
                               "catalog");
      main.reset();
    }
    if (existing && !existing->main_product_id) {
      EMPORION_ASSIGN_OR_RETURN(auto own, storage::VariationIds(tx, {v.meta.id}));
      if (!own.empty()) {
        bad("mainProductId", "this product has variations; it cannot become a variation itself");
      }
    }
  }
  if (existing && !existing->main_product_id && v.catalog_id != existing->catalog_id) {
    EMPORION_ASSIGN_OR_RETURN(auto own, storage::VariationIds(tx, {v.meta.id}));
    if (!own.empty()) {
      bad("catalogId",
          "this product has variations, which must stay in their main product's "
          "catalog; move or delete them first");
    }
  }
  std::optional<CategoryRef> category;
  if (v.category_id) {
    EMPORION_ASSIGN_OR_RETURN(auto ref, CachedCategoryRef(w, *v.category_id));
    if (!ref || ref->catalog_id != v.catalog_id) {
      bad("categoryId", "no category '" + *v.category_id + "' in catalog '" + v.catalog_id + "'");
    } else {
      category = std::move(ref);
    }
  } else if (main && main->category_id) {
    EMPORION_ASSIGN_OR_RETURN(category, CachedCategoryRef(w, *main->category_id));
  }
  ApplyProductDefaults(v);

  std::set<std::string> inherited;
  if (main) {
    for (const auto& pv : main->properties) {
      if (!pv.values.empty()) inherited.insert(pv.property_id);
    }
  }
  const ValueOwner owner = v.main_product_id ? ValueOwner::kVariation : ValueOwner::kProduct;
  EMPORION_RETURN_IF_ERROR(CheckPropertyValues(
      w, *catalog, category ? PathIds(category->path) : std::vector<std::string>{}, v.properties,
      static_cast<int>(owner), inherited, prefix, errors));
  Status seo = CheckSeoSet(w, v.seo_infos, "Product", v.meta.id, *catalog, prefix, errors);
  EMPORION_RETURN_IF_ERROR(CheckAssociationSet(w, v.associations, v.meta.id, prefix, errors));
  if (!errors.empty()) return Invalid(std::move(errors));
  EMPORION_RETURN_IF_ERROR(seo);
  std::optional<Product> holder;
  if ((!existing || existing->code != v.code) && w.cache.absent_codes.count(v.code) == 0) {
    EMPORION_ASSIGN_OR_RETURN(holder, storage::FindProductByCode(tx, v.code));
  }
  if (holder && holder->meta.id != v.meta.id) {
    const std::string message =
        "SKU '" + v.code + "' is already used by product '" + holder->meta.id + "'";
    return Error(ErrorCode::kAlreadyExists, message, {{prefix + "code", message}});
  }

  w.cache.saved_products.erase(v.meta.id);
  if (!existing) {
    EMPORION_RETURN_IF_ERROR(storage::InsertProduct(tx, v));
    NoteProductWritten(w, v);
    EMPORION_RETURN_IF_ERROR(SyncSeo(w, v.seo_infos, {}));
    EMPORION_RETURN_IF_ERROR(SyncAssociations(w, v.associations, {}));
    if (!v.main_product_id) w.cache.saved_products.emplace(v.meta.id, v);
    EMPORION_RETURN_IF_ERROR(
        Publish(w, "product", v.meta.id, "created", "", "", ProductIds(v)));
    return v;
  }
  const std::string before = Changes(*existing);
  if (before == Changes(v)) return *existing;
  v.meta.Touch(w.now(), w.actor());
  EMPORION_RETURN_IF_ERROR(storage::UpdateProduct(tx, v, existing->meta.version));
  NoteProductWritten(w, v);
  EMPORION_RETURN_IF_ERROR(SyncSeo(w, v.seo_infos, existing->seo_infos));
  EMPORION_RETURN_IF_ERROR(SyncAssociations(w, v.associations, existing->associations));
  EMPORION_RETURN_IF_ERROR(
      Publish(w, "product", v.meta.id, "updated", before, Changes(v), ProductIds(v)));
  return v;
}

Status RemoveProduct(WriteTx& w, const Product& p, bool cascade) {
  EMPORION_ASSIGN_OR_RETURN(auto variations, storage::VariationIds(w.tx(), {p.meta.id}));
  const auto it = variations.find(p.meta.id);
  if (it != variations.end() && !it->second.empty()) {
    if (!cascade) {
      return Error::Conflict("product '" + p.meta.id + "' has " +
                             std::to_string(it->second.size()) +
                             " variations; delete them first or pass ?cascade=true");
    }
    for (const auto& v : it->second) EMPORION_RETURN_IF_ERROR(RemoveProductRow(w, v));
  }
  return RemoveProductRow(w, p.meta.id);
}

}  // namespace

void NoteProductWritten(WriteTx& w, const Product& p) {
  w.cache.absent_product_ids.erase(p.meta.id);
  w.cache.absent_codes.erase(p.code);
  w.cache.present_products.insert(p.meta.id);
}

Status RemoveProductRow(WriteTx& w, const std::string& id) {
  auto& tx = w.tx();
  w.cache.saved_products.erase(id);
  w.cache.present_products.erase(id);
  EMPORION_ASSIGN_OR_RETURN(auto found, storage::FindProduct(tx, id));
  if (!found) return Ok();
  EMPORION_RETURN_IF_ERROR(Decorator(tx, 0).ProductChildren({&*found}));
  for (const auto& a : found->associations) {
    EMPORION_RETURN_IF_ERROR(storage::DeleteAssociation(tx, a.meta.id));
  }
  EMPORION_ASSIGN_OR_RETURN(auto links, storage::LinksToEntries(tx, {id}));
  for (const auto& l : links) {
    EMPORION_RETURN_IF_ERROR(storage::DeleteLink(tx, l.meta.id));
    EMPORION_RETURN_IF_ERROR(Publish(w, "link", l.meta.id, "deleted", "", "",
                                     {{"catalogId", l.catalog_id}, {"entryId", l.entry_id}}));
  }
  EMPORION_ASSIGN_OR_RETURN(auto pointing, storage::AssociationsTo(tx, id));
  for (const auto& a : pointing) {
    EMPORION_RETURN_IF_ERROR(storage::DeleteAssociation(tx, a.meta.id));
    if (a.product_id == id) continue;
    EMPORION_RETURN_IF_ERROR(storage::TouchProduct(tx, a.product_id, w.now(), w.actor()));
    EMPORION_RETURN_IF_ERROR(
        w.uow.Emit("catalog.product.updated", "catalog.product", a.product_id,
                   R"({"id":")" + a.product_id + R"(","changedFields":["associations"]})"));
  }
  EMPORION_RETURN_IF_ERROR(storage::DeleteSeoInfosOf(tx, "Product", id));
  EMPORION_RETURN_IF_ERROR(storage::DeleteProduct(tx, id));
  return Publish(w, "product", id, "deleted", Changes(*found), "", ProductIds(*found));
}

Resource<Product> ProductResource(const Env& env) {
  Resource<Product> r;
  r.label = "product";
  r.find = [](db::Transaction& tx, const std::string& id) { return storage::FindProduct(tx, id); };
  r.find_by_key = [](db::Transaction& tx, const Product& p) -> Result<std::optional<Product>> {
    if (p.code.empty()) return std::optional<Product>{};
    return storage::FindProductByCode(tx, p.code);
  };
  r.catalog_of = [](db::Transaction&, const Product& p) -> Result<std::optional<std::string>> {
    return std::optional<std::string>(p.catalog_id);
  };
  r.load_children = [](db::Transaction& tx, Product& p) {
    return Decorator(tx, 0).ProductChildren({&p});
  };
  r.save = SaveProduct;
  r.remove = RemoveProduct;
  const Clock* clock = &env.clock;
  r.decorate = [clock](db::Transaction& tx, std::vector<Product>& list) {
    return Decorator(tx, clock->Now()).Products(list, ProductView::kStored);
  };
  return r;
}

Resource<ProductAssociation> AssociationResource(const std::string& product_id) {
  Resource<ProductAssociation> r;
  r.label = "association";
  r.find = [product_id](db::Transaction& tx,
                        const std::string& id) -> Result<std::optional<ProductAssociation>> {
    EMPORION_ASSIGN_OR_RETURN(auto found, storage::FindAssociation(tx, id));
    if (found && found->product_id != product_id) return std::optional<ProductAssociation>{};
    return found;
  };
  r.find_by_key = [product_id](db::Transaction& tx, const ProductAssociation& a) {
    ProductAssociation key = a;
    key.product_id = product_id;
    return storage::FindAssociationByKey(tx, key);
  };
  r.catalog_of = [](db::Transaction& tx,
                    const ProductAssociation& a) -> Result<std::optional<std::string>> {
    EMPORION_ASSIGN_OR_RETURN(auto product, storage::FindProduct(tx, a.product_id));
    if (!product) return std::optional<std::string>{};
    return std::optional<std::string>(product->catalog_id);
  };
  r.save = [product_id](WriteTx& w, ProductAssociation v,
                        const std::optional<ProductAssociation>& existing,
                        const std::string& prefix) -> Result<ProductAssociation> {
    auto& tx = w.tx();
    EMPORION_ASSIGN_OR_RETURN(auto product, storage::FindProduct(tx, product_id));
    if (!product || !w.caller.read.Allows(product->catalog_id)) {
      return Missing("product", product_id);
    }
    if (!w.caller.write.Allows(product->catalog_id)) {
      return Forbidden(w.caller, product->catalog_id);
    }
    v.product_id = product_id;
    if (!existing && !v.meta.id.empty()) {
      EMPORION_ASSIGN_OR_RETURN(auto taken, storage::FindAssociation(tx, v.meta.id));
      if (taken) return IdTaken("association", v.meta.id, prefix);
    }
    v.meta = existing ? existing->meta : NewMeta(w, v.meta.id);
    std::vector<FieldError> errors = ValidateAssociation(v, prefix);
    EMPORION_RETURN_IF_ERROR(
        CheckAssociationTargets(w, {v}, {prefix + "associatedObjectId"}, errors));
    if (!errors.empty()) return Invalid(std::move(errors));
    EMPORION_ASSIGN_OR_RETURN(auto holder, storage::FindAssociationByKey(tx, v));
    if (holder && holder->meta.id != v.meta.id) {
      const std::string message = "the product already has this '" + v.type +
                                  "' association (id '" + holder->meta.id + "')";
      return Error(ErrorCode::kAlreadyExists, message, {{prefix + "associatedObjectId", message}});
    }
    if (existing) {
      if (Changes(*existing) == Changes(v)) return *existing;
      v.meta.Touch(w.now(), w.actor());
      EMPORION_RETURN_IF_ERROR(storage::UpdateAssociation(tx, v, existing->meta.version));
    } else {
      EMPORION_RETURN_IF_ERROR(storage::InsertAssociation(tx, v));
    }
    EMPORION_RETURN_IF_ERROR(storage::TouchProduct(tx, product_id, w.now(), w.actor()));
    EMPORION_RETURN_IF_ERROR(w.uow.Emit("catalog.product.updated", "catalog.product", product_id,
                                        R"({"id":")" + product_id + R"(","catalogId":")" +
                                            product->catalog_id +
                                            R"(","changedFields":["associations"]})"));
    return v;
  };
  r.remove = [](WriteTx& w, const ProductAssociation& a, bool) -> Status {
    EMPORION_RETURN_IF_ERROR(storage::DeleteAssociation(w.tx(), a.meta.id));
    EMPORION_RETURN_IF_ERROR(storage::TouchProduct(w.tx(), a.product_id, w.now(), w.actor()));
    return w.uow.Emit("catalog.product.updated", "catalog.product", a.product_id,
                      R"({"id":")" + a.product_id + R"(","changedFields":["associations"]})");
  };
  return r;
}

}  // namespace internal

// --- products ----------------------------------------------------------------------------------

Result<Product> CatalogManager::GetProduct(const Caller& c, const std::string& id,
                                           ProductView view) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  EMPORION_ASSIGN_OR_RETURN(auto found, storage::FindProduct(*tx, id));
  if (!found || !c.read.Allows(found->catalog_id)) return internal::Missing("product", id);
  std::vector<Product> one{std::move(*found)};
  EMPORION_RETURN_IF_ERROR(internal::Decorator(*tx, clock_.Now()).Products(one, view));
  return std::move(one.front());
}

Result<std::pair<std::string, std::int64_t>> CatalogManager::GetProductJson(
    const Caller& c, const std::string& id, ProductView view) {
  const std::string key = id + (view == ProductView::kMerged ? "|m" : "|s");
  const Timestamp now = clock_.Now();
  if (auto hit = read_cache_.Get(key, now)) {
    if (!c.read.Allows(hit->catalog_id)) return internal::Missing("product", id);
    return std::make_pair(hit->json, hit->version);
  }
  const auto generation = read_cache_.Generation();
  EMPORION_ASSIGN_OR_RETURN(Product p, GetProduct(c, id, view));
  std::string json = codec::ToJson(p);
  // The stored view of a variation is sellable by its main product's dates: not cached.
  if (view == ProductView::kMerged || !p.main_product_id) {
    ProductReadCache::Entry e;
    e.json = json;
    e.version = p.meta.version;
    e.catalog_id = p.catalog_id;
    for (const auto& boundary : {p.start_date, p.end_date}) {
      if (boundary && *boundary > now && (e.valid_until == 0 || *boundary < e.valid_until)) {
        e.valid_until = *boundary;
      }
    }
    read_cache_.Put(key, std::move(e), generation);
  }
  return std::make_pair(std::move(json), p.meta.version);
}

Result<Page<Product>> CatalogManager::ListProducts(const Caller& c, const ProductQuery& q,
                                                   const Window& w, ProductView view) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  storage::ProductFilter f;
  f.scope = c.read.catalogs;
  if (q.catalog_id) {
    EMPORION_ASSIGN_OR_RETURN(auto catalog, storage::FindCatalog(*tx, *q.catalog_id));
    if (!catalog) return Page<Product>{};
    if (catalog->is_virtual) {
      f.virtual_catalog_id = q.catalog_id;
    } else {
      f.catalog_id = q.catalog_id;
    }
  }
  if (q.category_id) {
    EMPORION_ASSIGN_OR_RETURN(auto category, storage::FindCategory(*tx, *q.category_id));
    if (!category) return Page<Product>{};
    EMPORION_ASSIGN_OR_RETURN(auto catalog, storage::FindCatalog(*tx, category->catalog_id));
    if (catalog && catalog->is_virtual) {
      std::vector<std::string> ids{category->meta.id};
      if (q.include_descendants) {
        EMPORION_ASSIGN_OR_RETURN(auto refs, storage::CategoryRefsUnder(*tx, category->path, 0));
        ids.clear();
        for (const auto& r : refs) ids.push_back(r.id);
      }
      f.link_category_ids = std::move(ids);
    } else if (q.include_descendants) {
      f.category_path = category->path;
    } else {
      f.category_ids = std::vector<std::string>{category->meta.id};
    }
  }
  f.q = q.q;
  f.code = q.code;
  f.is_active = q.is_active;
  f.main_product_id = q.main_product_id;
  f.is_variation = q.is_variation;
  f.modified_since = q.modified_since;
  f.ids = q.ids;
  EMPORION_ASSIGN_OR_RETURN(auto page, storage::ListProducts(*tx, f, w));
  EMPORION_RETURN_IF_ERROR(internal::Decorator(*tx, clock_.Now()).Products(page.items, view));
  return page;
}

Result<Product> CatalogManager::CreateProduct(const Caller& c, Product v) {
  const Env env{db_, clock_, bus_};
  return internal::DoCreate(env, c, internal::ProductResource(env), std::move(v));
}

Result<Product> CatalogManager::UpdateProduct(const Caller& c, const std::string& id,
                                              std::optional<std::int64_t> if_match,
                                              const Mutator<Product>& m) {
  const Env env{db_, clock_, bus_};
  return internal::DoUpdate(env, c, internal::ProductResource(env), id, if_match, m);
}

Status CatalogManager::DeleteProduct(const Caller& c, const std::string& id,
                                     std::optional<std::int64_t> if_match, bool cascade) {
  const Env env{db_, clock_, bus_};
  return internal::DoDelete(env, c, internal::ProductResource(env), id, if_match, cascade);
}

Result<BulkOutcome> CatalogManager::BulkProducts(const Caller& c, std::vector<Product> items) {
  const Env env{db_, clock_, bus_};
  return internal::DoBulk(env, c, internal::ProductResource(env), std::move(items));
}

Result<std::vector<Property>> CatalogManager::ProductProperties(const Caller& c,
                                                                const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  EMPORION_ASSIGN_OR_RETURN(auto product, storage::FindProduct(*tx, id));
  if (!product || !c.read.Allows(product->catalog_id)) return internal::Missing("product", id);
  std::optional<std::string> category_id = product->category_id;
  if (!category_id && product->main_product_id) {
    EMPORION_ASSIGN_OR_RETURN(auto main, storage::FindProduct(*tx, *product->main_product_id));
    if (main) category_id = main->category_id;
  }
  std::vector<std::string> path;
  if (category_id) {
    EMPORION_ASSIGN_OR_RETURN(auto refs, storage::FindCategoryRefs(*tx, {*category_id}));
    if (!refs.empty()) path = PathIds(refs[0].path);
  }
  EMPORION_ASSIGN_OR_RETURN(auto all, storage::PropertiesOfCatalog(*tx, product->catalog_id));
  std::vector<Property> out;
  for (const Property* p : ApplicableProperties(all, path)) {
    if (p->type == PropertyType::kProduct || p->type == PropertyType::kVariation) {
      out.push_back(*p);
    }
  }
  return out;
}

// --- associations ------------------------------------------------------------------------------

Result<ProductAssociation> CatalogManager::GetAssociation(const Caller& c,
                                                          const std::string& product_id,
                                                          const std::string& id) {
  const Env env{db_, clock_, bus_};
  return internal::DoGet(env, c, internal::AssociationResource(product_id), id);
}

Result<Page<ProductAssociation>> CatalogManager::ListAssociations(const Caller& c,
                                                                  AssociationFilter f,
                                                                  const Window& w) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  if (f.product_id) {
    EMPORION_ASSIGN_OR_RETURN(auto product, storage::FindProduct(*tx, *f.product_id));
    if (!product || !c.read.Allows(product->catalog_id)) {
      return internal::Missing("product", *f.product_id);
    }
  }
  return storage::ListAssociations(*tx, f, w);
}

Result<ProductAssociation> CatalogManager::CreateAssociation(const Caller& c,
                                                             ProductAssociation v) {
  const Env env{db_, clock_, bus_};
  const std::string product_id = v.product_id;
  return internal::DoCreate(env, c, internal::AssociationResource(product_id), std::move(v));
}

Result<ProductAssociation> CatalogManager::UpdateAssociation(const Caller& c,
                                                             const std::string& product_id,
                                                             const std::string& id,
                                                             std::optional<std::int64_t> if_match,
                                                             const Mutator<ProductAssociation>& m) {
  const Env env{db_, clock_, bus_};
  return internal::DoUpdate(env, c, internal::AssociationResource(product_id), id, if_match, m);
}

Status CatalogManager::DeleteAssociation(const Caller& c, const std::string& product_id,
                                         const std::string& id,
                                         std::optional<std::int64_t> if_match) {
  const Env env{db_, clock_, bus_};
  return internal::DoDelete(env, c, internal::AssociationResource(product_id), id, if_match, false);
}

Result<BulkOutcome> CatalogManager::BulkAssociations(const Caller& c, const std::string& product_id,
                                                     std::vector<ProductAssociation> items) {
  const Env env{db_, clock_, bus_};
  {
    EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
    EMPORION_ASSIGN_OR_RETURN(auto product, storage::FindProduct(*tx, product_id));
    if (!product || !c.read.Allows(product->catalog_id)) {
      return internal::Missing("product", product_id);
    }
  }
  return internal::DoBulk(env, c, internal::AssociationResource(product_id), std::move(items));
}

}  // namespace emporion::catalog
