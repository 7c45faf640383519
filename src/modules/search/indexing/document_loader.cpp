#include "modules/search/indexing/document_loader.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "modules/search/indexing/category_documents.hpp"
#include "modules/search/indexing/member_documents.hpp"
#include "modules/search/indexing/product_documents.hpp"

namespace emporion::search_module {
namespace {

// Marks a rebuild cursor of the variations' pass (ids are of A-Z a-z 0-9 . _ ~ -).
constexpr char kVariationsCursor = '\x01';

using catalog::Product;
using catalog::ProductView;

template <typename T>
std::unordered_map<std::string, std::vector<T>> ByProduct(std::vector<T> items) {
  std::unordered_map<std::string, std::vector<T>> out;
  for (auto& item : items) {
    auto& bucket = out[item.product_id];
    bucket.push_back(std::move(item));
  }
  return out;
}

Result<std::unordered_map<std::string, catalog::Catalog>> CatalogsById(
    catalog::CatalogService& catalog) {
  EMPORION_ASSIGN_OR_RETURN(auto all, catalog.AllCatalogs());
  std::unordered_map<std::string, catalog::Catalog> out;
  for (auto& c : all) out.emplace(c.meta.id, std::move(c));
  return out;
}

}  // namespace

Result<LoadedBatch> DocumentLoader::Products(const std::vector<std::string>& requested,
                                             bool related) {
  LoadedBatch out;
  if (requested.empty()) return out;
  EMPORION_ASSIGN_OR_RETURN(auto products,
                            s_.catalog.FindProducts(requested, ProductView::kMerged));
  std::unordered_set<std::string> have;
  for (const auto& p : products) have.insert(p.meta.id);
  for (const auto& id : requested) {
    if (have.count(id) == 0) out.missing.push_back(id);
  }
  // Variations of the main products and main products of the variations.
  std::set<std::string> extra;
  for (const auto& p : products) {
    for (const auto& v : p.variations) {
      if (have.count(v) == 0) extra.insert(v);
    }
    if (p.main_product_id && have.count(*p.main_product_id) == 0) extra.insert(*p.main_product_id);
  }
  std::vector<Product> others;
  if (!extra.empty()) {
    EMPORION_ASSIGN_OR_RETURN(
        others, s_.catalog.FindProducts(std::vector<std::string>(extra.begin(), extra.end()),
                                        ProductView::kMerged));
  }
  std::unordered_map<std::string, const Product*> by_id;
  for (const auto& p : products) by_id.emplace(p.meta.id, &p);
  for (const auto& p : others) by_id.emplace(p.meta.id, &p);
  // A main product rebuilt because one of its variations changed lists every variation, not
  // only those of this batch: load the missing siblings (not re-indexed themselves).
  std::vector<Product> siblings;
  if (related) {
    std::set<std::string> missing;
    for (const auto& p : others) {
      for (const auto& v : p.variations) {
        if (by_id.count(v) == 0) missing.insert(v);
      }
    }
    if (!missing.empty()) {
      EMPORION_ASSIGN_OR_RETURN(
          siblings,
          s_.catalog.FindProducts(std::vector<std::string>(missing.begin(), missing.end()),
                                  ProductView::kMerged));
      for (const auto& p : siblings) by_id.emplace(p.meta.id, &p);
    }
  }

  std::vector<const Product*> targets;
  for (const auto& p : products) targets.push_back(&p);
  if (related) {
    for (const auto& p : others) targets.push_back(&p);
  }

  std::vector<std::string> all_ids;
  all_ids.reserve(by_id.size());
  for (const auto& [id, p] : by_id) all_ids.push_back(id);
  EMPORION_ASSIGN_OR_RETURN(auto prices, s_.pricing.PricesOfProducts(all_ids));
  EMPORION_ASSIGN_OR_RETURN(auto stock, s_.inventory.StockOfProducts(all_ids));
  auto prices_of = ByProduct(std::move(prices));
  auto stock_of = ByProduct(std::move(stock));

  ProductSources sources;
  EMPORION_ASSIGN_OR_RETURN(sources.catalogs, CatalogsById(s_.catalog));
  std::set<std::string> catalog_ids;
  for (const auto* p : targets) catalog_ids.insert(p->catalog_id);
  for (const auto& id : catalog_ids) {
    EMPORION_ASSIGN_OR_RETURN(auto props, s_.catalog.CatalogProperties(id));
    for (auto& prop : props) sources.properties.emplace(prop.meta.id, std::move(prop));
  }
  EMPORION_ASSIGN_OR_RETURN(auto lists, s_.pricing.AllPriceLists());
  for (auto& l : lists) sources.price_lists.emplace(l.meta.id, std::move(l));

  static const std::vector<pricing::Price> kNoPrices;
  static const std::vector<inventory::InventoryRecord> kNoStock;
  auto prices_for = [&](const std::string& id) -> const std::vector<pricing::Price>& {
    auto it = prices_of.find(id);
    return it == prices_of.end() ? kNoPrices : it->second;
  };
  auto stock_for = [&](const std::string& id) -> const std::vector<inventory::InventoryRecord>& {
    auto it = stock_of.find(id);
    return it == stock_of.end() ? kNoStock : it->second;
  };

  const Timestamp now = s_.clock.Now();
  out.documents.reserve(targets.size());
  for (const Product* p : targets) {
    ProductInput in;
    in.product = p;
    in.prices = prices_for(p->meta.id);
    if (p->main_product_id) in.main_prices = prices_for(*p->main_product_id);
    in.stock = stock_for(p->meta.id);
    for (const auto& vid : p->variations) {
      auto it = by_id.find(vid);
      if (it == by_id.end()) continue;
      in.variations.push_back({it->second, prices_for(vid), stock_for(vid)});
    }
    out.stock_signatures.emplace_back(p->meta.id, StockSignature(p->meta.id, in.stock));
    auto built = BuildProductDocument(in, sources, now);
    if (built.next_price_change)
      out.price_changes.emplace_back(p->meta.id, *built.next_price_change);
    out.documents.push_back(std::move(built.document));
  }
  return out;
}

Result<LoadedBatch> DocumentLoader::Categories(const std::vector<std::string>& ids) {
  LoadedBatch out;
  if (ids.empty()) return out;
  EMPORION_ASSIGN_OR_RETURN(auto catalogs, CatalogsById(s_.catalog));
  for (const auto& id : ids) {
    auto c = s_.catalog.FindCategory(id);
    if (!c.ok()) {
      if (c.error().code() != ErrorCode::kNotFound) return c.error();
      out.missing.push_back(id);
      continue;
    }
    out.documents.push_back(BuildCategoryDocument(*c, catalogs));
  }
  return out;
}

Result<LoadedBatch> DocumentLoader::Members(const std::vector<std::string>& ids) {
  LoadedBatch out;
  for (const auto& id : ids) {
    EMPORION_ASSIGN_OR_RETURN(auto m, s_.members.FindMember(id));
    if (!m) {
      out.missing.push_back(id);
      continue;
    }
    out.documents.push_back(BuildMemberDocument(*m));
  }
  return out;
}

Result<LoadedBatch> DocumentLoader::Page(const std::string& type, const std::string& after_id,
                                         int limit, std::string& next) {
  next.clear();
  if (type == kProductType) {
    // Main products first, then variations (their cursors start with kVariationsCursor): a
    // storefront's answer sets hold main products only, so a rebuilt index gives them its first
    // ids and its bitmaps' first chunks (a quarter of the chunks when each product has three
    // variations), and facet counts and intersections visit only those chunks.
    const bool variations = !after_id.empty() && after_id.front() == kVariationsCursor;
    const std::string after = variations ? after_id.substr(1) : after_id;
    EMPORION_ASSIGN_OR_RETURN(
        auto ids, s_.catalog.ProductIdsAfter(after, limit,
                                             variations ? catalog::ProductLevel::kVariations
                                                        : catalog::ProductLevel::kMainProducts));
    if (static_cast<int>(ids.size()) == limit) {
      next = variations ? kVariationsCursor + ids.back() : ids.back();
    } else if (!variations) {
      next = std::string(1, kVariationsCursor);
    }
    return Products(ids, false);
  }
  LoadedBatch out;
  if (type == kCategoryType) {
    EMPORION_ASSIGN_OR_RETURN(auto categories, s_.catalog.CategoriesAfter(after_id, limit));
    if (static_cast<int>(categories.size()) == limit) next = categories.back().meta.id;
    EMPORION_ASSIGN_OR_RETURN(auto catalogs, CatalogsById(s_.catalog));
    for (const auto& c : categories) out.documents.push_back(BuildCategoryDocument(c, catalogs));
    return out;
  }
  if (type == kMemberType) {
    EMPORION_ASSIGN_OR_RETURN(auto members, s_.members.MembersAfter(after_id, limit));
    if (static_cast<int>(members.size()) == limit) next = members.back().meta.id;
    for (const auto& m : members) out.documents.push_back(BuildMemberDocument(m));
    return out;
  }
  return Error::NotFound("no search index '" + type + "'");
}

Result<std::int64_t> DocumentLoader::Count(const std::string& type) {
  if (type == kProductType) return s_.catalog.CountProducts();
  if (type == kCategoryType) return s_.catalog.CountCategories();
  if (type == kMemberType) return s_.members.CountMembers();
  return Error::NotFound("no search index '" + type + "'");
}

}  // namespace emporion::search_module
