// BatchedInserts: a Transaction that holds back single-row INSERTs and writes them as multi-row
// INSERTs, so a batch of many rows costs a few statements (and, on PostgreSQL, a few round
// trips) instead of one per row.
//
// Only statements of the exact form `INSERT INTO t (c1, ..., cn) VALUES (?, ..., ?)` with n
// parameters are held back; rows keep their order per statement text, and texts are written in
// the order they were first seen. Every other statement, every query, ExecScript and Commit
// first writes what is held back, so reads in the transaction see every earlier insert.
//
// Trade-off: a held-back insert reports 1 changed row at once; its own error (a unique
// violation, say) surfaces at the next Flush, on whatever statement caused it, and leaves the
// transaction failed as any failed statement does. Use it where a failed batch is replayed
// without it to find the offending row (the catalog import does), not where a caller reacts
// to an insert's own error.
//
// Thread safety: as Transaction (one thread at a time); must not outlive `inner`.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "platform/db/database.hpp"

namespace emporion::db {

class BatchedInserts final : public Transaction {
 public:
  explicit BatchedInserts(Transaction& inner) : inner_(inner) {}

  /// Writes every held-back row. The first error is returned; the transaction is then failed.
  Status Flush();

  Result<std::int64_t> Exec(std::string_view sql, const Params& params) override;
  Result<Rows> Query(std::string_view sql, const Params& params) override;
  Status ForEachRow(std::string_view sql, const Params& params, const RowVisitor& visit) override;
  Status Commit() override;
  Status ExecScript(std::string_view sql) override;
  [[nodiscard]] Dialect dialect() const override { return inner_.dialect(); }

  /// The number of `?` columns of a single-row INSERT that can be held back, else 0.
  static std::size_t InsertColumns(std::string_view sql);

 private:
  struct Pending {
    std::string sql;  // the single-row statement text
    std::size_t columns = 0;
    std::size_t rows = 0;
    Params params;  // rows * columns values
  };

  Transaction& inner_;
  std::vector<Pending> pending_;  // in the order their texts were first seen
};

}  // namespace emporion::db
