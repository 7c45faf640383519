#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "search/text/text_index.hpp"

namespace emporion::search::text {
namespace {

std::vector<std::string> Terms(std::string_view language, std::string_view text) {
  std::vector<Token> tokens;
  Analyzer::For(language).Analyze(text, tokens);
  std::vector<std::string> terms;
  for (const Token& token : tokens) {
    terms.push_back(token.term);
  }
  return terms;
}

std::vector<std::string> Surfaces(std::string_view language, std::string_view text) {
  std::vector<Token> tokens;
  Analyzer::For(language).Analyze(text, tokens);
  std::vector<std::string> surfaces;
  for (const Token& token : tokens) {
    surfaces.push_back(token.surface);
  }
  return surfaces;
}

using Strings = std::vector<std::string>;

TEST(AnalyzerTest, FoldsCaseAndCompatibilityForms) {
  struct Case {
    const char* text;
    Strings want;
  };
  const Case cases[] = {
      {"\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3", {"abc"}},  // fullwidth ＡＢＣ
      {"HeLLo WORLD", {"hello", "world"}},
      {"\xEF\xAC\x81ne", {"fine"}},             // the ﬁ ligature
      {"Stra\xC3\x9F" "e", {"strasse"}},        // ß folds to ss
      {"\xC3\x89TAGE", {"etage"}},              // É, accent stripped in the neutral analyzer
      {"", {}},
      {" -- ", {}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Surfaces("", c.text), c.want) << c.text;
  }
}

TEST(AnalyzerTest, StripsAccentsForEnglishAndNeutralButKeepsUmlautsForGerman) {
  EXPECT_EQ(Surfaces("en", "Caf\xC3\xA9"), Strings{"cafe"});
  EXPECT_EQ(Surfaces("", "Caf\xC3\xA9"), Strings{"cafe"});
  // Decomposed input (e + combining acute) composes the same way.
  EXPECT_EQ(Surfaces("en", "Cafe\xCC\x81"), Strings{"cafe"});
  EXPECT_EQ(Surfaces("de", "M\xC3\xBCller"), Strings{"m\xC3\xBCller"});
}

TEST(AnalyzerTest, SplitsOnNonLetterOrDigitButKeepsMixedTokens) {
  EXPECT_EQ(Surfaces("", "4K TV, usb3 & USB-C/HDMI 2.1"),
            (Strings{"4k", "tv", "usb3", "usb", "c", "hdmi", "2", "1"}));
  EXPECT_EQ(Surfaces("de", "Gr\xC3\xB6\xC3\x9F" "e: XL"), (Strings{"gr\xC3\xB6sse", "xl"}));
}

TEST(AnalyzerTest, PositionsIncreaseByOnePerToken) {
  std::vector<Token> tokens;
  Analyzer::For("en").Analyze("noise -- cancelling, headphones", tokens);
  ASSERT_EQ(tokens.size(), 3U);
  EXPECT_EQ(tokens[0].position, 0U);
  EXPECT_EQ(tokens[1].position, 1U);
  EXPECT_EQ(tokens[2].position, 2U);
}

TEST(AnalyzerTest, CutsLongTokens) {
  const std::string longword(100, 'a');
  const Strings surfaces = Surfaces("", longword + " b");
  ASSERT_EQ(surfaces.size(), 2U);
  EXPECT_EQ(surfaces[0], std::string(Analyzer::kMaxTokenBytes, 'a'));
  // A cut never splits a code point: 40 two-byte letters give 32 letters (64 bytes).
  std::string umlauts;
  for (int i = 0; i < 40; ++i) {
    umlauts += "\xC3\xA4";
  }
  const Strings cut = Surfaces("de", umlauts);
  ASSERT_EQ(cut.size(), 1U);
  EXPECT_EQ(cut[0].size(), 64U);
}

TEST(AnalyzerTest, StemsEnglish) {
  EXPECT_EQ(Terms("en", "running runs run"), (Strings{"run", "run", "run"}));
  EXPECT_EQ(Terms("en", "Headphones"), Strings{"headphon"});
  EXPECT_EQ(Surfaces("en", "Headphones"), Strings{"headphones"});
  // Tokens with digits are kept as they are.
  EXPECT_EQ(Terms("en", "usb3 4ks"), (Strings{"usb3", "4ks"}));
}

TEST(AnalyzerTest, StemsGermanAndReadsTransliteratedUmlauts) {
  EXPECT_EQ(Terms("de", "H\xC3\xA4user"), Terms("de", "Haus"));
  EXPECT_EQ(Terms("de", "M\xC3\xBCller"), Terms("de", "Mueller"));
  EXPECT_EQ(Terms("de", "M\xC3\xBCller"), Terms("de", "Muller"));
  // "qu" is not an umlaut.
  EXPECT_NE(Terms("de", "Quelle")[0].find("qu"), std::string::npos);
}

TEST(AnalyzerTest, NeutralAndUnknownLanguagesDoNotStem) {
  EXPECT_EQ(Terms("", "Running"), Strings{"running"});
  EXPECT_EQ(Terms("xx", "Running"), Strings{"running"});
  // Any language libstemmer knows stems: French by its ISO code.
  EXPECT_EQ(Terms("fr", "chanteuses"), Terms("fr", "chanteuse"));
}

TEST(AnalyzerTest, Latin1ShortcutAgreesWithUtf8proc) {
  // Text of Latin-1 letters skips utf8proc; a character outside Latin-1 (the euro sign) forces
  // the utf8proc path. Both must fold every letter alike.
  for (const char* language : {"", "en", "de", "fr"}) {
    for (unsigned cp = 0xC0; cp <= 0xFF; ++cp) {
      const std::string letter = {static_cast<char>(0xC3), static_cast<char>(0x80 | (cp & 0x3F))};
      const std::string word = "x" + letter + "y";
      EXPECT_EQ(Surfaces(language, word), Surfaces(language, word + " \xE2\x82\xAC"))
          << language << " U+" << std::hex << cp;
    }
  }
}

TEST(AnalyzerTest, ForReturnsOneSharedAnalyzerPerLanguage) {
  EXPECT_EQ(&Analyzer::For("en"), &Analyzer::For("en"));
  EXPECT_NE(&Analyzer::For("en"), &Analyzer::For("de"));
  EXPECT_EQ(Analyzer::For("de").language(), "de");
}

}  // namespace
}  // namespace emporion::search::text
