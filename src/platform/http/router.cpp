#include "platform/http/router.hpp"

#include "platform/http/dispatcher.hpp"  // PercentDecode

#include <stdexcept>

namespace emporion::http {

struct Router::Node {
  std::unordered_map<std::string, std::unique_ptr<Node>> literal;
  std::unique_ptr<Node> param;
  std::string param_name;
  std::vector<std::pair<Verb, const RouteSpec*>> handlers;
  std::unique_ptr<Node> wildcard;  // "{*rest}": matches the remaining path
  std::string wildcard_name;
};

namespace {

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;

void Router::Add(RouteSpec spec) {
  Node* node = root_.get();
  for (std::string_view seg : Split(spec.path)) {
    if (seg.size() > 3 && seg.substr(0, 2) == "{*" && seg.back() == '}') {
      if (!node->wildcard) node->wildcard = std::make_unique<Node>();
      node->wildcard_name = std::string(seg.substr(2, seg.size() - 3));
      node = node->wildcard.get();
      break;
    }
    if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
      std::string name(seg.substr(1, seg.size() - 2));
      if (!node->param) {
        node->param = std::make_unique<Node>();
        node->param_name = name;
      } else if (node->param_name != name) {
        throw std::logic_error("route " + spec.path + ": parameter {" + name +
                               "} conflicts with {" + node->param_name + "}");
      }
      node = node->param.get();
    } else {
      auto& child = node->literal[std::string(seg)];
      if (!child) child = std::make_unique<Node>();
      node = child.get();
    }
  }
  for (const auto& [verb, existing] : node->handlers) {
    if (verb == spec.method) {
      throw std::logic_error("duplicate route " + std::string(to_string(spec.method)) + " " +
                             spec.path);
    }
  }
  routes_.push_back(std::make_unique<RouteSpec>(std::move(spec)));
  node->handlers.emplace_back(routes_.back()->method, routes_.back().get());
}

void Router::AddSchema(std::string name, std::string json_schema) {
  schemas_.emplace_back(std::move(name), std::move(json_schema));
}

// Depth-first over the trie: a literal segment first, then a parameter, then a wildcard, with
// backtracking, so "/a/b/x" reaches "/a/{id}/x" when "/a/b" exists but has no "x" below it.
// Segments are percent-decoded one at a time, so an encoded slash ("%2F") stays inside its
// segment and reaches the handler as "/" in the parameter's value.
const Router::Node* Router::Walk(const Node* node, std::string_view path, std::size_t i,
                                 std::unordered_map<std::string, std::string>& params) {
  while (i < path.size() && path[i] == '/') ++i;
  if (i >= path.size()) {
    if (!node->handlers.empty()) return node;
    if (node->wildcard && !node->wildcard->handlers.empty()) {
      params[node->wildcard_name] = "";
      return node->wildcard.get();
    }
    return nullptr;
  }
  std::size_t j = path.find('/', i);
  if (j == std::string_view::npos) j = path.size();
  const std::string seg = PercentDecode(path.substr(i, j - i), false);
  if (auto it = node->literal.find(seg); it != node->literal.end()) {
    if (const Node* found = Walk(it->second.get(), path, j, params)) return found;
  }
  if (node->param) {
    if (const Node* found = Walk(node->param.get(), path, j, params)) {
      params[node->param_name] = seg;
      return found;
    }
  }
  if (node->wildcard && !node->wildcard->handlers.empty()) {
    params[node->wildcard_name] = PercentDecode(path.substr(i), false);
    return node->wildcard.get();
  }
  return nullptr;
}

Router::Match Router::Find(Verb method, std::string_view path,
                           std::unordered_map<std::string, std::string>& params) const {
  Match match;
  const Node* node = Walk(root_.get(), path, 0, params);
  if (node == nullptr) return match;
  for (const auto& [verb, route] : node->handlers) {
    match.allowed.push_back(verb);
    if (verb == method) match.route = route;
  }
  // HEAD is answered by GET routes.
  if (match.route == nullptr && method == Verb::head) {
    for (const auto& [verb, route] : node->handlers) {
      if (verb == Verb::get) match.route = route;
    }
  }
  match.path_exists = !node->handlers.empty();
  return match;
}

}  // namespace emporion::http
