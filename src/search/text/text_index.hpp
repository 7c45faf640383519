// TextIndex: the full-text half of one embedded index (one document type). Term dictionary per
// language, postings with term frequencies and positions, BM25F scoring over fields with boosts,
// prefix matching of the last word, one-typo tolerance for words of 5 letters or more, phrases.
//
// Documents get dense ids (DocId) from the owning index, strictly increasing across Add calls.
// The text index never forgets a document: a replaced or removed document keeps its postings
// until the owner rebuilds (compacts); the owner drops dead ids from matches (`live`).
//
// Thread-safety: Search/Suggest are const and may run concurrently with each other; Add/Load
// need exclusive access (the owner holds a writer lock).
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "emporion/search/engine.hpp"

namespace emporion::search::text {

using DocId = uint32_t;

/// Per-language analysis: Unicode NFKC normalization and case folding (utf8proc); accents
/// stripped for "", "en" and languages without a stemmer ("café" = "cafe"), kept for the other
/// stemmed languages (ä stays ä: the German stemmer expects it, and reads "ue" as "ü" so that
/// "Mueller" = "Müller"); split on anything that is not a letter, mark or digit ("usb-c" = usb, c;
/// "4k" stays); Snowball stemming (libstemmer) for "en", "de" and every other language libstemmer
/// knows by its ISO code; "" and unknown languages fold without stemming. Tokens with a digit are
/// not stemmed. Tokens are cut to kMaxTokenBytes.
struct Token {
  std::string term;     // normalized, folded, stemmed: what is indexed
  std::string surface;  // folded but not stemmed: what suggestions show
  uint32_t position = 0;
};

class Analyzer {
 public:
  /// One folded token of Split: bytes [offset, offset + length) of the buffer.
  struct Span {
    uint32_t offset = 0;
    uint32_t length = 0;
  };
  /// Tokens are cut to this many bytes (at a code point boundary).
  static constexpr size_t kMaxTokenBytes = 64;

  /// Shared, immutable per language; thread-safe (the stemmer is used under the caller's
  /// thread-local instance).
  static const Analyzer& For(std::string_view language);
  /// The key a language tag is analysed and indexed under: its primary subtag, lower-case
  /// ("en-US" and "en_gb" -> "en", "DE" -> "de"), so documents tagged "en-US" and a query in
  /// "en" meet in one dictionary and reach the English stemmer.
  static std::string Key(std::string_view language);
  /// Appends the tokens of `text` to `out`, positions counting from 0.
  void Analyze(std::string_view text, std::vector<Token>& out) const;
  /// The folding and splitting half of Analyze: appends each token's folded (unstemmed) bytes to
  /// `buffer` and its span to `spans`. Allocation-free for ASCII text once the buffers grew.
  void Split(std::string_view text, std::string& buffer, std::vector<Span>& spans) const;
  /// The indexed term of one folded token (Split's output): the Snowball stem, or the token
  /// itself when the language has no stemmer or the token holds a digit.
  [[nodiscard]] std::string Stem(std::string_view folded) const;
  [[nodiscard]] const std::string& language() const { return language_; }
  /// Whether accents (combining marks) are removed: "" , "en" and languages without a stemmer.
  [[nodiscard]] bool strips_marks() const { return strip_marks_; }
  /// Whether Stem can change a token (false: every term is its folded token).
  [[nodiscard]] bool stems() const { return !algorithm_.empty(); }

  explicit Analyzer(std::string language);

 private:
  std::string language_;
  std::string algorithm_;  // libstemmer's name; empty = no stemming
  bool strip_marks_ = true;
  bool german_digraphs_ = false;  // "ue" -> "ü" before stemming (Mueller = Müller)
};

class TextIndex {
 public:
  TextIndex();
  ~TextIndex();
  TextIndex(const TextIndex&) = delete;
  TextIndex& operator=(const TextIndex&) = delete;

  /// Indexes a document's text fields (doc ids increase strictly across calls).
  void Add(DocId doc, const std::vector<Document::Text>& texts);

  /// Document ids as a flat bitset (bit d of words[d / 64]); ids past its end are not in it.
  struct DocSet {
    const uint64_t* words = nullptr;
    size_t nwords = 0;
    [[nodiscard]] bool Contains(DocId d) const {
      const size_t w = d >> 6;
      return w < nwords && ((words[w] >> (d & 63U)) & 1U) != 0;
    }
  };

  struct Matches {
    std::vector<DocId> docs;    // ascending
    std::vector<float> scores;  // BM25F, parallel to docs
  };
  /// The documents matching every word and phrase of `text` (see Query::text), with scores.
  /// `live` (may be empty) says which ids still count; dead ids may be skipped early. `within`
  /// (optional, live ids only: `live` is then not asked) narrows the ids that count further (the
  /// caller's filters); other ids are skipped before they are scored or checked.
  /// A word matches its stemmed term (weight 1); the last word, when `prefix` and `text` does not
  /// end in a space, also every term or surface form it begins (weight 0.8; at most the 50 most
  /// frequent completions within a posting budget); with `typos`, a word of 5+ letters without
  /// digits also matches forms one Damerau-Levenshtein edit away (weight 0.6). A word that splits
  /// into several tokens ("usb-c") is several words. Scores: BM25F (k1 1.2, b 0.75, the field's
  /// boost as of its latest document), summed over the words. Without `score` every score is 0
  /// (the caller sorts by something else) and no BM25 arithmetic is done.
  [[nodiscard]] Matches Search(std::string_view text, std::string_view language,
                               const std::vector<std::string>& fields, bool prefix, bool typos,
                               bool score, const std::function<bool(DocId)>& live,
                               const DocSet* within = nullptr) const;
  /// Completions of the last word of `text` (all earlier words must match as in Search, exactly:
  /// no prefix, no typos), counted over the documents that `allowed` accepts; most documents
  /// first. Each text is the earlier text as typed followed by the completion in its most
  /// frequent folded spelling ("wireless hea" -> "wireless headphones"). Empty when `text` ends
  /// in a space.
  [[nodiscard]] std::vector<Suggestion> Suggest(std::string_view text, std::string_view language,
                                                const std::vector<std::string>& fields,
                                                uint32_t limit,
                                                const std::function<bool(DocId)>& allowed) const;

  [[nodiscard]] uint64_t TermCount() const;
  /// Sum of the capacities of everything the index holds (not the per-thread query scratch of
  /// 8 bytes per document id).
  [[nodiscard]] uint64_t MemoryBytes() const;
  /// MemoryBytes by structure: per segment ("text en ...") its terms, postings, surfaces, typo
  /// buckets and field lengths, plus the shared "text other" (field table, write buffers).
  void MemoryParts(std::vector<MemoryPart>& out) const;
  /// Gives back spare capacity of dictionaries and per-document arrays (after a rebuild).
  void Trim();
  /// Binary snapshot (the owner writes the header and version; this part has its own magic and
  /// format number). Load validates every size and posting list: a truncated or corrupt stream
  /// gives kUnprocessable and leaves the index as it was.
  void Save(std::ostream& out) const;
  Status Load(std::istream& in);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace emporion::search::text
