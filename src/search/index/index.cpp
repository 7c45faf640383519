#include "search/index/index.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>
#include <cstring>
#include <deque>
#include <functional>
#include <istream>
#include <mutex>
#include <ostream>
#include <shared_mutex>
#include <stdexcept>
#include <unordered_set>

#include "search/text/storage.hpp"

namespace emporion::search {

// ---------------------------------------------------------------------------------------------
// RwLock

RwLock::RwLock() {
  pthread_rwlockattr_t attr;
  pthread_rwlockattr_init(&attr);
  pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
  pthread_rwlock_init(&lock_, &attr);
  pthread_rwlockattr_destroy(&attr);
}
RwLock::~RwLock() { pthread_rwlock_destroy(&lock_); }
void RwLock::lock() { pthread_rwlock_wrlock(&lock_); }
void RwLock::unlock() { pthread_rwlock_unlock(&lock_); }
void RwLock::lock_shared() { pthread_rwlock_rdlock(&lock_); }
void RwLock::unlock_shared() { pthread_rwlock_unlock(&lock_); }

namespace {

// Per-document arrays longer than this (entries) are read at random beyond the CPU's caches when
// a large answer set is visited: about one cache miss per document (facet plans weigh that).
constexpr size_t kCachedColumn = size_t{1} << 18;
// What such a visit adds per document (a cache miss), in the unit of Bitmap::ProbeCost.
constexpr uint64_t kUncachedVisit = 48;

// Values sampled per sorted column (Index::SortSamples).
constexpr size_t kSortSamples = 1024;

// A set counted against many bitmaps (facet values, buckets) is counted with its chunks of at
// least this many values as bitsets: probes of an array chunk land at random in the other
// side's 8 KB chunk (a cache miss each once the facet's bitmaps outgrow the caches), while an
// AND+popcount pass reads both chunks in order.
constexpr uint32_t kCountAsBitset = 64;

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const char* KindName(FieldKind kind) {
  switch (kind) {
    case FieldKind::kText:
      return "text";
    case FieldKind::kKeyword:
      return "keyword";
    case FieldKind::kNumber:
      return "number";
    case FieldKind::kDate:
      return "date";
    case FieldKind::kUnknown:
      break;
  }
  return "unknown";
}

// True when every leaf of `f` names `field` (the clauses a disjunctive facet on `field` ignores).
bool LeavesAllName(const Filter& f, std::string_view field) {
  switch (f.kind) {
    case Filter::Kind::kAll:
      return false;
    case Filter::Kind::kTerms:
    case Filter::Kind::kRange:
    case Filter::Kind::kExists:
      return f.field == field;
    case Filter::Kind::kAnd:
    case Filter::Kind::kOr:
    case Filter::Kind::kNot:
      if (f.children.empty()) {
        return false;
      }
      for (const Filter& c : f.children) {
        if (!LeavesAllName(c, field)) {
          return false;
        }
      }
      return true;
  }
  return false;
}

// A filter's canonical text, the query cache's key for its result (strings length-prefixed, so
// no value can imitate a separator).
void AppendFilterKey(const Filter& f, std::string& out) {
  auto text = [&out](std::string_view t) {
    out += std::to_string(t.size());
    out += ':';
    out += t;
  };
  out += static_cast<char>('a' + static_cast<int>(f.kind));
  text(f.field);
  out += std::to_string(f.values.size());
  for (const std::string& v : f.values) {
    text(v);
  }
  for (const std::optional<Filter::Bound>& b : {f.lower, f.upper}) {
    out += b ? (b->inclusive ? '[' : '(') : '*';
    if (b) {
      out += std::to_string(b->value);
    }
  }
  out += '{';
  for (const Filter& c : f.children) {
    AppendFilterKey(c, out);
  }
  out += '}';
}

// Inclusive [lo, hi] from a filter's optional bounds; false when empty.
bool InclusiveBounds(const Filter& f, int64_t& lo, int64_t& hi) {
  lo = Index::kMissing + 1;
  hi = std::numeric_limits<int64_t>::max();
  if (f.lower) {
    lo = f.lower->value;
    if (!f.lower->inclusive) {
      if (lo == std::numeric_limits<int64_t>::max()) {
        return false;
      }
      ++lo;
    }
    lo = std::max(lo, Index::kMissing + 1);
  }
  if (f.upper) {
    hi = f.upper->value;
    if (!f.upper->inclusive) {
      if (hi == Index::kMissing) {
        return false;
      }
      --hi;
    }
  }
  return lo <= hi;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Query caches. Storefront queries repeat the same work request after request: the shopper's
// effective price (a computed number: the first present of several price columns), read per
// document by the price range, the price facet and the sort; the visibility window
// (startDate <= now < endDate) and price ranges over every document; and the documents of the
// same few words. All three are kept between queries. A document never changes once added (a
// replacement is a new DocId), so what was computed for documents [0, n) stays true for them:
// - Materialized computed numbers, per list of columns: the first present value per document,
//   extended in place for documents added since (readers read below the size they saw; the
//   array has headroom, so it is copied only when that runs out). At most kMaxComputed lists (a
//   shopper's ranking of price lists: few per store and currency).
// - Whole-column range results: the documents whose value lies in [lo, hi], with the window of
//   bounds that select the same documents (the nearest values around each bound), so a clause
//   on `now`, which moves with every request, keeps hitting until `now` passes some document's
//   date. Extended for documents added since (a copy of the bitmap plus the new documents; the
//   window narrows by their values). Documents killed since stay in: every caller intersects
//   with a set of live documents. A range is computed over the whole column when its hint is
//   large or when its column was asked for before (hot); at most kMaxRanges, least recently
//   used out.
// - Keyword filter results (a clause made of term lookups, and the intersection of the clauses
//   no facet leaves out), until the next write (value bitmaps lose killed documents).
// - The documents of unscored words asked for before (TextMatches), until a document is added.
//   A query's first time (since the last added document) matches within its filters as
//   before: a one-off query pays nothing more, a repeated one is matched once over every
//   document.
// One mutex guards the cache; a reader holds its entries by shared_ptr.

struct Index::MaterializedColumn {
  std::unique_ptr<int64_t[]> data;
  size_t capacity = 0;
  std::atomic<size_t> size{0};  // written under the cache's mutex, before `size` moves
};

class Index::QueryCache {
 public:
  static constexpr size_t kMaxComputed = 8;
  static constexpr size_t kMaxRanges = 128;
  static constexpr size_t kMaxAsked = 64;
  static constexpr size_t kMaxTexts = 128;
  static constexpr size_t kMaxTextsAsked = 4096;
  static constexpr size_t kMaxFilters = 128;

  struct Computed {
    std::vector<uint32_t> slots;
    std::shared_ptr<MaterializedColumn> values;
    uint64_t used = 0;
  };
  struct Samples {
    std::vector<uint32_t> column;
    uint32_t docs = 0;  // num_docs_ when taken
    std::shared_ptr<const std::vector<int64_t>> values;
    uint64_t used = 0;
  };
  struct RangeResult {
    std::vector<uint32_t> column;
    int64_t lo = 0;  // the bounds it was computed for
    int64_t hi = 0;
    // The same documents for any lo in (below_lo, from_lo] and hi in [upto_hi, above_hi)
    // (any hi >= upto_hi without a value above).
    int64_t below_lo = 0;
    int64_t from_lo = 0;
    int64_t upto_hi = 0;
    int64_t above_hi = 0;
    bool any_above = false;
    uint32_t upto = 0;  // documents [0, upto) evaluated
    std::shared_ptr<const Bitmap> docs;
    uint64_t used = 0;

    [[nodiscard]] bool Selects(int64_t lo2, int64_t hi2) const {
      return below_lo < lo2 && lo2 <= from_lo && upto_hi <= hi2 && (!any_above || hi2 < above_hi);
    }
    // Accounts for value v (missing: kMissing, below every lo).
    void See(int64_t v) {
      if (v < lo) {
        below_lo = std::max(below_lo, v);
      } else {
        from_lo = std::min(from_lo, v);
      }
      if (v <= hi) {
        upto_hi = std::max(upto_hi, v);
      } else {
        above_hi = std::min(above_hi, v);
        any_above = true;
      }
    }
  };
  struct TextResult {
    std::string key;  // text, language, fields, prefix and typos
    std::shared_ptr<const Bitmap> docs;
    uint64_t used = 0;
  };

  std::mutex mutex;
  uint64_t clock = 0;  // for least-recently-used
  std::vector<Computed> computed;
  std::vector<Samples> samples;  // at most kMaxComputed
  std::vector<RangeResult> ranges;
  std::vector<std::vector<uint32_t>> asked;  // columns asked for a range, oldest first
  struct FilterResult {
    std::string key;  // AppendFilterKey (plus the addresses of `held` bitmaps)
    std::shared_ptr<const Bitmap> docs;
    uint64_t used = 0;
    std::vector<std::shared_ptr<const Bitmap>> held;
  };
  uint64_t filter_generation = 0;  // the index's generation_ of `filters`
  std::vector<FilterResult> filters;
  uint32_t text_docs = 0;  // the documents (num_docs_) `texts` cover
  std::vector<TextResult> texts;
  std::unordered_set<std::string> text_asked;  // keys asked for once, oldest first in the deque
  std::deque<std::string> text_asked_order;

  template <typename T>
  static void MakeRoom(std::vector<T>& entries, size_t max) {
    if (entries.size() >= max) {
      entries.erase(std::min_element(entries.begin(), entries.end(),
                                     [](const T& a, const T& b) { return a.used < b.used; }));
    }
  }
  void Clear() {
    computed.clear();
    samples.clear();
    ranges.clear();
    asked.clear();
    texts.clear();
    text_asked.clear();
    text_asked_order.clear();
    filters.clear();
  }
};

std::shared_ptr<const Index::MaterializedColumn> Index::Materialized(
    const std::vector<uint32_t>& slots) const {
  std::lock_guard guard(cache_->mutex);
  QueryCache::Computed* entry = nullptr;
  for (QueryCache::Computed& c : cache_->computed) {
    if (c.slots == slots) {
      entry = &c;
    }
  }
  if (entry == nullptr) {
    QueryCache::MakeRoom(cache_->computed, QueryCache::kMaxComputed);
    cache_->computed.push_back({slots, nullptr, 0});
    entry = &cache_->computed.back();
  }
  entry->used = ++cache_->clock;
  const size_t have = entry->values ? entry->values->size.load(std::memory_order_relaxed) : 0;
  if (have >= num_docs_) {
    return entry->values;
  }
  if (!entry->values || entry->values->capacity < num_docs_) {
    // 1/8 headroom: appends between queries extend in place.
    auto grown = std::make_shared<MaterializedColumn>();
    grown->capacity = static_cast<size_t>(num_docs_) + num_docs_ / 8 + 1024;
    grown->data = std::make_unique_for_overwrite<int64_t[]>(grown->capacity);
    if (have > 0) {
      std::memcpy(grown->data.get(), entry->values->data.get(), have * sizeof(int64_t));
    }
    grown->size.store(have, std::memory_order_relaxed);
    entry->values = std::move(grown);
  }
  int64_t* out = entry->values->data.get();
  std::fill(out + have, out + num_docs_, kMissing);
  for (uint32_t slot : slots) {
    const std::vector<int64_t>& col = columns_[slot].values;
    const size_t end = std::min<size_t>(col.size(), num_docs_);
    for (size_t d = have; d < end; ++d) {
      out[d] = out[d] == kMissing ? col[d] : out[d];
    }
  }
  entry->values->size.store(num_docs_, std::memory_order_release);
  return entry->values;
}

std::shared_ptr<const Bitmap> Index::CachedRange(const ColumnView& col, int64_t lo, int64_t hi,
                                                 bool& hot) const {
  std::lock_guard guard(cache_->mutex);
  for (QueryCache::RangeResult& r : cache_->ranges) {
    // New documents only narrow the window: extend an entry that selects [lo, hi] so far.
    if (r.column != col.key || !r.Selects(lo, hi)) {
      continue;
    }
    if (r.upto < num_docs_) {
      auto docs = std::make_shared<Bitmap>(*r.docs);
      const uint64_t ulo = static_cast<uint64_t>(r.lo);
      const uint64_t span = static_cast<uint64_t>(r.hi) - ulo;
      for (DocId d = r.upto; d < num_docs_; ++d) {
        const int64_t v = d < col.size ? col.data[d] : kMissing;
        r.See(v);
        if (static_cast<uint64_t>(v) - ulo <= span) {
          docs->Add(d);
        }
      }
      r.upto = num_docs_;
      r.docs = std::move(docs);
      if (!r.Selects(lo, hi)) {
        continue;
      }
    }
    r.used = ++cache_->clock;
    return r.docs;
  }
  hot = std::find(cache_->asked.begin(), cache_->asked.end(), col.key) != cache_->asked.end();
  if (!hot) {
    if (cache_->asked.size() >= QueryCache::kMaxAsked) {
      cache_->asked.erase(cache_->asked.begin());
    }
    cache_->asked.push_back(col.key);
  }
  return nullptr;
}

std::shared_ptr<const Bitmap> Index::WholeColumnRange(const ColumnView& col, int64_t lo,
                                                      int64_t hi) const {
  QueryCache::RangeResult r;
  r.column = col.key;
  r.lo = lo;
  r.hi = hi;
  r.below_lo = kMissing;
  r.from_lo = std::numeric_limits<int64_t>::max();
  r.upto_hi = kMissing;
  r.above_hi = std::numeric_limits<int64_t>::max();
  r.upto = num_docs_;
  // 64 values per output word (a loop the compiler vectorises), then the window's extremes.
  const uint64_t ulo = static_cast<uint64_t>(lo);
  const uint64_t span = static_cast<uint64_t>(hi) - ulo;
  const int64_t* data = col.data;
  const size_t n = std::min<size_t>(col.size, num_docs_);
  thread_local std::vector<uint64_t> words;
  words.assign((static_cast<size_t>(num_docs_) + 63) / 64, 0);
  const size_t full = n / 64;
  for (size_t w = 0; w < full; ++w) {
    const int64_t* p = data + w * 64;
    uint64_t bits = 0;
    for (uint32_t j = 0; j < 64; ++j) {
      bits |= static_cast<uint64_t>(static_cast<uint64_t>(p[j]) - ulo <= span) << j;
    }
    words[w] = bits;
  }
  for (size_t d = full * 64; d < n; ++d) {
    words[d >> 6] |= static_cast<uint64_t>(static_cast<uint64_t>(data[d]) - ulo <= span)
                     << (d & 63U);
  }
  for (size_t d = 0; d < n; ++d) {
    r.See(data[d]);
  }
  if (n < num_docs_) {
    r.See(kMissing);  // documents beyond the column have no value
  }
  // Kept as bitsets down to kCountAsBitset values a chunk: a cached range is AND-ed and
  // AND-counted (facet buckets) query after query, a bitset chunk in one AND+popcount pass.
  r.docs =
      std::make_shared<const Bitmap>(Bitmap::FromWords(words.data(), words.size(), kCountAsBitset));
  std::lock_guard guard(cache_->mutex);
  QueryCache::MakeRoom(cache_->ranges, QueryCache::kMaxRanges);
  r.used = ++cache_->clock;
  cache_->ranges.push_back(r);
  return r.docs;
}

std::shared_ptr<const std::vector<int64_t>> Index::SortSamples(const ColumnView& col) const {
  std::lock_guard guard(cache_->mutex);
  QueryCache::Samples* entry = nullptr;
  for (QueryCache::Samples& sm : cache_->samples) {
    if (sm.column == col.key) {
      entry = &sm;
    }
  }
  if (entry != nullptr && entry->docs + entry->docs / 4 >= num_docs_) {
    entry->used = ++cache_->clock;
    return entry->values;
  }
  auto values = std::make_shared<std::vector<int64_t>>();
  const size_t n = std::min<size_t>(col.size, num_docs_);
  const size_t stride = std::max<size_t>(1, n / kSortSamples);
  for (size_t d = 0; d < n; d += stride) {
    if (col.data[d] != kMissing) {
      values->push_back(col.data[d]);
    }
  }
  std::sort(values->begin(), values->end());
  if (entry == nullptr) {
    QueryCache::MakeRoom(cache_->samples, QueryCache::kMaxComputed);
    cache_->samples.push_back({col.key, 0, nullptr, 0});
    entry = &cache_->samples.back();
  }
  entry->docs = num_docs_;
  entry->values = std::move(values);
  entry->used = ++cache_->clock;
  return entry->values;
}

std::shared_ptr<const Bitmap> Index::RangeIfHot(const ColumnView& col, int64_t lo,
                                                int64_t hi) const {
  bool hot = false;
  if (auto cached = CachedRange(col, lo, hi, hot)) {
    return cached;
  }
  return hot ? WholeColumnRange(col, lo, hi) : nullptr;
}

std::shared_ptr<const Bitmap> Index::TextMatches(const Query& query) const {
  std::string key = query.text;
  key += '\0';
  key += query.language;
  for (const std::string& f : query.text_fields) {
    key += '\0';
    key += f;
  }
  key += query.prefix ? "\1p" : "\1-";
  key += query.typos ? 't' : '-';
  {
    std::lock_guard guard(cache_->mutex);
    if (cache_->text_docs != num_docs_) {
      // Added documents: forget the matches and who asked. Under a stream of writes a text
      // must come twice between two of them before it is matched over every document (else
      // each repeat would pay that, unnarrowed by its filters, for nothing).
      cache_->text_docs = num_docs_;
      cache_->texts.clear();
      cache_->text_asked.clear();
      cache_->text_asked_order.clear();
    }
    for (QueryCache::TextResult& t : cache_->texts) {
      if (t.key == key) {
        t.used = ++cache_->clock;
        return t.docs;
      }
    }
    // The first time, the caller matches within its filters (cheaper when they are selective,
    // and a query seen once may never come again); from the second, over every document here.
    if (cache_->text_asked.insert(key).second) {
      cache_->text_asked_order.push_back(key);
      if (cache_->text_asked_order.size() > QueryCache::kMaxTextsAsked) {
        cache_->text_asked.erase(cache_->text_asked_order.front());
        cache_->text_asked_order.pop_front();
      }
      return nullptr;
    }
  }
  // Outside the cache's mutex: other queries go on meanwhile (two may match the same text).
  const text::TextIndex::Matches m = text_.Search(query.text, query.language, query.text_fields,
                                                  query.prefix, query.typos, /*score=*/false,
                                                  /*live=*/{}, /*within=*/nullptr);
  auto docs = std::make_shared<const Bitmap>(Bitmap::FromSorted(m.docs.data(), m.docs.size()));
  std::lock_guard guard(cache_->mutex);
  if (cache_->text_docs == num_docs_) {
    if (cache_->texts.size() >= QueryCache::kMaxTexts) {
      auto oldest =
          std::min_element(cache_->texts.begin(), cache_->texts.end(),
                           [](const QueryCache::TextResult& a, const QueryCache::TextResult& b) {
                             return a.used < b.used;
                           });
      cache_->texts.erase(oldest);
    }
    cache_->texts.push_back({std::move(key), docs, ++cache_->clock});
  }
  return docs;
}

std::shared_ptr<const Bitmap> Index::CachedFilter(const std::string& key) const {
  std::lock_guard guard(cache_->mutex);
  if (cache_->filter_generation != generation_) {
    return nullptr;
  }
  for (QueryCache::FilterResult& f : cache_->filters) {
    if (f.key == key) {
      f.used = ++cache_->clock;
      return f.docs;
    }
  }
  return nullptr;
}

void Index::CacheFilter(const std::string& key, std::shared_ptr<const Bitmap> docs,
                        std::vector<std::shared_ptr<const Bitmap>> held) const {
  std::lock_guard guard(cache_->mutex);
  if (cache_->filter_generation != generation_) {
    cache_->filter_generation = generation_;
    cache_->filters.clear();
  }
  QueryCache::MakeRoom(cache_->filters, QueryCache::kMaxFilters);
  cache_->filters.push_back({key, std::move(docs), ++cache_->clock, std::move(held)});
}

uint64_t Index::CacheBytes() const {
  std::lock_guard guard(cache_->mutex);
  uint64_t bytes = 0;
  for (const QueryCache::Computed& c : cache_->computed) {
    bytes += c.values ? c.values->capacity * sizeof(int64_t) : 0;
  }
  for (const QueryCache::RangeResult& r : cache_->ranges) {
    bytes += r.docs->MemoryBytes();
  }
  if (cache_->filter_generation == generation_) {
    for (const QueryCache::FilterResult& f : cache_->filters) {
      bytes += f.docs->MemoryBytes() + f.key.capacity();
    }
  }
  if (cache_->text_docs == num_docs_) {
    for (const QueryCache::TextResult& t : cache_->texts) {
      bytes += t.docs->MemoryBytes() + t.key.capacity();
    }
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// Evaluator: one query's view of the index (field resolution with the query's computed numbers,
// filter evaluation). Runs under the reader lock.

class Index::Evaluator {
 public:
  // A hint smaller than 1/kScanDivisor of the documents is visited doc by doc (random reads);
  // larger ones scan whole columns (sequential, vectorised), which costs about as much as
  // visiting 1/32 of the documents at random.
  static constexpr uint64_t kScanDivisor = 32;

  struct Resolved {
    FieldKind kind = FieldKind::kUnknown;
    uint32_t slot = 0;  // keyword slot, or the column of a plain number/date
    const ComputedNumber* computed = nullptr;
  };

  Evaluator(const Index& index, const std::vector<ComputedNumber>& computed)
      : index_(index), computed_(computed) {
    computed_slots_.resize(computed.size());
    for (size_t i = 0; i < computed.size(); ++i) {
      for (const std::string& f : computed[i].fields) {
        auto it = index.fields_.find(f);
        if (it != index.fields_.end() &&
            (it->second.kind == FieldKind::kNumber || it->second.kind == FieldKind::kDate)) {
          computed_slots_[i].push_back(it->second.slot);
        }
      }
    }
    materialized_.resize(computed.size());
    materialized_data_.resize(computed.size(), nullptr);
    materialized_size_.resize(computed.size(), 0);
  }

  // Computed number i's materialized column, from the query cache (once per query).
  void Materialize(size_t i) const {
    if (!materialized_[i]) {
      materialized_[i] = index_.Materialized(computed_slots_[i]);
      materialized_data_[i] = materialized_[i]->data.get();
      materialized_size_[i] = std::min<size_t>(
          materialized_[i]->size.load(std::memory_order_acquire), index_.num_docs_);
    }
  }

  Resolved Resolve(std::string_view name) const {
    for (size_t i = 0; i < computed_.size(); ++i) {
      if (computed_[i].name == name) {
        Resolved r;
        r.kind = FieldKind::kNumber;
        r.computed = &computed_[i];
        r.slot = static_cast<uint32_t>(i);
        return r;
      }
    }
    auto it = index_.fields_.find(name);
    if (it == index_.fields_.end()) {
      return {};
    }
    return {it->second.kind, it->second.slot, nullptr};
  }

  // The column of a number/date field, or of a computed number (materialized when it reads
  // several columns: the query cache keeps it between queries).
  ColumnView ColumnOf(const Resolved& r) const {
    ColumnView v;
    if (r.computed == nullptr) {
      v.key = {r.slot};
    } else {
      v.key = computed_slots_[r.slot];
      if (v.key.size() != 1) {
        if (!v.key.empty()) {
          Materialize(r.slot);
          v.data = materialized_data_[r.slot];
          v.size = materialized_size_[r.slot];
        }
        return v;
      }
    }
    const std::vector<int64_t>& col = index_.columns_[v.key[0]].values;
    v.data = col.data();
    v.size = col.size();
    return v;
  }

  // The numeric value of a number/date/computed field for `doc` (kMissing when absent).
  int64_t ValueOf(const Resolved& r, DocId doc) const {
    if (r.computed == nullptr) {
      return index_.NumberAt(r.slot, doc);
    }
    const std::vector<uint32_t>& slots = computed_slots_[r.slot];
    if (slots.size() == 1) {
      return index_.NumberAt(slots[0], doc);
    }
    if (slots.empty()) {
      return kMissing;
    }
    Materialize(r.slot);
    return doc < materialized_size_[r.slot] ? materialized_data_[r.slot][doc] : kMissing;
  }

  std::optional<int64_t> ComputedValue(size_t i, DocId doc) const {
    Resolved r;
    r.kind = FieldKind::kNumber;
    r.computed = &computed_[i];
    r.slot = static_cast<uint32_t>(i);
    const int64_t v = ValueOf(r, doc);
    return v == kMissing ? std::nullopt : std::optional<int64_t>(v);
  }

  Status Check(const Filter& f) const {
    switch (f.kind) {
      case Filter::Kind::kAll:
        return Ok();
      case Filter::Kind::kAnd:
      case Filter::Kind::kOr:
        for (const Filter& c : f.children) {
          EMPORION_RETURN_IF_ERROR(Check(c));
        }
        return Ok();
      case Filter::Kind::kNot:
        if (f.children.size() != 1) {
          return Error::InvalidField("filter", "a negation takes exactly one clause");
        }
        return Check(f.children[0]);
      case Filter::Kind::kTerms:
      case Filter::Kind::kRange:
      case Filter::Kind::kExists:
        break;
    }
    const Resolved r = Resolve(f.field);
    if (r.kind == FieldKind::kUnknown) {
      return Error::InvalidField("filter", "unknown field '" + f.field + "'");
    }
    if (r.kind == FieldKind::kText) {
      return Error::InvalidField("filter", "'" + f.field +
                                               "' is a text field; filters take keyword, "
                                               "number or date fields");
    }
    if (f.kind == Filter::Kind::kTerms && r.kind != FieldKind::kKeyword) {
      return Error::InvalidField(
          "filter", "'" + f.field + "' is a " + KindName(r.kind) + " field; use a range");
    }
    if (f.kind == Filter::Kind::kRange && r.kind == FieldKind::kKeyword) {
      return Error::InvalidField("filter",
                                 "'" + f.field + "' is a keyword field and takes no range");
    }
    return Ok();
  }

  // A bitmap whose intersection with `hint` is exactly the docs of `hint` passing `f`.
  // (Leaves that must scan a column scan only `hint` when it is small.)
  Bitmap Eval(const Filter& f, const Bitmap& hint) const {
    switch (f.kind) {
      case Filter::Kind::kAll:
        return hint;
      case Filter::Kind::kAnd: {
        // Cheap leaves (bitmap lookups) first so column scans see a small hint.
        std::vector<const Filter*> order;
        for (const Filter& c : f.children) {
          order.push_back(&c);
        }
        std::stable_sort(order.begin(), order.end(), [](const Filter* a, const Filter* b) {
          return (a->kind == Filter::Kind::kTerms) > (b->kind == Filter::Kind::kTerms);
        });
        Bitmap cur = hint;
        for (const Filter* c : order) {
          cur = Bitmap::And(cur, Eval(*c, cur));
          if (cur.Empty()) {
            break;
          }
        }
        return cur;
      }
      case Filter::Kind::kOr: {
        Bitmap out;
        for (const Filter& c : f.children) {
          out = Bitmap::Or(out, Bitmap::And(hint, Eval(c, hint)));
        }
        return out;
      }
      case Filter::Kind::kNot:
        return Bitmap::AndNot(hint, Eval(f.children[0], hint));
      case Filter::Kind::kTerms:
        return Terms(f);
      case Filter::Kind::kRange:
        return Range(f, hint);
      case Filter::Kind::kExists:
        return Exists(f, hint);
    }
    return {};
  }

  // True when evaluating `f` reads number columns or CSR rows (ranges, exists).
  static bool ReadsColumns(const Filter& f) {
    if (f.kind == Filter::Kind::kRange || f.kind == Filter::Kind::kExists) {
      return true;
    }
    for (const Filter& c : f.children) {
      if (ReadsColumns(c)) {
        return true;
      }
    }
    return false;
  }

  Bitmap Terms(const Filter& f) const {
    const Resolved r = Resolve(f.field);
    const KeywordField& kf = index_.keywords_[r.slot];
    std::vector<const Bitmap*> parts;
    Bitmap singles;  // the documents of values that hold one
    for (const std::string& v : f.values) {
      const uint32_t ord = kf.values.Find(v);
      if (ord == KeywordValues::kNone) {
        continue;
      }
      if (const Bitmap* docs = kf.values.Docs(ord)) {
        parts.push_back(docs);
      } else if (const uint32_t doc = kf.values.SingleDoc(ord); doc != KeywordValues::kNone) {
        singles.Add(doc);
      }
    }
    if (!singles.Empty()) {
      parts.push_back(&singles);
    }
    return Bitmap::OrMany(parts);
  }

  // A reused zeroed word buffer per thread: fresh 128 KB vectors per query would go through
  // mmap/munmap and fault their pages in every time (machine-limits.md A5).
  static std::vector<uint64_t>& Scratch(size_t words) {
    thread_local std::vector<uint64_t> buffer;
    buffer.assign(words, 0);
    return buffer;
  }

  // Docs of `hint` passing `pred` (small hints: visit them), or every live doc passing it.
  template <typename Pred>
  Bitmap Scan(const Bitmap& hint, Pred&& pred) const {
    const uint32_t n = index_.num_docs_;
    const uint64_t card = hint.Cardinality();
    if (card * kScanDivisor < n) {
      if (card < 4096) {
        Bitmap out;
        hint.ForEach([&](DocId d) {
          if (pred(d)) {
            out.Add(d);
          }
        });
        return out;
      }
      // Setting bits in a flat buffer is several times cheaper than appending to containers.
      std::vector<uint64_t>& words = Scratch((static_cast<size_t>(hint.Max()) >> 6) + 1);
      hint.ForEach([&](DocId d) { words[d >> 6] |= static_cast<uint64_t>(pred(d)) << (d & 63U); });
      return Bitmap::FromWords(words.data(), words.size());
    }
    std::vector<uint64_t>& words = Scratch((n + 63) / 64);
    for (DocId d = 0; d < n; ++d) {
      words[d >> 6] |= static_cast<uint64_t>(pred(d)) << (d & 63U);
    }
    return Masked(words);
  }

  // Results stay within the live documents (see Search).
  Bitmap Masked(const std::vector<uint64_t>& words) const {
    Bitmap out = Bitmap::FromWords(words.data(), words.size());
    return index_.dead_ == 0 ? out : Bitmap::And(out, index_.live_);
  }

  // As Eval, shared: a range leaf answered over its whole column is the query cache's bitmap
  // itself (no copy of a bitmap that spans every document).
  std::shared_ptr<const Bitmap> EvalShared(const Filter& f, const Bitmap& hint) const {
    if (f.kind == Filter::Kind::kRange) {
      if (auto whole = WholeRange(f, &hint)) {
        return whole;
      }
    }
    return std::make_shared<const Bitmap>(Eval(f, hint));
  }

  Bitmap Range(const Filter& f, const Bitmap& hint) const {
    if (auto whole = WholeRange(f, &hint)) {
      return *whole;
    }
    const Resolved r = Resolve(f.field);
    int64_t lo = 0;
    int64_t hi = 0;
    InclusiveBounds(f, lo, hi);
    const ColumnView col = ColumnOf(r);
    // lo <= v <= hi as one unsigned compare; kMissing (below every lo) wraps above the span.
    const uint64_t ulo = static_cast<uint64_t>(lo);
    const uint64_t span = static_cast<uint64_t>(hi) - ulo;
    const int64_t* data = col.data;
    const auto size = static_cast<DocId>(col.size);
    return Scan(hint,
                [&](DocId d) { return d < size && static_cast<uint64_t>(data[d]) - ulo <= span; });
  }

  // A range leaf over its whole column: the query cache's result, or a full pass (recorded
  // there) when `hint` is large or the column was asked for before (hot); null
  // when visiting the documents of `hint` is the cheaper way (Range does that). Without a
  // hint, the cached result only (null when there is none).
  std::shared_ptr<const Bitmap> WholeRange(const Filter& f, const Bitmap* hint) const {
    const Resolved r = Resolve(f.field);
    int64_t lo = 0;
    int64_t hi = 0;
    if (!InclusiveBounds(f, lo, hi)) {
      return std::make_shared<const Bitmap>();
    }
    const ColumnView col = ColumnOf(r);
    if (col.key.empty()) {
      return std::make_shared<const Bitmap>();  // a computed number none of whose fields exists
    }
    bool hot = false;
    if (auto cached = index_.CachedRange(col, lo, hi, hot)) {
      return cached;
    }
    if (hint != nullptr && (hot || hint->Cardinality() * kScanDivisor >= index_.num_docs_)) {
      return index_.WholeColumnRange(col, lo, hi);
    }
    return nullptr;
  }

  // Per bucket [from, to) of a range facet over `col`, its documents (dead ones too) from the
  // query cache, or from a whole-column pass (then cached) once the column was asked for
  // before; empty when a bucket has neither (the caller visits the documents instead).
  std::vector<std::shared_ptr<const Bitmap>> Buckets(
      const ColumnView& col, const std::vector<FacetRequest::Range>& ranges) const {
    std::vector<std::shared_ptr<const Bitmap>> out;
    if (col.key.empty()) {
      return out;
    }
    for (const FacetRequest::Range& rg : ranges) {
      const int64_t lo = rg.from ? std::max(*rg.from, kMissing + 1) : kMissing + 1;
      // [from, to) as [lo, hi]; no value lies below kMissing + 1.
      const int64_t hi = !rg.to               ? std::numeric_limits<int64_t>::max()
                         : *rg.to == kMissing ? kMissing
                                              : *rg.to - 1;
      if (lo > hi) {
        out.push_back(std::make_shared<const Bitmap>());
        continue;
      }
      std::shared_ptr<const Bitmap> docs = index_.RangeIfHot(col, lo, hi);
      if (!docs) {
        return {};
      }
      out.push_back(std::move(docs));
    }
    return out;
  }

  Bitmap Exists(const Filter& f, const Bitmap& hint) const {
    const Resolved r = Resolve(f.field);
    if (r.kind == FieldKind::kKeyword) {
      const KeywordField& kf = index_.keywords_[r.slot];
      const auto covered = static_cast<DocId>(kf.offsets.empty() ? 0 : kf.offsets.size() - 1);
      return Scan(hint, [&](DocId d) { return d < covered && kf.offsets[d + 1] > kf.offsets[d]; });
    }
    return Scan(hint, [&](DocId d) { return ValueOf(r, d) != kMissing; });
  }

 private:
  const Index& index_;
  const std::vector<ComputedNumber>& computed_;
  std::vector<std::vector<uint32_t>> computed_slots_;
  // Per computed number, its materialized column once read (held for the whole query).
  mutable std::vector<std::shared_ptr<const MaterializedColumn>> materialized_;
  mutable std::vector<const int64_t*> materialized_data_;
  mutable std::vector<size_t> materialized_size_;
};

// ---------------------------------------------------------------------------------------------
// Writes

Index::Index() : cache_(std::make_unique<QueryCache>()) {}
Index::~Index() = default;

Status Index::Validate(const std::vector<Document>& docs) const {
  // Kinds that this batch introduces, so that two documents of one batch cannot disagree either.
  StringMap<FieldKind> introduced;
  auto check = [&](const std::string& field, FieldKind kind, const Document& doc) -> Status {
    if (field.empty()) {
      return Error::InvalidField("documents", "document '" + doc.id + "' has a field without name");
    }
    FieldKind have = FieldKind::kUnknown;
    if (auto it = fields_.find(field); it != fields_.end()) {
      have = it->second.kind;
    } else if (auto jt = introduced.find(field); jt != introduced.end()) {
      have = jt->second;
    } else {
      introduced.emplace(field, kind);
      return Ok();
    }
    if (have != kind) {
      return Error::InvalidField(field, std::string("document '") + doc.id + "' gives a " +
                                            KindName(kind) + " value to a " + KindName(have) +
                                            " field");
    }
    return Ok();
  };
  std::vector<std::string_view> seen;
  for (const Document& doc : docs) {
    if (doc.id.empty()) {
      return Error::InvalidField("id", "a document has an empty id");
    }
    for (const auto& t : doc.texts) {
      EMPORION_RETURN_IF_ERROR(check(t.field, FieldKind::kText, doc));
    }
    for (const auto& k : doc.keywords) {
      EMPORION_RETURN_IF_ERROR(check(k.field, FieldKind::kKeyword, doc));
    }
    seen.clear();
    for (const auto& n : doc.numbers) {
      EMPORION_RETURN_IF_ERROR(check(n.field, FieldKind::kNumber, doc));
      if (n.value == kMissing) {
        return Error::InvalidField(n.field, "document '" + doc.id + "': value out of range");
      }
      seen.push_back(n.field);
    }
    for (const auto& d : doc.dates) {
      EMPORION_RETURN_IF_ERROR(check(d.field, FieldKind::kDate, doc));
      if (d.millis == kMissing) {
        return Error::InvalidField(d.field, "document '" + doc.id + "': value out of range");
      }
      seen.push_back(d.field);
    }
    std::sort(seen.begin(), seen.end());
    if (auto dup = std::adjacent_find(seen.begin(), seen.end()); dup != seen.end()) {
      return Error::InvalidField(std::string(*dup), "document '" + doc.id +
                                                        "' has two values for a single-valued "
                                                        "field");
    }
  }
  return Ok();
}

// The id table: open addressing over DocIds, keys read from the id arena (no string per doc).
// A slot keeps the newest DocId of its id, live or dead; slots are never freed (at most one per
// distinct id), and the table doubles at half load.
size_t Index::IdSlot(std::string_view id) const {
  const size_t mask = id_slots_.size() - 1;
  size_t i = std::hash<std::string_view>{}(id)&mask;
  while (id_slots_[i] != kNoDoc && IdOf(id_slots_[i]) != id) {
    i = (i + 1) & mask;
  }
  return i;
}

void Index::PutId(std::string_view id, DocId doc) {
  if ((id_used_ + 1) * 2 > id_slots_.size()) {
    std::vector<DocId> old = std::move(id_slots_);
    id_slots_.assign(std::max<size_t>(64, old.size() * 2), kNoDoc);
    for (DocId d : old) {
      if (d != kNoDoc) {
        id_slots_[IdSlot(IdOf(d))] = d;
      }
    }
  }
  const size_t i = IdSlot(id);
  id_used_ += id_slots_[i] == kNoDoc ? 1 : 0;
  id_slots_[i] = doc;
}

std::optional<DocId> Index::LiveDocOf(std::string_view id) const {
  if (id_slots_.empty()) {
    return std::nullopt;
  }
  const DocId d = id_slots_[IdSlot(id)];
  if (d == kNoDoc || !live_.Contains(d)) {
    return std::nullopt;
  }
  return d;
}

void Index::KillLocked(std::string_view id) {
  const std::optional<DocId> doc = LiveDocOf(id);
  if (!doc) {
    return;
  }
  const DocId d = *doc;
  live_.Remove(d);
  ++dead_;
  // Value bitmaps hold live documents only, so a terms filter needs no AND with `live_`.
  for (KeywordField& kf : keywords_) {
    if (static_cast<size_t>(d) + 1 < kf.offsets.size()) {
      for (uint32_t i = kf.offsets[d]; i < kf.offsets[d + 1]; ++i) {
        kf.values.RemoveDoc(kf.ords[i], d);
      }
    }
  }
}

void Index::Apply(const Document& doc) {
  KillLocked(doc.id);
  const DocId d = num_docs_++;
  id_arena_.append(doc.id);
  id_offsets_.push_back(id_arena_.size());
  stored_.tail.append(doc.stored);
  stored_offsets_.push_back(stored_.size());
  PutId(doc.id, d);

  auto field_of = [&](const std::string& name, FieldKind kind) -> uint32_t {
    auto it = fields_.find(name);
    if (it != fields_.end()) {
      return it->second.slot;
    }
    FieldInfo info;
    info.kind = kind;
    if (kind == FieldKind::kKeyword) {
      info.slot = static_cast<uint32_t>(keywords_.size());
      keywords_.emplace_back();
    } else if (kind == FieldKind::kNumber || kind == FieldKind::kDate) {
      info.slot = static_cast<uint32_t>(columns_.size());
      columns_.emplace_back();
    }
    fields_.emplace(name, info);
    return info.slot;
  };

  // Keywords grouped by field: each touched field's CSR row is written once.
  if (!doc.keywords.empty()) {
    std::vector<std::pair<uint32_t, uint32_t>> pairs;  // (slot, ordinal)
    pairs.reserve(doc.keywords.size());
    for (const auto& k : doc.keywords) {
      const uint32_t slot = field_of(k.field, FieldKind::kKeyword);
      pairs.emplace_back(slot, keywords_[slot].values.Intern(k.value));
    }
    // Order as given within a field (the first value sorts), duplicates dropped.
    std::stable_sort(pairs.begin(), pairs.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (size_t i = 0; i < pairs.size();) {
      const uint32_t slot = pairs[i].first;
      KeywordField& kf = keywords_[slot];
      if (kf.offsets.empty()) {
        kf.offsets.push_back(0);
      }
      while (kf.offsets.size() < static_cast<size_t>(d) + 1) {
        kf.offsets.push_back(static_cast<uint32_t>(kf.ords.size()));
      }
      const size_t row = kf.ords.size();
      for (; i < pairs.size() && pairs[i].first == slot; ++i) {
        const uint32_t ord = pairs[i].second;
        if (std::find(kf.ords.begin() + static_cast<std::ptrdiff_t>(row), kf.ords.end(), ord) ==
            kf.ords.end()) {
          kf.ords.push_back(ord);
          kf.values.AddDoc(ord, d);
        }
      }
      kf.offsets.push_back(static_cast<uint32_t>(kf.ords.size()));
    }
  }
  auto put_number = [&](const std::string& field, FieldKind kind, int64_t value) {
    Column& col = columns_[field_of(field, kind)];
    if (col.values.size() < static_cast<size_t>(d) + 1) {
      if (col.values.capacity() < static_cast<size_t>(d) + 1) {
        col.values.reserve(std::max<size_t>(1024, col.values.capacity() * 2));
      }
      col.values.resize(static_cast<size_t>(d) + 1, kMissing);
    }
    col.values[d] = value;
  };
  for (const auto& n : doc.numbers) {
    put_number(n.field, FieldKind::kNumber, n.value);
  }
  for (const auto& dt : doc.dates) {
    put_number(dt.field, FieldKind::kDate, dt.millis);
  }
  if (!doc.texts.empty()) {
    for (const auto& t : doc.texts) {
      field_of(t.field, FieldKind::kText);
    }
    text_.Add(d, doc.texts);
  }
  live_.Add(d);
}

Status Index::Upsert(const std::vector<Document>& docs) {
  std::unique_lock lock(lock_);
  EMPORION_RETURN_IF_ERROR(Validate(docs));
  if (static_cast<uint64_t>(num_docs_) + docs.size() >= KeywordValues::kMaxDoc) {
    return Error::InvalidField("documents", "the index is full; rebuild it");
  }
  for (const Document& doc : docs) {
    Apply(doc);
  }
  ++generation_;
  last_update_millis_ = NowMillis();
  return Ok();
}

void Index::Remove(const std::vector<std::string>& ids) {
  std::unique_lock lock(lock_);
  for (const std::string& id : ids) {
    KillLocked(id);
  }
  ++generation_;
  last_update_millis_ = NowMillis();
}

std::string_view Index::IdOf(DocId doc) const {
  return std::string_view(id_arena_).substr(id_offsets_[doc],
                                            id_offsets_[doc + 1] - id_offsets_[doc]);
}

std::string_view Index::StoredOf(DocId doc) const {
  const uint64_t from = stored_offsets_[doc];
  const uint64_t to = stored_offsets_[doc + 1];
  if (to <= stored_.base_size) {
    return {stored_.base + from, to - from};
  }
  return std::string_view(stored_.tail).substr(from - stored_.base_size, to - from);
}

// ---------------------------------------------------------------------------------------------
// Reads

FieldKind Index::KindOf(std::string_view field) const {
  std::shared_lock lock(lock_);
  auto it = fields_.find(field);
  return it == fields_.end() ? FieldKind::kUnknown : it->second.kind;
}

Result<SearchResult> Index::Search(const Query& query) const {
  std::shared_lock lock(lock_);
  Evaluator ev(*this, query.computed);

  // Validate every name before doing any work.
  EMPORION_RETURN_IF_ERROR(ev.Check(query.filter));
  for (const SortKey& key : query.sort) {
    if (key.field.empty()) {
      continue;
    }
    const auto r = ev.Resolve(key.field);
    if (r.kind == FieldKind::kUnknown) {
      return Error::InvalidField("sort", "unknown field '" + key.field + "'");
    }
    if (r.kind == FieldKind::kText) {
      return Error::InvalidField("sort", "'" + key.field + "' is a text field and cannot sort");
    }
  }
  for (const FacetRequest& fr : query.facets) {
    const auto r = ev.Resolve(fr.field);
    if (r.kind == FieldKind::kUnknown) {
      return Error::InvalidField("facets", "unknown field '" + fr.field + "'");
    }
    if (fr.type == FacetRequest::Type::kTerms && r.kind != FieldKind::kKeyword) {
      return Error::InvalidField("facets", "'" + fr.field + "' is a " + KindName(r.kind) +
                                               " field; term facets take keyword fields");
    }
    if (fr.type == FacetRequest::Type::kRange && r.kind != FieldKind::kNumber &&
        r.kind != FieldKind::kDate) {
      return Error::InvalidField("facets", "'" + fr.field + "' is a " + KindName(r.kind) +
                                               " field; range facets take number or date fields");
    }
  }

  // Base: live documents, narrowed by the keywords.
  // Every bitmap that filter evaluation returns holds live documents only (value bitmaps drop
  // dead ids; scans mask them), so `live_` is never copied or intersected on this path.
  // Scores are computed only when relevance orders the hits (no sort, or a relevance key);
  // otherwise every hit's score is 0.
  bool by_relevance = query.sort.empty();
  for (const SortKey& key : query.sort) {
    by_relevance = by_relevance || key.field.empty();
  }
  // Top-level clauses, evaluated separately so disjunctive facets can leave some out.
  std::vector<const Filter*> clauses;
  if (query.filter.kind == Filter::Kind::kAnd) {
    for (const Filter& c : query.filter.children) {
      clauses.push_back(&c);
    }
  } else if (query.filter.kind != Filter::Kind::kAll) {
    clauses.push_back(&query.filter);
  }
  // excluded[f][c]: facet f ignores clause c.
  std::vector<std::vector<bool>> excluded(query.facets.size(),
                                          std::vector<bool>(clauses.size(), false));
  for (size_t f = 0; f < query.facets.size(); ++f) {
    for (size_t c = 0; c < clauses.size(); ++c) {
      excluded[f][c] = LeavesAllName(*clauses[c], query.facets[f].field);
    }
  }
  // Clauses made of bitmap lookups only are evaluated once. Clauses that read columns (ranges,
  // exists) are applied per answer set by filtering that set, so a price range costs the size
  // of the narrowed set, not a scan of every document; a full scan, when the set is large
  // anyway, is done once and reused.
  std::vector<bool> scans(clauses.size(), false);
  // Shared: a range clause's result may be the query cache's own (not copied).
  std::vector<std::shared_ptr<const Bitmap>> clause_bits(clauses.size());
  // Core clauses: bitmap lookups that no facet leaves out (active, buyable, a category), so
  // every answer set (the result and each facet's) lies within their intersection `core`.
  // Both come from the query cache while no write came in between (the same store's catalog,
  // type, active and buyable clauses arrive with every storefront request).
  std::vector<bool> in_core(clauses.size(), false);
  std::shared_ptr<const Bitmap> core;
  std::string core_key;
  size_t core_clauses = 0;
  auto excluded_somewhere = [&](size_t c) {
    bool any = false;
    for (size_t f = 0; f < query.facets.size(); ++f) {
      any = any || excluded[f][c];
    }
    return any;
  };
  for (size_t c = 0; c < clauses.size(); ++c) {
    scans[c] = Evaluator::ReadsColumns(*clauses[c]);
    if (scans[c]) {
      continue;
    }
    std::string key;
    AppendFilterKey(*clauses[c], key);
    clause_bits[c] = CachedFilter(key);
    if (!clause_bits[c]) {
      clause_bits[c] = std::make_shared<const Bitmap>(ev.Eval(*clauses[c], live_));
      CacheFilter(key, clause_bits[c]);
    }
    if (!excluded_somewhere(c)) {
      in_core[c] = true;
      ++core_clauses;
      core_key += key;
    }
  }
  // Range clauses that no facet leaves out and whose whole-column result the query cache holds
  // (the visibility window, on `now`) join a core of keyword clauses, so their intersection is
  // done once per write, not per answer set and query. Their part of the key is the cached
  // bitmap's address (the bounds move with `now` while selecting the same documents); the core's
  // cache entry holds those bitmaps, so no other can take their addresses meanwhile. A core of
  // range clauses alone would hold dead documents too: ranges join only keyword clauses.
  std::vector<std::shared_ptr<const Bitmap>> core_held;
  if (core_clauses > 0) {
    for (size_t c = 0; c < clauses.size(); ++c) {
      if (!scans[c] || excluded_somewhere(c)) {
        continue;
      }
      auto whole =
          clauses[c]->kind == Filter::Kind::kRange ? ev.WholeRange(*clauses[c], nullptr) : nullptr;
      if (whole && !whole->Empty()) {  // (an empty range stays a clause: it has no key to cache)
        scans[c] = false;
        in_core[c] = true;
        ++core_clauses;
        core_key += "~" + clauses[c]->field + "@" +
                    std::to_string(reinterpret_cast<uintptr_t>(whole.get()));
        clause_bits[c] = whole;
        core_held.push_back(std::move(whole));
      }
    }
  }
  if (core_clauses == 1) {
    for (size_t c = 0; c < clauses.size(); ++c) {
      if (in_core[c]) {
        core = clause_bits[c];
      }
    }
  } else if (core_clauses > 1) {
    core_key.insert(0, "&" + std::to_string(core_clauses) + ":");
    core = CachedFilter(core_key);
    if (!core) {
      for (size_t c = 0; c < clauses.size(); ++c) {
        if (in_core[c]) {
          core = core ? std::make_shared<const Bitmap>(Bitmap::And(*core, *clause_bits[c]))
                      : clause_bits[c];
        }
      }
      CacheFilter(core_key, core, std::move(core_held));
    }
  }

  Bitmap text_docs;
  text::TextIndex::Matches matches;
  const bool has_text = query.text.find_first_not_of(" \t\r\n") != std::string::npos;
  // Unscored words asked for before: their documents come from the query cache (matched over
  // every document, live or dead), narrowed to `core` or the live ones here.
  std::shared_ptr<const Bitmap> cached_text;
  if (has_text && !by_relevance) {
    cached_text = TextMatches(query);
  }
  if (cached_text) {
    // (if/else, not ?: with `*cached_text` as one operand: that would make every branch a
    // const prvalue, copied into text_docs instead of moved)
    if (core) {
      text_docs = Bitmap::And(*cached_text, *core, kCountAsBitset);
    } else if (dead_ != 0) {
      text_docs = Bitmap::And(*cached_text, live_, kCountAsBitset);
    } else {
      text_docs = *cached_text;
    }
  } else if (has_text) {
    // The text index matches only documents of `core` (live ones: filter results hold live
    // documents only) or, without core clauses, live documents (no check at all while nothing
    // is dead); so its matches need no intersection with `core` or `live_` afterwards. `core`
    // is handed over as a flat bitset: a probe per posting must be one load.
    std::function<bool(DocId)> live;
    text::TextIndex::DocSet within;
    if (core) {
      thread_local std::vector<uint64_t> words;
      within.nwords =
          core->Empty() ? 0 : (static_cast<size_t>(core->Max() >> 16) + 1) * Bitmap::kChunkWords;
      words.assign(within.nwords, 0);
      core->ToWords(words.data());
      within.words = words.data();
    } else if (dead_ != 0) {
      live = [this](DocId d) { return live_.Contains(d); };
    }
    if (!core || !core->Empty()) {
      matches = text_.Search(query.text, query.language, query.text_fields, query.prefix,
                             query.typos, by_relevance, live, core ? &within : nullptr);
    }
    text_docs = Bitmap::FromSorted(matches.docs.data(), matches.docs.size());
  }
  const Bitmap& base = has_text ? text_docs : live_;

  // Column clauses needed by several answer sets (the result and the facets' own sets that
  // keep them: a date window, a price range next to disjunctive facets) are evaluated once over
  // the sets' common superset (`base` within `core`) and reused, not scanned again per set.
  const Bitmap& superset = has_text ? base : (core ? *core : live_);
  std::vector<bool> shared_scan(clauses.size(), false);
  for (size_t c = 0; c < clauses.size(); ++c) {
    size_t sets = 1;  // the result
    for (size_t f = 0; f < query.facets.size(); ++f) {
      const bool own_set =
          std::find(excluded[f].begin(), excluded[f].end(), true) != excluded[f].end();
      sets += own_set && !excluded[f][c] ? 1 : 0;
    }
    shared_scan[c] = scans[c] && sets >= 2;
  }
  auto intersect = [&](const std::vector<bool>* skip) {
    // `base` (with text) lies within `core` already; without text, start from `core`. The set
    // is narrowed in `owned`; `cur` points at it or, until the first narrowing, at the start
    // (not copied).
    Bitmap owned;
    const Bitmap* cur = has_text ? &base : (core ? core.get() : nullptr);
    auto narrow = [&](const Bitmap& by) {
      if (cur != nullptr) {
        owned = Bitmap::And(*cur, by, kCountAsBitset);  // moved in (see text_docs)
      } else {
        owned = by;
      }
      cur = &owned;
    };
    for (size_t c = 0; c < clauses.size(); ++c) {
      if (!scans[c] && !in_core[c] && (skip == nullptr || !(*skip)[c])) {
        narrow(*clause_bits[c]);
      }
    }
    if (cur == nullptr) {
      cur = &live_;
    }
    for (size_t c = 0; c < clauses.size(); ++c) {
      if (!scans[c] || (skip != nullptr && (*skip)[c]) || cur->Empty()) {
        continue;
      }
      if (clause_bits[c] || shared_scan[c] ||
          cur->Cardinality() * Evaluator::kScanDivisor >= num_docs_) {
        if (!clause_bits[c]) {
          clause_bits[c] = ev.EvalShared(*clauses[c], shared_scan[c] ? superset : base);
        }
        narrow(*clause_bits[c]);
      } else {
        narrow(*ev.EvalShared(*clauses[c], *cur));
      }
    }
    if (cur == &owned) {
      return owned;  // (moved: a local)
    }
    return *cur;
  };
  Bitmap result = intersect(nullptr);

  SearchResult out;
  out.total = result.Cardinality();

  // Facets, counted over the result or, for a disjunctive facet, its own set. AND-counting a set
  // with each value's (or bucket's) documents probes its array chunks value by value; counted
  // as bitsets, a chunk costs one AND+popcount pass whatever it holds. A set counted against
  // bitmaps is therefore densified once (the result's is shared by the facets that use it).
  bool result_dense = false;
  for (size_t f = 0; f < query.facets.size(); ++f) {
    const FacetRequest& fr = query.facets[f];
    const bool any_excluded =
        std::find(excluded[f].begin(), excluded[f].end(), true) != excluded[f].end();
    Bitmap own;
    if (any_excluded) {
      own = intersect(&excluded[f]);
    }
    Bitmap& over = any_excluded ? own : result;
    auto densified = [&]() -> const Bitmap& {
      if (any_excluded || !result_dense) {
        over.Densify(kCountAsBitset);
        result_dense = result_dense || !any_excluded;
      }
      return over;
    };
    const uint64_t probe_cost = over.DensifiedProbeCost(kCountAsBitset);
    FacetResult fres;
    fres.name = fr.name;
    fres.field = fr.field;
    fres.type = fr.type;
    const auto r = ev.Resolve(fr.field);
    if (fr.type == FacetRequest::Type::kTerms) {
      const KeywordField& kf = keywords_[r.slot];
      std::vector<uint64_t> counts(kf.values.size(), 0);
      const uint64_t n = over.Cardinality();
      const uint64_t iterate_cost =
          n * (4 + 2 * (num_docs_ == 0 ? 1 : kf.ords.size() / num_docs_ + 1) +
               (kf.ords.size() > kCachedColumn ? kUncachedVisit : 0));
      const uint64_t bitmap_cost = kf.values.size() * probe_cost;
      const bool iterate = facet_strategy_ == FacetStrategy::kIterate ||
                           (facet_strategy_ == FacetStrategy::kAuto && iterate_cost < bitmap_cost);
      if (iterate) {
        const auto covered = static_cast<DocId>(kf.offsets.empty() ? 0 : kf.offsets.size() - 1);
        const uint32_t* offs = kf.offsets.data();
        const uint32_t* ords = kf.ords.data();
        over.ForEach([&](DocId d) {
          if (d < covered) {
            for (uint32_t i = offs[d]; i < offs[d + 1]; ++i) {
              ++counts[ords[i]];
            }
          }
        });
      } else {
        const Bitmap& counted = densified();
        for (uint32_t v = 0; v < kf.values.size(); ++v) {
          counts[v] = kf.values.CountIn(v, counted);
        }
      }
      std::vector<uint32_t> top;
      for (uint32_t v = 0; v < counts.size(); ++v) {
        if (counts[v] > 0) {
          top.push_back(v);
        }
      }
      auto better = [&](uint32_t a, uint32_t b) {
        return counts[a] != counts[b] ? counts[a] > counts[b] : kf.values[a] < kf.values[b];
      };
      const size_t keep = std::min<size_t>(fr.size, top.size());
      std::partial_sort(top.begin(), top.begin() + static_cast<std::ptrdiff_t>(keep), top.end(),
                        better);
      top.resize(keep);
      for (uint32_t v : top) {
        const std::string value(kf.values[v]);
        fres.values.push_back({value, value, counts[v], std::nullopt, std::nullopt});
      }
      for (const std::string& inc : fr.include) {
        bool present = false;
        for (const auto& fv : fres.values) {
          present = present || fv.value == inc;
        }
        if (present) {
          continue;
        }
        const uint32_t ord = kf.values.Find(inc);
        const uint64_t count = ord == KeywordValues::kNone ? 0 : counts[ord];
        fres.values.push_back({inc, inc, count, std::nullopt, std::nullopt});
      }
    } else {
      std::vector<uint64_t> counts(fr.ranges.size(), 0);
      const ColumnView col = ev.ColumnOf(r);
      // Visiting reads each document's value: at random, a cache miss per document once the
      // column outgrows the caches (8 MB at 1M documents). AND-counting `over` with each
      // bucket's documents (cached whole-column results) costs its probes per bucket.
      const uint64_t n = over.Cardinality();
      const uint64_t visit_cost =
          n * (fr.ranges.size() + (col.size > kCachedColumn ? kUncachedVisit : 4));
      const uint64_t bucket_cost = fr.ranges.size() * probe_cost;
      std::vector<std::shared_ptr<const Bitmap>> buckets;
      if (facet_strategy_ == FacetStrategy::kBitmaps ||
          (facet_strategy_ == FacetStrategy::kAuto && bucket_cost < visit_cost)) {
        buckets = ev.Buckets(col, fr.ranges);
      }
      if (!buckets.empty()) {
        const Bitmap& counted = densified();
        for (size_t i = 0; i < fr.ranges.size(); ++i) {
          counts[i] = Bitmap::AndCardinality(counted, *buckets[i]);
        }
      } else {
        over.ForEach([&](DocId d) {
          const int64_t v = d < col.size ? col.data[d] : kMissing;
          if (v == kMissing) {
            return;
          }
          for (size_t i = 0; i < fr.ranges.size(); ++i) {
            const auto& rg = fr.ranges[i];
            if ((!rg.from || v >= *rg.from) && (!rg.to || v < *rg.to)) {
              ++counts[i];
            }
          }
        });
      }
      for (size_t i = 0; i < fr.ranges.size(); ++i) {
        const auto& rg = fr.ranges[i];
        fres.values.push_back({rg.label, rg.label, counts[i], rg.from, rg.to});
      }
    }
    out.facets.push_back(std::move(fres));
  }

  // Sort and page: one pass over the result keeping the best offset+limit rows in a heap
  // (never a full sort). The first key is precomputed per row as an int64 when it is numeric;
  // later keys are read only to break ties.
  const uint64_t want = static_cast<uint64_t>(query.offset) + query.limit;
  std::vector<DocId> page;
  std::vector<float> page_scores;
  bool by_relevance_only = true;
  for (const SortKey& key : query.sort) {
    by_relevance_only = by_relevance_only && key.field.empty();
  }
  if (query.limit > 0 && query.offset < out.total) {
    if (by_relevance_only && !has_text) {
      // Every score is equal: DocId order, the first `want` ids.
      uint64_t seen = 0;
      result.ForEach([&](DocId d) {
        if (seen >= query.offset && seen < want) {
          page.push_back(d);
          page_scores.push_back(0);
        }
        ++seen;
      });
    } else {
      struct Key {
        bool relevance = false;
        bool descending = false;
        Evaluator::Resolved field;
      };
      std::vector<Key> keys;
      for (const SortKey& sk : query.sort) {
        Key k;
        k.descending = sk.descending;
        k.relevance = sk.field.empty();
        if (!k.relevance) {
          k.field = ev.Resolve(sk.field);
        }
        keys.push_back(k);
      }
      if (keys.empty()) {
        keys.push_back(Key{true, false, {}});
      }
      auto first_keyword = [&](const Evaluator::Resolved& r,
                               DocId d) -> std::optional<std::string_view> {
        const KeywordField& kf = keywords_[r.slot];
        if (static_cast<size_t>(d) + 1 < kf.offsets.size() && kf.offsets[d + 1] > kf.offsets[d]) {
          return kf.values[kf.ords[kf.offsets[d]]];
        }
        return std::nullopt;
      };
      // Numeric keys as "smaller comes first", missing last in both directions.
      auto numeric_rank = [&](const Key& k, DocId d) {
        const int64_t v = ev.ValueOf(k.field, d);
        if (v == kMissing) {
          return std::numeric_limits<int64_t>::max();
        }
        return k.descending ? -v : v;
      };
      const bool first_numeric = !keys[0].relevance && keys[0].field.kind != FieldKind::kKeyword;
      // The first key's column, read directly per row (one load, no call).
      ColumnView first_col;
      if (first_numeric) {
        first_col = ev.ColumnOf(keys[0].field);
      }
      const bool first_descending = keys[0].descending;
      auto first_rank = [&](DocId d) {
        const int64_t v = d < first_col.size ? first_col.data[d] : kMissing;
        if (v == kMissing) {
          return std::numeric_limits<int64_t>::max();
        }
        return first_descending ? -v : v;
      };
      struct Row {
        DocId doc;
        float score;
        int64_t rank;  // the first key's numeric rank when first_numeric
      };
      auto before = [&](const Row& a, const Row& b) {
        for (size_t i = 0; i < keys.size(); ++i) {
          const Key& k = keys[i];
          if (k.relevance) {
            if (a.score != b.score) {
              return a.score > b.score;
            }
            continue;
          }
          if (k.field.kind == FieldKind::kKeyword) {
            const std::optional<std::string_view> x = first_keyword(k.field, a.doc);
            const std::optional<std::string_view> y = first_keyword(k.field, b.doc);
            if (x.has_value() != y.has_value()) {
              return !y.has_value();  // missing last
            }
            if (x && *x != *y) {
              return k.descending ? *x > *y : *x < *y;
            }
            continue;
          }
          const int64_t x = (i == 0 && first_numeric) ? a.rank : numeric_rank(k, a.doc);
          const int64_t y = (i == 0 && first_numeric) ? b.rank : numeric_rank(k, b.doc);
          if (x != y) {
            return x < y;
          }
        }
        return a.doc < b.doc;
      };
      std::vector<Row> heap;
      heap.reserve(static_cast<size_t>(std::min<uint64_t>(want, out.total)));
      size_t m = 0;  // walks matches.docs alongside the result (both ascending)
      auto consider = [&](DocId d) {
        Row row{d, 0.0F, 0};
        if (has_text && by_relevance) {
          while (m < matches.docs.size() && matches.docs[m] < d) {
            ++m;
          }
          if (m < matches.docs.size() && matches.docs[m] == d) {
            row.score = matches.scores[m];
          }
        }
        if (first_numeric) {
          row.rank = first_rank(d);
        }
        if (heap.size() < want) {
          heap.push_back(row);
          std::push_heap(heap.begin(), heap.end(), before);
        } else if (before(row, heap.front())) {
          std::pop_heap(heap.begin(), heap.end(), before);
          heap.back() = row;
          std::push_heap(heap.begin(), heap.end(), before);
        }
      };
      // A large result sorted by a number: only the documents whose value can reach the page
      // are visited. From the column's samples, a threshold t that about 4 * want of the
      // result's documents should pass (fractions of 1/1024 up to 1/4 of the documents, so
      // that few distinct thresholds, cached as whole-column ranges, serve every query); if at
      // least `want` of them pass, the page lies among them: every other document has a value
      // beyond t or none, and sorts after all of them.
      const Bitmap* sorted = &result;
      Bitmap pruned;
      const uint64_t kMinPruned = 4096;
      if (first_numeric && !first_col.key.empty() && out.total >= kMinPruned &&
          out.total >= 16 * want) {
        const auto samples = SortSamples(first_col);
        const size_t ns = samples->size();
        for (size_t part = 1024; part >= 4 && ns >= 64; part /= 2) {
          // Expected share of documents below the threshold: 1/part.
          if (static_cast<double>(out.total) / static_cast<double>(part) <
              4.0 * static_cast<double>(want)) {
            continue;
          }
          const size_t k = ns / part;
          const int64_t t = first_descending ? (*samples)[ns - 1 - k] : (*samples)[k];
          const auto within = first_descending
                                  ? RangeIfHot(first_col, t, std::numeric_limits<int64_t>::max())
                                  : RangeIfHot(first_col, kMissing + 1, t);
          if (!within) {
            break;
          }
          if (Bitmap::AndCardinality(result, *within) >= want) {
            pruned = Bitmap::And(result, *within);
            sorted = &pruned;
            break;
          }
        }
      }
      if (first_numeric && first_col.size > kCachedColumn && sorted == &result) {
        // Ascending ids read a column beyond the caches at random: load rows a few ahead.
        constexpr size_t kAhead = 16;
        thread_local std::vector<DocId> ids;
        result.ToVector(ids);
        for (size_t i = 0; i < ids.size(); ++i) {
          if (i + kAhead < ids.size() && ids[i + kAhead] < first_col.size) {
            __builtin_prefetch(first_col.data + ids[i + kAhead]);
          }
          consider(ids[i]);
        }
      } else {
        sorted->ForEach(consider);
      }
      std::sort_heap(heap.begin(), heap.end(), before);
      for (size_t i = query.offset; i < heap.size(); ++i) {
        page.push_back(heap[i].doc);
        page_scores.push_back(heap[i].score);
      }
    }
  }
  out.hits.reserve(page.size());
  for (size_t i = 0; i < page.size(); ++i) {
    Hit h;
    h.id = std::string(IdOf(page[i]));
    h.score = page_scores[i];
    h.stored = std::string(StoredOf(page[i]));
    for (size_t c = 0; c < query.computed.size(); ++c) {
      h.computed.push_back(ev.ComputedValue(c, page[i]));
    }
    out.hits.push_back(std::move(h));
  }
  return out;
}

Result<std::vector<Suggestion>> Index::Suggest(const SuggestQuery& query) const {
  std::shared_lock lock(lock_);
  static const std::vector<ComputedNumber> kNone;
  Evaluator ev(*this, kNone);
  EMPORION_RETURN_IF_ERROR(ev.Check(query.filter));
  const Bitmap allowed = Bitmap::And(live_, ev.Eval(query.filter, live_));
  return text_.Suggest(query.text, query.language, query.text_fields, query.limit,
                       [&allowed](DocId d) { return allowed.Contains(d); });
}

std::vector<MemoryPart> Index::MemoryPartsLocked() const {
  std::vector<MemoryPart> parts;
  uint64_t fields =
      sizeof(*this) + fields_.size() * (sizeof(std::string) + sizeof(FieldInfo) + 32) +
      fields_.bucket_count() * sizeof(void*) + keywords_.capacity() * sizeof(KeywordField) +
      columns_.capacity() * sizeof(Column);
  for (const auto& [name, info] : fields_) {
    fields += name.capacity();
  }
  parts.push_back({"fields", fields});
  parts.push_back({"ids", id_slots_.capacity() * sizeof(DocId) +
                              id_offsets_.capacity() * sizeof(uint64_t) + id_arena_.capacity()});
  parts.push_back(
      {"stored", stored_offsets_.capacity() * sizeof(uint64_t) + stored_.tail.capacity()});
  parts.push_back({"live", live_.MemoryBytes()});
  parts.push_back({"query cache", CacheBytes()});
  uint64_t columns = 0;
  for (const Column& c : columns_) {
    columns += c.values.capacity() * sizeof(int64_t);
  }
  parts.push_back({"number columns", columns});
  for (const auto& [name, info] : fields_) {
    if (info.kind != FieldKind::kKeyword) {
      continue;
    }
    const KeywordField& kf = keywords_[info.slot];
    parts.push_back({"keyword " + name + " values", kf.values.MemoryBytes()});
    parts.push_back({"keyword " + name + " column", kf.offsets.capacity() * sizeof(uint32_t) +
                                                        kf.ords.capacity() * sizeof(uint32_t)});
  }
  text_.MemoryParts(parts);
  std::stable_sort(parts.begin(), parts.end(),
                   [](const MemoryPart& a, const MemoryPart& b) { return a.bytes > b.bytes; });
  return parts;
}

void Index::Trim() {
  std::unique_lock lock(lock_);
  for (KeywordField& kf : keywords_) {
    kf.values.Trim();
    TrimCapacity(kf.offsets);
    TrimCapacity(kf.ords);
  }
  for (Column& c : columns_) {
    TrimCapacity(c.values);
  }
  TrimCapacity(id_offsets_);
  TrimCapacity(id_arena_);
  TrimCapacity(stored_offsets_);
  TrimCapacity(stored_.tail);
  live_.ShrinkToFit();
  text_.Trim();
}

IndexStats Index::Stats() const {
  std::shared_lock lock(lock_);
  IndexStats s;
  s.documents = live_.Cardinality();
  s.deleted = dead_;
  uint64_t terms = text_.TermCount();
  for (const KeywordField& kf : keywords_) {
    terms += kf.values.size();
  }
  s.terms = terms;
  s.memory_parts = MemoryPartsLocked();
  for (const MemoryPart& part : s.memory_parts) {
    s.memory_bytes += part.bytes;
  }
  s.mapped_bytes = stored_.base_size;
  s.last_rebuild_millis = last_rebuild_millis_;
  s.last_update_millis = last_update_millis_;
  return s;
}

void Index::set_last_rebuild_millis(int64_t millis) {
  std::unique_lock lock(lock_);
  last_rebuild_millis_ = millis;
}

// ---------------------------------------------------------------------------------------------
// Snapshot image. Raw native-endian vectors with their sizes; every size is checked against
// what is left of the stream before anything is allocated, and every cross-reference (ordinals,
// offsets, doc ids) is checked after loading, so a damaged file is an error, never a crash.

namespace {

constexpr uint64_t kEndMarker = 0x454e44494458ULL;  // "XDIDNE"

template <typename T>
void Put(std::ostream& out, const T& v) {
  out.write(reinterpret_cast<const char*>(&v), sizeof(T));
}
template <typename T>
void PutVec(std::ostream& out, const std::vector<T>& v) {
  Put<uint64_t>(out, v.size());
  out.write(reinterpret_cast<const char*>(v.data()),
            static_cast<std::streamsize>(v.size() * sizeof(T)));
}
void PutStr(std::ostream& out, std::string_view s) {
  Put<uint64_t>(out, s.size());
  out.write(s.data(), static_cast<std::streamsize>(s.size()));
}

class Reader {
 public:
  explicit Reader(std::istream& in) : in_(in) {
    const auto start = in.tellg();
    if (start >= 0) {
      in.seekg(0, std::ios::end);
      const auto end = in.tellg();
      in.seekg(start);
      limit_ = static_cast<uint64_t>(end - start);
    }
  }
  template <typename T>
  bool Get(T& v) {
    return static_cast<bool>(in_.read(reinterpret_cast<char*>(&v), sizeof(T)));
  }
  template <typename T>
  bool GetVec(std::vector<T>& v) {
    uint64_t n = 0;
    if (!Get(n) || n > limit_ / sizeof(T)) {
      return false;
    }
    // Headroom (see WithHeadroom).
    v.reserve(WithHeadroom(n));
    AdviseHugePages(v.data(), v.capacity() * sizeof(T));
    v.resize(n);
    return static_cast<bool>(
        in_.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(n * sizeof(T))));
  }
  bool GetStr(std::string& s) {
    uint64_t n = 0;
    if (!Get(n) || n > limit_) {
      return false;
    }
    s.reserve(WithHeadroom(n));
    AdviseHugePages(s.data(), s.capacity());
    s.resize(n);
    return static_cast<bool>(in_.read(s.data(), static_cast<std::streamsize>(n)));
  }

 private:
  std::istream& in_;
  uint64_t limit_ = uint64_t{1} << 40;
};

bool OffsetsValid(const std::vector<uint64_t>& offsets, size_t entries, size_t arena) {
  if (offsets.size() != entries + 1 || offsets.front() != 0 || offsets.back() != arena) {
    return false;
  }
  for (size_t i = 1; i < offsets.size(); ++i) {
    if (offsets[i] < offsets[i - 1]) {
      return false;
    }
  }
  return true;
}

}  // namespace

void Index::Save(std::ostream& out) const {
  std::shared_lock lock(lock_);
  Put<uint32_t>(out, num_docs_);
  Put<uint64_t>(out, dead_);
  Put<int64_t>(out, last_rebuild_millis_);
  Put<int64_t>(out, last_update_millis_);
  PutVec(out, id_offsets_);
  PutStr(out, id_arena_);
  PutVec(out, stored_offsets_);
  Put<uint64_t>(out, stored_.size());  // as PutStr of base and tail together
  out.write(stored_.base, static_cast<std::streamsize>(stored_.base_size));
  out.write(stored_.tail.data(), static_cast<std::streamsize>(stored_.tail.size()));
  live_.Save(out);
  Put<uint32_t>(out, static_cast<uint32_t>(fields_.size()));
  for (const auto& [name, info] : fields_) {
    PutStr(out, name);
    Put<uint8_t>(out, static_cast<uint8_t>(info.kind));
    Put<uint32_t>(out, info.slot);
  }
  Put<uint32_t>(out, static_cast<uint32_t>(keywords_.size()));
  for (const KeywordField& kf : keywords_) {
    kf.values.Save(out);
    PutVec(out, kf.offsets);
    PutVec(out, kf.ords);
  }
  Put<uint32_t>(out, static_cast<uint32_t>(columns_.size()));
  for (const Column& c : columns_) {
    PutVec(out, c.values);
  }
  text_.Save(out);
  Put<uint64_t>(out, kEndMarker);
}

Status Index::Load(std::istream& in, std::shared_ptr<const MappedFile> file) {
  std::unique_lock lock(lock_);
  {
    std::lock_guard guard(cache_->mutex);  // slots and DocIds are about to name other things
    cache_->Clear();
    cache_->text_docs = 0;
    ++generation_;
  }
  const auto bad = [](const std::string& what) {
    return Error::Unprocessable("snapshot", "index image is damaged: " + what);
  };
  Reader r(in);
  // The stored documents: read, or with a mapped file left in place (the stream skips them).
  auto get_stored = [&]() {
    if (!file) {
      return r.GetStr(stored_.tail);
    }
    uint64_t n = 0;
    const std::streamoff at = in.tellg();
    if (!r.Get(n) || at < 0 || static_cast<uint64_t>(at) + sizeof(n) + n > file->size()) {
      return false;
    }
    stored_.file = file;
    stored_.base = file->data() + at + sizeof(n);
    stored_.base_size = n;
    return static_cast<bool>(in.seekg(static_cast<std::streamoff>(n), std::ios::cur));
  };
  uint32_t fields = 0;
  if (!r.Get(num_docs_) || !r.Get(dead_) || !r.Get(last_rebuild_millis_) ||
      !r.Get(last_update_millis_) || !r.GetVec(id_offsets_) || !r.GetStr(id_arena_) ||
      !r.GetVec(stored_offsets_) || !get_stored() || !live_.Load(in) || !r.Get(fields)) {
    return bad("header");
  }
  if (!OffsetsValid(id_offsets_, num_docs_, id_arena_.size()) ||
      !OffsetsValid(stored_offsets_, num_docs_, stored_.size()) ||
      (!live_.Empty() && live_.Max() >= num_docs_)) {
    return bad("documents");
  }
  for (uint32_t i = 0; i < fields; ++i) {
    std::string name;
    uint8_t kind = 0;
    uint32_t slot = 0;
    if (!r.GetStr(name) || !r.Get(kind) || !r.Get(slot) ||
        kind > static_cast<uint8_t>(FieldKind::kDate) || kind == 0) {
      return bad("fields");
    }
    fields_.emplace(std::move(name), FieldInfo{static_cast<FieldKind>(kind), slot});
  }
  uint32_t nkeywords = 0;
  if (!r.Get(nkeywords) || nkeywords > fields) {
    return bad("keywords");
  }
  keywords_.resize(nkeywords);
  for (KeywordField& kf : keywords_) {
    if (!kf.values.Load(in, num_docs_)) {
      return bad("keyword values");
    }
    const size_t nvalues = kf.values.size();
    if (!r.GetVec(kf.offsets) || !r.GetVec(kf.ords) || kf.offsets.size() > num_docs_ + 1ULL) {
      return bad("keyword columns");
    }
    for (size_t i = 0; i < kf.offsets.size(); ++i) {
      if ((i > 0 && kf.offsets[i] < kf.offsets[i - 1]) || kf.offsets[i] > kf.ords.size()) {
        return bad("keyword columns");
      }
    }
    for (uint32_t o : kf.ords) {
      if (o >= nvalues) {
        return bad("keyword columns");
      }
    }
  }
  uint32_t ncolumns = 0;
  if (!r.Get(ncolumns) || ncolumns > fields) {
    return bad("columns");
  }
  columns_.resize(ncolumns);
  for (Column& c : columns_) {
    if (!r.GetVec(c.values) || c.values.size() > num_docs_) {
      return bad("columns");
    }
  }
  for (const auto& [name, info] : fields_) {
    if ((info.kind == FieldKind::kKeyword && info.slot >= keywords_.size()) ||
        ((info.kind == FieldKind::kNumber || info.kind == FieldKind::kDate) &&
         info.slot >= columns_.size())) {
      return bad("fields");
    }
  }
  EMPORION_RETURN_IF_ERROR(text_.Load(in));
  uint64_t end = 0;
  if (!r.Get(end) || end != kEndMarker) {
    return bad("end marker");
  }
  // Rebuild the id table: ascending DocIds, so each id ends on its newest document; two live
  // documents with one id mean a damaged image.
  id_slots_.assign(std::max<size_t>(64, std::bit_ceil(static_cast<size_t>(num_docs_) * 2 + 1)),
                   kNoDoc);
  id_used_ = 0;
  for (DocId d = 0; d < num_docs_; ++d) {
    const size_t i = IdSlot(IdOf(d));
    if (id_slots_[i] == kNoDoc) {
      ++id_used_;
    } else if (live_.Contains(id_slots_[i]) && live_.Contains(d)) {
      return bad("duplicate live ids");
    }
    id_slots_[i] = d;
  }
  return Ok();
}

}  // namespace emporion::search
