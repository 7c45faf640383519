#include "platform/db/migration.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "platform/core/clock.hpp"

namespace emporion::db {

Result<int> Migrate(Database& db, const std::vector<const std::vector<Migration>*>& sets) {
  {
    EMPORION_ASSIGN_OR_RETURN(auto tx, db.Begin(TxMode::kWrite));
    EMPORION_RETURN_IF_ERROR(tx->ExecScript(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL,"
        " applied_at TEXT NOT NULL, PRIMARY KEY (module, version))"));
    EMPORION_RETURN_IF_ERROR(tx->Commit());
  }
  int applied = 0;
  for (const auto* set : sets) {
    std::vector<const Migration*> ordered;
    for (const auto& m : *set) {
      if (m.dialect == Dialect::kAny || m.dialect == db.dialect()) ordered.push_back(&m);
    }
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const Migration* a, const Migration* b) { return a->version < b->version; });
    for (const Migration* m : ordered) {
      EMPORION_ASSIGN_OR_RETURN(auto tx, db.Begin(TxMode::kWrite));
      if (db.dialect() == Dialect::kPostgres) {
        // Several nodes may start at once; the first one migrates, the others wait and skip.
        EMPORION_RETURN_IF_ERROR(tx->Query("SELECT pg_advisory_xact_lock(7272001)", {}));
      }
      EMPORION_ASSIGN_OR_RETURN(
          auto done, tx->QueryOne("SELECT 1 FROM schema_migrations WHERE module = ? AND version = ?",
                                  {Param(m->module), Param(std::int64_t{m->version})}));
      if (done) continue;
      Status s = tx->ExecScript(m->sql);
      if (!s.ok()) {
        return Error::Internal("migration " + m->module + "/" + std::to_string(m->version) + "_" +
                               m->name + " failed: " + s.error().detail());
      }
      EMPORION_RETURN_IF_ERROR(
          tx->Exec("INSERT INTO schema_migrations (module, version, name, applied_at)"
                   " VALUES (?, ?, ?, ?)",
                   {Param(m->module), Param(std::int64_t{m->version}), Param(m->name),
                    Param(FormatIso8601(SystemClock().Now()))}));
      EMPORION_RETURN_IF_ERROR(tx->Commit());
      ++applied;
    }
  }
  return applied;
}

}  // namespace emporion::db
