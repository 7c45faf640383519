#include "modules/catalog/domain/category_tree.hpp"

#include <gtest/gtest.h>

namespace emporion::catalog {
namespace {

TEST(CategoryTreeTest, ChildPathHangsUnderTheParentOrStartsARoot) {
  EXPECT_EQ(ChildPath(std::nullopt, "a"), "/a/");
  EXPECT_EQ(ChildPath(std::string("/a/"), "b"), "/a/b/");
  EXPECT_EQ(ChildPath(std::string("/a/b/"), "c"), "/a/b/c/");
}

TEST(CategoryTreeTest, PathIdsAndDepthReadThePath) {
  EXPECT_EQ(PathIds("/a/b/c/"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(PathIds("").empty());
  EXPECT_EQ(PathDepth("/a/"), 0);
  EXPECT_EQ(PathDepth("/a/b/c/"), 2);
}

TEST(CategoryTreeTest, WouldCreateCycleWhenTheNewParentIsTheCategoryOrBelowIt) {
  struct Case {
    const char* category;
    const char* new_parent_path;
    bool cycle;
  };
  const Case cases[] = {
      {"a", "/a/", true},      // itself
      {"a", "/a/b/", true},    // a child
      {"a", "/a/b/c/", true},  // a grandchild
      {"b", "/a/", false},     // its parent
      {"c", "/a/b/", false},   // an ancestor
      {"a", "/x/y/", false},   // another branch
      {"ab", "/a/b/", false},  // id is a prefix of another id's text only
      {"b", "/ab/", false},    // id is a suffix of another id's text only
      {"b", "/x/b/", true},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(WouldCreateCycle(c.category, c.new_parent_path), c.cycle)
        << c.category << " under " << c.new_parent_path;
  }
}

TEST(CategoryTreeTest, RebaseMovesTheSubtreePrefix) {
  EXPECT_EQ(Rebase("/a/b/c/", "/a/b/", "/x/b/"), "/x/b/c/");
  EXPECT_EQ(Rebase("/a/b/", "/a/b/", "/b/"), "/b/");
  EXPECT_EQ(Rebase("/z/", "/a/", "/x/a/"), "/z/");
  EXPECT_TRUE(IsWithin("/a/b/", "/a/"));
  EXPECT_FALSE(IsWithin("/ab/", "/a/"));
}

TEST(CategoryTreeTest, OutlineRunsFromCatalogThroughCategoriesToTheObject) {
  std::unordered_map<std::string, CategoryRef> refs = {
      {"a", {"a", "cat", "A", "Alpha", "/a/", true, 0, std::nullopt}},
      {"b", {"b", "cat", "B", "Beta", "/a/b/", true, 0, std::string("a")}},
  };
  const OutlineItem product{"product", "p1", "SKU-1", "Shirt", false};
  Outline o = BuildOutline("cat", "Main", {"a", "b"}, refs, product);
  EXPECT_EQ(o.catalog_id, "cat");
  EXPECT_EQ(o.Path(), "cat/a/b/p1");
  ASSERT_EQ(o.items.size(), 4u);
  EXPECT_EQ(o.items[0].type, "catalog");
  EXPECT_EQ(o.items[0].name, "Main");
  EXPECT_EQ(o.items[2].code, "B");
  EXPECT_EQ(o.items[3].type, "product");

  Outline linked = BuildOutline("virt", "Virtual", {"a", "b"}, refs, std::nullopt, 1);
  EXPECT_FALSE(linked.items[1].linked);
  EXPECT_TRUE(linked.items[2].linked);
  EXPECT_EQ(linked.Path(), "virt/a/b");
}

TEST(CategoryTreeTest, BuildTreeNestsSortsAndLimitsDepth) {
  std::vector<CategoryRef> rows = {
      {"c", "cat", "C", "Gamma", "/a/c/", true, 0, std::string("a")},
      {"a", "cat", "A", "Alpha", "/a/", true, 0, std::nullopt},
      {"z", "cat", "Z", "Zeta", "/z/", true, 5, std::nullopt},
      {"b", "cat", "B", "Beta", "/a/b/", true, 0, std::string("a")},
      {"d", "cat", "D", "Delta", "/a/b/d/", true, 0, std::string("b")},
  };
  auto tree = BuildTree(rows, std::nullopt, 0);
  ASSERT_EQ(tree.size(), 2u);
  EXPECT_EQ(tree[0].id, "z");  // higher priority first
  EXPECT_EQ(tree[1].id, "a");
  ASSERT_EQ(tree[1].children.size(), 2u);
  EXPECT_EQ(tree[1].children[0].id, "b");  // then by name
  EXPECT_EQ(tree[1].children[0].children[0].id, "d");

  auto shallow = BuildTree(rows, std::nullopt, 2);
  EXPECT_EQ(shallow[1].children.size(), 2u);
  EXPECT_TRUE(shallow[1].children[0].children.empty());
}

TEST(CategoryTreeTest, FindCycleReportsTheLoopOnTheWayUp) {
  EXPECT_TRUE(FindCycle({{"b", "a"}, {"c", "b"}}, "c").empty());
  auto cycle = FindCycle({{"a", "c"}, {"b", "a"}, {"c", "b"}}, "a");
  EXPECT_EQ(cycle.size(), 3u);
  EXPECT_EQ(FindCycle({{"a", "a"}}, "a"), std::vector<std::string>{"a"});
  auto tail = FindCycle({{"x", "a"}, {"a", "b"}, {"b", "a"}}, "x");
  EXPECT_EQ(tail, (std::vector<std::string>{"a", "b"}));
}

}  // namespace
}  // namespace emporion::catalog
