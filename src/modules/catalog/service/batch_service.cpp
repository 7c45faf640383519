// Import and mass-update batches: many records in one unit of work, each validated and written
// by the same Resource flows as the API's create/update/bulk, skipping bad records.
#include <algorithm>
#include <cstddef>
#include <functional>
#include <type_traits>
#include <unordered_set>

#include "modules/catalog/service/internals.hpp"
#include "platform/db/batched_inserts.hpp"

namespace emporion::catalog {

using internal::Env;
using internal::WriteTx;

namespace {

bool Fatal(const Error& e) {
  return e.code() == ErrorCode::kInternal || e.code() == ErrorCode::kUnavailable;
}

/// Fills the child rows a product record leaves out (absent members keep what is stored).
Status KeepChildren(WriteTx& w, const ImportRecord& rec, Product& v) {
  if (!rec.keep_associations && !rec.keep_seo) return Ok();
  std::optional<Product> existing;
  if (!v.meta.id.empty()) {
    EMPORION_ASSIGN_OR_RETURN(existing, storage::FindProduct(w.tx(), v.meta.id));
  } else if (!v.code.empty()) {
    EMPORION_ASSIGN_OR_RETURN(existing, storage::FindProductByCode(w.tx(), v.code));
  }
  if (!existing) return Ok();
  EMPORION_RETURN_IF_ERROR(internal::Decorator(w.tx(), 0).ProductChildren({&*existing}));
  if (rec.keep_associations) v.associations = existing->associations;
  if (rec.keep_seo) v.seo_infos = existing->seo_infos;
  return Ok();
}

/// Resolves `mainProductSku` and `categoryCode` of a CSV row.
Status ResolveCodes(WriteTx& w, const ImportRecord& rec, Product& v) {
  if (rec.main_product_code && !v.main_product_id) {
    EMPORION_ASSIGN_OR_RETURN(auto main, storage::FindProductByCode(w.tx(), *rec.main_product_code));
    if (!main) {
      return internal::Invalid(
          {{"mainProductSku", "no product with SKU '" + *rec.main_product_code + "'"}});
    }
    v.main_product_id = main->meta.id;
  }
  if (rec.category_code && !v.category_id) {
    EMPORION_ASSIGN_OR_RETURN(
        auto category, storage::FindCategoryByCode(w.tx(), v.catalog_id, *rec.category_code));
    if (!category) {
      return internal::Invalid({{"categoryCode", "no category with code '" + *rec.category_code +
                                                     "' in catalog '" + v.catalog_id + "'"}});
    }
    v.category_id = category->meta.id;
  }
  return Ok();
}

/// Values per look-up query of Prefetch.
constexpr std::size_t kLookupChunk = 1000;

/// Runs `lookup` over `values` (sorted, without duplicates) in chunks; merges the answers.
template <typename Set>
Status LookUp(std::vector<std::string>& values,
              const std::function<Result<Set>(const std::vector<std::string>&)>& lookup,
              const std::function<void(Set&)>& merge) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  for (std::size_t i = 0; i < values.size(); i += kLookupChunk) {
    const auto first = values.begin() + static_cast<std::ptrdiff_t>(i);
    const std::vector<std::string> chunk(
        first, first + static_cast<std::ptrdiff_t>(std::min(kLookupChunk, values.size() - i)));
    EMPORION_ASSIGN_OR_RETURN(Set found, lookup(chunk));
    merge(found);
  }
  return Ok();
}

/// Looks up, for the product and association records of a batch at once, which product ids and
/// SKUs no row has, which SEO slugs no row holds and which products exist (WriteCache), so the
/// records' own checks need no query each: a few queries per batch instead of several per
/// product.
Status Prefetch(WriteTx& w, const std::vector<ImportRecord>& records, std::size_t from,
                std::size_t to) {
  std::vector<std::string> ids;
  std::vector<std::string> codes;
  std::vector<std::string> slugs;
  std::vector<std::string> slug_keys;
  const auto target = [&](const ProductAssociation& a) {
    if (a.associated_object_type == EntryType::kProduct) ids.push_back(a.associated_object_id);
  };
  for (std::size_t i = from; i < to; ++i) {
    if (const auto* a = std::get_if<ProductAssociation>(&records[i].value)) target(*a);
    const auto* p = std::get_if<Product>(&records[i].value);
    if (p == nullptr) continue;
    if (!p->meta.id.empty()) ids.push_back(p->meta.id);
    if (!p->code.empty()) codes.push_back(p->code);
    for (const auto& s : p->seo_infos) {
      slugs.push_back(s.semantic_url);
      slug_keys.push_back(internal::SlugKey(s));
    }
    for (const auto& a : p->associations) target(a);
  }
  auto& cache = w.cache;
  using Found = std::unordered_set<std::string>;
  EMPORION_RETURN_IF_ERROR(LookUp<Found>(
      ids, [&](const auto& chunk) { return storage::ExistingProductIds(w.tx(), chunk); },
      [&](Found& found) { cache.present_products.merge(found); }));
  for (const auto& id : ids) {
    if (cache.present_products.count(id) == 0) cache.absent_product_ids.insert(id);
  }
  Found taken;
  EMPORION_RETURN_IF_ERROR(LookUp<Found>(
      codes, [&](const auto& chunk) { return storage::TakenProductCodes(w.tx(), chunk); },
      [&](Found& found) { taken.merge(found); }));
  for (const auto& code : codes) {
    if (taken.count(code) == 0) cache.absent_codes.insert(code);
  }
  Found held;
  EMPORION_RETURN_IF_ERROR(LookUp<std::vector<SeoInfo>>(
      slugs, [&](const auto& chunk) { return storage::SeoInfosWithSlugs(w.tx(), chunk); },
      [&](std::vector<SeoInfo>& found) {
        for (const auto& s : found) held.insert(internal::SlugKey(s));
      }));
  for (const auto& key : slug_keys) {
    if (held.count(key) == 0) cache.free_slugs.insert(key);
  }
  return Ok();
}

/// Whether the batch's look-ups showed that `p` names no stored product (by id, else by SKU).
bool KnownNew(const WriteTx& w, const Product& p) {
  if (!p.meta.id.empty()) return w.cache.absent_product_ids.count(p.meta.id) != 0;
  return !p.code.empty() && w.cache.absent_codes.count(p.code) != 0;
}

/// Applies one record; returns true for an update, false for a create.
Result<bool> ApplyRecord(const Env& env, WriteTx& w, ImportRecord& rec) {
  return std::visit(
      [&](auto& v) -> Result<bool> {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Catalog>) {
          return internal::UpsertItem(w, internal::CatalogResource(env), std::move(v), "");
        } else if constexpr (std::is_same_v<T, Category>) {
          return internal::UpsertItem(w, internal::CategoryResource(env), std::move(v), "");
        } else if constexpr (std::is_same_v<T, Product>) {
          EMPORION_RETURN_IF_ERROR(ResolveCodes(w, rec, v));
          const auto r = internal::ProductResource(env);
          if (KnownNew(w, v)) {
            // What UpsertItem does for a product it finds no row of, without looking again.
            EMPORION_ASSIGN_OR_RETURN(Product saved, r.save(w, std::move(v), std::nullopt, ""));
            (void)saved;
            return false;
          }
          EMPORION_RETURN_IF_ERROR(KeepChildren(w, rec, v));
          return internal::UpsertItem(w, r, std::move(v), "");
        } else if constexpr (std::is_same_v<T, PropertyRecord>) {
          const std::string catalog_id = v.property.catalog_id;
          const std::string name = v.property.name;
          EMPORION_ASSIGN_OR_RETURN(
              bool updated,
              internal::UpsertItem(w, internal::PropertyResource(env), v.property, ""));
          EMPORION_ASSIGN_OR_RETURN(auto stored,
                                    storage::FindPropertyByName(w.tx(), catalog_id, name));
          if (!stored) return internal::Missing("property", name);
          for (std::size_t i = 0; i < v.items.size(); ++i) {
            auto& item = v.items[i];
            item.property_id = stored->meta.id;
            auto saved = internal::UpsertItem(w, internal::DictionaryResource(stored->meta.id),
                                              std::move(item),
                                              "dictionaryItems[" + std::to_string(i) + "].");
            if (!saved.ok()) return std::move(saved).error();
          }
          return updated;
        } else if constexpr (std::is_same_v<T, CatalogLink>) {
          const std::string catalog_id = v.catalog_id;
          return internal::UpsertItem(w, internal::LinkResource(catalog_id), std::move(v), "");
        } else if constexpr (std::is_same_v<T, ProductAssociation>) {
          const std::string product_id = v.product_id;
          return internal::UpsertItem(w, internal::AssociationResource(product_id), std::move(v),
                                      "");
        } else {
          static_assert(std::is_same_v<T, ProductPatch>);
          const auto r = internal::ProductResource(env);
          EMPORION_ASSIGN_OR_RETURN(Product existing,
                                    internal::LoadForChange(w, r, v.product_id, std::nullopt));
          Product next = existing;
          EMPORION_RETURN_IF_ERROR(v.apply(next));
          next.meta.id = v.product_id;
          std::optional<Product> before(std::move(existing));
          EMPORION_ASSIGN_OR_RETURN(Product saved, r.save(w, std::move(next), before, ""));
          (void)saved;
          return true;
        }
      },
      rec.value);
}

/// One attempt: every record in one unit of work. A fatal error or a failed commit returns an
/// error (nothing of the batch is kept). An attempt of several records looks its products up
/// at once (Prefetch) and writes rows with multi-row INSERTs (db::BatchedInserts: an insert's
/// own error then surfaces later, failing the attempt, and the record-by-record replay names
/// the record).
Result<BatchOutcome> Attempt(const Env& env, const Caller& c, std::vector<ImportRecord>& records,
                             std::size_t from, std::size_t to) {
  EMPORION_ASSIGN_OR_RETURN(auto uow, env.Begin(c));
  db::BatchedInserts batched(uow.tx());
  WriteTx w{uow, c};
  if (to - from > 1) {
    w.batched = &batched;
    EMPORION_RETURN_IF_ERROR(Prefetch(w, records, from, to));
  }
  BatchOutcome out;
  for (std::size_t i = from; i < to; ++i) {
    // A copy: a failed attempt is replayed record by record from the originals.
    ImportRecord rec = records[i];
    auto r = ApplyRecord(env, w, rec);
    if (!r.ok()) {
      if (Fatal(r.error())) return r.error();
      ++out.failed;
      out.errors.push_back({rec.ref, r.error()});
      continue;
    }
    ++(*r ? out.updated : out.created);
  }
  EMPORION_RETURN_IF_ERROR(batched.Flush());
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return out;
}

}  // namespace

Result<BatchOutcome> CatalogManager::ApplyBatch(const Caller& c,
                                                std::vector<ImportRecord>& records) {
  const Env env{db_, clock_, bus_};
  auto whole = Attempt(env, c, records, 0, records.size());
  if (whole.ok() || records.size() <= 1) {
    if (whole.ok() || whole.error().code() == ErrorCode::kUnavailable) return whole;
    BatchOutcome one;
    one.failed = 1;
    one.errors.push_back({records.front().ref, whole.error()});
    return one;
  }
  if (whole.error().code() == ErrorCode::kUnavailable) return whole.error();
  BatchOutcome out;
  for (std::size_t i = 0; i < records.size(); ++i) {
    auto single = Attempt(env, c, records, i, i + 1);
    if (!single.ok()) {
      if (single.error().code() == ErrorCode::kUnavailable) return single.error();
      ++out.failed;
      out.errors.push_back({records[i].ref, single.error()});
      continue;
    }
    out.created += single->created;
    out.updated += single->updated;
    out.failed += single->failed;
    for (auto& e : single->errors) out.errors.push_back(std::move(e));
  }
  return out;
}

}  // namespace emporion::catalog
