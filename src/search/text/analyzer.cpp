// Analyzer: NFKC + case folding (utf8proc), splitting on anything that is not a letter, mark or
// digit, Snowball stemming (libstemmer).
//
// Accents: "" (codes, neutral text), "en" and languages without a stemmer strip combining marks, so
// "café" finds "cafe". Languages with a Snowball stemmer keep them: the stemmers expect them
// (German folds ä/ö/ü to a/o/u itself, after using them to find the suffixes). For German the
// transliterations "ae", "oe", "ue" are read as "ä", "ö", "ü" before stemming (what Snowball's
// retired "german2" variant did), so "Mueller", "Müller" and "Muller" all index as "mull". The
// surface form (what suggestions show) keeps the spelling as written, folded.
#include <libstemmer.h>
#include <utf8proc.h>

#include <array>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include "search/text/text_index.hpp"

namespace emporion::search::text {
namespace {

struct StemmerDeleter {
  void operator()(sb_stemmer* stemmer) const { sb_stemmer_delete(stemmer); }
};
using StemmerPtr = std::unique_ptr<sb_stemmer, StemmerDeleter>;

// sb_stemmer keeps its work area inside the object: one instance per thread and algorithm.
sb_stemmer* ThreadStemmer(const std::string& algorithm) {
  thread_local std::vector<std::pair<std::string, StemmerPtr>> stemmers;
  for (auto& [name, stemmer] : stemmers) {
    if (name == algorithm) {
      return stemmer.get();
    }
  }
  stemmers.emplace_back(algorithm, StemmerPtr(sb_stemmer_new(algorithm.c_str(), "UTF_8")));
  return stemmers.back().second.get();
}

bool IsWordCategory(utf8proc_int32_t cp) {
  const utf8proc_category_t category = utf8proc_category(cp);
  // Lu Ll Lt Lm Lo, Mn Mc Me, Nd Nl No.
  return category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_NO;
}

bool IsAsciiAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Splits already folded text (valid UTF-8).
void SplitFolded(const uint8_t* data, size_t size, std::string& buffer,
                 std::vector<Analyzer::Span>& spans) {
  size_t start = buffer.size();
  auto close = [&] {
    if (buffer.size() > start) {
      spans.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(buffer.size() - start)});
    }
    start = buffer.size();
  };
  size_t i = 0;
  while (i < size) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n =
        utf8proc_iterate(data + i, static_cast<utf8proc_ssize_t>(size - i), &cp);
    if (n <= 0) {
      close();
      ++i;
      continue;
    }
    const bool word = cp < 0x80 ? IsAsciiAlnum(static_cast<unsigned char>(cp)) : IsWordCategory(cp);
    if (!word) {
      close();
    } else if (buffer.size() - start + static_cast<size_t>(n) <= Analyzer::kMaxTokenBytes) {
      buffer.append(reinterpret_cast<const char*>(data + i), static_cast<size_t>(n));
    }
    i += static_cast<size_t>(n);
  }
  close();
}

// ASCII letters and digits lowered; 0 = separator.
constexpr std::array<char, 128> kAsciiFold = [] {
  std::array<char, 128> table{};
  for (int c = '0'; c <= '9'; ++c) {
    table[static_cast<size_t>(c)] = static_cast<char>(c);
  }
  for (int c = 'a'; c <= 'z'; ++c) {
    table[static_cast<size_t>(c)] = static_cast<char>(c);
    table[static_cast<size_t>(c - 'a' + 'A')] = static_cast<char>(c);
  }
  return table;
}();

void SplitAscii(std::string_view text, std::string& buffer, std::vector<Analyzer::Span>& spans) {
  buffer.reserve(buffer.size() + text.size());
  size_t start = buffer.size();
  for (const char ch : text) {
    const char folded = kAsciiFold[static_cast<unsigned char>(ch) & 0x7FU];
    if (folded != 0 && static_cast<unsigned char>(ch) < 0x80) {
      if (buffer.size() - start < Analyzer::kMaxTokenBytes) {
        buffer.push_back(folded);
      }
    } else if (buffer.size() > start) {
      spans.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(buffer.size() - start)});
      start = buffer.size();
    }
  }
  if (buffer.size() > start) {
    spans.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(buffer.size() - start)});
  }
}

// Text of ASCII and the precomposed Latin-1 letters U+00C0-U+00FF (most European catalog text)
// folds without utf8proc: these are NFKC-stable, lower-case by +0x20, and with marks stripped
// map to their base letter. Must agree with utf8proc (the test compares both paths).
constexpr char kLatin1Base[32] = {
    'a', 'a', 'a', 'a', 'a', 'a', 0,   'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
    0,   'n', 'o', 'o', 'o', 'o', 'o', 0,   0,   'u', 'u', 'u', 'u', 'y', 0,   'y'};

bool IsLatin1Text(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      continue;
    }
    if (c != 0xC3 || i + 1 >= text.size() || (static_cast<unsigned char>(text[i + 1]) & 0xC0) != 0x80) {
      return false;
    }
    ++i;
  }
  return true;
}

void SplitLatin1(std::string_view text, bool strip_marks, std::string& buffer,
                 std::vector<Analyzer::Span>& spans) {
  size_t start = buffer.size();
  auto close = [&] {
    if (buffer.size() > start) {
      spans.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(buffer.size() - start)});
    }
    start = buffer.size();
  };
  auto append = [&](std::string_view bytes) {
    if (buffer.size() - start + bytes.size() <= Analyzer::kMaxTokenBytes) {
      buffer.append(bytes);
    }
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (IsAsciiAlnum(c)) {
        const char lower = static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
        append(std::string_view(&lower, 1));
      } else {
        close();
      }
      continue;
    }
    unsigned cp = 0xC0U + (static_cast<unsigned char>(text[++i]) & 0x3FU);  // U+00C0..U+00FF
    if (cp == 0xD7 || cp == 0xF7) {  // × ÷
      close();
      continue;
    }
    if (cp == 0xDF) {  // ß folds to ss
      append("ss");
      continue;
    }
    if (cp < 0xDF) {
      cp += 0x20;
    }
    if (strip_marks && kLatin1Base[cp - 0xE0] != 0) {
      append(std::string_view(&kLatin1Base[cp - 0xE0], 1));
      continue;
    }
    const char utf8[2] = {static_cast<char>(0xC3), static_cast<char>(0x80 | (cp & 0x3FU))};
    append(std::string_view(utf8, 2));
  }
  close();
}

std::string GermanDigraphs(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  for (size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    if (i + 1 < word.size() && word[i + 1] == 'e' && (i == 0 || word[i - 1] != 'q' || c != 'u')) {
      if (c == 'a') {
        out += "\xC3\xA4";  // ä
        ++i;
        continue;
      }
      if (c == 'o') {
        out += "\xC3\xB6";  // ö
        ++i;
        continue;
      }
      if (c == 'u') {
        out += "\xC3\xBC";  // ü
        ++i;
        continue;
      }
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

Analyzer::Analyzer(std::string language) : language_(std::move(language)) {
  if (language_.empty()) {
    return;
  }
  std::string algorithm = language_ == "de" ? "german" : language_;
  if (sb_stemmer* probe = sb_stemmer_new(algorithm.c_str(), "UTF_8"); probe != nullptr) {
    sb_stemmer_delete(probe);
    algorithm_ = std::move(algorithm);
    strip_marks_ = language_ == "en" || language_ == "english" || language_ == "eng";
    german_digraphs_ = language_ == "de";
  }
}

std::string Analyzer::Key(std::string_view language) {
  std::string key;
  for (const char c : language) {
    if (c == '-' || c == '_') break;
    key.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  }
  return key;
}

}  // namespace emporion::search::text

namespace emporion::search {
std::string LanguageKey(std::string_view tag) { return text::Analyzer::Key(tag); }
}  // namespace emporion::search

namespace emporion::search::text {

const Analyzer& Analyzer::For(std::string_view tag) {
  const std::string language = Key(tag);
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<Analyzer>, std::less<>> analyzers;
  const std::lock_guard lock(mutex);
  auto it = analyzers.find(language);
  if (it == analyzers.end()) {
    it = analyzers
             .emplace(std::string(language), std::make_unique<Analyzer>(std::string(language)))
             .first;
  }
  return *it->second;
}

void Analyzer::Split(std::string_view text, std::string& buffer, std::vector<Span>& spans) const {
  bool ascii = true;
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
  }
  // ASCII is NFKC-stable and folds by lowering A-Z: skip utf8proc (most catalog text).
  if (ascii) {
    SplitAscii(text, buffer, spans);
    return;
  }
  if (IsLatin1Text(text)) {
    SplitLatin1(text, strip_marks_, buffer, spans);
    return;
  }
  int options = UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STABLE |
                UTF8PROC_IGNORE;
  if (strip_marks_) {
    options |= UTF8PROC_STRIPMARK;
  }
  utf8proc_uint8_t* folded = nullptr;
  const utf8proc_ssize_t size =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                   static_cast<utf8proc_ssize_t>(text.size()), &folded,
                   static_cast<utf8proc_option_t>(options));
  if (size < 0) {
    // Invalid UTF-8: keep what is readable as ASCII.
    SplitAscii(text, buffer, spans);
    return;
  }
  SplitFolded(folded, static_cast<size_t>(size), buffer, spans);
  std::free(folded);  // NOLINT(cppcoreguidelines-no-malloc): utf8proc allocates with malloc
}

std::string Analyzer::Stem(std::string_view folded) const {
  if (algorithm_.empty()) {
    return std::string(folded);
  }
  for (const char c : folded) {
    if (c >= '0' && c <= '9') {
      return std::string(folded);
    }
  }
  std::string word = german_digraphs_ ? GermanDigraphs(folded) : std::string(folded);
  sb_stemmer* stemmer = ThreadStemmer(algorithm_);
  if (stemmer == nullptr) {
    return word;
  }
  const sb_symbol* stem = sb_stemmer_stem(
      stemmer, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
  if (stem == nullptr) {
    return word;
  }
  return {reinterpret_cast<const char*>(stem), static_cast<size_t>(sb_stemmer_length(stemmer))};
}

void Analyzer::Analyze(std::string_view text, std::vector<Token>& out) const {
  std::string buffer;
  std::vector<Span> spans;
  Split(text, buffer, spans);
  uint32_t position = 0;
  for (const Span& span : spans) {
    const std::string_view surface(buffer.data() + span.offset, span.length);
    out.push_back(Token{Stem(surface), std::string(surface), position++});
  }
}

}  // namespace emporion::search::text
