#include "search/text/text_index.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace emporion::search::text {
namespace {

using Docs = std::vector<DocId>;

Document::Text T(std::string field, std::string language, std::string value, float boost = 1.0F) {
  return Document::Text{std::move(field), std::move(language), std::move(value), boost};
}

struct Options {
  std::string language = "en";
  std::vector<std::string> fields;
  bool prefix = true;
  bool typos = true;
  std::function<bool(DocId)> live;
  bool score = true;
};

TextIndex::Matches Query(const TextIndex& index, std::string_view text, const Options& o = {}) {
  return index.Search(text, o.language, o.fields, o.prefix, o.typos, o.score, o.live);
}

Docs Find(const TextIndex& index, std::string_view text, const Options& o = {}) {
  return Query(index, text, o).docs;
}

// Doc ids by descending score.
Docs Ranked(const TextIndex& index, std::string_view text, const Options& o = {}) {
  const TextIndex::Matches m = Query(index, text, o);
  std::vector<size_t> order(m.docs.size());
  for (size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return m.scores[a] > m.scores[b]; });
  Docs docs;
  for (const size_t i : order) {
    docs.push_back(m.docs[i]);
  }
  return docs;
}

float ScoreOf(const TextIndex& index, std::string_view text, DocId doc, const Options& o = {}) {
  const TextIndex::Matches m = Query(index, text, o);
  for (size_t i = 0; i < m.docs.size(); ++i) {
    if (m.docs[i] == doc) {
      return m.scores[i];
    }
  }
  return -1.0F;
}

// A small catalog: names (boost 3) and descriptions in English and German, a neutral code.
class TextIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Add(0, "Wireless Headphones", "Noise cancelling headphones with a long battery",
        "Kabellose Kopfh\xC3\xB6rer",
        "Mit Ger\xC3\xA4uschunterdr\xC3\xBC"
        "ckung",
        "WH-1000");
    Add(1, "Wired Earbuds", "Small earbuds, noise is not cancelled here",
        "Kabelgebundene Ohrh\xC3\xB6rer", "Kleine Ohrh\xC3\xB6rer", "EB-20");
    Add(2, "Bluetooth Speaker", "A wireless speaker for the garden, cancelling noise outside",
        "Bluetooth Lautsprecher", "Ein kabelloser Lautsprecher", "SP-7");
    Add(3, "Running Shoes", "Shoes for runners; the running shoe for every day", "Laufschuhe",
        "Schuhe zum Laufen f\xC3\xBCr H\xC3\xA4user und Stra\xC3\x9F"
        "en",
        "RS-42");
  }

  void Add(DocId id, std::string name_en, std::string description_en, std::string name_de,
           std::string description_de, std::string code) {
    index_.Add(id, {T("name", "en", std::move(name_en), 3.0F),
                    T("description", "en", std::move(description_en)),
                    T("name", "de", std::move(name_de), 3.0F),
                    T("description", "de", std::move(description_de)),
                    T("code", "", std::move(code), 2.0F)});
  }

  TextIndex index_;
};

TEST_F(TextIndexTest, EveryWordMustMatch) {
  EXPECT_EQ(Find(index_, "wireless headphones"), Docs{0});
  EXPECT_EQ(Find(index_, "wireless"), (Docs{0, 2}));
  EXPECT_EQ(Find(index_, "wireless shoes"), Docs{});
  EXPECT_EQ(Find(index_, "zebra"), Docs{});
  EXPECT_EQ(Find(index_, ""), Docs{});
}

TEST_F(TextIndexTest, StemsQueriesLikeDocuments) {
  EXPECT_EQ(Find(index_, "runs", {.prefix = false}), Docs{3});
  EXPECT_EQ(Find(index_, "headphone", {.prefix = false, .typos = false}), Docs{0});
  EXPECT_EQ(Find(index_, "HEADPHONES", {.prefix = false}), Docs{0});
}

TEST_F(TextIndexTest, NameWithBoostOutranksDescription) {
  // "headphones" is in doc 0's name; "speaker" is in doc 2's name and description. Add a doc
  // with "speaker" only in its description.
  index_.Add(4, {T("name", "en", "Garden Lamp", 3.0F),
                 T("description", "en", "Works next to any speaker")});
  EXPECT_EQ(Ranked(index_, "speaker", {.prefix = false}), (Docs{2, 4}));
}

TEST_F(TextIndexTest, RarerTermsWeighMore) {
  TextIndex index;
  // "common" is in every document, "rare" in one: a document with the rare word beats one
  // with the common word twice.
  index.Add(0, {T("d", "en", "common rare")});
  index.Add(1, {T("d", "en", "common common")});
  for (DocId id = 2; id < 20; ++id) {
    index.Add(id, {T("d", "en", "common filler")});
  }
  EXPECT_GT(ScoreOf(index, "rare", 0, {.prefix = false}),
            ScoreOf(index, "common", 1, {.prefix = false}));
}

TEST_F(TextIndexTest, LastWordMatchesAsPrefix) {
  EXPECT_EQ(Find(index_, "head"), Docs{0});
  EXPECT_EQ(Find(index_, "wireless head"), Docs{0});
  // Prefix of the surface form, not only of the stem ("runn" is no prefix of "run").
  EXPECT_EQ(Find(index_, "runn"), Docs{3});
  // Not when the text ends with a space, not for earlier words, not when disabled.
  EXPECT_EQ(Find(index_, "head "), Docs{});
  EXPECT_EQ(Find(index_, "head wireless"), Docs{});
  EXPECT_EQ(Find(index_, "head", {.prefix = false}), Docs{});
}

TEST_F(TextIndexTest, ToleratesOneTypoInLongWords) {
  const Options exact{.prefix = false};
  EXPECT_EQ(Find(index_, "wireles", exact), (Docs{0, 2}));  // deletion
  EXPECT_EQ(Find(index_, "headphnoes", exact), Docs{0});    // transposition
  EXPECT_EQ(Find(index_, "speeker", exact), Docs{2});       // substitution
  EXPECT_EQ(Find(index_, "xspeaker", exact), Docs{2});      // insertion at the front
  EXPECT_EQ(Find(index_, "paeker", exact), Docs{});         // two edits
  EXPECT_EQ(Find(index_, "wireles", {.prefix = false, .typos = false}), Docs{});
  // Words under 5 letters need to be exact.
  EXPECT_EQ(Find(index_, "shoz", exact), Docs{});
  EXPECT_EQ(Find(index_, "shoe", exact), Docs{3});
  // Nor do words with digits (codes, sizes): "10001" is one edit from "1000".
  EXPECT_EQ(Find(index_, "1000", exact), Docs{0});
  EXPECT_EQ(Find(index_, "10001", exact), Docs{});
}

TEST_F(TextIndexTest, ExactOutranksPrefixAndTypo) {
  TextIndex index;
  index.Add(0, {T("name", "en", "moose")});
  index.Add(1, {T("name", "en", "mouse")});
  index.Add(2, {T("name", "en", "mousepad")});
  EXPECT_EQ(Ranked(index, "mouse", {.prefix = false}), (Docs{1, 0}));
  EXPECT_EQ(Ranked(index, "mouse"), (Docs{1, 2, 0}));
}

TEST_F(TextIndexTest, PhrasesNeedConsecutivePositionsInOneField) {
  EXPECT_EQ(Find(index_, "noise cancelling"), (Docs{0, 1, 2}));
  EXPECT_EQ(Find(index_, "\"noise cancelling\""), Docs{0});
  EXPECT_EQ(Find(index_, "\"cancelling noise\" wireless"), Docs{2});
  EXPECT_EQ(Find(index_, "\"cancelling headphones\""), Docs{0});
  EXPECT_EQ(Find(index_, "\"headphones cancelling\""), Docs{});
  // Values of a multi-valued field are apart.
  TextIndex index;
  index.Add(0, {T("tags", "en", "red apple"), T("tags", "en", "green pear")});
  EXPECT_EQ(Find(index, "\"apple green\""), Docs{});
  EXPECT_EQ(Find(index, "\"green pear\""), Docs{0});
}

TEST_F(TextIndexTest, RestrictsToSelectedFields) {
  EXPECT_EQ(Find(index_, "noise", {.fields = {"name"}}), Docs{});
  EXPECT_EQ(Find(index_, "noise", {.fields = {"description"}}), (Docs{0, 1, 2}));
  EXPECT_EQ(Find(index_, "wireless", {.fields = {"name"}}), Docs{0});
  EXPECT_EQ(Find(index_, "wireless", {.fields = {"unknown"}}), Docs{});
  EXPECT_EQ(Find(index_, "\"noise cancelling\"", {.fields = {"name"}}), Docs{});
}

TEST_F(TextIndexTest, SeparatesLanguagesButSearchesNeutralFieldsForAll) {
  EXPECT_EQ(Find(index_, "lautsprecher", {.language = "de"}), Docs{2});
  EXPECT_EQ(Find(index_, "lautsprecher", {.language = "en"}), Docs{});
  EXPECT_EQ(Find(index_, "speaker", {.language = "de"}), Docs{});
  EXPECT_EQ(Find(index_, "sp-7", {.language = "de"}), Docs{2});
  EXPECT_EQ(Find(index_, "sp-7", {.language = "en"}), Docs{2});
  EXPECT_EQ(Find(index_, "wh", {.language = "fr"}), Docs{0});
  // German stemming and umlauts: "Haus" finds "Häuser", "Strasse" finds "Straßen".
  EXPECT_EQ(Find(index_, "haus", {.language = "de", .prefix = false}), Docs{3});
  EXPECT_EQ(Find(index_, "strasse", {.language = "de", .prefix = false}), Docs{3});
  // Accents: the English and neutral analyzers strip them.
  TextIndex index;
  index.Add(0, {T("name", "en", "Caf\xC3\xA9 Latte")});
  EXPECT_EQ(Find(index, "cafe"), Docs{0});
  EXPECT_EQ(Find(index, "CAF\xC3\x89"), Docs{0});
}

TEST_F(TextIndexTest, SkipsDeadDocuments) {
  EXPECT_EQ(Find(index_, "noise", {.live = [](DocId doc) { return doc != 1; }}), (Docs{0, 2}));
  // Also when the first clause expands to several terms (the accumulator path).
  EXPECT_EQ(Find(index_, "w", {.live = [](DocId doc) { return doc != 2; }}), (Docs{0, 1}));
}

TEST_F(TextIndexTest, UnscoredSearchesMatchTheSameDocumentsWithScoreZero) {
  const auto live = [](DocId doc) { return doc != 1; };
  for (const char* text : {"noise", "wireless headphones", "w", "headphnes", "\"noise cancelling\"",
                           "noise c", "sp-7", "zebra"}) {
    for (const bool dead : {false, true}) {
      Options scored;
      Options unscored{.score = false};
      if (dead) {
        scored.live = live;
        unscored.live = live;
      }
      const TextIndex::Matches a = Query(index_, text, scored);
      const TextIndex::Matches b = Query(index_, text, unscored);
      EXPECT_EQ(a.docs, b.docs) << text;
      EXPECT_EQ(b.scores, std::vector<float>(b.docs.size(), 0.0F)) << text;
    }
  }
  EXPECT_GT(ScoreOf(index_, "noise", 0), 0.0F);
  EXPECT_EQ(Find(index_, "noise", {.fields = {"name"}, .score = false}), Docs{});
}

TEST_F(TextIndexTest, IntersectsLongPostingListsWithSkips) {
  TextIndex index;
  Docs expected;
  for (DocId id = 0; id < 5000; ++id) {
    std::string text = "common";
    if (id % 97 == 0) {
      text += " rare";
    }
    if (id % 3 == 0) {
      text += " third";
    }
    if (id % 97 == 0 && id % 3 == 0) {
      expected.push_back(id);
    }
    index.Add(id * 2, {T("d", "", text)});  // gaps in the ids
  }
  for (DocId& id : expected) {
    id *= 2;
  }
  EXPECT_EQ(Find(index, "third rare common", {.prefix = false}), expected);
  EXPECT_EQ(Find(index, "rare", {.prefix = false}).size(), 52U);
  EXPECT_EQ(Find(index, "common", {.prefix = false}).size(), 5000U);
}

TEST_F(TextIndexTest, AndsAPrefixExpansionAfterACommonerWord) {
  TextIndex index;
  index.Add(0, {T("d", "", "common sa")});
  index.Add(1, {T("d", "", "common sb")});
  index.Add(2, {T("d", "", "common x")});
  index.Add(3, {T("d", "", "common sc")});
  for (DocId id = 4; id < 12; ++id) {
    index.Add(id, {T("d", "", id % 2 == 0 ? "other sa" : "other sc")});
  }
  EXPECT_EQ(Find(index, "common s"), (Docs{0, 1, 3}));
  EXPECT_EQ(Find(index, "s common", {.prefix = false}), Docs{});
  EXPECT_EQ(Find(index, "other s", {.live = [](DocId doc) { return doc != 4; }}),
            (Docs{5, 6, 7, 8, 9, 10, 11}));
}

// Cursors step over posting entries without decoding positions: entries with many positions
// (a term frequency of 7 and more takes an extra varint), long positions (several bytes) and
// several fields must still leave every cursor on the next document, with and without a field
// restriction, scored or not.
TEST(TextIndexPostings, CursorsStepOverLongEntries) {
  TextIndex index;
  std::string many;
  for (int i = 0; i < 9; ++i) many += "gadget ";
  std::string far;
  for (int i = 0; i < 300; ++i) far += "filler" + std::to_string(i) + " ";
  for (DocId d = 0; d < 40; ++d) {
    std::vector<Document::Text> texts;
    if (d % 3 == 0) texts.push_back(T("name", "en", many + "red"));
    if (d % 2 == 0) texts.push_back(T("description", "en", far + "gadget red gadget"));
    texts.push_back(T("code", "", "C" + std::to_string(d)));
    index.Add(d, texts);
  }
  Docs both;  // gadget and red in some field
  Docs in_name;
  for (DocId d = 0; d < 40; ++d) {
    if (d % 3 == 0 || d % 2 == 0) both.push_back(d);
    if (d % 3 == 0) in_name.push_back(d);
  }
  for (const bool score : {true, false}) {
    Options o;
    o.score = score;
    o.prefix = false;
    EXPECT_EQ(Find(index, "gadget red", o), both);
    EXPECT_EQ(Find(index, "\"gadget red\"", o), both);
    o.fields = {"name"};
    EXPECT_EQ(Find(index, "gadget red", o), in_name);
  }
}

TEST_F(TextIndexTest, SuggestsCompletionsByDocumentCount) {
  TextIndex index;
  index.Add(0, {T("name", "en", "Headphones black")});
  index.Add(1, {T("name", "en", "headphones white")});
  index.Add(2, {T("name", "en", "Headset black")});
  index.Add(3, {T("name", "en", "Head torch")});
  index.Add(4, {T("name", "en", "Headphone stand black")});
  std::vector<Suggestion> s = index.Suggest("hea", "en", {}, 10, {});
  ASSERT_EQ(s.size(), 3U);
  // "headphones" and "headphone" share a stem: one completion, in its most frequent spelling.
  EXPECT_EQ(s[0].text, "headphones");
  EXPECT_EQ(s[0].count, 3U);
  EXPECT_EQ(s[1].text, "head");
  EXPECT_EQ(s[1].count, 1U);
  EXPECT_EQ(s[2].text, "headset");
  // Earlier words filter; `allowed` filters; limit.
  s = index.Suggest("black hea", "en", {}, 10, {});
  ASSERT_EQ(s.size(), 2U);
  EXPECT_EQ(s[0].text, "black headphones");
  EXPECT_EQ(s[0].count, 2U);
  EXPECT_EQ(s[1].text, "black headset");
  s = index.Suggest("hea", "en", {}, 1, [](DocId doc) { return doc != 0 && doc != 1; });
  ASSERT_EQ(s.size(), 1U);
  EXPECT_EQ(s[0].count, 1U);
  EXPECT_TRUE(index.Suggest("hea ", "en", {}, 10, {}).empty());
  EXPECT_TRUE(index.Suggest("zzz", "en", {}, 10, {}).empty());
}

TEST_F(TextIndexTest, SavesAndLoads) {
  std::stringstream out;
  index_.Save(out);
  const std::string bytes = out.str();
  TextIndex loaded;
  std::istringstream in(bytes);
  ASSERT_TRUE(loaded.Load(in).ok());
  EXPECT_EQ(loaded.TermCount(), index_.TermCount());
  for (const char* query :
       {"wireless headphones", "head", "headphnoes", "\"noise cancelling\"", "sp-7", "noise"}) {
    const TextIndex::Matches a = Query(index_, query);
    const TextIndex::Matches b = Query(loaded, query);
    EXPECT_EQ(a.docs, b.docs) << query;
    EXPECT_EQ(a.scores, b.scores) << query;
  }
  EXPECT_EQ(Find(loaded, "lautsprecher", {.language = "de"}), Docs{2});
  // The loaded index keeps growing.
  loaded.Add(10, {T("name", "en", "Wireless Mouse")});
  EXPECT_EQ(Find(loaded, "wireless mouse"), Docs{10});
}

TEST_F(TextIndexTest, RejectsTruncatedAndCorruptSnapshots) {
  std::stringstream out;
  index_.Save(out);
  const std::string bytes = out.str();
  for (size_t cut :
       {size_t{0}, size_t{3}, size_t{20}, bytes.size() / 3, bytes.size() / 2, bytes.size() - 1}) {
    TextIndex loaded;
    std::istringstream in(bytes.substr(0, cut));
    EXPECT_FALSE(loaded.Load(in).ok()) << cut;
  }
  // Flipping bytes anywhere never crashes; the result is an error or a consistent index.
  for (size_t at = 8; at < bytes.size(); at += 7) {
    std::string corrupt = bytes;
    corrupt[at] = static_cast<char>(corrupt[at] ^ 0x5A);
    TextIndex loaded;
    std::istringstream in(corrupt);
    if (loaded.Load(in).ok()) {
      (void)Find(loaded, "wireless headphones");
      (void)loaded.Suggest("hea", "en", {}, 5, {});
    }
  }
}

TEST_F(TextIndexTest, SearchesConcurrently) {
  TextIndex index;
  for (DocId id = 0; id < 3000; ++id) {
    index.Add(id, {T("name", "en", id % 2 == 0 ? "wireless speaker" : "wired speakers"),
                   T("code", "", "C-" + std::to_string(id))});
  }
  const Docs expected = Find(index, "speaker wir");
  ASSERT_EQ(expected.size(), 3000U);
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (size_t t = 0; t < failures.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        if (Find(index, "speaker wir") != expected ||
            Find(index, "wireles", {.prefix = false}).size() != 1500 ||
            index.Suggest("speaker wi", "en", {}, 5, {}).size() != 2) {
          ++failures[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(failures, std::vector<int>(4, 0));
}

TEST_F(TextIndexTest, ReportsTermsAndMemory) {
  EXPECT_GT(index_.TermCount(), 20U);
  EXPECT_GT(index_.MemoryBytes(), 1000U);
  TextIndex empty;
  EXPECT_EQ(empty.TermCount(), 0U);
}

}  // namespace
}  // namespace emporion::search::text

namespace emporion::search::text {
namespace {

TEST(TextIndexLanguageTags, RegionTagsShareThePrimaryLanguage) {
  EXPECT_EQ(Analyzer::Key("en-US"), "en");
  EXPECT_EQ(Analyzer::Key("DE_de"), "de");
  EXPECT_EQ(Analyzer::Key(""), "");
  TextIndex index;
  index.Add(0, {T("name", "en-US", "Running shoes")});
  index.Add(1, {T("name", "de-DE", "Schöne Häuser")});
  // Indexed as "en-US", found in "en" and "en-GB" with the English stemmer ("run").
  EXPECT_EQ(Find(index, "runs", {.language = "en", .prefix = false, .typos = false}), Docs{0});
  EXPECT_EQ(Find(index, "run", {.language = "en-GB", .prefix = false, .typos = false}), Docs{0});
  // German stemming reaches "de-DE" text: "Haus" finds "Häuser".
  EXPECT_EQ(Find(index, "haus", {.language = "de", .prefix = false, .typos = false}), Docs{1});
  EXPECT_TRUE(Find(index, "haus", {.language = "en", .prefix = false, .typos = false}).empty());
}

}  // namespace
}  // namespace emporion::search::text
