// The category tree as materialized paths: every category stores the ids from its root down to
// itself as "/root/child/self/". Subtree queries are prefix matches, a move rewrites the prefix
// of the moved subtree, a cycle is a new parent whose path runs through the moved category, and
// outlines are read off the path. Pure functions; reentrant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "emporion/catalog/types.hpp"

namespace emporion::catalog {

/// The path of a category with id `id` under a parent with path `parent_path` (nullopt: a root).
std::string ChildPath(const std::optional<std::string>& parent_path, std::string_view id);
/// The ids of a path, root first.
std::vector<std::string> PathIds(std::string_view path);
/// 0 for a root category, 1 for its children, ...
int PathDepth(std::string_view path);
/// True when `path` is `ancestor_path` or lies below it.
bool IsWithin(std::string_view path, std::string_view ancestor_path);
/// True when making the category `category_id` a child of the category with path
/// `new_parent_path` would create a cycle (the new parent is the category itself or below it).
bool WouldCreateCycle(std::string_view category_id, std::string_view new_parent_path);
/// `path` with its prefix `old_prefix` replaced by `new_prefix` (a subtree move).
std::string Rebase(std::string_view path, std::string_view old_prefix, std::string_view new_prefix);

/// What an outline needs to know of a category.
struct CategoryRef {
  std::string id;
  std::string catalog_id;
  std::string code;
  std::string name;
  std::string path;
  bool is_active = true;
  std::int64_t priority = 0;
  std::optional<std::string> parent_id;
};

/// Builds `catalog / categories... / object`. `chain` are the categories root first; each is
/// looked up in `categories` by id (a missing one is skipped). Categories from position
/// `linked_from` on are marked linked (reached through a virtual-catalog link).
Outline BuildOutline(const std::string& catalog_id, const std::string& catalog_name,
                     const std::vector<std::string>& chain,
                     const std::unordered_map<std::string, CategoryRef>& categories,
                     const std::optional<OutlineItem>& object, std::size_t linked_from = SIZE_MAX);

/// Nests `rows` (any order) into a forest under `root_parent` (nullopt: the roots), children
/// sorted by priority (descending, like the reference), then name. Rows deeper than
/// `max_depth` levels below the roots are left out (0: no limit).
std::vector<CategoryNode> BuildTree(const std::vector<CategoryRef>& rows,
                                    const std::optional<std::string>& root_parent, int max_depth);

/// Finds a cycle in a parent map (id -> parent id) on the way up from `start`. Returns the ids
/// on the cycle, or an empty vector when the way up ends at a root. For checking a batch of moves
/// before any is written.
std::vector<std::string> FindCycle(const std::unordered_map<std::string, std::string>& parents,
                                   const std::string& start);

}  // namespace emporion::catalog
