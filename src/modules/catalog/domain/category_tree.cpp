#include "modules/catalog/domain/category_tree.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <set>

namespace emporion::catalog {

std::string ChildPath(const std::optional<std::string>& parent_path, std::string_view id) {
  std::string out = parent_path ? *parent_path : std::string("/");
  out.append(id);
  out.push_back('/');
  return out;
}

std::vector<std::string> PathIds(std::string_view path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    const auto end = path.find('/', i);
    const auto stop = end == std::string_view::npos ? path.size() : end;
    out.emplace_back(path.substr(i, stop - i));
    i = stop;
  }
  return out;
}

int PathDepth(std::string_view path) {
  return std::max(0, static_cast<int>(std::count(path.begin(), path.end(), '/')) - 2);
}

bool IsWithin(std::string_view path, std::string_view ancestor_path) {
  return !ancestor_path.empty() && path.substr(0, ancestor_path.size()) == ancestor_path;
}

bool WouldCreateCycle(std::string_view category_id, std::string_view new_parent_path) {
  std::string needle = "/";
  needle.append(category_id);
  needle.push_back('/');
  return new_parent_path.find(needle) != std::string_view::npos;
}

std::string Rebase(std::string_view path, std::string_view old_prefix,
                   std::string_view new_prefix) {
  if (!IsWithin(path, old_prefix)) return std::string(path);
  std::string out(new_prefix);
  out.append(path.substr(old_prefix.size()));
  return out;
}

Outline BuildOutline(const std::string& catalog_id, const std::string& catalog_name,
                     const std::vector<std::string>& chain,
                     const std::unordered_map<std::string, CategoryRef>& categories,
                     const std::optional<OutlineItem>& object, std::size_t linked_from) {
  Outline o;
  o.catalog_id = catalog_id;
  o.items.push_back({"catalog", catalog_id, "", catalog_name, false});
  for (std::size_t i = 0; i < chain.size(); ++i) {
    auto it = categories.find(chain[i]);
    if (it == categories.end()) continue;
    o.items.push_back(
        {"category", it->second.id, it->second.code, it->second.name, i >= linked_from});
  }
  if (object) o.items.push_back(*object);
  return o;
}

std::vector<CategoryNode> BuildTree(const std::vector<CategoryRef>& rows,
                                    const std::optional<std::string>& root_parent, int max_depth) {
  std::unordered_map<std::string, std::vector<const CategoryRef*>> by_parent;
  const std::string kRoot = "\x01root";
  for (const auto& r : rows) by_parent[r.parent_id.value_or(kRoot)].push_back(&r);
  for (auto& [_, list] : by_parent) {
    std::sort(list.begin(), list.end(), [](const CategoryRef* a, const CategoryRef* b) {
      if (a->priority != b->priority) return a->priority > b->priority;
      if (a->name != b->name) return a->name < b->name;
      return a->id < b->id;
    });
  }
  std::set<std::string> visiting;
  std::function<std::vector<CategoryNode>(const std::string&, int)> build =
      [&](const std::string& parent, int level) {
        std::vector<CategoryNode> out;
        if (max_depth > 0 && level > max_depth) return out;
        auto it = by_parent.find(parent);
        if (it == by_parent.end()) return out;
        for (const CategoryRef* r : it->second) {
          if (!visiting.insert(r->id).second) continue;  // defensive: never loop on bad data
          CategoryNode node{r->id, r->code, r->name, r->is_active, r->priority, false, {}};
          node.children = build(r->id, level + 1);
          visiting.erase(r->id);
          out.push_back(std::move(node));
        }
        return out;
      };
  return build(root_parent.value_or(kRoot), 1);
}

std::vector<std::string> FindCycle(const std::unordered_map<std::string, std::string>& parents,
                                   const std::string& start) {
  std::vector<std::string> trail;
  std::string cur = start;
  for (;;) {
    auto seen = std::find(trail.begin(), trail.end(), cur);
    if (seen != trail.end()) return {seen, trail.end()};
    trail.push_back(cur);
    auto it = parents.find(cur);
    if (it == parents.end() || it->second.empty()) return {};
    cur = it->second;
  }
}

}  // namespace emporion::catalog
