#include "modules/search/api/field_resolver.hpp"

#include <gtest/gtest.h>

#include <map>

namespace emporion::search_module {
namespace {

using search::FieldKind;

/// Answers KindOf from a table; nothing else is used by the resolver.
class KindsOnlyEngine final : public search::Engine {
 public:
  std::map<std::string, FieldKind, std::less<>> kinds;

  Status Upsert(std::string_view, std::vector<search::Document>) override { return Unused(); }
  Status Remove(std::string_view, const std::vector<std::string>&) override { return Unused(); }
  Result<search::SearchResult> Search(std::string_view, const search::Query&) const override {
    return Unused();
  }
  Result<std::vector<search::Suggestion>> Suggest(std::string_view,
                                                  const search::SuggestQuery&) const override {
    return Unused();
  }
  FieldKind KindOf(std::string_view, std::string_view field) const override {
    auto it = kinds.find(field);
    return it == kinds.end() ? FieldKind::kUnknown : it->second;
  }
  search::IndexStats Stats(std::string_view) const override { return {}; }
  std::vector<std::string> Types() const override { return {}; }
  Result<std::unique_ptr<search::IndexBuilder>> BeginRebuild(std::string_view,
                                                             search::RebuildJournal) override {
    return Unused();
  }
  Status SaveSnapshot(const std::string&, int64_t) const override { return Unused(); }
  Result<int64_t> LoadSnapshot(const std::string&) override { return Unused(); }

 private:
  static Error Unused() { return Error::Internal("not used by the resolver"); }
};

TEST(FieldResolverTest, ResolvesAliasesSchemaAndPropertyFields) {
  KindsOnlyEngine engine;
  engine.kinds = {{"color", FieldKind::kKeyword}, {"weight", FieldKind::kNumber}};
  const FieldResolverOptions storefront{"effectivePrice"};
  const struct {
    const char* name;
    const char* field;
    FieldKind kind;
  } cases[] = {
      {"sku", "code", FieldKind::kKeyword},
      {"code", "code", FieldKind::kKeyword},
      {"category.subtree", "__outline", FieldKind::kKeyword},
      {"category", "category", FieldKind::kKeyword},
      {"brand", "brand", FieldKind::kKeyword},
      {"inStock", "inStock", FieldKind::kKeyword},
      {"available_in", "available_in", FieldKind::kKeyword},
      {"createdAt", "createdAt", FieldKind::kDate},
      {"price", "effectivePrice", FieldKind::kNumber},
      {"price.pl-1", "price.pl-1", FieldKind::kNumber},
      {"available.fc-1", "available.fc-1", FieldKind::kNumber},
      {"properties.Color", "color", FieldKind::kKeyword},
      {"color", "color", FieldKind::kKeyword},
      {"Color", "color", FieldKind::kKeyword},
      {"weight", "weight", FieldKind::kNumber},
  };
  for (const auto& c : cases) {
    const auto r = ResolveField(engine, "product", c.name, storefront);
    EXPECT_EQ(r.field, c.field) << c.name;
    EXPECT_EQ(r.kind, c.kind) << c.name;
  }
}

TEST(FieldResolverTest, UnknownFieldsAndPriceWithoutAComputedFieldAreUnknown) {
  KindsOnlyEngine engine;
  for (const char* name : {"nope", "properties.nope", "price.", "", "properties.name"}) {
    EXPECT_EQ(ResolveField(engine, "product", name, {}).kind, FieldKind::kUnknown) << name;
  }
  EXPECT_EQ(ResolveField(engine, "product", "price", {}).kind, FieldKind::kUnknown);
  // Other types have their own schema.
  EXPECT_EQ(ResolveField(engine, "category", "parentId", {}).kind, FieldKind::kKeyword);
  EXPECT_EQ(ResolveField(engine, "category", "brand", {}).kind, FieldKind::kUnknown);
  EXPECT_EQ(ResolveField(engine, "member", "groups", {}).kind, FieldKind::kKeyword);
  const auto resolve = MakeFieldResolver(engine, "member", {});
  EXPECT_EQ(resolve("memberType").field, "memberType");
}

}  // namespace
}  // namespace emporion::search_module
