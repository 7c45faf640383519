// The search engine's public face: documents, queries, results, and the Engine provider interface.
// The embedded engine (src/search/) implements it in memory; an outside engine (OpenSearch) would
// implement the same interface, so modules never know which one answers.
//
// Knows nothing about commerce: a document is an id, text fields per language, keyword fields,
// number and date fields, and an opaque stored payload. The search module (src/modules/search)
// turns products, categories and members into documents.
//
// Thread-safety: every Engine method may be called from any thread, concurrently. A write
// (Upsert/Remove) is visible to every Search that starts after it returns.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/result.hpp"

namespace emporion::search {

/// Numbers are exact decimals held as int64 scaled by 10^4 (12.3456 -> 123456): money and
/// measures never pass through double. Dates are milliseconds since the Unix epoch, UTC.
inline constexpr int64_t kNumberScale = 10000;

struct Document {
  /// Full text: analysed with `language`'s analyzer ("en", "de", ...; "" = language-neutral:
  /// folded and split but not stemmed, e.g. codes). `boost` weighs the field in BM25F.
  struct Text {
    std::string field;
    std::string language;
    std::string value;
    float boost = 1.0F;
  };
  /// Exact values for filters, term facets and sorting. Multi-valued: repeat the field.
  struct Keyword {
    std::string field;
    std::string value;
  };
  /// Single-valued per field; ranges, range facets, sorting.
  struct Number {
    std::string field;
    int64_t value = 0;  // scaled by kNumberScale
  };
  struct Date {
    std::string field;
    int64_t millis = 0;  // since the epoch, UTC
  };

  std::string id;  // external id, unique within one index (document type)
  std::vector<Text> texts;
  std::vector<Keyword> keywords;
  std::vector<Number> numbers;
  std::vector<Date> dates;
  /// Returned with hits as is (the module's compact JSON); the engine never parses it.
  std::string stored;
};

/// A parsed filter. Leaves name keyword, number or date fields; kAnd/kOr/kNot combine.
struct Filter {
  enum class Kind { kAll, kTerms, kRange, kExists, kAnd, kOr, kNot };
  struct Bound {
    int64_t value = 0;  // scaled number or epoch millis, after the field's kind
    bool inclusive = true;
  };

  Kind kind = Kind::kAll;
  std::string field;                // kTerms, kRange, kExists
  std::vector<std::string> values;  // kTerms: any of
  std::optional<Bound> lower;       // kRange: a missing bound is open
  std::optional<Bound> upper;
  std::vector<Filter> children;  // kAnd, kOr, kNot (one child)
};

/// What a filter-language field name resolves to; the module maps its aliases
/// (`category.subtree` -> `__outline`, `price` -> the computed effective price).
enum class FieldKind { kUnknown, kText, kKeyword, kNumber, kDate };

/// A number computed per document at query time: the first of `fields` that the document has
/// (a shopper's effective price: the price lists in priority order, first with a price wins).
/// Usable wherever a number field is: filters, range facets, sort.
struct ComputedNumber {
  std::string name;
  std::vector<std::string> fields;
};

struct FacetRequest {
  enum class Type { kTerms, kRange };
  struct Range {
    std::string label;            // e.g. "100-500"
    std::optional<int64_t> from;  // inclusive
    std::optional<int64_t> to;    // exclusive
  };

  std::string name;   // as answered
  std::string field;  // keyword field (kTerms) or number/date/computed field (kRange)
  Type type = Type::kTerms;
  uint32_t size = 20;         // kTerms: the most frequent values, ties by value
  std::vector<Range> ranges;  // kRange
  /// kTerms: answer these values even when not among the most frequent (selected ones).
  std::vector<std::string> include;
};

struct SortKey {
  std::string field;  // "" = relevance (score); else a number, date, computed or keyword field
  bool descending = false;
};

struct Query {
  /// Keywords: words and "quoted phrases". Every word must match (AND) in some text field of
  /// `language` or of the language-neutral fields; the last word also matches as a prefix when
  /// `prefix` is set; words of 5 letters or more tolerate one typo when `typos` is set.
  std::string text;
  std::string language;
  std::vector<std::string> text_fields;  // restrict keyword matching to these; empty = all
  bool prefix = true;
  bool typos = true;

  Filter filter;  // kAll = no filter
  std::vector<ComputedNumber> computed;
  std::vector<FacetRequest> facets;
  std::vector<SortKey> sort;  // empty = relevance, then id
  uint32_t offset = 0;
  uint32_t limit = 20;
};

struct Hit {
  std::string id;
  float score = 0;  // BM25F; 0 when no sort key is relevance (scores are then not computed)
  std::string stored;
  /// The value of every ComputedNumber of the query for this hit (nullopt: none of its fields).
  std::vector<std::optional<int64_t>> computed;
};

struct FacetResult {
  struct Value {
    std::string value;  // term, or the range's label
    std::string label;  // = value for terms
    uint64_t count = 0;
    std::optional<int64_t> from;  // kRange
    std::optional<int64_t> to;
  };
  std::string name;
  std::string field;
  FacetRequest::Type type = FacetRequest::Type::kTerms;
  std::vector<Value> values;
};

struct SearchResult {
  uint64_t total = 0;
  std::vector<Hit> hits;
  std::vector<FacetResult> facets;
};

struct SuggestQuery {
  std::string text;  // what the user typed so far; its last word is completed
  std::string language;
  std::vector<std::string> text_fields;  // empty = all
  Filter filter;                         // only documents passing it count
  uint32_t limit = 10;
};

struct Suggestion {
  std::string text;    // the completed phrase, in the words' most frequent original spelling
  uint64_t count = 0;  // documents that would match it
};

/// Bytes held by one structure of an index ("ids", "stored", "keyword id", "text en postings").
struct MemoryPart {
  std::string name;
  uint64_t bytes = 0;
};

struct IndexStats {
  std::string type;
  uint64_t documents = 0;  // live documents
  uint64_t deleted = 0;    // replaced or removed, not yet compacted
  uint64_t terms = 0;
  uint64_t memory_bytes = 0;             // the sum of memory_parts
  std::vector<MemoryPart> memory_parts;  // largest first
  // Stored documents read in place from the mapped snapshot file: page cache the kernel can
  // evict and read again, not part of memory_bytes.
  uint64_t mapped_bytes = 0;
  int64_t last_rebuild_millis = 0;  // 0 = never
  int64_t last_update_millis = 0;
};

/// How a rebuild learns of the writes that reach the live index while it runs.
enum class RebuildJournal {
  /// The engine keeps every written document and replays them at Commit: simple, but a stream
  /// of writes during a long rebuild holds each written document in memory a second time
  /// (about 9 KB per product document; a sync re-indexing 1M products meanwhile holds ~10 GB).
  kDocuments,
  /// The engine keeps nothing: the caller re-reads what it wrote to the live index meanwhile,
  /// gives it to the builder (Add, Remove) and makes sure no write reaches the live index
  /// between its last catch-up and Commit.
  kCaller,
};

/// Fills a new index off-line; Commit() replaces the live index atomically (with kDocuments,
/// after replaying the writes that reached the live index while the rebuild ran).
class IndexBuilder {
 public:
  virtual ~IndexBuilder() = default;
  /// Adds or replaces documents by id in the new index.
  virtual Status Add(std::vector<Document> docs) = 0;
  /// Removes documents from the new index; unknown ids are ignored.
  virtual Status Remove(const std::vector<std::string>& ids) = 0;
  virtual Status Commit() = 0;
};

class Engine {
 public:
  virtual ~Engine() = default;

  /// Adds or replaces documents by id.
  virtual Status Upsert(std::string_view type, std::vector<Document> docs) = 0;
  virtual Status Remove(std::string_view type, const std::vector<std::string>& ids) = 0;
  /// kInvalidArgument naming the field for an unknown filter/sort/facet field or a kind misuse.
  virtual Result<SearchResult> Search(std::string_view type, const Query& query) const = 0;
  virtual Result<std::vector<Suggestion>> Suggest(std::string_view type,
                                                  const SuggestQuery& query) const = 0;
  /// kUnknown when the type has no such field (yet).
  virtual FieldKind KindOf(std::string_view type, std::string_view field) const = 0;
  virtual IndexStats Stats(std::string_view type) const = 0;
  virtual std::vector<std::string> Types() const = 0;

  /// kConflict when a rebuild of `type` runs already.
  virtual Result<std::unique_ptr<IndexBuilder>> BeginRebuild(std::string_view type,
                                                             RebuildJournal journal) = 0;
  Result<std::unique_ptr<IndexBuilder>> BeginRebuild(std::string_view type) {
    return BeginRebuild(type, RebuildJournal::kDocuments);
  }

  /// Writes every index to `dir` (a snapshot) with `watermark` (the caller's position in its
  /// change feed); LoadSnapshot reads them back and returns the watermark, kNotFound when there
  /// is no snapshot and kUnprocessable when it is unreadable or of another format version.
  virtual Status SaveSnapshot(const std::string& dir, int64_t watermark) const = 0;
  virtual Result<int64_t> LoadSnapshot(const std::string& dir) = 0;
};

/// The key a language tag is analysed and indexed under: its primary subtag, lower-case
/// ("en-US" -> "en"; "" stays ""). The engine applies it to every document and query language
/// itself; modules use it where a language names one of their own fields.
std::string LanguageKey(std::string_view tag);

/// The embedded in-memory engine.
std::unique_ptr<Engine> MakeEmbeddedEngine();

/// Parses the filter language of the brief:
///   color:red,blue  price:[100 TO 500)  brand:"Acme Inc"  !status:hidden  (a:x OR b:y) AND c:z
/// Separators are spaces, tabs and commas between clauses; adjacent clauses are ANDed; `f:v1,v2`
/// is any of; `[`/`]` inclusive and `(`/`)` exclusive bounds, `*` or an empty side for open;
/// quoted values take `\" \\ \n \r \t` escapes. `resolve` maps a field name as written to the
/// engine field and its kind (aliases); kUnknown -> kInvalidArgument naming the field. Range
/// bounds are parsed by kind: numbers as decimals (scaled by kNumberScale), dates as ISO 8601.
struct ResolvedField {
  std::string field;
  FieldKind kind = FieldKind::kUnknown;
};
Result<Filter> ParseFilter(std::string_view text,
                           const std::function<ResolvedField(std::string_view)>& resolve);

}  // namespace emporion::search
