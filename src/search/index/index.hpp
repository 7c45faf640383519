// Index: every document of one type, in memory. Documents get dense internal DocIds in the order
// they arrive; a replaced or removed document is only marked dead (the `live_` bitmap) and a
// replacement gets a new DocId, so every posting, bitmap and column stays append-only and sorted.
//
// Per field kind:
//   keyword  value dictionary -> docs (KeywordValues: one inline doc or a Bitmap), plus a forward
//            column (CSR: per doc its value ordinals) for facet counting by iterating a result;
//   number/date  one int64 column (kMissing where a doc has no value);
//   text     the TextIndex (src/search/text).
// External ids live in one arena (plus an open-addressing table of DocIds), stored payloads in
// another; value bitmaps hold live documents only (a kill removes the doc from them), so filter
// results never need an AND with `live_`.
// A field keeps the kind of its first value; a batch that gives a field another kind is rejected
// whole (kInvalidArgument naming the field and document).
//
// Thread-safety: every public method may be called concurrently. Writers (Upsert, Remove, Load)
// take a writer-preferring reader/writer lock for the whole batch; readers share it.
#pragma once

#include <pthread.h>

#include <cstdint>
#include <iosfwd>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "emporion/search/engine.hpp"
#include "search/index/bitmap.hpp"
#include "search/index/keyword_values.hpp"
#include "search/text/storage.hpp"
#include "search/text/text_index.hpp"

namespace emporion::search {

using DocId = uint32_t;

/// A pthread rwlock that prefers writers (glibc's default prefers readers, so a writer could
/// starve under a constant stream of queries). Satisfies SharedMutex for std::shared_lock.
class RwLock {
 public:
  RwLock();
  ~RwLock();
  RwLock(const RwLock&) = delete;
  RwLock& operator=(const RwLock&) = delete;
  void lock();
  void unlock();
  void lock_shared();
  void unlock_shared();

 private:
  pthread_rwlock_t lock_;
};

/// How facets are counted: visiting the answer set's documents (reading their values) or
/// AND-counting it with per-value (term) or per-bucket (range) bitmaps; kAuto picks per facet
/// from the answer set's size and shape.
enum class FacetStrategy { kAuto, kIterate, kBitmaps };

class Index {
 public:
  static constexpr int64_t kMissing = std::numeric_limits<int64_t>::min();

  Index();
  ~Index();
  Index(const Index&) = delete;
  Index& operator=(const Index&) = delete;

  /// Adds or replaces documents by id. The whole batch is validated first: on error nothing is
  /// applied (kInvalidArgument naming the field and document).
  Status Upsert(const std::vector<Document>& docs);
  /// Unknown ids are ignored.
  void Remove(const std::vector<std::string>& ids);

  /// kInvalidArgument (field "filter", "sort" or "facets") for unknown fields or kind misuse.
  Result<SearchResult> Search(const Query& query) const;
  Result<std::vector<Suggestion>> Suggest(const SuggestQuery& query) const;
  FieldKind KindOf(std::string_view field) const;
  /// Without the type name; last_rebuild_millis as set by set_last_rebuild_millis.
  IndexStats Stats() const;
  void set_last_rebuild_millis(int64_t millis);

  /// Gives back the spare capacity that growing by doubling left (after a rebuild), keeping the
  /// headroom a loaded snapshot has.
  void Trim();

  /// Binary image of the whole index (caller writes the file header).
  void Save(std::ostream& out) const;
  /// Replaces this (empty) index's content; kUnprocessable when the data is short or invalid.
  /// With `file` (the mapped file that `in` reads, at the same positions) the stored documents
  /// are not copied: the index reads them from the mapping, which it keeps.
  Status Load(std::istream& in, std::shared_ptr<const MappedFile> file = nullptr);

  /// For tests and measurements: force a facet counting strategy.
  void set_facet_strategy(FacetStrategy strategy) { facet_strategy_ = strategy; }

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  template <typename V>
  using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

  struct FieldInfo {
    FieldKind kind = FieldKind::kUnknown;
    uint32_t slot = 0;  // into keywords_ or columns_
  };
  struct KeywordField {
    KeywordValues values;           // dictionary and documents per ordinal
    std::vector<uint32_t> offsets;  // CSR: doc d's ordinals are ords[offsets[d], offsets[d+1])
    std::vector<uint32_t> ords;
  };
  struct Column {
    std::vector<int64_t> values;  // kMissing where absent; shorter than num_docs_ = missing
  };

  class Evaluator;
  friend class Evaluator;
  class QueryCache;  // index.cpp: materialized computed numbers, whole-column range results,
                     // unscored words' documents
  struct MaterializedColumn;

  /// A number column as flat values: documents at or beyond `size` have none. `key` names it in
  /// the query cache: its slots (a computed number's columns, or a plain column's one).
  struct ColumnView {
    const int64_t* data = nullptr;
    size_t size = 0;
    std::vector<uint32_t> key;
  };

  /// `slots` (number columns) as one column: per document the first present value, for every
  /// document (computed numbers read per document). Cached; extended for documents added since.
  std::shared_ptr<const MaterializedColumn> Materialized(const std::vector<uint32_t>& slots) const;
  /// The documents whose value in `col` lies in [lo, hi] (dead ones too: callers intersect with
  /// live documents), from an earlier whole-column pass whose bounds select the same
  /// documents; null when none. `hot` is set when the column was asked for before.
  std::shared_ptr<const Bitmap> CachedRange(const ColumnView& col, int64_t lo, int64_t hi,
                                            bool& hot) const;
  /// The same over the whole column, recorded in the cache.
  std::shared_ptr<const Bitmap> WholeColumnRange(const ColumnView& col, int64_t lo,
                                                 int64_t hi) const;
  /// Present values of `col` sampled at an even stride over the documents, ascending (at most
  /// kSortSamples): thresholds that a sort uses to visit only the documents that can reach its
  /// page. Cached per column; taken again once the documents grew by a quarter.
  std::shared_ptr<const std::vector<int64_t>> SortSamples(const ColumnView& col) const;
  /// The documents whose value in `col` lies in [lo, hi], from the query cache or, once the
  /// column was asked for before, a whole-column pass (then cached); null otherwise.
  std::shared_ptr<const Bitmap> RangeIfHot(const ColumnView& col, int64_t lo, int64_t hi) const;
  /// The documents, live or dead, matching the query's words (unscored): cached while no
  /// document is added (a removal only kills documents, which the caller masks). Null the
  /// first time a text is asked for (the caller matches it within its filters).
  std::shared_ptr<const Bitmap> TextMatches(const Query& query) const;
  /// A keyword filter's documents (key: its canonical text) computed since the last write;
  /// null when none.
  std::shared_ptr<const Bitmap> CachedFilter(const std::string& key) const;
  /// `held`: bitmaps whose addresses `key` names (a range clause's cached result), kept alive
  /// with the entry so that no other bitmap can take such an address while the key is in use.
  void CacheFilter(const std::string& key, std::shared_ptr<const Bitmap> docs,
                   std::vector<std::shared_ptr<const Bitmap>> held = {}) const;
  uint64_t CacheBytes() const;

  int64_t NumberAt(uint32_t slot, DocId doc) const {
    const auto& v = columns_[slot].values;
    return doc < v.size() ? v[doc] : kMissing;
  }
  Status Validate(const std::vector<Document>& docs) const;
  void Apply(const Document& doc);
  void KillLocked(std::string_view id);
  std::string_view IdOf(DocId doc) const;
  std::string_view StoredOf(DocId doc) const;
  std::vector<MemoryPart> MemoryPartsLocked() const;

  mutable RwLock lock_;
  StringMap<FieldInfo> fields_;
  std::vector<KeywordField> keywords_;
  std::vector<Column> columns_;
  static constexpr DocId kNoDoc = std::numeric_limits<DocId>::max();
  size_t IdSlot(std::string_view id) const;
  void PutId(std::string_view id, DocId doc);
  std::optional<DocId> LiveDocOf(std::string_view id) const;
  std::vector<DocId> id_slots_;  // power-of-two open-addressing table (see index.cpp)
  size_t id_used_ = 0;
  std::vector<uint64_t> id_offsets_{0};  // ids of all docs, live and dead, in one arena
  std::string id_arena_;
  std::vector<uint64_t> stored_offsets_{0};
  /// The stored documents' bytes: those of a loaded snapshot read in place from its mapped
  /// file (`base`; none after a rebuild), then those added since (`tail`, in memory).
  struct StoredArena {
    std::shared_ptr<const MappedFile> file;
    const char* base = nullptr;
    size_t base_size = 0;
    std::string tail;
    [[nodiscard]] size_t size() const { return base_size + tail.size(); }
  };
  StoredArena stored_;
  Bitmap live_;
  uint32_t num_docs_ = 0;
  uint64_t dead_ = 0;
  text::TextIndex text_;
  int64_t last_rebuild_millis_ = 0;
  int64_t last_update_millis_ = 0;
  FacetStrategy facet_strategy_ = FacetStrategy::kAuto;
  // +1 on every write (under the write lock): cached keyword filter results belong to one.
  uint64_t generation_ = 0;
  std::unique_ptr<QueryCache> cache_;  // has its own mutex; readers fill it
};

}  // namespace emporion::search
