#include "modules/search/indexing/category_documents.hpp"

#include <algorithm>

#include "modules/search/indexing/product_documents.hpp"
#include "platform/json/json.hpp"

namespace emporion::search_module {

search::Document BuildCategoryDocument(
    const catalog::Category& c, const std::unordered_map<std::string, catalog::Catalog>& catalogs) {
  search::Document d;
  d.id = c.meta.id;
  std::vector<std::string> langs;
  if (auto it = catalogs.find(c.catalog_id); it != catalogs.end()) {
    if (!it->second.default_language.empty()) langs.push_back(it->second.default_language);
    for (const auto& l : it->second.languages) {
      if (std::find(langs.begin(), langs.end(), l) == langs.end()) langs.push_back(l);
    }
  }
  if (langs.empty()) langs.emplace_back("en-US");
  std::vector<std::pair<std::string, std::string>> names;
  for (const auto& lang : langs) {
    std::string value = c.name;
    for (const auto& lv : c.localized_name) {
      if (lv.language_code == lang && !lv.value.empty()) value = lv.value;
    }
    names.emplace_back(lang, value);
  }
  for (const auto& [lang, value] : names) {
    if (!value.empty()) d.texts.push_back({"name", AnalyzerLanguage(lang), value, 3.0F});
    d.keywords.push_back({"sort.name." + lang, FoldForSort(value)});
  }
  if (!c.code.empty()) {
    d.texts.push_back({"code.text", "", c.code, 2.0F});
    d.keywords.push_back({"code", c.code});
  }
  d.keywords.push_back({"id", c.meta.id});
  d.keywords.push_back({"catalog", c.catalog_id});
  if (c.parent_id) d.keywords.push_back({"parentId", *c.parent_id});
  d.keywords.push_back({"active", c.is_active ? "true" : "false"});
  // Outline terms of the category itself: catalogId, catalogId/root, ..., catalogId/.../own.
  std::string path = c.catalog_id;
  d.keywords.push_back({"__outline", path});
  std::string ids = c.path;  // "/root/.../own/"
  std::size_t start = 0;
  while (start < ids.size()) {
    const auto slash = ids.find('/', start);
    const auto end = slash == std::string::npos ? ids.size() : slash;
    if (end > start) {
      path += "/" + ids.substr(start, end - start);
      d.keywords.push_back({"__outline", path});
    }
    start = end + 1;
  }
  d.numbers.push_back({"priority", c.priority * search::kNumberScale});
  d.dates.push_back({"createdAt", c.meta.created_at / 1000});
  d.dates.push_back({"modifiedAt", c.meta.modified_at / 1000});

  json::Writer w;
  w.StartObject().Key("id").String(c.meta.id).Key("code").String(c.code);
  w.Key("name").StartObject();
  for (const auto& [lang, value] : names) w.Key(lang).String(value);
  w.EndObject();
  w.Key("catalogId").String(c.catalog_id).Key("parentId").OptString(c.parent_id);
  w.Key("path").String(c.path).EndObject();
  d.stored = w.str();
  return d;
}

}  // namespace emporion::search_module
