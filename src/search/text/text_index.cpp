// TextIndex: one segment per language ("" = language-neutral). A segment holds
//  - `terms`: the dictionary of indexed (stemmed) terms, and per term its postings;
//  - `surfaces`: the dictionary of folded, unstemmed tokens as written, each pointing at its term
//    and counting its occurrences (prefixes and typos are looked up here, suggestions show them);
//    in a segment without stemming it is the term dictionary itself;
//  - typo buckets: surface ids by (length, first code point) and (length, second code point);
//  - per field: token counts per document (BM25 length normalisation).
// A dictionary interns strings in one arena with an open-addressing hash (exact lookup) and keeps
// the ids sorted by string (prefix range scans) plus a small unsorted tail of new ids, merged into
// the sorted run whenever it reaches Dict::kTailLimit, so Add never sorts the whole dictionary and
// a query never scans more than Dict::kTailLimit unsorted strings.
//
// Postings of a term: documents ascending; per document varint(doc - previous doc), then per field
// varint(field << 4 | min(tf, 7) << 1 | more fields follow), varint(tf - 7) when tf >= 7, and the
// tf positions as varint deltas. Every kBlockDocs documents a skip entry remembers the previous
// document and the byte offset, so intersections jump over blocks. Vectors grow by a quarter,
// not by doubling: postings are most of the memory and MemoryBytes counts capacities.
#include "search/text/text_index.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <istream>
#include <ostream>
#include <unordered_map>
#include <utility>

#include "search/text/dict.hpp"
#include "search/text/storage.hpp"

namespace emporion::search::text {
namespace {

constexpr uint32_t kNone = UINT32_MAX;
constexpr uint32_t kBlockDocs = 128;
constexpr uint32_t kMaxFields = 4096;  // field ids share a key with positions
constexpr uint32_t kMaxPosition = (1U << 20) - 1;
constexpr uint32_t kPositionGap = 1;   // between values of one field: no phrase spans them
constexpr size_t kTypoMinLetters = 5;  // words with a digit (codes, sizes) never tolerate typos
constexpr size_t kMaxExpansion = 50;   // prefix expansion: the most frequent terms
constexpr uint64_t kExpansionPostings = 300000;  // ... until this many postings are covered
constexpr size_t kSuggestGroups = 200;           // completions counted at most per Suggest
constexpr float kK1 = 1.2F;
constexpr float kB = 0.75F;
constexpr float kPrefixWeight = 0.8F;
constexpr float kTypoWeight = 0.6F;
constexpr uint32_t kMagic = 0x31585445;  // "ETX1"
constexpr uint32_t kFormat = 2;          // 2: dictionaries keep their hash slots

void PutVarint(std::vector<uint8_t>& out, uint32_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<uint8_t>(v));
}

inline bool GetVarint(const uint8_t*& p, const uint8_t* end, uint32_t& v) {
  uint32_t result = 0;
  for (int shift = 0; shift <= 28; shift += 7) {
    if (p >= end) {
      return false;
    }
    const uint32_t byte = *p++;
    result |= (byte & 0x7F) << shift;
    if (byte < 0x80) {
      v = result;
      return true;
    }
  }
  return false;
}

// Reads one field entry's header at `p` (a one-byte varint read directly): false when it is
// malformed. `tf` is the entry's term frequency (3 bits, 7 = more in a second varint).
inline bool ReadFieldHeader(const uint8_t*& p, const uint8_t* end, uint32_t& header, uint32_t& tf) {
  if (p < end && *p < 0x80) {
    header = *p++;
  } else if (!GetVarint(p, end, header)) {
    return false;
  }
  tf = (header >> 1) & 7;
  if (tf == 7) {
    uint32_t extra = 0;
    if (!GetVarint(p, end, extra)) {
      return false;
    }
    tf += extra;
  }
  return true;
}

// Calls f(field, tf, positions) for each field entry at `p`; returns the end of the entries or
// nullptr when they are malformed.
template <typename F>
const uint8_t* ForEachField(const uint8_t* p, const uint8_t* end, F&& f) {
  for (;;) {
    uint32_t header = 0;
    uint32_t tf = 0;
    if (!ReadFieldHeader(p, end, header, tf)) {
      return nullptr;
    }
    f(header >> 4, tf, p);
    for (uint32_t i = 0; i < tf; ++i) {
      uint32_t ignored = 0;
      if (!GetVarint(p, end, ignored)) {
        return nullptr;
      }
    }
    if ((header & 1) == 0) {
      return p;
    }
  }
}

// The end of the field entries at `p` (as ForEachField's), or nullptr when malformed: the
// positions are skipped by counting their last bytes (high bit clear), not decoded. A cursor
// steps over every entry of its postings, so this is the text search's innermost loop.
inline const uint8_t* SkipFields(const uint8_t* p, const uint8_t* end) {
  for (;;) {
    uint32_t header = 0;
    uint32_t tf = 0;
    if (!ReadFieldHeader(p, end, header, tf)) {
      return nullptr;
    }
    if (tf > 0) {
      // Each varint ends at a byte below 0x80; tf of them end the positions. The last one must
      // end before `end`.
      while (tf > 0) {
        if (p >= end) {
          return nullptr;
        }
        tf -= static_cast<uint32_t>(*p++ < 0x80);
      }
    }
    if ((header & 1) == 0) {
      return p;
    }
  }
}

bool HasDigit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

size_t DecodeCodePoints(std::string_view s, uint32_t* out, size_t max) {
  size_t n = 0;
  for (size_t i = 0; i < s.size() && n < max;) {
    const auto c = static_cast<unsigned char>(s[i]);
    uint32_t cp = c;
    size_t len = 1;
    if (c >= 0xF0) {
      cp = c & 0x07U;
      len = 4;
    } else if (c >= 0xE0) {
      cp = c & 0x0FU;
      len = 3;
    } else if (c >= 0xC0) {
      cp = c & 0x1FU;
      len = 2;
    }
    for (size_t k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3FU);
    }
    out[n++] = cp;
    i += len;
  }
  return n;
}

// Optimal string alignment distance exactly 1 (one insertion, deletion, substitution or
// transposition of neighbours).
bool OneEditApart(const uint32_t* a, size_t la, const uint32_t* b, size_t lb) {
  if (la + 1 < lb || lb + 1 < la) {
    return false;
  }
  size_t i = 0;
  const size_t common = std::min(la, lb);
  while (i < common && a[i] == b[i]) {
    ++i;
  }
  if (la == lb) {
    if (i == la) {
      return false;  // equal
    }
    if (std::equal(a + i + 1, a + la, b + i + 1)) {
      return true;  // substitution
    }
    return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
           std::equal(a + i + 2, a + la, b + i + 2);
  }
  if (la > lb) {
    return std::equal(a + i + 1, a + la, b + i);
  }
  return std::equal(b + i + 1, b + lb, a + i);
}

struct Skip {
  uint32_t base;    // the document before the block (deltas start from it)
  uint32_t offset;  // byte offset of the block
};

struct Postings {
  std::vector<uint8_t> bytes;
  std::vector<Skip> skips;
  uint32_t df = 0;
  uint32_t last_doc = 0;
};

class Cursor {
 public:
  explicit Cursor(const Postings& postings)
      : postings_(&postings),
        data_(postings.bytes.data()),
        ptr_(data_),
        end_(data_ + postings.bytes.size()) {
    Next();
  }

  [[nodiscard]] bool done() const { return done_; }
  [[nodiscard]] DocId doc() const { return doc_; }
  [[nodiscard]] const uint8_t* entry() const { return entry_; }
  [[nodiscard]] const uint8_t* end() const { return end_; }

  void Next() {
    uint32_t delta = 0;
    if (!GetVarint(ptr_, end_, delta)) {
      done_ = true;
      return;
    }
    doc_ = base_ + delta;
    base_ = doc_;
    entry_ = ptr_;
    ptr_ = SkipFields(ptr_, end_);
    if (ptr_ == nullptr) {
      done_ = true;
    }
  }

  void Advance(DocId target) {
    if (done_ || doc_ >= target) {
      return;
    }
    const std::vector<Skip>& skips = postings_->skips;
    if (next_skip_ < skips.size() && skips[next_skip_].base < target) {
      auto it =
          std::partition_point(skips.begin() + static_cast<std::ptrdiff_t>(next_skip_), skips.end(),
                               [target](const Skip& s) { return s.base < target; });
      next_skip_ = static_cast<size_t>(it - skips.begin());
      const Skip& skip = *(it - 1);
      if (data_ + skip.offset > ptr_) {
        ptr_ = data_ + skip.offset;
        base_ = skip.base;
        Next();
      }
    }
    while (!done_ && doc_ < target) {
      Next();
    }
  }

 private:
  const Postings* postings_;
  const uint8_t* data_;
  const uint8_t* ptr_;
  const uint8_t* end_;
  const uint8_t* entry_ = nullptr;
  size_t next_skip_ = 0;
  DocId base_ = 0;
  DocId doc_ = 0;
  bool done_ = false;
};

bool FieldPositions(const uint8_t* entry, const uint8_t* end, uint32_t field,
                    std::vector<uint32_t>& out) {
  out.clear();
  bool found = false;
  ForEachField(entry, end, [&](uint32_t f, uint32_t tf, const uint8_t* p) {
    if (f != field) {
      return;
    }
    found = true;
    uint32_t position = 0;
    for (uint32_t i = 0; i < tf; ++i) {
      uint32_t delta = 0;
      if (!GetVarint(p, end, delta)) {
        return;
      }
      position += delta;
      out.push_back(position);
    }
  });
  return found;
}

struct FieldStats {
  std::vector<uint16_t> lengths;  // tokens per document
  uint64_t total = 0;
  uint32_t docs = 0;
};

uint64_t TypoKey(size_t letters, uint32_t cp) {
  return (static_cast<uint64_t>(letters) << 32) | cp;
}

struct Segment {
  std::string language;
  const Analyzer* analyzer = nullptr;
  Dict terms;
  std::vector<Postings> postings;
  // Without stemming (language-neutral, languages libstemmer lacks) every form is its own term:
  // the term dictionary serves as the surface dictionary too (surface id = term id).
  bool surfaces_are_terms = false;
  Dict own_surfaces;  // empty when surfaces_are_terms
  [[nodiscard]] Dict& surfaces() { return surfaces_are_terms ? terms : own_surfaces; }
  [[nodiscard]] const Dict& surfaces() const { return surfaces_are_terms ? terms : own_surfaces; }
  struct SurfaceInfo {
    uint32_t term;
    uint32_t count;  // occurrences, saturating
  };
  std::vector<SurfaceInfo> surface_info;  // by surface id
  std::unordered_map<uint64_t, std::vector<uint32_t>> typo_first;
  std::unordered_map<uint64_t, std::vector<uint32_t>> typo_second;
  std::vector<FieldStats> fields;

  void IndexTypos(uint32_t surface) {
    if (HasDigit(surfaces().Get(surface))) {
      return;
    }
    uint32_t cps[Analyzer::kMaxTokenBytes];
    const size_t n = DecodeCodePoints(surfaces().Get(surface), cps, Analyzer::kMaxTokenBytes);
    if (n + 1 < kTypoMinLetters) {
      return;
    }
    typo_first[TypoKey(n, cps[0])].push_back(surface);
    typo_second[TypoKey(n, cps[1])].push_back(surface);
  }

  // Surfaces one edit away from `word`.
  template <typename F>
  void ForEachTypo(std::string_view word, F&& f) const {
    uint32_t q[Analyzer::kMaxTokenBytes];
    const size_t n = DecodeCodePoints(word, q, Analyzer::kMaxTokenBytes);
    if (n < kTypoMinLetters || HasDigit(word)) {
      return;
    }
    // A string c one edit from q has c[0] == q[0], or the edit touches position 0: substitution
    // (c[1] == q[1]), deletion of q[0] (c[0] == q[1]), insertion before q[0] (c[1] == q[0]) or
    // transposition (c[0] == q[1]). So the buckets (len, first in {q0, q1}) and
    // (len, second in {q0, q1}) for len in n-1..n+1 hold every candidate.
    uint32_t c[Analyzer::kMaxTokenBytes];
    auto scan = [&](const std::unordered_map<uint64_t, std::vector<uint32_t>>& buckets,
                    uint64_t key) {
      auto it = buckets.find(key);
      if (it == buckets.end()) {
        return;
      }
      for (const uint32_t surface : it->second) {
        const size_t m = DecodeCodePoints(surfaces().Get(surface), c, Analyzer::kMaxTokenBytes);
        if (OneEditApart(q, n, c, m)) {
          f(surface);
        }
      }
    };
    for (size_t len = n - 1; len <= n + 1; ++len) {
      scan(typo_first, TypoKey(len, q[0]));
      scan(typo_second, TypoKey(len, q[0]));
      if (q[1] != q[0]) {
        scan(typo_first, TypoKey(len, q[1]));
        scan(typo_second, TypoKey(len, q[1]));
      }
    }
  }

  // Terms, postings, surfaces, typo buckets and field lengths as "text <language> <part>".
  void MemoryParts(std::vector<MemoryPart>& out) const {
    const std::string prefix = "text " + (language.empty() ? std::string("neutral") : language);
    uint64_t postings_bytes = Capacity(postings);
    for (const Postings& p : postings) {
      postings_bytes += Capacity(p.bytes) + Capacity(p.skips);
    }
    uint64_t typo_bytes = 0;
    for (const auto* buckets : {&typo_first, &typo_second}) {
      // Nodes: key, vector, next pointer, cached hash; plus the bucket array.
      typo_bytes += buckets->bucket_count() * sizeof(void*) +
                    buckets->size() * (sizeof(uint64_t) + sizeof(std::vector<uint32_t>) + 16);
      for (const auto& [key, ids] : *buckets) {
        typo_bytes += Capacity(ids);
      }
    }
    uint64_t length_bytes = Capacity(fields);
    for (const FieldStats& stats : fields) {
      length_bytes += Capacity(stats.lengths);
    }
    out.push_back({prefix + " terms", sizeof(Segment) + language.capacity() + terms.MemoryBytes()});
    out.push_back({prefix + " postings", postings_bytes});
    out.push_back({prefix + " surfaces", own_surfaces.MemoryBytes() + Capacity(surface_info)});
    out.push_back({prefix + " typos", typo_bytes});
    out.push_back({prefix + " lengths", length_bytes});
  }
};

// One way a query word or phrase matches: consecutive terms of one segment (one term = a word).
struct Matcher {
  const Segment* segment = nullptr;
  std::vector<uint32_t> terms;
  float weight = 1.0F;
};

struct Clause {
  std::vector<Matcher> matchers;  // any of
  uint64_t cost = 0;              // postings the cheapest way to enumerate it reads
};

struct Chunk {
  std::string_view text;
  bool quoted = false;
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::vector<Chunk> ParseChunks(std::string_view text) {
  std::vector<Chunk> chunks;
  size_t i = 0;
  while (i < text.size()) {
    if (IsSpace(text[i])) {
      ++i;
    } else if (text[i] == '"') {
      const size_t close = text.find('"', i + 1);
      const size_t end = close == std::string_view::npos ? text.size() : close;
      chunks.push_back({text.substr(i + 1, end - i - 1), true});
      i = end + 1;
    } else {
      size_t end = i;
      while (end < text.size() && !IsSpace(text[end]) && text[end] != '"') {
        ++end;
      }
      chunks.push_back({text.substr(i, end - i), false});
      i = end;
    }
  }
  return chunks;
}

// Which documents count: those of `within` when given, else the live ones (`live` empty: all).
struct Admit {
  const std::function<bool(DocId)>* live = nullptr;
  const TextIndex::DocSet* within = nullptr;
  [[nodiscard]] bool All() const { return within == nullptr && (live == nullptr || !*live); }
  [[nodiscard]] bool operator()(DocId d) const {
    return within != nullptr ? within->Contains(d) : (live == nullptr || !*live || (*live)(d));
  }
};

struct Scratch {
  std::vector<uint32_t> stamp;
  std::vector<float> score;
  std::vector<uint32_t> touched;
  uint32_t epoch = 0;
};

}  // namespace

struct TextIndex::Impl {
  std::vector<std::string> field_names;
  std::unordered_map<std::string, uint32_t> field_ids;
  std::vector<float> boosts;
  std::vector<std::unique_ptr<Segment>> segments;
  uint64_t docs = 0;    // documents added
  DocId doc_limit = 0;  // highest doc id + 1

  // Add's scratch (Add has exclusive access).
  std::string buffer;
  std::vector<Analyzer::Span> spans;
  struct FieldState {
    Segment* segment;
    uint32_t field;
    uint32_t next_position;
    uint32_t length;
  };
  std::vector<FieldState> field_states;
  std::vector<std::vector<uint64_t>> keys;  // per segment index: term << 32 | field << 20 | pos
  std::vector<uint8_t> entry;               // one posting being encoded
  std::vector<uint64_t> hashes;             // of the tokens of one text
  std::vector<uint32_t> doc_terms;          // distinct terms of one document, ascending

  [[nodiscard]] const Segment* FindSegment(std::string_view tag) const {
    const std::string language = Analyzer::Key(tag);
    for (const auto& segment : segments) {
      if (segment->language == language) {
        return segment.get();
      }
    }
    return nullptr;
  }

  size_t SegmentIndex(std::string_view tag) {
    const std::string language = Analyzer::Key(tag);
    for (size_t i = 0; i < segments.size(); ++i) {
      if (segments[i]->language == language) {
        return i;
      }
    }
    auto segment = std::make_unique<Segment>();
    segment->language = std::string(language);
    segment->analyzer = &Analyzer::For(language);
    segment->surfaces_are_terms = !segment->analyzer->stems();
    segments.push_back(std::move(segment));
    keys.emplace_back();
    return segments.size() - 1;
  }

  uint32_t FieldId(const std::string& name, float boost) {
    auto it = field_ids.find(name);
    if (it != field_ids.end()) {
      boosts[it->second] = boost;  // the latest document's boost counts for the field
      return it->second;
    }
    if (field_names.size() >= kMaxFields) {
      return kNone;
    }
    const auto id = static_cast<uint32_t>(field_names.size());
    field_names.push_back(name);
    boosts.push_back(boost);
    field_ids.emplace(name, id);
    return id;
  }

  void Add(DocId doc, const std::vector<Document::Text>& texts);
  void WritePostings(Segment& segment, DocId doc, std::vector<uint64_t>& doc_keys);

  // Query side.
  [[nodiscard]] std::vector<const Segment*> QuerySegments(std::string_view language) const {
    std::vector<const Segment*> out;
    if (const Segment* s = FindSegment(language); s != nullptr) {
      out.push_back(s);
    }
    if (!language.empty()) {
      if (const Segment* s = FindSegment(""); s != nullptr) {
        out.push_back(s);
      }
    }
    return out;
  }
  // `expanded`: postings the word's prefix expansions cover so far (shared by its segments).
  void WordMatchers(const Segment& segment, std::string_view folded, bool prefix, bool typos,
                    uint64_t& expanded, std::vector<Matcher>& out) const;
  // False when some chunk can match nothing (the AND fails).
  bool BuildClauses(std::string_view text, std::string_view language, bool prefix, bool typos,
                    std::vector<Clause>& clauses) const;
  Matches Evaluate(std::vector<Clause>& clauses, const std::vector<uint8_t>& selected, bool score,
                   const Admit& admit) const;
  // The union of the clause's matchers in the thread's accumulator (max score per document);
  // with `admit`, only documents it accepts are matched at all.
  Scratch& Accumulate(const Clause& clause, const std::vector<uint8_t>& selected, bool score,
                      const Admit* admit = nullptr) const;
  [[nodiscard]] std::vector<uint8_t> Selected(const std::vector<std::string>& fields) const {
    std::vector<uint8_t> selected(field_names.size(), fields.empty() ? 1 : 0);
    for (const std::string& name : fields) {
      if (auto it = field_ids.find(name); it != field_ids.end()) {
        selected[it->second] = 1;
      }
    }
    return selected;
  }
};

namespace {

// Scores one matcher at documents; holds a cursor per term. Without `score` it only tells
// whether the matcher matches (every score is 0): no BM25 arithmetic, no length lookups.
class MatcherState {
 public:
  MatcherState(const Matcher& matcher, const std::vector<uint8_t>& selected,
               const std::vector<float>& boosts, uint64_t docs, bool score)
      : matcher_(&matcher),
        selected_(&selected),
        boosts_(&boosts),
        score_(score),
        all_selected_(
            std::all_of(selected.begin(), selected.end(), [](uint8_t s) { return s != 0; })) {
    const Segment& segment = *matcher.segment;
    cursors_.reserve(matcher.terms.size());
    for (size_t i = 0; i < matcher.terms.size(); ++i) {
      const Postings& postings = segment.postings[matcher.terms[i]];
      cursors_.emplace_back(postings);
      const auto df = static_cast<float>(postings.df);
      const float n = std::max(static_cast<float>(docs), df);
      idf_.push_back(std::log(1.0F + (n - df + 0.5F) / (df + 0.5F)));
      if (postings.df < segment.postings[matcher.terms[lead_]].df) {
        lead_ = i;
      }
    }
    // b / average length per field, so the length norm is one multiply-add per posting.
    b_per_length_.resize(segment.fields.size(), kB);
    for (size_t f = 0; f < segment.fields.size(); ++f) {
      const FieldStats& stats = segment.fields[f];
      if (stats.docs > 0 && stats.total > 0) {
        b_per_length_[f] = kB * static_cast<float>(stats.docs) / static_cast<float>(stats.total);
      }
    }
  }

  Cursor& lead() { return cursors_[lead_]; }

  // Whether a one-term matcher holds `doc` in a selected field (counting, no score).
  bool PresentAt(DocId doc) {
    Cursor& cursor = cursors_[0];
    cursor.Advance(doc);
    if (cursor.done() || cursor.doc() != doc) {
      return false;
    }
    return InSelectedField(0);
  }

  // The matcher's score at `doc`, or a negative number when it does not match there.
  float ScoreAt(DocId doc) {
    for (Cursor& cursor : cursors_) {
      cursor.Advance(doc);
      if (cursor.done() || cursor.doc() != doc) {
        return -1.0F;
      }
    }
    if (cursors_.size() > 1 && !PhraseAt()) {
      return -1.0F;
    }
    if (!score_) {
      for (size_t i = 0; i < cursors_.size(); ++i) {
        if (!InSelectedField(i)) {
          return -1.0F;
        }
      }
      return 0.0F;
    }
    float score = 0;
    for (size_t i = 0; i < cursors_.size(); ++i) {
      const float s = TermScore(i, doc);
      if (s < 0) {
        return -1.0F;
      }
      score += s;
    }
    return score * matcher_->weight;
  }

 private:
  // Whether term i's cursor (at a document) holds it in a selected field.
  bool InSelectedField(size_t i) const {
    if (all_selected_) {
      return true;  // every posting entry names some field, and every field id is selected
    }
    bool found = false;
    ForEachField(cursors_[i].entry(), cursors_[i].end(),
                 [&](uint32_t field, uint32_t, const uint8_t*) {
                   found = found || (field < selected_->size() && (*selected_)[field] != 0);
                 });
    return found;
  }

  // BM25F: field-weighted, length-normalised term frequencies summed before saturation.
  float TermScore(size_t i, DocId doc) const {
    const Segment& segment = *matcher_->segment;
    float tf_sum = 0;
    bool found = false;
    ForEachField(
        cursors_[i].entry(), cursors_[i].end(), [&](uint32_t field, uint32_t tf, const uint8_t*) {
          if (field >= selected_->size() || (*selected_)[field] == 0) {
            return;
          }
          found = true;
          float length = 0;
          if (field < segment.fields.size() && doc < segment.fields[field].lengths.size()) {
            length = segment.fields[field].lengths[doc];
          }
          const float b = field < b_per_length_.size() ? b_per_length_[field] : kB;
          const float norm = 1.0F - kB + b * length;
          tf_sum += (*boosts_)[field] * static_cast<float>(tf) / norm;
        });
    if (!found) {
      return -1.0F;
    }
    return idf_[i] * tf_sum * (kK1 + 1.0F) / (kK1 + tf_sum);
  }

  // Consecutive positions within one selected field.
  bool PhraseAt() {
    bool matched = false;
    ForEachField(
        cursors_[0].entry(), cursors_[0].end(), [&](uint32_t field, uint32_t, const uint8_t*) {
          if (matched || field >= selected_->size() || (*selected_)[field] == 0) {
            return;
          }
          positions_.resize(cursors_.size());
          for (size_t i = 0; i < cursors_.size(); ++i) {
            if (!FieldPositions(cursors_[i].entry(), cursors_[i].end(), field, positions_[i])) {
              return;
            }
          }
          for (const uint32_t start : positions_[0]) {
            bool all = true;
            for (size_t i = 1; i < cursors_.size() && all; ++i) {
              all = std::binary_search(positions_[i].begin(), positions_[i].end(),
                                       start + static_cast<uint32_t>(i));
            }
            if (all) {
              matched = true;
              return;
            }
          }
        });
    return matched;
  }

  const Matcher* matcher_;
  const std::vector<uint8_t>* selected_;
  const std::vector<float>* boosts_;
  std::vector<Cursor> cursors_;
  std::vector<float> idf_;
  std::vector<float> b_per_length_;
  std::vector<std::vector<uint32_t>> positions_;
  size_t lead_ = 0;
  bool score_ = true;
  bool all_selected_ = false;  // no field restriction: any posting entry is in a selected field
};

}  // namespace

void TextIndex::Impl::Add(DocId doc, const std::vector<Document::Text>& texts) {
  if (docs > 0 && doc < doc_limit) {
    return;  // ids must increase strictly; a repeated id would corrupt the deltas
  }
  ++docs;
  doc_limit = doc + 1;
  field_states.clear();
  std::vector<size_t> touched;
  for (const Document::Text& text : texts) {
    const size_t segment_index = SegmentIndex(text.language);
    Segment& segment = *segments[segment_index];
    const uint32_t field = FieldId(text.field, text.boost);
    if (field == kNone) {
      continue;
    }
    FieldState* state = nullptr;
    for (FieldState& s : field_states) {
      if (s.segment == &segment && s.field == field) {
        state = &s;
      }
    }
    if (state == nullptr) {
      field_states.push_back({&segment, field, 0, 0});
      state = &field_states.back();
    } else {
      state->next_position += kPositionGap;
    }
    buffer.clear();
    spans.clear();
    segment.analyzer->Split(text.value, buffer, spans);
    if (spans.empty()) {
      continue;
    }
    if (std::find(touched.begin(), touched.end(), segment_index) == touched.end()) {
      touched.push_back(segment_index);
    }
    std::vector<uint64_t>& segment_keys = keys[segment_index];
    // Memory latency bounds indexing: hash every token first and prefetch its slot.
    hashes.clear();
    for (const Analyzer::Span& span : spans) {
      hashes.push_back(Dict::Hash(std::string_view(buffer.data() + span.offset, span.length)));
      segment.surfaces().Prefetch(hashes.back());
    }
    for (size_t k = 0; k < spans.size(); ++k) {
      const Analyzer::Span& span = spans[k];
      const std::string_view surface(buffer.data() + span.offset, span.length);
      bool inserted = false;
      const uint32_t surface_id = segment.surfaces().Intern(surface, hashes[k], inserted);
      if (inserted) {
        bool new_term = segment.surfaces_are_terms;
        const uint32_t term = segment.surfaces_are_terms
                                  ? surface_id
                                  : segment.terms.Intern(segment.analyzer->Stem(surface), new_term);
        if (new_term) {
          segment.postings.emplace_back();
        }
        Reserve(segment.surface_info, 1);
        segment.surface_info.push_back({term, 0});
        segment.IndexTypos(surface_id);
      }
      Segment::SurfaceInfo& info = segment.surface_info[surface_id];
      if (info.count != UINT32_MAX) {
        ++info.count;
      }
      const uint32_t position = std::min(state->next_position, kMaxPosition);
      ++state->next_position;
      segment_keys.push_back((static_cast<uint64_t>(info.term) << 32) |
                             (static_cast<uint64_t>(field) << 20) | position);
    }
    state->length += static_cast<uint32_t>(spans.size());
  }
  for (const FieldState& state : field_states) {
    if (state.length == 0) {
      continue;
    }
    if (state.segment->fields.size() <= state.field) {
      state.segment->fields.resize(state.field + 1);
    }
    FieldStats& stats = state.segment->fields[state.field];
    if (stats.lengths.size() <= doc) {
      Reserve(stats.lengths, doc + 1 - stats.lengths.size());
      stats.lengths.resize(doc + 1, 0);
    }
    stats.lengths[doc] = static_cast<uint16_t>(std::min<uint32_t>(state.length, UINT16_MAX));
    stats.total += state.length;
    ++stats.docs;
  }
  for (const size_t segment_index : touched) {
    WritePostings(*segments[segment_index], doc, keys[segment_index]);
    keys[segment_index].clear();
  }
}

void TextIndex::Impl::WritePostings(Segment& segment, DocId doc, std::vector<uint64_t>& doc_keys) {
  std::sort(doc_keys.begin(), doc_keys.end());
  // Two-stage prefetch: the Postings of the term 8 ahead, the byte tail of the term 4 ahead.
  doc_terms.clear();
  for (const uint64_t key : doc_keys) {
    const auto term = static_cast<uint32_t>(key >> 32);
    if (doc_terms.empty() || doc_terms.back() != term) {
      doc_terms.push_back(term);
    }
  }
  size_t next_term = 0;
  size_t i = 0;
  while (i < doc_keys.size()) {
    if (next_term + 8 < doc_terms.size()) {
      __builtin_prefetch(&segment.postings[doc_terms[next_term + 8]]);
    }
    if (next_term + 4 < doc_terms.size()) {
      const Postings& ahead = segment.postings[doc_terms[next_term + 4]];
      __builtin_prefetch(ahead.bytes.data() + ahead.bytes.size());
    }
    ++next_term;
    const auto term = static_cast<uint32_t>(doc_keys[i] >> 32);
    size_t term_end = i;
    while (term_end < doc_keys.size() && (doc_keys[term_end] >> 32) == term) {
      ++term_end;
    }
    Postings& postings = segment.postings[term];
    if (postings.df > 0 && postings.df % kBlockDocs == 0) {
      Reserve(postings.skips, 1);
      postings.skips.push_back({postings.last_doc, static_cast<uint32_t>(postings.bytes.size())});
    }
    // Encoded in a hot scratch buffer, appended at once: one touch of the posting's tail.
    entry.clear();
    PutVarint(entry, postings.df == 0 ? doc : doc - postings.last_doc);
    size_t j = i;
    while (j < term_end) {
      const auto field = static_cast<uint32_t>((doc_keys[j] >> 20) & 0xFFF);
      size_t field_end = j;
      while (field_end < term_end && ((doc_keys[field_end] >> 20) & 0xFFF) == field) {
        ++field_end;
      }
      const auto tf = static_cast<uint32_t>(field_end - j);
      const uint32_t tf_code = std::min<uint32_t>(tf, 7);
      PutVarint(entry, (field << 4) | (tf_code << 1) | (field_end < term_end ? 1 : 0));
      if (tf_code == 7) {
        PutVarint(entry, tf - 7);
      }
      uint32_t previous = 0;
      for (size_t k = j; k < field_end; ++k) {
        const auto position = static_cast<uint32_t>(doc_keys[k] & kMaxPosition);
        PutVarint(entry, position - previous);
        previous = position;
      }
      j = field_end;
    }
    Reserve(postings.bytes, entry.size());
    postings.bytes.insert(postings.bytes.end(), entry.begin(), entry.end());
    ++postings.df;
    postings.last_doc = doc;
    i = term_end;
  }
}

void TextIndex::Impl::WordMatchers(const Segment& segment, std::string_view folded, bool prefix,
                                   bool typos, uint64_t& expanded,
                                   std::vector<Matcher>& out) const {
  const size_t first = out.size();
  auto add = [&](uint32_t term, float weight) {
    for (size_t i = first; i < out.size(); ++i) {
      if (out[i].terms[0] == term) {
        out[i].weight = std::max(out[i].weight, weight);
        return;
      }
    }
    out.push_back(Matcher{&segment, {term}, weight});
  };
  const uint32_t exact = segment.terms.Find(segment.analyzer->Stem(folded));
  if (exact != kNone) {
    add(exact, 1.0F);
  }
  if (prefix) {
    std::vector<uint32_t> expansion;
    segment.surfaces().ForEachPrefix(
        folded, [&](uint32_t surface) { expansion.push_back(segment.surface_info[surface].term); });
    if (!segment.surfaces_are_terms) {
      segment.terms.ForEachPrefix(folded, [&](uint32_t term) { expansion.push_back(term); });
    }
    std::sort(expansion.begin(), expansion.end());
    expansion.erase(std::unique(expansion.begin(), expansion.end()), expansion.end());
    auto by_df = [&](uint32_t a, uint32_t b) {
      return segment.postings[a].df > segment.postings[b].df;
    };
    const size_t ranked = std::min(expansion.size(), 4 * kMaxExpansion);
    std::partial_sort(expansion.begin(), expansion.begin() + static_cast<std::ptrdiff_t>(ranked),
                      expansion.end(), by_df);
    expansion.resize(ranked);
    // Short prefixes would read most of the index: the most frequent completions that fit a
    // posting budget (a completion larger than the rest of the budget is skipped, unless nothing
    // matched yet: "sk" may find "sku" in every document only when nothing else completes it).
    size_t added = 0;
    for (const uint32_t term : expansion) {
      const uint32_t df = segment.postings[term].df;
      if (term == exact) {
        continue;
      }
      if (added == kMaxExpansion || (expanded + df > kExpansionPostings && !out.empty())) {
        continue;
      }
      expanded += df;
      ++added;
      add(term, kPrefixWeight);
    }
  }
  if (typos) {
    segment.ForEachTypo(
        folded, [&](uint32_t surface) { add(segment.surface_info[surface].term, kTypoWeight); });
  }
}

bool TextIndex::Impl::BuildClauses(std::string_view text, std::string_view language, bool prefix,
                                   bool typos, std::vector<Clause>& clauses) const {
  const std::vector<const Segment*> segments_for_query = QuerySegments(language);
  const std::vector<Chunk> chunks = ParseChunks(text);
  const bool prefix_last =
      prefix && !text.empty() && !IsSpace(text.back()) && !chunks.empty() && !chunks.back().quoted;
  std::string folded;
  std::vector<Analyzer::Span> chunk_spans;
  for (size_t c = 0; c < chunks.size(); ++c) {
    const Chunk& chunk = chunks[c];
    // Per segment: the chunk's folded tokens (the analyzers differ in accents and stems).
    std::vector<std::vector<std::string>> tokens(segments_for_query.size());
    size_t count = 0;
    for (size_t s = 0; s < segments_for_query.size(); ++s) {
      folded.clear();
      chunk_spans.clear();
      segments_for_query[s]->analyzer->Split(chunk.text, folded, chunk_spans);
      for (const Analyzer::Span& span : chunk_spans) {
        tokens[s].emplace_back(folded.data() + span.offset, span.length);
      }
      count = std::max(count, tokens[s].size());
    }
    if (count == 0) {
      // Nothing searchable ("-", or an unknown language with no neutral segment).
      if (segments_for_query.empty()) {
        return false;
      }
      continue;
    }
    if (chunk.quoted && count > 1) {
      Clause clause;
      for (size_t s = 0; s < segments_for_query.size(); ++s) {
        const Segment& segment = *segments_for_query[s];
        Matcher matcher{&segment, {}, 1.0F};
        for (const std::string& token : tokens[s]) {
          const uint32_t term = segment.terms.Find(segment.analyzer->Stem(token));
          if (term == kNone) {
            matcher.terms.clear();
            break;
          }
          matcher.terms.push_back(term);
        }
        if (!matcher.terms.empty()) {
          clause.matchers.push_back(std::move(matcher));
        }
      }
      if (clause.matchers.empty()) {
        return false;
      }
      clauses.push_back(std::move(clause));
      continue;
    }
    // Unquoted: each token is a word of its own ("usb-c" = usb AND c).
    for (size_t t = 0; t < count; ++t) {
      const bool is_prefix = prefix_last && c + 1 == chunks.size() && t + 1 == count;
      Clause clause;
      uint64_t expanded = 0;
      for (size_t s = 0; s < segments_for_query.size(); ++s) {
        if (t < tokens[s].size()) {
          WordMatchers(*segments_for_query[s], tokens[s][t], is_prefix, typos && !chunk.quoted,
                       expanded, clause.matchers);
        }
      }
      if (clause.matchers.empty()) {
        return false;
      }
      clauses.push_back(std::move(clause));
    }
  }
  for (Clause& clause : clauses) {
    for (const Matcher& matcher : clause.matchers) {
      uint64_t lead = UINT64_MAX;
      for (const uint32_t term : matcher.terms) {
        lead = std::min<uint64_t>(lead, matcher.segment->postings[term].df);
      }
      clause.cost += lead;
    }
  }
  return true;
}

Scratch& TextIndex::Impl::Accumulate(const Clause& clause, const std::vector<uint8_t>& selected,
                                     bool score, const Admit* admit) const {
  // A dense accumulator (stamp = this query's epoch when set), reused by the thread.
  thread_local Scratch scratch;
  if (scratch.stamp.size() < doc_limit) {
    scratch.stamp.resize(doc_limit, 0);
    scratch.score.resize(doc_limit, 0);
  }
  if (++scratch.epoch == 0) {
    std::fill(scratch.stamp.begin(), scratch.stamp.end(), 0);
    scratch.epoch = 1;
  }
  const uint32_t epoch = scratch.epoch;
  scratch.touched.clear();
  for (const Matcher& matcher : clause.matchers) {
    MatcherState state(matcher, selected, boosts, docs, score);
    for (Cursor& lead = state.lead(); !lead.done(); lead.Next()) {
      const DocId doc = lead.doc();
      if (doc >= doc_limit) {
        break;
      }
      if (admit != nullptr && !(*admit)(doc)) {
        continue;
      }
      const float s = state.ScoreAt(doc);
      if (s < 0) {
        continue;
      }
      if (scratch.stamp[doc] != epoch) {
        scratch.stamp[doc] = epoch;
        scratch.score[doc] = s;
        scratch.touched.push_back(doc);
      } else {
        scratch.score[doc] = std::max(scratch.score[doc], s);
      }
    }
  }
  return scratch;
}

TextIndex::Matches TextIndex::Impl::Evaluate(std::vector<Clause>& clauses,
                                             const std::vector<uint8_t>& selected, bool score,
                                             const Admit& admit) const {
  Matches result;
  if (clauses.empty()) {
    return result;
  }
  std::sort(clauses.begin(), clauses.end(),
            [](const Clause& a, const Clause& b) { return a.cost < b.cost; });
  // The cheapest clause enumerates candidates; the others only probe them.
  const Clause& driver = clauses.front();
  if (driver.matchers.size() == 1) {
    MatcherState state(driver.matchers[0], selected, boosts, docs, score);
    for (Cursor& lead = state.lead(); !lead.done(); lead.Next()) {
      const DocId doc = lead.doc();
      if (!admit(doc)) {
        continue;
      }
      const float s = state.ScoreAt(doc);
      if (s >= 0) {
        result.docs.push_back(doc);
        result.scores.push_back(s);
      }
    }
  } else {
    Scratch& scratch = Accumulate(driver, selected, score, admit.All() ? nullptr : &admit);
    const uint32_t epoch = scratch.epoch;
    auto emit = [&](DocId doc) {  // Accumulate admitted it already
      result.docs.push_back(doc);
      result.scores.push_back(scratch.score[doc]);
    };
    if (scratch.touched.size() * 16 < doc_limit) {
      std::sort(scratch.touched.begin(), scratch.touched.end());
      for (const DocId doc : scratch.touched) {
        emit(doc);
      }
    } else {
      for (DocId doc = 0; doc < doc_limit; ++doc) {
        if (scratch.stamp[doc] == epoch) {
          emit(doc);
        }
      }
    }
  }
  for (size_t c = 1; c < clauses.size() && !result.docs.empty(); ++c) {
    size_t kept = 0;
    // Many matchers over many candidates (a short prefix after a common word): one pass over
    // their postings into the accumulator beats probing every candidate with every matcher.
    if (clauses[c].matchers.size() > 1 &&
        clauses[c].cost < result.docs.size() * clauses[c].matchers.size()) {
      const Scratch& scratch = Accumulate(clauses[c], selected, score);
      for (size_t i = 0; i < result.docs.size(); ++i) {
        const DocId doc = result.docs[i];
        if (scratch.stamp[doc] == scratch.epoch) {
          result.docs[kept] = doc;
          result.scores[kept] = result.scores[i] + scratch.score[doc];
          ++kept;
        }
      }
      result.docs.resize(kept);
      result.scores.resize(kept);
      continue;
    }
    std::vector<MatcherState> states;
    states.reserve(clauses[c].matchers.size());
    for (const Matcher& matcher : clauses[c].matchers) {
      states.emplace_back(matcher, selected, boosts, docs, score);
    }
    for (size_t i = 0; i < result.docs.size(); ++i) {
      float best = -1.0F;
      for (MatcherState& state : states) {
        best = std::max(best, state.ScoreAt(result.docs[i]));
      }
      if (best >= 0) {
        result.docs[kept] = result.docs[i];
        result.scores[kept] = result.scores[i] + best;
        ++kept;
      }
    }
    result.docs.resize(kept);
    result.scores.resize(kept);
  }
  return result;
}

TextIndex::TextIndex() : impl_(std::make_unique<Impl>()) {}
TextIndex::~TextIndex() = default;

void TextIndex::Add(DocId doc, const std::vector<Document::Text>& texts) { impl_->Add(doc, texts); }

TextIndex::Matches TextIndex::Search(std::string_view text, std::string_view language,
                                     const std::vector<std::string>& fields, bool prefix,
                                     bool typos, bool score, const std::function<bool(DocId)>& live,
                                     const DocSet* within) const {
  std::vector<Clause> clauses;
  if (!impl_->BuildClauses(text, language, prefix, typos, clauses)) {
    return {};
  }
  return impl_->Evaluate(clauses, impl_->Selected(fields), score, Admit{&live, within});
}

std::vector<Suggestion> TextIndex::Suggest(std::string_view text, std::string_view language,
                                           const std::vector<std::string>& fields, uint32_t limit,
                                           const std::function<bool(DocId)>& allowed) const {
  const Impl& impl = *impl_;
  if (limit == 0 || text.empty() || IsSpace(text.back()) || text.back() == '"') {
    return {};
  }
  // The last word as typed: the trailing run of letters and digits (any non-ASCII byte counts).
  size_t start = text.size();
  while (start > 0) {
    const auto c = static_cast<unsigned char>(text[start - 1]);
    if (c < 0x80 && !std::isalnum(c)) {
      break;
    }
    --start;
  }
  if (start == text.size()) {
    return {};
  }
  const std::string_view earlier = text.substr(0, start);
  const std::string_view last = text.substr(start);
  if (std::count(earlier.begin(), earlier.end(), '"') % 2 != 0) {
    return {};  // inside an open phrase
  }
  const std::vector<uint8_t> selected = impl.Selected(fields);
  std::vector<Clause> clauses;
  if (!impl.BuildClauses(earlier, language, false, false, clauses)) {
    return {};
  }
  const bool filtered = !clauses.empty();
  Matches base;
  if (filtered) {
    base = impl.Evaluate(clauses, selected, false, Admit{&allowed, nullptr});
    if (base.docs.empty()) {
      return {};
    }
  }

  std::vector<uint8_t> in_base;
  if (filtered) {
    in_base.resize(impl.doc_limit, 0);
    for (const DocId doc : base.docs) {
      in_base[doc] = 1;
    }
  }

  // Completions: per (segment, term) the most frequent surface spelling with the prefix.
  struct Group {
    const Segment* segment;
    uint32_t term;
    uint32_t surface;
  };
  std::vector<Group> groups;
  std::string folded;
  std::vector<Analyzer::Span> spans;
  for (const Segment* segment : impl.QuerySegments(language)) {
    folded.clear();
    spans.clear();
    segment->analyzer->Split(last, folded, spans);
    if (spans.empty()) {
      continue;
    }
    const std::string_view word(folded.data() + spans.back().offset, spans.back().length);
    const size_t first = groups.size();
    segment->surfaces().ForEachPrefix(word, [&](uint32_t surface) {
      const uint32_t term = segment->surface_info[surface].term;
      for (size_t i = first; i < groups.size(); ++i) {
        if (groups[i].term == term) {
          if (segment->surface_info[surface].count >
              segment->surface_info[groups[i].surface].count) {
            groups[i].surface = surface;
          }
          return;
        }
      }
      groups.push_back({segment, term, surface});
    });
  }
  auto df = [](const Group& g) { return g.segment->postings[g.term].df; };
  std::sort(groups.begin(), groups.end(),
            [&](const Group& a, const Group& b) { return df(a) > df(b); });
  if (groups.size() > kSuggestGroups) {
    groups.resize(kSuggestGroups);
  }

  std::vector<std::pair<std::string, std::vector<DocId>>> found;  // display -> documents
  std::vector<uint64_t> counts;
  for (const Group& group : groups) {
    // Counts never exceed df: stop once `limit` completions beat every remaining df.
    if (counts.size() >= limit) {
      std::vector<uint64_t> top = counts;
      std::nth_element(top.begin(), top.begin() + (limit - 1), top.end(), std::greater<>());
      if (top[limit - 1] >= df(group)) {
        break;
      }
    }
    Matcher matcher{group.segment, {group.term}, 1.0F};
    MatcherState state(matcher, selected, impl.boosts, impl.docs, false);
    std::vector<DocId> docs;
    if (filtered && base.docs.size() <= df(group)) {
      for (const DocId doc : base.docs) {
        if (state.PresentAt(doc)) {
          docs.push_back(doc);
        }
      }
    } else if (filtered) {
      // The completion is rarer than the earlier words' matches: walk its postings instead.
      for (Cursor& lead = state.lead(); !lead.done(); lead.Next()) {
        const DocId doc = lead.doc();
        if (doc < in_base.size() && in_base[doc] != 0 && state.PresentAt(doc)) {
          docs.push_back(doc);
        }
      }
    } else {
      for (Cursor& lead = state.lead(); !lead.done(); lead.Next()) {
        const DocId doc = lead.doc();
        if (state.PresentAt(doc) && (!allowed || allowed(doc))) {
          docs.push_back(doc);
        }
      }
    }
    if (docs.empty()) {
      continue;
    }
    std::string display(group.segment->surfaces().Get(group.surface));
    auto it = std::find_if(found.begin(), found.end(),
                           [&](const auto& entry) { return entry.first == display; });
    if (it == found.end()) {
      counts.push_back(docs.size());
      found.emplace_back(std::move(display), std::move(docs));
    } else {
      std::vector<DocId> merged;
      std::set_union(it->second.begin(), it->second.end(), docs.begin(), docs.end(),
                     std::back_inserter(merged));
      it->second.swap(merged);
      counts[static_cast<size_t>(it - found.begin())] = it->second.size();
    }
  }
  std::vector<Suggestion> suggestions;
  suggestions.reserve(found.size());
  for (auto& [display, docs] : found) {
    suggestions.push_back({std::string(earlier) + display, docs.size()});
  }
  std::sort(suggestions.begin(), suggestions.end(), [](const Suggestion& a, const Suggestion& b) {
    return a.count != b.count ? a.count > b.count : a.text < b.text;
  });
  if (suggestions.size() > limit) {
    suggestions.resize(limit);
  }
  return suggestions;
}

uint64_t TextIndex::TermCount() const {
  uint64_t terms = 0;
  for (const auto& segment : impl_->segments) {
    terms += segment->terms.size();
  }
  return terms;
}

void TextIndex::Trim() {
  for (const auto& segment : impl_->segments) {
    segment->terms.Trim();
    segment->own_surfaces.Trim();
    TrimCapacity(segment->postings);
    TrimCapacity(segment->surface_info);
    for (FieldStats& stats : segment->fields) {
      TrimCapacity(stats.lengths);
    }
  }
}

uint64_t TextIndex::MemoryBytes() const {
  std::vector<MemoryPart> parts;
  MemoryParts(parts);
  uint64_t bytes = 0;
  for (const MemoryPart& part : parts) {
    bytes += part.bytes;
  }
  return bytes;
}

void TextIndex::MemoryParts(std::vector<MemoryPart>& out) const {
  const Impl& impl = *impl_;
  uint64_t bytes = sizeof(Impl) + Capacity(impl.boosts) + Capacity(impl.field_names) +
                   impl.field_ids.bucket_count() * sizeof(void*) + Capacity(impl.segments) +
                   impl.buffer.capacity() + Capacity(impl.spans);
  for (const std::string& name : impl.field_names) {
    bytes += 2 * name.capacity() + 32;  // the name and its map node
  }
  for (const auto& keys : impl.keys) {
    bytes += Capacity(keys);
  }
  bytes += Capacity(impl.entry) + Capacity(impl.hashes) + Capacity(impl.doc_terms);
  out.push_back({"text other", bytes});
  for (const auto& segment : impl.segments) {
    segment->MemoryParts(out);
  }
}

// ---- Snapshot -------------------------------------------------------------------------------

namespace {

// The postings decode to `df` ascending documents below `doc_limit`, in known fields, with the
// skip entries where Add puts them.
bool ValidPostings(const Postings& postings, DocId doc_limit, size_t fields) {
  const uint8_t* p = postings.bytes.data();
  const uint8_t* end = p + postings.bytes.size();
  uint32_t count = 0;
  uint32_t doc = 0;
  size_t skip = 0;
  while (p < end) {
    if (count > 0 && count % kBlockDocs == 0) {
      if (skip >= postings.skips.size() || postings.skips[skip].base != doc ||
          postings.skips[skip].offset != static_cast<uint32_t>(p - postings.bytes.data())) {
        return false;
      }
      ++skip;
    }
    uint32_t delta = 0;
    if (!GetVarint(p, end, delta) || (count > 0 && delta == 0) ||
        uint64_t{doc} + delta >= doc_limit) {
      return false;
    }
    doc += delta;
    bool fields_ok = true;
    p = ForEachField(p, end, [&](uint32_t field, uint32_t tf, const uint8_t*) {
      fields_ok = fields_ok && field < fields && tf > 0;
    });
    if (p == nullptr || !fields_ok) {
      return false;
    }
    ++count;
  }
  return count == postings.df && skip == postings.skips.size() &&
         (count == 0 || doc == postings.last_doc);
}

}  // namespace

void TextIndex::Save(std::ostream& out) const {
  const Impl& impl = *impl_;
  WritePod(out, kMagic);
  WritePod(out, kFormat);
  WritePod<uint64_t>(out, impl.docs);
  WritePod<uint32_t>(out, impl.doc_limit);
  WritePod<uint32_t>(out, static_cast<uint32_t>(impl.field_names.size()));
  for (size_t f = 0; f < impl.field_names.size(); ++f) {
    WriteString(out, impl.field_names[f]);
    WritePod<float>(out, impl.boosts[f]);
  }
  WritePod<uint32_t>(out, static_cast<uint32_t>(impl.segments.size()));
  for (const auto& segment : impl.segments) {
    WriteString(out, segment->language);
    segment->terms.Save(out);
    for (const Postings& postings : segment->postings) {
      WritePod<uint32_t>(out, postings.df);
      WritePod<uint32_t>(out, postings.last_doc);
      WriteVector(out, postings.bytes);
      WriteVector(out, postings.skips);
    }
    WritePod<uint8_t>(out, segment->surfaces_are_terms ? 1 : 0);
    segment->own_surfaces.Save(out);
    WriteVector(out, segment->surface_info);
    WritePod<uint32_t>(out, static_cast<uint32_t>(segment->fields.size()));
    for (const FieldStats& stats : segment->fields) {
      WritePod<uint64_t>(out, stats.total);
      WritePod<uint32_t>(out, stats.docs);
      WriteVector(out, stats.lengths);
    }
  }
}

Status TextIndex::Load(std::istream& in) {
  auto corrupt = [](const char* what) {
    return Error(ErrorCode::kUnprocessable, std::string("text index snapshot: ") + what);
  };
  auto impl = std::make_unique<Impl>();
  uint32_t magic = 0;
  uint32_t format = 0;
  if (!ReadPod(in, magic) || magic != kMagic || !ReadPod(in, format) || format != kFormat) {
    return corrupt("not a text index of this format version");
  }
  uint32_t fields = 0;
  if (!ReadPod(in, impl->docs) || !ReadPod(in, impl->doc_limit) || !ReadPod(in, fields) ||
      fields > kMaxFields || impl->docs > impl->doc_limit) {
    return corrupt("truncated or invalid header");
  }
  for (uint32_t f = 0; f < fields; ++f) {
    std::string name;
    float boost = 0;
    if (!ReadString(in, name) || !ReadPod(in, boost) || impl->field_ids.count(name) != 0) {
      return corrupt("truncated or invalid field table");
    }
    impl->field_ids.emplace(name, f);
    impl->field_names.push_back(std::move(name));
    impl->boosts.push_back(boost);
  }
  uint32_t segments = 0;
  if (!ReadPod(in, segments) || segments > 4096) {
    return corrupt("truncated segment count");
  }
  for (uint32_t s = 0; s < segments; ++s) {
    std::string language;
    if (!ReadString(in, language) || impl->FindSegment(language) != nullptr) {
      return corrupt("truncated or repeated segment");
    }
    Segment& segment = *impl->segments[impl->SegmentIndex(language)];
    if (!segment.terms.Load(in)) {
      return corrupt("truncated or invalid term dictionary");
    }
    segment.postings.resize(segment.terms.size());
    for (Postings& postings : segment.postings) {
      if (!ReadPod(in, postings.df) || !ReadPod(in, postings.last_doc) ||
          !ReadVector(in, postings.bytes) || !ReadVector(in, postings.skips) ||
          !ValidPostings(postings, impl->doc_limit, fields)) {
        return corrupt("truncated or invalid postings");
      }
    }
    uint8_t surfaces_are_terms = 0;
    if (!ReadPod(in, surfaces_are_terms) ||
        surfaces_are_terms != (segment.surfaces_are_terms ? 1 : 0)) {
      return corrupt("surface dictionary of another analyzer");
    }
    if (!segment.own_surfaces.Load(in) || !ReadVector(in, segment.surface_info) ||
        segment.surface_info.size() != segment.surfaces().size()) {
      return corrupt("truncated or invalid surface dictionary");
    }
    for (const Segment::SurfaceInfo& info : segment.surface_info) {
      if (info.term >= segment.terms.size()) {
        return corrupt("surface of an unknown term");
      }
    }
    uint32_t field_stats = 0;
    if (!ReadPod(in, field_stats) || field_stats > fields) {
      return corrupt("truncated field statistics");
    }
    segment.fields.resize(field_stats);
    for (FieldStats& stats : segment.fields) {
      if (!ReadPod(in, stats.total) || !ReadPod(in, stats.docs) || !ReadVector(in, stats.lengths) ||
          stats.lengths.size() > impl->doc_limit) {
        return corrupt("truncated field statistics");
      }
    }
    for (uint32_t surface = 0; surface < segment.surfaces().size(); ++surface) {
      segment.IndexTypos(surface);
    }
  }
  // Size the document range by what the data holds, not by the header (a corrupt limit must
  // not size the query scratch arrays).
  DocId limit = 0;
  for (const auto& segment : impl->segments) {
    for (const Postings& postings : segment->postings) {
      if (postings.df > 0) {
        limit = std::max(limit, postings.last_doc + 1);
      }
    }
    for (const FieldStats& stats : segment->fields) {
      limit = std::max(limit, static_cast<DocId>(stats.lengths.size()));
    }
  }
  impl->doc_limit = limit;
  impl->docs = std::min<uint64_t>(impl->docs, limit);
  impl_ = std::move(impl);
  return Ok();
}

}  // namespace emporion::search::text
