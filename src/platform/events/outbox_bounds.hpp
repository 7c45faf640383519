// The bounds of the outbox: readers that keep a position in the change feed (the search
// indexer's snapshot watermark) check whether the rows after it are still there.
// Reentrant; runs in the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>

#include "platform/db/database.hpp"

namespace emporion::events {

/// The lowest and highest `seq` in the outbox; nullopt when it is empty.
Result<std::optional<std::int64_t>> OldestOutboxSeq(db::Transaction& tx);
Result<std::optional<std::int64_t>> LatestOutboxSeq(db::Transaction& tx);

}  // namespace emporion::events
