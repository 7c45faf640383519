#include "search/index/keyword_values.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace emporion::search {
namespace {

std::vector<uint32_t> DocsOf(const KeywordValues& kv, uint32_t ord) {
  std::vector<uint32_t> out;
  if (const Bitmap* docs = kv.Docs(ord)) {
    docs->ToVector(out);
  } else if (kv.SingleDoc(ord) != KeywordValues::kNone) {
    out.push_back(kv.SingleDoc(ord));
  }
  return out;
}

TEST(KeywordValuesTest, InternsValuesByArrival) {
  KeywordValues kv;
  EXPECT_EQ(kv.Find("red"), KeywordValues::kNone);
  EXPECT_EQ(kv.Intern("red"), 0U);
  EXPECT_EQ(kv.Intern("blue"), 1U);
  EXPECT_EQ(kv.Intern("red"), 0U);
  EXPECT_EQ(kv.size(), 2U);
  EXPECT_EQ(kv[1], "blue");
  EXPECT_EQ(kv.Find("blue"), 1U);
  EXPECT_EQ(kv.Find("Blue"), KeywordValues::kNone);
}

TEST(KeywordValuesTest, OneDocumentInlineThenABitmap) {
  KeywordValues kv;
  const uint32_t id = kv.Intern("p1");
  EXPECT_EQ(DocsOf(kv, id), std::vector<uint32_t>{});
  kv.AddDoc(id, 7);
  EXPECT_EQ(kv.Docs(id), nullptr);  // unique values cost no bitmap
  EXPECT_EQ(kv.SingleDoc(id), 7U);
  kv.AddDoc(id, 7);
  EXPECT_EQ(kv.Docs(id), nullptr);
  // A replacement: the old document dies first, the new one takes the inline slot.
  kv.RemoveDoc(id, 7);
  EXPECT_EQ(kv.SingleDoc(id), KeywordValues::kNone);
  kv.AddDoc(id, 9);
  EXPECT_EQ(DocsOf(kv, id), std::vector<uint32_t>{9});
  kv.RemoveDoc(id, 8);  // not its document
  EXPECT_EQ(DocsOf(kv, id), std::vector<uint32_t>{9});

  const uint32_t red = kv.Intern("red");
  for (uint32_t d : {3U, 10U, 12U}) {
    kv.AddDoc(red, d);
  }
  ASSERT_NE(kv.Docs(red), nullptr);
  EXPECT_EQ(DocsOf(kv, red), (std::vector<uint32_t>{3, 10, 12}));
  kv.RemoveDoc(red, 10);
  kv.RemoveDoc(red, 3);
  EXPECT_EQ(DocsOf(kv, red), std::vector<uint32_t>{12});

  Bitmap over;
  for (uint32_t d : {9U, 12U, 13U}) {
    over.Add(d);
  }
  EXPECT_EQ(kv.CountIn(id, over), 1U);
  EXPECT_EQ(kv.CountIn(red, over), 1U);
  over.Remove(9);
  EXPECT_EQ(kv.CountIn(id, over), 0U);
}

TEST(KeywordValuesTest, SavesAndLoadsAndRejectsDamage) {
  KeywordValues kv;
  for (uint32_t d = 0; d < 3000; ++d) {
    kv.AddDoc(kv.Intern("id-" + std::to_string(d)), d);
    kv.AddDoc(kv.Intern("color-" + std::to_string(d % 7)), d);
  }
  std::ostringstream out;
  kv.Save(out);
  const std::string image = out.str();

  KeywordValues loaded;
  std::istringstream in(image);
  ASSERT_TRUE(loaded.Load(in, 3000));
  ASSERT_EQ(loaded.size(), kv.size());
  for (uint32_t ord = 0; ord < kv.size(); ++ord) {
    EXPECT_EQ(loaded[ord], kv[ord]);
    EXPECT_EQ(loaded.Find(kv[ord]), ord);
    EXPECT_EQ(DocsOf(loaded, ord), DocsOf(kv, ord));
  }
  // Loaded values keep taking writes.
  const uint32_t added = loaded.Intern("id-new");
  EXPECT_EQ(added, kv.size());
  EXPECT_EQ(loaded.Find("id-new"), added);

  // Documents at or above the limit, and truncations, are errors.
  {
    KeywordValues small;
    std::istringstream again(image);
    EXPECT_FALSE(small.Load(again, 2999));
  }
  for (size_t cut : {size_t{0}, size_t{9}, image.size() / 2, image.size() - 1}) {
    KeywordValues cut_off;
    std::istringstream part(image.substr(0, cut));
    EXPECT_FALSE(cut_off.Load(part, 3000)) << cut;
  }
}

}  // namespace
}  // namespace emporion::search
