// Router: every route of the server, registered once with its RouteSpec, matched by method and
// path with `{param}` segments. Registration happens at start-up on one thread; after Freeze()
// matching is read-only and thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "platform/http/types.hpp"

namespace emporion::http {

class Router {
 public:
  Router();
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  /// Adds a route. Throws std::logic_error on a duplicate (method, path): a programming error
  /// found at start-up, never at request time.
  void Add(RouteSpec spec);
  /// Registers a named schema for the OpenAPI document's components.
  void AddSchema(std::string name, std::string json_schema);

  struct Match {
    const RouteSpec* route = nullptr;  // null: see `path_exists`
    bool path_exists = false;          // path known but not for this method (405)
    std::vector<Verb> allowed;         // methods the path has, for 405 `Allow`
  };
  /// Matches `path` (as sent, still percent-encoded, no query); fills `params` with the
  /// decoded segment values, so "a%2Fb" reaches the handler as "a/b".
  Match Find(Verb method, std::string_view path,
             std::unordered_map<std::string, std::string>& params) const;

  [[nodiscard]] const std::vector<std::unique_ptr<RouteSpec>>& routes() const { return routes_; }
  [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& schemas() const {
    return schemas_;
  }

 private:
  struct Node;
  static const Node* Walk(const Node* node, std::string_view path, std::size_t i,
                          std::unordered_map<std::string, std::string>& params);
  std::unique_ptr<Node> root_;
  std::vector<std::unique_ptr<RouteSpec>> routes_;
  std::vector<std::pair<std::string, std::string>> schemas_;
};

}  // namespace emporion::http
