// All SQL of the stores module. Functions run inside the caller's transaction. Reentrant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "emporion/stores/types.hpp"
#include "platform/db/database.hpp"

namespace emporion::stores::storage {

struct SortKey {
  std::string field;
  bool descending = false;
};

struct Window {
  int limit = 20;
  int offset = 0;
  std::vector<SortKey> sort;
};

struct StoreFilter {
  std::optional<std::vector<std::string>> scope;  // visible store ids; nullopt: all
  std::optional<std::string> q;                   // name or id contains
  std::optional<std::string> catalog_id;
  std::optional<std::string> store_state;
  std::optional<std::string> fulfillment_center_id;  // uses this center
  std::optional<std::string> outer_id;
  std::optional<std::vector<std::string>> ids;
};

const std::vector<std::string>& StoreSortFields();

Result<std::optional<Store>> FindStore(db::Transaction& tx, const std::string& id);
Result<std::pair<std::vector<Store>, std::int64_t>> ListStores(db::Transaction& tx,
                                                               const StoreFilter& f,
                                                               const Window& w);
Status InsertStore(db::Transaction& tx, const Store& s);
/// kPreconditionFailed when the row is not at `expected_version`.
Status UpdateStore(db::Transaction& tx, const Store& s, std::int64_t expected_version);
Status DeleteStore(db::Transaction& tx, const std::string& id);
Result<std::vector<std::string>> StoresUsingCenter(db::Transaction& tx,
                                                   const std::string& center_id);

}  // namespace emporion::stores::storage
