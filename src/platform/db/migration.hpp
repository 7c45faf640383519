// Migrations: versioned SQL scripts per module, embedded in the binary at build time
// (cmake: emporion_embed_migrations) and applied at start in order, each in its own transaction,
// recorded in `schema_migrations` so a newer binary upgrades an older database.
// Thread safety: Migrate must not run concurrently with itself against one database; on
// PostgreSQL an advisory lock makes concurrent starts of several nodes safe.
#pragma once

#include <string>
#include <vector>

#include "platform/db/database.hpp"

namespace emporion::db {

struct Migration {
  std::string module;
  int version;
  std::string name;
  Dialect dialect;  // kAny: runs on both; otherwise only on that database
  std::string sql;
};

/// Applies every migration not yet recorded. Migrations of one module run in version order;
/// modules in the order given. Returns the number applied.
Result<int> Migrate(Database& db, const std::vector<const std::vector<Migration>*>& sets);

}  // namespace emporion::db
