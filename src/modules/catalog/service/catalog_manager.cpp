// Catalogs, categories and the tree; the system reads of CatalogService.
#include "modules/catalog/service/catalog_manager.hpp"

#include <algorithm>
#include <functional>

#include "modules/catalog/domain/property_values.hpp"
#include "modules/catalog/domain/rules.hpp"
#include "modules/catalog/service/internals.hpp"

namespace emporion::catalog {

using internal::Env;
using internal::Resource;
using internal::WriteTx;

CatalogManager::CatalogManager(db::Database& db, const Clock& clock, const events::EventBus* bus)
    : db_(db), clock_(clock), bus_(bus) {}

namespace internal {
namespace {

std::vector<std::pair<std::string, std::optional<std::string>>> CategoryIds(const Category& c) {
  return {{"catalogId", c.catalog_id}, {"parentId", c.parent_id}};
}

Result<Category> SaveCategory(WriteTx& w, Category v, const std::optional<Category>& existing,
                              const std::string& prefix) {
  auto& tx = w.tx();
  std::vector<FieldError> errors;
  auto bad = [&](const std::string& field, std::string message) {
    errors.push_back({prefix + field, std::move(message)});
  };
  if (existing) {
    if (!v.catalog_id.empty() && v.catalog_id != existing->catalog_id) {
      return Invalid({{prefix + "catalogId",
                       "a category cannot move to another catalog; create it there instead"}});
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
  for (auto& e : ValidateCategory(v, *catalog, prefix)) errors.push_back(std::move(e));

  std::optional<std::string> parent_path;
  if (v.parent_id && *v.parent_id != v.meta.id) {
    EMPORION_ASSIGN_OR_RETURN(auto parent, storage::FindCategory(tx, *v.parent_id));
    if (!parent || parent->catalog_id != v.catalog_id) {
      bad("parentId", "no category '" + *v.parent_id + "' in catalog '" + v.catalog_id + "'");
    } else if (existing && WouldCreateCycle(v.meta.id, parent->path)) {
      bad("parentId", "category '" + *v.parent_id + "' lies below '" + v.meta.id +
                          "'; moving a category under its own subtree would create a cycle");
    } else {
      parent_path = parent->path;
    }
  }
  v.path = ChildPath(parent_path, v.meta.id);
  v.depth = PathDepth(v.path);

  EMPORION_RETURN_IF_ERROR(CheckPropertyValues(w, *catalog, PathIds(v.path), v.properties,
                                               static_cast<int>(ValueOwner::kCategory), {}, prefix,
                                               errors));
  Status seo = CheckSeoSet(w, v.seo_infos, "Category", v.meta.id, *catalog, prefix, errors);
  if (!errors.empty()) return Invalid(std::move(errors));
  EMPORION_RETURN_IF_ERROR(seo);
  if (!v.code.empty()) {
    EMPORION_ASSIGN_OR_RETURN(auto holder, storage::FindCategoryByCode(tx, v.catalog_id, v.code));
    if (holder && holder->meta.id != v.meta.id) {
      const std::string message = "category code '" + v.code + "' is already used in catalog '" +
                                  v.catalog_id + "' by category '" + holder->meta.id + "'";
      return Error(ErrorCode::kAlreadyExists, message, {{prefix + "code", message}});
    }
  }

  w.cache.categories.erase(v.meta.id);
  if (!existing) {
    EMPORION_RETURN_IF_ERROR(storage::InsertCategory(tx, v));
    EMPORION_RETURN_IF_ERROR(SyncSeo(w, v.seo_infos, {}));
    EMPORION_RETURN_IF_ERROR(Publish(w, "category", v.meta.id, "created", "", "", CategoryIds(v)));
    return v;
  }
  const std::string before = Changes(*existing);
  if (before == Changes(v) && v.path == existing->path) return *existing;
  v.meta.Touch(w.now(), w.actor());
  EMPORION_RETURN_IF_ERROR(storage::UpdateCategory(tx, v, existing->meta.version));
  EMPORION_RETURN_IF_ERROR(SyncSeo(w, v.seo_infos, existing->seo_infos));
  EMPORION_RETURN_IF_ERROR(
      Publish(w, "category", v.meta.id, "updated", before, Changes(v), CategoryIds(v)));
  if (v.path != existing->path) {
    w.cache.categories.clear();
    // The subtree moves with the category: every path (and so every outline) below it changes.
    EMPORION_ASSIGN_OR_RETURN(
        auto moved, storage::MoveSubtree(tx, existing->path, v.path, v.depth - existing->depth,
                                         w.now(), w.actor()));
    for (const auto& id : moved) {
      EMPORION_RETURN_IF_ERROR(w.uow.Emit("catalog.category.updated", "catalog.category", id,
                                          R"({"id":")" + id + R"(","catalogId":")" + v.catalog_id +
                                              R"(","changedFields":["outline"],"movedWith":")" +
                                              v.meta.id + R"("})"));
    }
  }
  return v;
}

Status RemoveCategory(WriteTx& w, const Category& c, bool cascade) {
  auto& tx = w.tx();
  EMPORION_ASSIGN_OR_RETURN(auto children, storage::CountChildCategories(tx, c.meta.id));
  EMPORION_ASSIGN_OR_RETURN(auto products, storage::ProductIdsInCategories(tx, {c.meta.id}));
  EMPORION_ASSIGN_OR_RETURN(auto placed, storage::LinksUnderCategories(tx, {c.meta.id}));
  if ((children > 0 || !products.empty() || !placed.empty()) && !cascade) {
    return Error::Conflict(
        "category '" + c.meta.id + "' is not empty: " + std::to_string(children) +
        " subcategories, " + std::to_string(products.size()) + " products, " +
        std::to_string(placed.size()) + " links; delete them first or pass ?cascade=true");
  }
  EMPORION_ASSIGN_OR_RETURN(auto subtree, storage::CategoryRefsUnder(tx, c.path, 0));
  std::vector<std::string> ids;
  for (const auto& r : subtree) ids.push_back(r.id);
  // Products of the subtree, their variations wherever they are first.
  EMPORION_ASSIGN_OR_RETURN(auto product_ids, storage::ProductIdsInCategories(tx, ids));
  EMPORION_ASSIGN_OR_RETURN(auto variations, storage::VariationIds(tx, product_ids));
  for (const auto& [main, list] : variations) {
    for (const auto& v : list) {
      if (std::find(product_ids.begin(), product_ids.end(), v) == product_ids.end()) {
        EMPORION_RETURN_IF_ERROR(RemoveProductRow(w, v));
      }
    }
  }
  // Variations and plain products before the main products they hang on.
  std::stable_partition(product_ids.begin(), product_ids.end(),
                        [&](const std::string& id) { return variations.count(id) == 0; });
  for (const auto& id : product_ids) EMPORION_RETURN_IF_ERROR(RemoveProductRow(w, id));
  EMPORION_ASSIGN_OR_RETURN(auto property_ids, storage::PropertyIdsOfCategories(tx, ids));
  for (const auto& pid : property_ids) {
    EMPORION_ASSIGN_OR_RETURN(auto prop, storage::FindProperty(tx, pid));
    if (prop) EMPORION_RETURN_IF_ERROR(RemovePropertyRow(w, *prop));
  }
  // Deepest first, so no category outlives its parent.
  std::sort(subtree.begin(), subtree.end(), [](const CategoryRef& a, const CategoryRef& b) {
    return a.path.size() > b.path.size();
  });
  for (const auto& r : subtree) {
    EMPORION_ASSIGN_OR_RETURN(auto full, storage::FindCategory(tx, r.id));
    if (full) EMPORION_RETURN_IF_ERROR(RemoveCategoryRow(w, *full));
  }
  return Ok();
}

Result<Catalog> SaveCatalog(WriteTx& w, Catalog v, const std::optional<Catalog>& existing,
                            const std::string& prefix) {
  if (existing) {
    v.meta = existing->meta;
    if (v.is_virtual != existing->is_virtual) {
      return Invalid({{prefix + "isVirtual", "cannot change after the catalog is created"}});
    }
  } else {
    v.meta = NewMeta(w, v.meta.id);
  }
  if (!w.caller.write.Allows(v.meta.id)) return Forbidden(w.caller, v.meta.id);
  auto errors = ValidateCatalog(v, prefix);
  if (!errors.empty()) return Invalid(std::move(errors));
  w.cache.catalogs.erase(v.meta.id);
  if (!existing) {
    EMPORION_RETURN_IF_ERROR(storage::InsertCatalog(w.tx(), v));
    EMPORION_RETURN_IF_ERROR(Publish(w, "catalog", v.meta.id, "created", "", "", {}));
    return v;
  }
  const std::string before = Changes(*existing);
  if (before == Changes(v)) return *existing;
  v.meta.Touch(w.now(), w.actor());
  EMPORION_RETURN_IF_ERROR(storage::UpdateCatalog(w.tx(), v, existing->meta.version));
  EMPORION_RETURN_IF_ERROR(Publish(w, "catalog", v.meta.id, "updated", before, Changes(v), {}));
  return v;
}

Status RemoveCatalog(WriteTx& w, const Catalog& c, bool cascade) {
  auto& tx = w.tx();
  EMPORION_ASSIGN_OR_RETURN(auto usage, storage::GetCatalogUsage(tx, c.meta.id));
  if ((usage.categories + usage.products + usage.properties + usage.links) > 0 && !cascade) {
    return Error::Conflict(
        "catalog '" + c.meta.id + "' is not empty: " + std::to_string(usage.categories) +
        " categories, " + std::to_string(usage.products) + " products, " +
        std::to_string(usage.properties) + " properties, " + std::to_string(usage.links) +
        " links; delete them first or pass ?cascade=true");
  }
  EMPORION_ASSIGN_OR_RETURN(auto products, storage::ProductIdsOfCatalog(tx, c.meta.id));
  for (const auto& id : products) EMPORION_RETURN_IF_ERROR(RemoveProductRow(w, id));
  EMPORION_ASSIGN_OR_RETURN(auto refs, storage::CategoryRefsOfCatalog(tx, c.meta.id, 0));
  std::sort(refs.begin(), refs.end(), [](const CategoryRef& a, const CategoryRef& b) {
    return a.path.size() > b.path.size();
  });
  for (const auto& r : refs) {
    EMPORION_ASSIGN_OR_RETURN(auto full, storage::FindCategory(tx, r.id));
    if (full) EMPORION_RETURN_IF_ERROR(RemoveCategoryRow(w, *full));
  }
  EMPORION_ASSIGN_OR_RETURN(auto props, storage::PropertiesOfCatalog(tx, c.meta.id));
  for (const auto& p : props) EMPORION_RETURN_IF_ERROR(RemovePropertyRow(w, p));
  Window all;
  all.limit = 1'000'000;
  EMPORION_ASSIGN_OR_RETURN(auto links, storage::ListLinks(tx, {{}, c.meta.id, {}, {}, {}}, all));
  for (const auto& l : links.items) {
    EMPORION_RETURN_IF_ERROR(storage::DeleteLink(tx, l.meta.id));
    EMPORION_RETURN_IF_ERROR(Publish(w, "link", l.meta.id, "deleted", "", "",
                                     {{"catalogId", l.catalog_id}, {"entryId", l.entry_id}}));
  }
  EMPORION_RETURN_IF_ERROR(storage::DeleteSeoInfosOf(tx, "Catalog", c.meta.id));
  EMPORION_RETURN_IF_ERROR(storage::DeleteCatalog(tx, c.meta.id));
  return Publish(w, "catalog", c.meta.id, "deleted", Changes(c), "", {});
}

}  // namespace

Status RemoveCategoryRow(WriteTx& w, const Category& c) {
  auto& tx = w.tx();
  EMPORION_ASSIGN_OR_RETURN(auto to_it, storage::LinksToEntries(tx, {c.meta.id}));
  EMPORION_ASSIGN_OR_RETURN(auto under_it, storage::LinksUnderCategories(tx, {c.meta.id}));
  for (const auto* list : {&to_it, &under_it}) {
    for (const auto& l : *list) {
      EMPORION_RETURN_IF_ERROR(storage::DeleteLink(tx, l.meta.id));
      EMPORION_RETURN_IF_ERROR(Publish(w, "link", l.meta.id, "deleted", "", "",
                                       {{"catalogId", l.catalog_id}, {"entryId", l.entry_id}}));
    }
  }
  EMPORION_ASSIGN_OR_RETURN(auto pointing, storage::AssociationsTo(tx, c.meta.id));
  for (const auto& a : pointing) {
    EMPORION_RETURN_IF_ERROR(storage::DeleteAssociation(tx, a.meta.id));
    EMPORION_RETURN_IF_ERROR(storage::TouchProduct(tx, a.product_id, w.now(), w.actor()));
    EMPORION_RETURN_IF_ERROR(
        w.uow.Emit("catalog.product.updated", "catalog.product", a.product_id,
                   R"({"id":")" + a.product_id + R"(","changedFields":["associations"]})"));
  }
  EMPORION_RETURN_IF_ERROR(storage::DeleteSeoInfosOf(tx, "Category", c.meta.id));
  EMPORION_RETURN_IF_ERROR(storage::DeleteCategory(tx, c.meta.id));
  return Publish(w, "category", c.meta.id, "deleted", Changes(c), "", CategoryIds(c));
}

Resource<Catalog> CatalogResource(const Env& env) {
  Resource<Catalog> r;
  r.label = "catalog";
  r.find = [](db::Transaction& tx, const std::string& id) { return storage::FindCatalog(tx, id); };
  r.catalog_of = [](db::Transaction&, const Catalog& c) -> Result<std::optional<std::string>> {
    return std::optional<std::string>(c.meta.id);
  };
  r.save = SaveCatalog;
  r.remove = RemoveCatalog;
  (void)env;
  return r;
}

Resource<Category> CategoryResource(const Env& env) {
  Resource<Category> r;
  r.label = "category";
  r.find = [](db::Transaction& tx, const std::string& id) { return storage::FindCategory(tx, id); };
  r.find_by_key = [](db::Transaction& tx, const Category& c) -> Result<std::optional<Category>> {
    if (c.catalog_id.empty() || c.code.empty()) return std::optional<Category>{};
    return storage::FindCategoryByCode(tx, c.catalog_id, c.code);
  };
  r.catalog_of = [](db::Transaction&, const Category& c) -> Result<std::optional<std::string>> {
    return std::optional<std::string>(c.catalog_id);
  };
  r.load_children = [](db::Transaction& tx, Category& c) {
    return Decorator(tx, 0).CategoryChildren({&c});
  };
  r.save = SaveCategory;
  r.remove = RemoveCategory;
  const Clock* clock = &env.clock;
  r.decorate = [clock](db::Transaction& tx, std::vector<Category>& list) {
    return Decorator(tx, clock->Now()).Categories(list);
  };
  return r;
}

}  // namespace internal

// --- catalogs ----------------------------------------------------------------------------------

Result<Catalog> CatalogManager::GetCatalog(const Caller& c, const std::string& id) {
  const Env env{db_, clock_, bus_};
  return internal::DoGet(env, c, internal::CatalogResource(env), id);
}

Result<Page<Catalog>> CatalogManager::ListCatalogs(const Caller& c, CatalogFilter f,
                                                   const Window& w) {
  f.scope = c.read.catalogs;
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  return storage::ListCatalogs(*tx, f, w);
}

Result<Catalog> CatalogManager::CreateCatalog(const Caller& c, Catalog v) {
  const Env env{db_, clock_, bus_};
  return internal::DoCreate(env, c, internal::CatalogResource(env), std::move(v));
}

Result<Catalog> CatalogManager::UpdateCatalog(const Caller& c, const std::string& id,
                                              std::optional<std::int64_t> if_match,
                                              const Mutator<Catalog>& m) {
  const Env env{db_, clock_, bus_};
  return internal::DoUpdate(env, c, internal::CatalogResource(env), id, if_match, m);
}

Status CatalogManager::DeleteCatalog(const Caller& c, const std::string& id,
                                     std::optional<std::int64_t> if_match, bool cascade) {
  const Env env{db_, clock_, bus_};
  return internal::DoDelete(env, c, internal::CatalogResource(env), id, if_match, cascade);
}

Result<BulkOutcome> CatalogManager::BulkCatalogs(const Caller& c, std::vector<Catalog> items) {
  const Env env{db_, clock_, bus_};
  return internal::DoBulk(env, c, internal::CatalogResource(env), std::move(items));
}

Result<std::vector<CategoryNode>> CatalogManager::CatalogTree(const Caller& c,
                                                              const std::string& id, int depth) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  EMPORION_ASSIGN_OR_RETURN(auto catalog, storage::FindCatalog(*tx, id));
  if (!catalog || !c.read.Allows(id)) return internal::Missing("catalog", id);
  EMPORION_ASSIGN_OR_RETURN(auto refs, storage::CategoryRefsOfCatalog(*tx, id, depth));
  auto tree = BuildTree(refs, std::nullopt, depth);
  if (!catalog->is_virtual) return tree;

  // A virtual catalog shows each linked category with its subtree where the link places it.
  Window all;
  all.limit = 1'000'000;
  EMPORION_ASSIGN_OR_RETURN(auto links, storage::ListLinks(*tx, {{}, id, {}, {}, "category"}, all));
  std::function<CategoryNode*(std::vector<CategoryNode>&, const std::string&)> find_node =
      [&](std::vector<CategoryNode>& nodes, const std::string& node_id) -> CategoryNode* {
    for (auto& n : nodes) {
      if (n.id == node_id) return &n;
      if (auto* below = find_node(n.children, node_id)) return below;
    }
    return nullptr;
  };
  std::function<void(CategoryNode&)> mark = [&](CategoryNode& n) {
    n.linked = true;
    for (auto& child : n.children) mark(child);
  };
  for (const auto& link : links.items) {
    int level = 1;  // the linked category's level in this tree
    std::vector<CategoryNode>* where = &tree;
    if (link.category_id) {
      auto refs_at = std::find_if(refs.begin(), refs.end(),
                                  [&](const CategoryRef& r) { return r.id == *link.category_id; });
      CategoryNode* parent = find_node(tree, *link.category_id);
      if (refs_at == refs.end() || parent == nullptr) continue;  // beyond the depth asked
      level = PathDepth(refs_at->path) + 2;
      where = &parent->children;
    }
    if (depth > 0 && level > depth) continue;
    EMPORION_ASSIGN_OR_RETURN(auto linked, storage::FindCategoryRefs(*tx, {link.entry_id}));
    if (linked.empty()) continue;
    const int levels = depth > 0 ? depth - level + 1 : 0;
    EMPORION_ASSIGN_OR_RETURN(auto subtree,
                              storage::CategoryRefsUnder(*tx, linked[0].path, levels));
    auto nodes = BuildTree(subtree, linked[0].parent_id, levels);
    for (auto& n : nodes) {
      mark(n);
      where->push_back(std::move(n));
    }
  }
  return tree;
}

// --- categories --------------------------------------------------------------------------------

Result<Category> CatalogManager::GetCategory(const Caller& c, const std::string& id) {
  const Env env{db_, clock_, bus_};
  return internal::DoGet(env, c, internal::CategoryResource(env), id);
}

Result<Page<Category>> CatalogManager::ListCategories(const Caller& c, CategoryFilter f,
                                                      const Window& w) {
  f.scope = c.read.catalogs;
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  if (f.parent_id && f.include_descendants) {
    EMPORION_ASSIGN_OR_RETURN(auto parent, storage::FindCategory(*tx, *f.parent_id));
    if (!parent) return Page<Category>{};
    f.under_path = parent->path;  // storage leaves the parent itself out
    f.parent_id.reset();
  }
  EMPORION_ASSIGN_OR_RETURN(auto page, storage::ListCategories(*tx, f, w));
  EMPORION_RETURN_IF_ERROR(internal::Decorator(*tx, clock_.Now()).Categories(page.items));
  return page;
}

Result<Category> CatalogManager::CreateCategory(const Caller& c, Category v) {
  const Env env{db_, clock_, bus_};
  return internal::DoCreate(env, c, internal::CategoryResource(env), std::move(v));
}

Result<Category> CatalogManager::UpdateCategory(const Caller& c, const std::string& id,
                                                std::optional<std::int64_t> if_match,
                                                const Mutator<Category>& m) {
  const Env env{db_, clock_, bus_};
  return internal::DoUpdate(env, c, internal::CategoryResource(env), id, if_match, m);
}

Status CatalogManager::DeleteCategory(const Caller& c, const std::string& id,
                                      std::optional<std::int64_t> if_match, bool cascade) {
  const Env env{db_, clock_, bus_};
  return internal::DoDelete(env, c, internal::CategoryResource(env), id, if_match, cascade);
}

Result<BulkOutcome> CatalogManager::BulkCategories(const Caller& c, std::vector<Category> items) {
  const Env env{db_, clock_, bus_};
  return internal::DoBulk(env, c, internal::CategoryResource(env), std::move(items));
}

Result<std::vector<Property>> CatalogManager::CategoryProperties(const Caller& c,
                                                                 const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  EMPORION_ASSIGN_OR_RETURN(auto category, storage::FindCategory(*tx, id));
  if (!category || !c.read.Allows(category->catalog_id)) return internal::Missing("category", id);
  EMPORION_ASSIGN_OR_RETURN(auto all, storage::PropertiesOfCatalog(*tx, category->catalog_id));
  const auto path = PathIds(category->path);
  std::vector<Property> out;
  for (const Property* p : ApplicableProperties(all, path)) out.push_back(*p);
  // Catalog-level first, then from the root down, so the origin of each is plain to see.
  std::stable_sort(out.begin(), out.end(), [&](const Property& a, const Property& b) {
    auto rank = [&](const Property& p) {
      if (!p.category_id) return -1L;
      return static_cast<long>(std::find(path.begin(), path.end(), *p.category_id) - path.begin());
    };
    return rank(a) < rank(b);
  });
  return out;
}

// --- CatalogService ----------------------------------------------------------------------------

namespace {
Caller SystemCaller() { return Caller{}; }
}  // namespace

Result<Product> CatalogManager::FindProduct(const std::string& id, ProductView view) {
  return GetProduct(SystemCaller(), id, view);
}

Result<std::vector<Product>> CatalogManager::FindProducts(const std::vector<std::string>& ids,
                                                          ProductView view) {
  ProductQuery q;
  q.ids = ids;
  Window w;
  w.limit = static_cast<int>(std::max<std::size_t>(ids.size(), 1));
  EMPORION_ASSIGN_OR_RETURN(auto page, ListProducts(SystemCaller(), q, w, view));
  return std::move(page.items);
}

Result<Product> CatalogManager::FindProductByCode(const std::string& code, ProductView view) {
  ProductQuery q;
  q.code = code;
  EMPORION_ASSIGN_OR_RETURN(auto page, ListProducts(SystemCaller(), q, Window{}, view));
  if (page.items.empty()) return Error::NotFound("no product with SKU '" + code + "'");
  return std::move(page.items.front());
}

Result<Page<Product>> CatalogManager::QueryProducts(const ProductQuery& query, const Window& window,
                                                    ProductView view) {
  return ListProducts(SystemCaller(), query, window, view);
}

Result<Category> CatalogManager::FindCategory(const std::string& id) {
  return GetCategory(SystemCaller(), id);
}

Result<Catalog> CatalogManager::FindCatalog(const std::string& id) {
  return GetCatalog(SystemCaller(), id);
}

// --- bulk reads (CatalogService) -------------------------------------------------------------

Result<std::unordered_map<std::string, std::string>> CatalogService::ProductIdsByCode(
    const std::vector<std::string>& codes) {
  std::unordered_map<std::string, std::string> out;
  for (const auto& code : codes) {
    if (out.count(code) != 0) continue;
    auto found = FindProductByCode(code, ProductView::kStored);
    if (found.ok()) {
      out.emplace(code, found->meta.id);
    } else if (found.error().code() != ErrorCode::kNotFound) {
      return std::move(found).error();
    }
  }
  return out;
}

Result<std::unordered_map<std::string, ProductTrackingFlags>> CatalogService::TrackingFlags(
    const std::vector<std::string>& ids) {
  EMPORION_ASSIGN_OR_RETURN(auto products, FindProducts(ids, ProductView::kStored));
  std::unordered_map<std::string, ProductTrackingFlags> out;
  for (auto& p : products) {
    out.emplace(p.meta.id, ProductTrackingFlags{std::move(p.main_product_id), p.track_inventory});
  }
  return out;
}

Result<std::vector<std::string>> CatalogService::ProductIdsAfter(const std::string&, int,
                                                                 ProductLevel) {
  return Error::Unavailable("ProductIdsAfter is not supported by this catalog service");
}
Result<std::int64_t> CatalogService::CountProducts() {
  return Error::Unavailable("CountProducts is not supported by this catalog service");
}
Result<std::vector<Category>> CatalogService::CategoriesAfter(const std::string&, int) {
  return Error::Unavailable("CategoriesAfter is not supported by this catalog service");
}
Result<std::int64_t> CatalogService::CountCategories() {
  return Error::Unavailable("CountCategories is not supported by this catalog service");
}
Result<std::vector<Catalog>> CatalogService::AllCatalogs() {
  return Error::Unavailable("AllCatalogs is not supported by this catalog service");
}
Result<std::vector<Property>> CatalogService::CatalogProperties(const std::string&) {
  return Error::Unavailable("CatalogProperties is not supported by this catalog service");
}
Result<std::vector<std::string>> CatalogService::ProductIdsUnder(const std::string&) {
  return Error::Unavailable("ProductIdsUnder is not supported by this catalog service");
}

Result<std::vector<std::string>> CatalogManager::ProductIdsAfter(const std::string& after_id,
                                                                 int limit, ProductLevel level) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  return storage::ProductIdsAfter(*tx, after_id, limit, level);
}

Result<std::unordered_map<std::string, std::string>> CatalogManager::ProductIdsByCode(
    const std::vector<std::string>& codes) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  return storage::ProductIdsByCode(*tx, codes);
}

Result<std::unordered_map<std::string, ProductTrackingFlags>> CatalogManager::TrackingFlags(
    const std::vector<std::string>& ids) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  return storage::TrackingFlags(*tx, ids);
}

Result<std::int64_t> CatalogManager::CountProducts() {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  return storage::CountRows(*tx, "catalog_products");
}

Result<std::vector<Category>> CatalogManager::CategoriesAfter(const std::string& after_id,
                                                              int limit) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  EMPORION_ASSIGN_OR_RETURN(auto ids, storage::CategoryIdsAfter(*tx, after_id, limit));
  if (ids.empty()) return std::vector<Category>{};
  EMPORION_ASSIGN_OR_RETURN(auto items, storage::FindCategories(*tx, ids));
  EMPORION_RETURN_IF_ERROR(internal::Decorator(*tx, clock_.Now()).Categories(items));
  std::sort(items.begin(), items.end(),
            [](const Category& a, const Category& b) { return a.meta.id < b.meta.id; });
  return items;
}

Result<std::int64_t> CatalogManager::CountCategories() {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  return storage::CountRows(*tx, "catalog_categories");
}

Result<std::vector<Catalog>> CatalogManager::AllCatalogs() {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  std::vector<Catalog> out;
  Window w;
  w.limit = 1000;
  for (;;) {
    EMPORION_ASSIGN_OR_RETURN(auto page, storage::ListCatalogs(*tx, CatalogFilter{}, w));
    const std::size_t got = page.items.size();
    for (auto& c : page.items) out.push_back(std::move(c));
    if (got < static_cast<std::size_t>(w.limit)) break;
    w.offset += w.limit;  // catalogs are few: OFFSET paging is fine here
  }
  return out;
}

Result<std::vector<Property>> CatalogManager::CatalogProperties(const std::string& catalog_id) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  return storage::PropertiesOfCatalog(*tx, catalog_id);
}

Result<std::vector<std::string>> CatalogManager::ProductIdsUnder(const std::string& category_id) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  EMPORION_ASSIGN_OR_RETURN(auto category, storage::FindCategory(*tx, category_id));
  if (!category) return std::vector<std::string>{};
  EMPORION_ASSIGN_OR_RETURN(auto refs, storage::CategoryRefsUnder(*tx, category->path, 0));
  std::vector<std::string> category_ids;
  category_ids.reserve(refs.size() + 1);
  for (const auto& r : refs) category_ids.push_back(r.id);
  if (std::find(category_ids.begin(), category_ids.end(), category_id) == category_ids.end()) {
    category_ids.push_back(category_id);
  }
  EMPORION_ASSIGN_OR_RETURN(auto out, storage::ProductIdsInCategories(*tx, category_ids));
  // Linked entries under these (virtual) categories: products directly, categories with their
  // physical subtrees.
  EMPORION_ASSIGN_OR_RETURN(auto links, storage::LinksUnderCategories(*tx, category_ids));
  std::vector<std::string> linked_categories;
  for (const auto& l : links) {
    if (l.entry_type == EntryType::kProduct) {
      out.push_back(l.entry_id);
    } else {
      EMPORION_ASSIGN_OR_RETURN(auto linked, storage::FindCategory(*tx, l.entry_id));
      if (!linked) continue;
      EMPORION_ASSIGN_OR_RETURN(auto below, storage::CategoryRefsUnder(*tx, linked->path, 0));
      for (const auto& r : below) linked_categories.push_back(r.id);
      linked_categories.push_back(linked->meta.id);
    }
  }
  if (!linked_categories.empty()) {
    EMPORION_ASSIGN_OR_RETURN(auto more, storage::ProductIdsInCategories(*tx, linked_categories));
    out.insert(out.end(), more.begin(), more.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace emporion::catalog
