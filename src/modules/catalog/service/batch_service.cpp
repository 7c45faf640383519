// Import and mass-update batches: many records in one unit of work, each validated and written
// by the same Resource flows as the API's create/update/bulk, skipping bad records.
#include <type_traits>

#include "modules/catalog/service/internals.hpp"

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
          EMPORION_RETURN_IF_ERROR(KeepChildren(w, rec, v));
          return internal::UpsertItem(w, internal::ProductResource(env), std::move(v), "");
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
/// error (nothing of the batch is kept).
Result<BatchOutcome> Attempt(const Env& env, const Caller& c, std::vector<ImportRecord>& records,
                             std::size_t from, std::size_t to) {
  EMPORION_ASSIGN_OR_RETURN(auto uow, env.Begin(c));
  WriteTx w{uow, c};
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
