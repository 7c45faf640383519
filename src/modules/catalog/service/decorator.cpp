#include <algorithm>
#include <set>

#include "modules/catalog/domain/rules.hpp"
#include "modules/catalog/domain/variation_merge.hpp"
#include "modules/catalog/service/internals.hpp"

namespace emporion::catalog::internal {
namespace {

std::vector<std::string> Unique(std::set<std::string> s) { return {s.begin(), s.end()}; }

}  // namespace

Result<const Catalog*> Decorator::GetCatalog(const std::string& id) {
  auto it = catalogs_.find(id);
  if (it == catalogs_.end()) {
    EMPORION_ASSIGN_OR_RETURN(auto found, storage::FindCatalog(tx_, id));
    it = catalogs_.emplace(id, std::move(found)).first;
  }
  return it->second ? &*it->second : nullptr;
}

Status Decorator::EnsureRefs(const std::vector<std::string>& ids) {
  std::vector<std::string> missing;
  for (const auto& id : ids) {
    if (refs_.count(id) == 0) missing.push_back(id);
  }
  std::sort(missing.begin(), missing.end());
  missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
  if (missing.empty()) return Ok();
  EMPORION_ASSIGN_OR_RETURN(auto refs, storage::FindCategoryRefs(tx_, missing));
  for (auto& r : refs) refs_.emplace(r.id, std::move(r));
  return Ok();
}

const CategoryRef* Decorator::Ref(const std::string& id) const {
  auto it = refs_.find(id);
  return it == refs_.end() ? nullptr : &it->second;
}

Result<const std::vector<Property>*> Decorator::PropertiesOf(const std::string& catalog_id) {
  auto it = properties_.find(catalog_id);
  if (it == properties_.end()) {
    EMPORION_ASSIGN_OR_RETURN(auto props, storage::PropertiesOfCatalog(tx_, catalog_id));
    it = properties_.emplace(catalog_id, std::move(props)).first;
  }
  return &it->second;
}

Status Decorator::CategoryChildren(std::vector<Category*> categories) {
  std::vector<std::string> ids;
  for (auto* c : categories) ids.push_back(c->meta.id);
  EMPORION_ASSIGN_OR_RETURN(auto seo, storage::SeoInfosOf(tx_, "Category", ids));
  for (auto* c : categories) {
    c->seo_infos.clear();
    for (const auto& s : seo) {
      if (s.object_id == c->meta.id) c->seo_infos.push_back(s);
    }
  }
  return Ok();
}

Status Decorator::ProductChildren(std::vector<Product*> products) {
  std::vector<std::string> ids;
  for (auto* p : products) ids.push_back(p->meta.id);
  EMPORION_ASSIGN_OR_RETURN(auto seo, storage::SeoInfosOf(tx_, "Product", ids));
  EMPORION_ASSIGN_OR_RETURN(auto assoc, storage::AssociationsOf(tx_, ids));
  std::unordered_map<std::string, Product*> by_id;
  for (auto* p : products) {
    p->seo_infos.clear();
    p->associations.clear();
    by_id[p->meta.id] = p;
  }
  for (auto& s : seo) {
    auto it = by_id.find(s.object_id);
    if (it != by_id.end()) it->second->seo_infos.push_back(std::move(s));
  }
  for (auto& a : assoc) {
    auto it = by_id.find(a.product_id);
    if (it != by_id.end()) it->second->associations.push_back(std::move(a));
  }
  return Ok();
}

Status Decorator::Categories(std::vector<Category>& categories) {
  std::vector<Category*> ptrs;
  std::vector<std::string> path_ids;
  for (auto& c : categories) {
    ptrs.push_back(&c);
    for (auto& id : PathIds(c.path)) path_ids.push_back(std::move(id));
  }
  EMPORION_RETURN_IF_ERROR(CategoryChildren(ptrs));
  EMPORION_RETURN_IF_ERROR(EnsureRefs(path_ids));
  for (auto& c : categories) {
    EMPORION_ASSIGN_OR_RETURN(const Catalog* catalog, GetCatalog(c.catalog_id));
    c.outline = BuildOutline(c.catalog_id, catalog != nullptr ? catalog->name : "", PathIds(c.path),
                             refs_, std::nullopt);
  }
  return Ok();
}

Status Decorator::Products(std::vector<Product>& products, ProductView view) {
  // Child rows of the products and of the main products of variations.
  std::unordered_map<std::string, const Product*> by_id;
  std::vector<Product*> ptrs;
  for (auto& p : products) {
    ptrs.push_back(&p);
    by_id[p.meta.id] = &p;
  }
  EMPORION_RETURN_IF_ERROR(ProductChildren(ptrs));
  std::set<std::string> main_ids;
  for (const auto& p : products) {
    if (p.main_product_id && by_id.count(*p.main_product_id) == 0) {
      main_ids.insert(*p.main_product_id);
    }
  }
  EMPORION_ASSIGN_OR_RETURN(auto mains, storage::FindProducts(tx_, Unique(main_ids)));
  std::vector<Product*> main_ptrs;
  for (auto& m : mains) main_ptrs.push_back(&m);
  EMPORION_RETURN_IF_ERROR(ProductChildren(main_ptrs));
  for (const auto& m : mains) by_id.emplace(m.meta.id, &m);

  std::vector<std::string> main_product_ids;
  for (const auto& p : products) {
    if (!p.main_product_id) main_product_ids.push_back(p.meta.id);
  }
  EMPORION_ASSIGN_OR_RETURN(auto variations, storage::VariationIds(tx_, main_product_ids));

  // Merge first (from unmerged copies, so a main product in the same list stays as stored).
  std::vector<Product> merged;
  merged.reserve(products.size());
  for (const auto& p : products) {
    const Product* main = nullptr;
    if (p.main_product_id) {
      auto it = by_id.find(*p.main_product_id);
      if (it != by_id.end()) main = it->second;
    }
    if (main == nullptr) {
      merged.push_back(p);
      continue;
    }
    EMPORION_ASSIGN_OR_RETURN(const std::vector<Property>* props, PropertiesOf(p.catalog_id));
    merged.push_back(MergeVariation(p, *main, [props](const std::string& id) {
      for (const auto& d : *props) {
        if (d.meta.id == id) return std::optional<PropertyType>(d.type);
      }
      return std::optional<PropertyType>();
    }));
  }

  // Outlines: the physical path through the (effective) category, and one per link that
  // brings the product in (directly, through its main product, or through a linked ancestor).
  std::vector<std::string> category_ids;
  for (const auto& m : merged) {
    if (m.category_id) category_ids.push_back(*m.category_id);
  }
  EMPORION_RETURN_IF_ERROR(EnsureRefs(category_ids));
  std::vector<std::string> entry_ids;
  for (const auto& m : merged) {
    entry_ids.push_back(m.meta.id);
    if (m.main_product_id) entry_ids.push_back(*m.main_product_id);
    if (m.category_id) {
      if (const CategoryRef* ref = Ref(*m.category_id)) {
        for (auto& id : PathIds(ref->path)) entry_ids.push_back(std::move(id));
      }
    }
  }
  EMPORION_RETURN_IF_ERROR(EnsureRefs(entry_ids));
  std::sort(entry_ids.begin(), entry_ids.end());
  entry_ids.erase(std::unique(entry_ids.begin(), entry_ids.end()), entry_ids.end());
  EMPORION_ASSIGN_OR_RETURN(auto links, storage::LinksToEntries(tx_, entry_ids));
  std::vector<std::string> virtual_ids;
  for (const auto& l : links) {
    if (l.category_id) virtual_ids.push_back(*l.category_id);
  }
  EMPORION_RETURN_IF_ERROR(EnsureRefs(virtual_ids));
  virtual_ids.clear();
  for (const auto& l : links) {
    if (l.category_id) {
      if (const CategoryRef* ref = Ref(*l.category_id)) {
        for (auto& id : PathIds(ref->path)) virtual_ids.push_back(std::move(id));
      }
    }
  }
  EMPORION_RETURN_IF_ERROR(EnsureRefs(virtual_ids));

  for (std::size_t i = 0; i < products.size(); ++i) {
    Product& p = products[i];
    const Product& m = merged[i];
    const OutlineItem self{"product", p.meta.id, p.code, m.name, false};
    std::vector<std::string> chain;
    if (m.category_id) {
      if (const CategoryRef* ref = Ref(*m.category_id)) chain = PathIds(ref->path);
    }
    std::vector<Outline> outlines;
    EMPORION_ASSIGN_OR_RETURN(const Catalog* own, GetCatalog(m.catalog_id));
    outlines.push_back(
        BuildOutline(m.catalog_id, own != nullptr ? own->name : "", chain, refs_, self));
    for (const auto& l : links) {
      std::vector<std::string> vchain;
      if (l.category_id) {
        if (const CategoryRef* ref = Ref(*l.category_id)) vchain = PathIds(ref->path);
      }
      const std::size_t linked_from = vchain.size();
      OutlineItem item = self;
      if (l.entry_type == EntryType::kProduct) {
        if (l.entry_id != m.meta.id && (!m.main_product_id || l.entry_id != *m.main_product_id)) {
          continue;
        }
        item.linked = true;
      } else {
        auto pos = std::find(chain.begin(), chain.end(), l.entry_id);
        if (pos == chain.end()) continue;
        vchain.insert(vchain.end(), pos, chain.end());
      }
      EMPORION_ASSIGN_OR_RETURN(const Catalog* vc, GetCatalog(l.catalog_id));
      outlines.push_back(BuildOutline(l.catalog_id, vc != nullptr ? vc->name : "", vchain, refs_,
                                      item, linked_from));
    }

    const Product* main = nullptr;
    if (p.main_product_id) {
      auto it = by_id.find(*p.main_product_id);
      if (it != by_id.end()) main = it->second;
    }
    const bool sellable = IsSellable(m, now_, main == nullptr || main->is_active.value_or(true));
    auto vit = variations.find(p.meta.id);
    std::vector<std::string> variation_ids =
        vit == variations.end() ? std::vector<std::string>{} : vit->second;
    if (view == ProductView::kMerged) p = merged[i];
    p.outlines = std::move(outlines);
    p.variations = std::move(variation_ids);
    p.is_sellable = sellable;
  }
  return Ok();
}

}  // namespace emporion::catalog::internal
