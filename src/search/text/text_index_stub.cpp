// TEMPORARY: replaced by s1's text_index.cpp at merge. Delete this file when merging s1.
// A naive stand-in so the index/ branch links and its few text tests run: ASCII lower-casing,
// split on non-alphanumerics, no stemming, AND of words, prefix on the last word, score = hits.
#include <algorithm>
#include <cctype>
#include <istream>
#include <map>
#include <ostream>

#include "search/text/text_index.hpp"

namespace emporion::search::text {

const Analyzer& Analyzer::For(std::string_view language) {
  static const Analyzer kNeutral("");
  (void)language;
  return kNeutral;
}

void Analyzer::Analyze(std::string_view text, std::vector<Token>& out) const {
  std::string cur;
  uint32_t pos = 0;
  auto flush = [&] {
    if (!cur.empty()) {
      out.push_back({cur, cur, pos++});
      cur.clear();
    }
  };
  for (char ch : text) {
    if (std::isalnum(static_cast<unsigned char>(ch)) != 0) {
      cur.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
    } else {
      flush();
    }
  }
  flush();
}

struct TextIndex::Impl {
  std::map<std::string, std::vector<DocId>> postings;
};

TextIndex::TextIndex() : impl_(std::make_unique<Impl>()) {}
TextIndex::~TextIndex() = default;

void TextIndex::Add(DocId doc, const std::vector<Document::Text>& texts) {
  std::vector<Token> tokens;
  for (const auto& t : texts) {
    Analyzer::For(t.language).Analyze(t.value, tokens);
  }
  for (const Token& tok : tokens) {
    auto& list = impl_->postings[tok.term];
    if (list.empty() || list.back() != doc) {
      list.push_back(doc);
    }
  }
}

TextIndex::Matches TextIndex::Search(std::string_view text, std::string_view language,
                                     const std::vector<std::string>& fields, bool prefix,
                                     bool typos, const std::function<bool(DocId)>& live) const {
  (void)fields;
  (void)typos;
  std::vector<Token> words;
  Analyzer::For(language).Analyze(text, words);
  Matches m;
  std::vector<DocId> acc;
  for (size_t i = 0; i < words.size(); ++i) {
    std::vector<DocId> docs;
    if (prefix && i + 1 == words.size()) {
      for (auto it = impl_->postings.lower_bound(words[i].term);
           it != impl_->postings.end() && it->first.starts_with(words[i].term); ++it) {
        docs.insert(docs.end(), it->second.begin(), it->second.end());
      }
      std::sort(docs.begin(), docs.end());
      docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
    } else if (auto it = impl_->postings.find(words[i].term); it != impl_->postings.end()) {
      docs = it->second;
    }
    if (i == 0) {
      acc = std::move(docs);
    } else {
      std::vector<DocId> both;
      std::set_intersection(acc.begin(), acc.end(), docs.begin(), docs.end(),
                            std::back_inserter(both));
      acc = std::move(both);
    }
  }
  for (DocId d : acc) {
    if (!live || live(d)) {
      m.docs.push_back(d);
      m.scores.push_back(1.0F);
    }
  }
  return m;
}

std::vector<Suggestion> TextIndex::Suggest(std::string_view text, std::string_view language,
                                           const std::vector<std::string>& fields, uint32_t limit,
                                           const std::function<bool(DocId)>& allowed) const {
  (void)text;
  (void)language;
  (void)fields;
  (void)limit;
  (void)allowed;
  return {};
}

uint64_t TextIndex::TermCount() const { return impl_->postings.size(); }
uint64_t TextIndex::MemoryBytes() const { return 0; }

void TextIndex::Save(std::ostream& out) const {
  auto n = static_cast<uint64_t>(impl_->postings.size());
  out.write(reinterpret_cast<const char*>(&n), sizeof(n));
  for (const auto& [term, docs] : impl_->postings) {
    auto len = static_cast<uint64_t>(term.size());
    auto cnt = static_cast<uint64_t>(docs.size());
    out.write(reinterpret_cast<const char*>(&len), sizeof(len));
    out.write(term.data(), static_cast<std::streamsize>(len));
    out.write(reinterpret_cast<const char*>(&cnt), sizeof(cnt));
    out.write(reinterpret_cast<const char*>(docs.data()),
              static_cast<std::streamsize>(cnt * sizeof(DocId)));
  }
}

Status TextIndex::Load(std::istream& in) {
  impl_->postings.clear();
  uint64_t n = 0;
  if (!in.read(reinterpret_cast<char*>(&n), sizeof(n))) {
    return Error::Unprocessable("snapshot", "text index truncated");
  }
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t len = 0;
    uint64_t cnt = 0;
    if (!in.read(reinterpret_cast<char*>(&len), sizeof(len)) || len > (1U << 20)) {
      return Error::Unprocessable("snapshot", "text index truncated");
    }
    std::string term(len, '\0');
    if (!in.read(term.data(), static_cast<std::streamsize>(len)) ||
        !in.read(reinterpret_cast<char*>(&cnt), sizeof(cnt)) || cnt > (1ULL << 26)) {
      return Error::Unprocessable("snapshot", "text index truncated");
    }
    std::vector<DocId> docs(cnt);
    if (!in.read(reinterpret_cast<char*>(docs.data()),
                 static_cast<std::streamsize>(cnt * sizeof(DocId)))) {
      return Error::Unprocessable("snapshot", "text index truncated");
    }
    impl_->postings.emplace(std::move(term), std::move(docs));
  }
  return Ok();
}

}  // namespace emporion::search::text
