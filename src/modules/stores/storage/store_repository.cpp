#include "modules/stores/storage/store_repository.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "modules/stores/codec/store_json.hpp"

namespace emporion::stores::storage {
namespace {

using db::Param;

const std::string kSelect =
    "SELECT id, doc, version, created_at, created_by, modified_at, modified_by FROM stores_stores";

Result<Store> FromRow(const db::Row& row) {
  EMPORION_ASSIGN_OR_RETURN(auto doc, json::ParseObject(row.Text(1)));
  auto parsed = codec::StoreFromJson(doc, "");
  if (!parsed.ok()) return Error::Internal("stored store document is malformed");
  Store s = std::move(parsed).value();
  s.meta.id = row.Text(0);
  s.meta.version = row.Int(2);
  s.meta.created_at = row.Int(3);
  s.meta.created_by = row.Text(4);
  s.meta.modified_at = row.Int(5);
  s.meta.modified_by = row.Text(6);
  return s;
}

Status Run(db::Transaction& tx, std::string_view sql, const db::Params& p) {
  auto r = tx.Exec(sql, p);
  if (!r.ok()) return r.error();
  return Ok();
}

Status WriteCenters(db::Transaction& tx, const Store& s) {
  EMPORION_RETURN_IF_ERROR(
      Run(tx, "DELETE FROM stores_fulfillment_centers WHERE store_id = ?", {Param(s.meta.id)}));
  const std::string insert =
      "INSERT INTO stores_fulfillment_centers (store_id, fulfillment_center_id, role, position) "
      "VALUES (?, ?, ?, ?)";
  if (s.main_fulfillment_center_id) {
    EMPORION_RETURN_IF_ERROR(
        Run(tx, insert,
            {Param(s.meta.id), Param(*s.main_fulfillment_center_id), Param("main"), Param(0)}));
  }
  for (std::size_t i = 0; i < s.additional_fulfillment_center_ids.size(); ++i) {
    EMPORION_RETURN_IF_ERROR(Run(tx, insert,
                                 {Param(s.meta.id), Param(s.additional_fulfillment_center_ids[i]),
                                  Param("additional"), Param(static_cast<std::int64_t>(i))}));
  }
  if (s.returns_fulfillment_center_id) {
    EMPORION_RETURN_IF_ERROR(Run(
        tx, insert,
        {Param(s.meta.id), Param(*s.returns_fulfillment_center_id), Param("returns"), Param(0)}));
  }
  return Ok();
}

std::string InList(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
  return out;
}

}  // namespace

const std::vector<std::string>& StoreSortFields() {
  static const std::vector<std::string> kFields = {"name", "id", "storeState", "createdAt",
                                                   "modifiedAt"};
  return kFields;
}

Result<std::optional<Store>> FindStore(db::Transaction& tx, const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(auto row, tx.QueryOne(kSelect + " WHERE id = ?", {Param(id)}));
  if (!row) return std::optional<Store>{};
  EMPORION_ASSIGN_OR_RETURN(auto s, FromRow(*row));
  return std::optional<Store>(std::move(s));
}

Result<std::pair<std::vector<Store>, std::int64_t>> ListStores(db::Transaction& tx,
                                                               const StoreFilter& f,
                                                               const Window& w) {
  std::vector<std::string> clauses;
  db::Params params;
  auto in = [&](const std::string& column, const std::vector<std::string>& values) {
    if (values.empty()) {
      clauses.emplace_back("1 = 0");
      return;
    }
    clauses.push_back(column + " IN (" + InList(values.size()) + ")");
    for (const auto& v : values) params.push_back(Param(v));
  };
  if (f.scope) in("id", *f.scope);
  if (f.ids) in("id", *f.ids);
  if (f.q) {
    std::string like = "%";
    for (char c : *f.q) {
      if (c == '%' || c == '_' || c == '!') like.push_back('!');
      like.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    like += "%";
    clauses.emplace_back("(LOWER(name) LIKE ? ESCAPE '!' OR LOWER(id) LIKE ? ESCAPE '!')");
    params.push_back(Param(like));
    params.push_back(Param(like));
  }
  if (f.catalog_id) {
    clauses.emplace_back("catalog_id = ?");
    params.push_back(Param(*f.catalog_id));
  }
  if (f.store_state) {
    clauses.emplace_back("store_state = ?");
    params.push_back(Param(*f.store_state));
  }
  if (f.outer_id) {
    clauses.emplace_back("outer_id = ?");
    params.push_back(Param(*f.outer_id));
  }
  if (f.fulfillment_center_id) {
    clauses.emplace_back(
        "id IN (SELECT store_id FROM stores_fulfillment_centers WHERE fulfillment_center_id = ?)");
    params.push_back(Param(*f.fulfillment_center_id));
  }
  std::string where;
  for (std::size_t i = 0; i < clauses.size(); ++i) {
    where += (i == 0 ? " WHERE " : " AND ") + clauses[i];
  }
  EMPORION_ASSIGN_OR_RETURN(auto count,
                            tx.QueryOne("SELECT COUNT(*) FROM stores_stores" + where, params));
  std::pair<std::vector<Store>, std::int64_t> out;
  out.second = count ? count->Int(0) : 0;
  if (w.limit == 0 || out.second <= w.offset) return out;
  static const std::map<std::string, std::string> kColumns = {{"name", "name"},
                                                              {"id", "id"},
                                                              {"storeState", "store_state"},
                                                              {"createdAt", "created_at"},
                                                              {"modifiedAt", "modified_at"}};
  std::string order;
  for (const auto& s : w.sort) {
    auto it = kColumns.find(s.field);
    if (it == kColumns.end()) continue;
    order += (order.empty() ? "" : ", ") + it->second + (s.descending ? " DESC" : " ASC");
  }
  if (order.empty()) order = "name";
  params.push_back(Param(std::int64_t{w.limit}));
  params.push_back(Param(std::int64_t{w.offset}));
  EMPORION_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query(kSelect + where + " ORDER BY " + order + ", id ASC LIMIT ? OFFSET ?", params));
  for (const auto& row : rows) {
    EMPORION_ASSIGN_OR_RETURN(auto s, FromRow(row));
    out.first.push_back(std::move(s));
  }
  return out;
}

Status InsertStore(db::Transaction& tx, const Store& s) {
  EMPORION_RETURN_IF_ERROR(Run(
      tx,
      "INSERT INTO stores_stores (id, name, catalog_id, store_state, main_fulfillment_center_id, "
      "outer_id, doc, version, created_at, created_by, modified_at, modified_by) VALUES (?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {Param(s.meta.id), Param(s.name), Param(s.catalog_id), Param(ToString(s.store_state)),
       Param(s.main_fulfillment_center_id), Param(s.outer_id), Param(codec::ToJson(s)),
       Param(s.meta.version), Param(s.meta.created_at), Param(s.meta.created_by),
       Param(s.meta.modified_at), Param(s.meta.modified_by)}));
  return WriteCenters(tx, s);
}

Status UpdateStore(db::Transaction& tx, const Store& s, std::int64_t expected_version) {
  EMPORION_ASSIGN_OR_RETURN(
      auto changed,
      tx.Exec("UPDATE stores_stores SET name = ?, catalog_id = ?, store_state = ?, "
              "main_fulfillment_center_id = ?, outer_id = ?, doc = ?, version = ?, modified_at = "
              "?, modified_by = ? WHERE id = ? AND version = ?",
              {Param(s.name), Param(s.catalog_id), Param(ToString(s.store_state)),
               Param(s.main_fulfillment_center_id), Param(s.outer_id), Param(codec::ToJson(s)),
               Param(s.meta.version), Param(s.meta.modified_at), Param(s.meta.modified_by),
               Param(s.meta.id), Param(expected_version)}));
  if (changed != 1) {
    return Error::PreconditionFailed("store '" + s.meta.id +
                                     "' was changed or deleted by another request");
  }
  return WriteCenters(tx, s);
}

Status DeleteStore(db::Transaction& tx, const std::string& id) {
  EMPORION_RETURN_IF_ERROR(
      Run(tx, "DELETE FROM stores_fulfillment_centers WHERE store_id = ?", {Param(id)}));
  return Run(tx, "DELETE FROM stores_stores WHERE id = ?", {Param(id)});
}

Result<std::vector<std::string>> StoresUsingCenter(db::Transaction& tx,
                                                   const std::string& center_id) {
  EMPORION_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT DISTINCT store_id FROM stores_fulfillment_centers WHERE "
                          "fulfillment_center_id = ? ORDER BY store_id",
                          {Param(center_id)}));
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.Text(0));
  return out;
}

}  // namespace emporion::stores::storage
