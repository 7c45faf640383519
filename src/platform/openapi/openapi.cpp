#include "platform/openapi/openapi.hpp"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/beast/http/status.hpp>
#include <cctype>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string_view>
#include <utility>

#include "platform/http/dispatcher.hpp"
#include "platform/json/json.hpp"
#include "platform/core/text.hpp"

namespace emporion::openapi {
namespace {

using json::Allocator;
using json::Value;

constexpr std::string_view kApiPrefix = "/api/v1";
constexpr std::string_view kProblemRef = "#/components/schemas/Problem";

// Methods in the order operations appear under a path.
constexpr std::array<http::Verb, 7> kMethodOrder = {
    http::Verb::get,     http::Verb::put,  http::Verb::post, http::Verb::delete_,
    http::Verb::options, http::Verb::head, http::Verb::patch};

// "price-lists" -> "PriceLists", "openapi.json" -> "OpenapiJson".
std::string Pascal(std::string_view s) {
  std::string out;
  bool upper = true;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) {
      upper = true;
      continue;
    }
    out.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
    upper = false;
  }
  return out;
}

std::vector<std::string_view> Segments(std::string_view path) {
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

// "{id}" -> "id", "{*rest}" -> "rest"; empty for a literal segment.
std::string_view ParamName(std::string_view seg) {
  if (seg.size() < 3 || seg.front() != '{' || seg.back() != '}') return {};
  seg = seg.substr(1, seg.size() - 2);
  if (!seg.empty() && seg.front() == '*') seg.remove_prefix(1);
  return seg;
}

bool IsWildcard(std::string_view seg) { return seg.size() > 3 && seg.substr(0, 2) == "{*"; }

// The OpenAPI path template: "{*rest}" becomes "{rest}".
std::string TemplatePath(std::string_view path) {
  std::string out;
  for (std::string_view seg : Segments(path)) {
    out += '/';
    if (IsWildcard(seg)) {
      out += '{';
      out += ParamName(seg);
      out += '}';
    } else {
      out += seg;
    }
  }
  return out.empty() ? "/" : out;
}

std::string DefaultTag(std::string_view path) {
  if (path.substr(0, kApiPrefix.size()) == kApiPrefix) path.remove_prefix(kApiPrefix.size());
  auto segs = Segments(path);
  if (segs.empty() || !ParamName(segs.front()).empty()) return "default";
  return std::string(segs.front());
}

std::string DefaultDescription() {
  return "The HTTP API of emporion, a headless eCommerce platform.\n\n"
         "* **Authentication**: send `Authorization: Bearer <access token>` (from "
         "`POST /api/v1/auth/token`) or `X-API-Key: <key>`. Each operation names the permission "
         "it requires in its description and in `x-permission` (`authenticated`: any valid "
         "caller); public operations have `security: []`.\n"
         "* **Errors** are `application/problem+json` (RFC 9457), with `errors[{field, message}]` "
         "for validation failures.\n"
         "* **Lists** take `limit` (at most 1000), `offset`, `sort=field:asc,other:desc` and `q`, "
         "and answer `{\"items\": [...], \"total\": N}`.\n"
         "* **Concurrency**: resources carry `version`, answered as `ETag`; send it back in "
         "`If-Match` on `PUT`, `PATCH` and `DELETE` to get `412` instead of overwriting a newer "
         "version.\n"
         "* **Retries**: a `POST` with an `Idempotency-Key` header is done at most once per key "
         "within 24 hours.\n"
         "* **Long work** runs as a job: `202 Accepted` with `Location: /api/v1/jobs/{id}`.";
}

// Builds the document; owns the DOM and collects problems on the way.
class Builder {
 public:
  Builder(const http::Router& router, const DocumentInfo& info)
      : router_(router), info_(info), a_(doc_.GetAllocator()) {
    doc_.SetObject();
  }

  BuiltDocument Build() {
    Add(doc_, "openapi", Str("3.1.0"));
    Value info(rapidjson::kObjectType);
    Add(info, "title", Str(info_.title));
    Add(info, "version", Str(info_.version));
    Add(info, "description",
        Str(info_.description.empty() ? DefaultDescription() : info_.description));
    Add(doc_, "info", std::move(info));
    Value servers(rapidjson::kArrayType);
    Value server(rapidjson::kObjectType);
    Add(server, "url", Str("/"));
    servers.PushBack(std::move(server), a_);
    Add(doc_, "servers", std::move(servers));

    Value paths = BuildPaths();
    Value tags(rapidjson::kArrayType);
    for (const auto& tag : tags_) {
      Value t(rapidjson::kObjectType);
      Add(t, "name", Str(tag));
      auto known = info_.tag_descriptions.find(tag);
      std::string description = "Operations of the " + tag + " module.";
      if (known != info_.tag_descriptions.end()) {
        description = known->second;
      } else if (tag == "operations") {
        description = "Health, metrics and API discovery: for operators and tools.";
      }
      Add(t, "description", Str(description));
      tags.PushBack(std::move(t), a_);
    }
    Add(doc_, "tags", std::move(tags));
    Add(doc_, "paths", std::move(paths));
    Add(doc_, "components", BuildComponents());
    CheckRefs(doc_);

    BuiltDocument out;
    out.json = json::Stringify(doc_);
    out.problems = std::move(problems_);
    return out;
  }

 private:
  Value Str(std::string_view s) { return json::StringValue(s, a_); }
  void Add(Value& obj, std::string_view key, Value v) { obj.AddMember(Str(key), std::move(v), a_); }
  Value Ref(std::string_view target) {
    Value v(rapidjson::kObjectType);
    Add(v, "$ref", Str(target));
    return v;
  }

  // Parses a schema given as JSON text; a bad one is reported and replaced.
  Value Schema(const std::string& text, const std::string& where) {
    Value out;
    auto parsed = json::Parse(text);
    if (!parsed.ok() || !(parsed->IsObject() || parsed->IsBool())) {
      const std::string why =
          parsed.ok() ? "a schema must be a JSON object or boolean" : parsed.error().detail();
      problems_.push_back(where + ": schema is not valid JSON Schema text: " + why);
      out.SetObject();
      Add(out, "x-emporion-invalid-schema", Str(why));
      return out;
    }
    out.CopyFrom(*parsed, a_);
    NormalizeSchema(out);
    return out;
  }

  // Rewrites OpenAPI 3.0 idioms into JSON Schema 2020-12, as OpenAPI 3.1 requires.
  void NormalizeSchema(Value& s) {
    if (!s.IsObject()) return;
    if (auto n = s.FindMember("nullable"); n != s.MemberEnd() && n->value.IsBool()) {
      const bool nullable = n->value.GetBool();
      s.EraseMember(n);
      if (nullable) MakeNullable(s);
    }
    static constexpr std::array<std::pair<const char*, const char*>, 2> kBounds = {
        {{"exclusiveMinimum", "minimum"}, {"exclusiveMaximum", "maximum"}}};
    for (const auto& [bound, plain] : kBounds) {
      auto e = s.FindMember(bound);
      if (e == s.MemberEnd() || !e->value.IsBool()) continue;
      const bool exclusive = e->value.GetBool();
      s.EraseMember(e);
      auto p = s.FindMember(plain);
      if (exclusive && p != s.MemberEnd() && p->value.IsNumber()) {
        Value limit(p->value, a_);
        s.EraseMember(p);
        Add(s, bound, std::move(limit));
      }
    }
    for (const char* one :
         {"items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames",
          "unevaluatedItems", "unevaluatedProperties"}) {
      if (auto m = s.FindMember(one); m != s.MemberEnd()) NormalizeSchema(m->value);
    }
    for (const char* list : {"allOf", "anyOf", "oneOf", "prefixItems"}) {
      auto m = s.FindMember(list);
      if (m == s.MemberEnd() || !m->value.IsArray()) continue;
      for (auto& sub : m->value.GetArray()) NormalizeSchema(sub);
    }
    for (const char* map :
         {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}) {
      auto m = s.FindMember(map);
      if (m == s.MemberEnd() || !m->value.IsObject()) continue;
      for (auto& member : m->value.GetObject()) NormalizeSchema(member.value);
    }
  }

  void MakeNullable(Value& s) {
    if (auto e = s.FindMember("enum"); e != s.MemberEnd() && e->value.IsArray()) {
      bool has_null = false;
      for (const auto& v : e->value.GetArray()) has_null = has_null || v.IsNull();
      if (!has_null) e->value.PushBack(Value(), a_);
    }
    auto t = s.FindMember("type");
    if (t != s.MemberEnd() && t->value.IsString()) {
      Value types(rapidjson::kArrayType);
      types.PushBack(Value(t->value, a_), a_);
      types.PushBack(Str("null"), a_);
      t->value = std::move(types);
      return;
    }
    if (t != s.MemberEnd() && t->value.IsArray()) {
      for (const auto& v : t->value.GetArray()) {
        if (v.IsString() && std::string_view(v.GetString()) == "null") return;
      }
      t->value.PushBack(Str("null"), a_);
      return;
    }
    // No type to widen ($ref, allOf...): "this, or null".
    Value original(s, a_);
    Value any_of(rapidjson::kArrayType);
    any_of.PushBack(std::move(original), a_);
    Value null_schema(rapidjson::kObjectType);
    Add(null_schema, "type", Str("null"));
    any_of.PushBack(std::move(null_schema), a_);
    s.SetObject();
    Add(s, "anyOf", std::move(any_of));
  }

  Value BuildPaths() {
    // Template path -> its routes, in path order.
    std::map<std::string, std::vector<const http::RouteSpec*>> by_path;
    for (const auto& route : router_.routes()) {
      if (route->hidden) continue;
      by_path[TemplatePath(route->path)].push_back(route.get());
    }
    Value paths(rapidjson::kObjectType);
    for (auto& [path, routes] : by_path) {
      std::stable_sort(routes.begin(), routes.end(), [](const auto* l, const auto* r) {
        auto rank = [](http::Verb v) {
          return std::find(kMethodOrder.begin(), kMethodOrder.end(), v) - kMethodOrder.begin();
        };
        return rank(l->method) < rank(r->method);
      });
      Value item(rapidjson::kObjectType);
      for (const auto* route : routes) {
        Add(item, AsciiLower(std::string(to_string(route->method))), Operation(*route));
      }
      Add(paths, path, std::move(item));
    }
    return paths;
  }

  std::string UniqueOperationId(const http::RouteSpec& route) {
    const std::string base = OperationId(route.method, route.path);
    std::string id = base;
    for (int n = 2; operation_ids_.count(id) != 0; ++n) id = base + std::to_string(n);
    operation_ids_.insert(id);
    return id;
  }

  Value Operation(const http::RouteSpec& route) {
    const std::string where = std::string(to_string(route.method)) + " " + route.path;
    const auto segments = Segments(route.path);
    std::vector<std::string> path_params;
    for (auto seg : segments) {
      if (auto name = ParamName(seg); !name.empty()) path_params.emplace_back(name);
    }
    const bool is_public = route.permission.empty();
    const bool any_caller = route.permission == http::kAuthenticated;
    const bool has_body = !route.request_schema.empty();
    const bool is_post = route.method == http::Verb::post;
    const bool conditional =
        (route.method == http::Verb::put || route.method == http::Verb::patch ||
         route.method == http::Verb::delete_) &&
        !path_params.empty();
    const bool item_path = !segments.empty() && !ParamName(segments.back()).empty();

    Value op(rapidjson::kObjectType);
    Add(op, "operationId", Str(UniqueOperationId(route)));
    const std::string tag = route.tag.empty() ? DefaultTag(route.path) : route.tag;
    tags_.insert(tag);
    Value tags(rapidjson::kArrayType);
    tags.PushBack(Str(tag), a_);
    Add(op, "tags", std::move(tags));
    Add(op, "summary",
        Str(route.summary.empty() ? std::string(to_string(route.method)) + " " + route.path
                                  : route.summary));
    std::string description = route.description;
    if (!description.empty()) description += "\n\n";
    if (is_public) {
      description += "**Public**: no credentials needed.";
    } else if (any_caller) {
      description += "**Required permission**: none beyond authentication (any valid caller).";
    } else {
      description += "**Required permission**: `" + route.permission + "`.";
    }
    Add(op, "description", Str(description));
    if (!is_public) Add(op, "x-permission", Str(route.permission));

    Value security(rapidjson::kArrayType);
    if (!is_public) {
      for (const char* scheme : {"bearerAuth", "apiKey"}) {
        Value requirement(rapidjson::kObjectType);
        Add(requirement, scheme, Value(rapidjson::kArrayType));
        security.PushBack(std::move(requirement), a_);
      }
    }
    Add(op, "security", std::move(security));

    Value params(rapidjson::kArrayType);
    for (const auto& name : path_params) {
      Value p(rapidjson::kObjectType);
      Add(p, "name", Str(name));
      Add(p, "in", Str("path"));
      Add(p, "required", Value(true));
      Value schema(rapidjson::kObjectType);
      Add(schema, "type", Str("string"));
      Add(p, "schema", std::move(schema));
      params.PushBack(std::move(p), a_);
    }
    for (const auto& q : route.query) {
      Value p(rapidjson::kObjectType);
      Add(p, "name", Str(q.name));
      Add(p, "in", Str("query"));
      if (!q.description.empty()) Add(p, "description", Str(q.description));
      Add(p, "required", Value(q.required));
      Value schema(rapidjson::kObjectType);
      Add(schema, "type", Str(q.type.empty() ? "string" : q.type));
      if (q.type == "array") {
        Value items(rapidjson::kObjectType);
        Add(items, "type", Str("string"));
        Add(schema, "items", std::move(items));
      }
      Add(p, "schema", std::move(schema));
      params.PushBack(std::move(p), a_);
    }
    if (conditional) params.PushBack(Ref("#/components/parameters/IfMatch"), a_);
    if (is_post) params.PushBack(Ref("#/components/parameters/IdempotencyKey"), a_);
    if (!params.Empty()) Add(op, "parameters", std::move(params));

    if (has_body) {
      std::vector<std::string> types = route.request_content_types;
      if (types.empty()) {
        types.emplace_back("application/json");
        if (route.method == http::Verb::patch) types.emplace_back("application/merge-patch+json");
      }
      Value content(rapidjson::kObjectType);
      for (const auto& type : types) {
        Value media(rapidjson::kObjectType);
        Add(media, "schema", Schema(route.request_schema, where + " request body"));
        Add(content, type, std::move(media));
      }
      Value body(rapidjson::kObjectType);
      Add(body, "required", Value(true));
      Add(body, "content", std::move(content));
      Add(op, "requestBody", std::move(body));
    }

    Value responses(rapidjson::kObjectType);
    Value success(rapidjson::kObjectType);
    const unsigned status = route.success_status;
    const std::string reason(
        boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(status)));
    Add(success, "description", Str(reason.empty() ? "Success" : reason));
    const bool json_response = route.response_content_type.find("json") != std::string::npos;
    Value headers(rapidjson::kObjectType);
    if (status == 201 || status == 202) {
      Add(headers, "Location", Ref("#/components/headers/Location"));
    }
    const bool resource = (route.method == http::Verb::get && item_path) ||
                          route.method == http::Verb::put || route.method == http::Verb::patch ||
                          (is_post && status == 201);
    if (resource && json_response && !route.response_schema.empty() &&
        (status == 200 || status == 201)) {
      Add(headers, "ETag", Ref("#/components/headers/ETag"));
    }
    if (!headers.ObjectEmpty()) Add(success, "headers", std::move(headers));
    if (status != 204 && status != 304) {
      Value schema;
      if (!route.response_schema.empty()) {
        schema = Schema(route.response_schema, where + " response");
      } else {
        schema.SetObject();
        if (!json_response) Add(schema, "type", Str("string"));
      }
      Value media(rapidjson::kObjectType);
      Add(media, "schema", std::move(schema));
      Value content(rapidjson::kObjectType);
      Add(content,
          route.response_content_type.empty() ? "application/json" : route.response_content_type,
          std::move(media));
      Add(success, "content", std::move(content));
    }
    Add(responses, std::to_string(status), std::move(success));

    auto error = [&](unsigned code, const char* name) {
      if (code == status) return;
      Add(responses, std::to_string(code), Ref(std::string("#/components/responses/") + name));
    };
    if (has_body || !route.query.empty() || conditional || is_post) error(400, "BadRequest");
    if (!is_public) error(401, "Unauthorized");
    if (!is_public && !any_caller) error(403, "Forbidden");
    if (!path_params.empty()) error(404, "NotFound");
    // Duplicate keys on create and replace, "in use" on delete; actions (POST to a verb) do not
    // conflict by convention.
    const bool bulk = !segments.empty() && segments.back() == "bulk";
    if (route.method == http::Verb::put || route.method == http::Verb::patch ||
        route.method == http::Verb::delete_ || (is_post && (status == 201 || bulk))) {
      error(409, "Conflict");
    }
    if (conditional) error(412, "PreconditionFailed");
    if (has_body) {
      error(413, "ContentTooLarge");
      error(415, "UnsupportedMediaType");
    }
    if (has_body || is_post) error(422, "UnprocessableContent");
    Add(op, "responses", std::move(responses));
    return op;
  }

  Value ProblemResponse(const char* description, bool www_authenticate) {
    Value r(rapidjson::kObjectType);
    Add(r, "description", Str(description));
    if (www_authenticate) {
      Value header(rapidjson::kObjectType);
      Add(header, "description", Str("`Bearer`: the authentication scheme to use."));
      Value schema(rapidjson::kObjectType);
      Add(schema, "type", Str("string"));
      Add(header, "schema", std::move(schema));
      Value headers(rapidjson::kObjectType);
      Add(headers, "WWW-Authenticate", std::move(header));
      Add(r, "headers", std::move(headers));
    }
    Value media(rapidjson::kObjectType);
    Add(media, "schema", Ref(kProblemRef));
    Value content(rapidjson::kObjectType);
    Add(content, "application/problem+json", std::move(media));
    Add(r, "content", std::move(content));
    return r;
  }

  Value BuildComponents() {
    Value components(rapidjson::kObjectType);

    Value schemas(rapidjson::kObjectType);
    Add(schemas, "Problem",
        Schema(R"({
      "type": "object",
      "description": "RFC 9457 problem details: the body of every error response.",
      "required": ["type", "title", "status"],
      "properties": {
        "type": {"type": "string", "format": "uri-reference",
                 "description": "Identifies the kind of problem."},
        "title": {"type": "string", "description": "The HTTP reason phrase."},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string", "description": "What went wrong, for people."},
        "instance": {"type": "string"},
        "requestId": {"type": "string", "description": "Also in the X-Request-Id header."},
        "errors": {"type": "array", "items": {"$ref": "#/components/schemas/FieldError"},
                   "description": "Validation failures, one per field."}
      }})",
               "Problem"));
    Add(schemas, "FieldError",
        Schema(R"({
      "type": "object",
      "required": ["field", "message"],
      "properties": {
        "field": {"type": "string", "description": "Path of the field, e.g. items[3].sku."},
        "message": {"type": "string"}
      }})",
               "FieldError"));
    for (const auto& [name, text] : router_.schemas()) {
      if (schemas.HasMember(name.c_str())) {
        problems_.push_back("schema '" + name + "' is registered more than once");
        continue;
      }
      Add(schemas, name, Schema(text, "schema '" + name + "'"));
    }
    Add(components, "schemas", std::move(schemas));

    Value responses(rapidjson::kObjectType);
    Add(responses, "BadRequest",
        ProblemResponse(
            "Malformed input: bad JSON, a wrong type, an unknown query parameter value.", false));
    Add(responses, "Unauthorized",
        ProblemResponse("Missing or invalid credentials.", /*www_authenticate=*/true));
    Add(responses, "Forbidden",
        ProblemResponse("Authenticated, but lacking the required permission.", false));
    Add(responses, "NotFound", ProblemResponse("No such resource.", false));
    Add(responses, "Conflict",
        ProblemResponse("Conflict: a duplicate key, or the resource is in use.", false));
    Add(responses, "PreconditionFailed",
        ProblemResponse("If-Match names a version that is not the current one; nothing changed.",
                        false));
    Add(responses, "ContentTooLarge",
        ProblemResponse("The body exceeds the size limit (16 MiB by default).", false));
    Add(responses, "UnsupportedMediaType",
        ProblemResponse("The body's Content-Type is not accepted here.", false));
    Add(responses, "UnprocessableContent",
        ProblemResponse("Well-formed, but violates a business rule (or an Idempotency-Key was "
                        "reused with another body).",
                        false));
    Add(components, "responses", std::move(responses));

    Value parameters(rapidjson::kObjectType);
    Add(parameters, "IfMatch",
        Schema(R"({
      "name": "If-Match", "in": "header", "required": false,
      "description": "The version the change is based on (the ETag of the read). A version that is not current gets 412 and changes nothing.",
      "schema": {"type": "string"}})",
               "IfMatch"));
    Add(parameters, "IdempotencyKey",
        Schema(R"({
      "name": "Idempotency-Key", "in": "header", "required": false,
      "description": "A repeat with the same key and body within 24 h returns the first response and does nothing again; the same key with another body gets 422.",
      "schema": {"type": "string", "maxLength": 255}})",
               "IdempotencyKey"));
    Add(components, "parameters", std::move(parameters));

    Value headers(rapidjson::kObjectType);
    Add(headers, "ETag",
        Schema(R"({
      "description": "The resource's version, quoted: send it back in If-Match.",
      "schema": {"type": "string"}})",
               "ETag"));
    Add(headers, "Location",
        Schema(R"({
      "description": "Where the created resource (or the job) can be read.",
      "schema": {"type": "string", "format": "uri-reference"}})",
               "Location"));
    Add(components, "headers", std::move(headers));

    Value schemes(rapidjson::kObjectType);
    Add(schemes, "bearerAuth",
        Schema(R"({
      "type": "http", "scheme": "bearer", "bearerFormat": "JWT",
      "description": "An access token from POST /api/v1/auth/token."})",
               "bearerAuth"));
    Add(schemes, "apiKey",
        Schema(R"({
      "type": "apiKey", "in": "header", "name": "X-API-Key",
      "description": "An API key of a user or integration."})",
               "apiKey"));
    Add(components, "securitySchemes", std::move(schemes));
    return components;
  }

  // The value a local reference ("#/components/schemas/X") points to, or nullptr.
  const Value* Resolve(std::string_view ref) const {
    const Value* at = &doc_;
    std::string_view rest = ref.substr(1);
    while (!rest.empty()) {
      if (rest.front() != '/') return nullptr;
      rest.remove_prefix(1);
      const std::size_t slash = rest.find('/');
      std::string token(rest.substr(0, slash));
      rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
      // RFC 6901 escapes: "~1" is '/', "~0" is '~'.
      for (std::size_t i = 0; (i = token.find('~', i)) != std::string::npos; ++i) {
        if (i + 1 < token.size() && token[i + 1] == '1') token.replace(i, 2, "/");
        if (i + 1 < token.size() && token[i + 1] == '0') token.replace(i, 2, "~");
      }
      if (!at->IsObject()) return nullptr;
      auto m = at->FindMember(Value(rapidjson::StringRef(token.data(), token.size())));
      if (m == at->MemberEnd()) return nullptr;
      at = &m->value;
    }
    return at;
  }

  // Every local "$ref" must name something in the document.
  void CheckRefs(const Value& v) {
    if (v.IsArray()) {
      for (const auto& item : v.GetArray()) CheckRefs(item);
      return;
    }
    if (!v.IsObject()) return;
    for (const auto& m : v.GetObject()) {
      if (std::string_view(m.name.GetString()) == "$ref" && m.value.IsString()) {
        const std::string ref(m.value.GetString(), m.value.GetStringLength());
        if (ref.empty() || ref.front() != '#') continue;
        if (Resolve(ref) == nullptr) {
          problems_.push_back("$ref '" + ref + "' resolves to nothing");
        }
        continue;
      }
      CheckRefs(m.value);
    }
  }

  const http::Router& router_;
  const DocumentInfo& info_;
  json::Document doc_;
  Allocator& a_;
  std::set<std::string> tags_;
  std::set<std::string> operation_ids_;
  std::vector<std::string> problems_;
};

std::string ContentHash(std::string_view data) {
  unsigned char h[16];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                     nullptr, 0);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : h) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

// True when any entity tag listed in If-None-Match (or "*") matches `etag`.
bool NoneMatch(std::string_view header, std::string_view etag) {
  if (header.empty()) return false;
  if (header.find('*') != std::string_view::npos) return true;
  // Weak comparison (RFC 9110, 13.1.2): W/ prefixes do not matter for GET.
  return header.find(etag) != std::string_view::npos;
}

struct CachedDocument {
  std::once_flag once;
  std::string json;
  std::string gzip;
  std::string etag;
};

}  // namespace

std::string OperationId(http::Verb method, const std::string& path) {
  std::string_view p = path;
  if (p.substr(0, kApiPrefix.size()) == kApiPrefix) p.remove_prefix(kApiPrefix.size());
  std::string out = AsciiLower(std::string(to_string(method)));
  const auto segments = Segments(p);
  for (auto seg : segments) {
    if (auto name = ParamName(seg); !name.empty()) {
      out += "By" + Pascal(name);
    } else {
      out += Pascal(seg);
    }
  }
  if (segments.empty()) out += "Root";
  return out;
}

BuiltDocument BuildDocument(const http::Router& router, const DocumentInfo& info) {
  return Builder(router, info).Build();
}

void RegisterRoutes(http::Router& router, DocumentInfo info) {
  auto cache = std::make_shared<CachedDocument>();
  const http::Router& routes = router;
  router.Add({
      .method = http::Verb::get,
      .path = "/api/v1/openapi.json",
      .permission = std::string(http::kPublic),
      .tag = "operations",
      .summary = "This OpenAPI 3.1 document",
      .description = "Generated from the route registrations of every module: request and "
                     "response schemas, errors and required permissions. Browse it at `/docs`.",
      .response_schema = R"({"type": "object", "description": "An OpenAPI 3.1 document."})",
      .blocking = false,
      .handler = [&routes, info = std::move(info),
                  cache](http::Request& request) -> Result<http::Response> {
        std::call_once(cache->once, [&] {
          BuiltDocument built = BuildDocument(routes, info);
          for (const auto& problem : built.problems) {
            spdlog::warn("openapi: {}", problem);
          }
          cache->json = std::move(built.json);
          cache->gzip = http::Gzip(cache->json);
          cache->etag = "\"" + ContentHash(cache->json) + "\"";
        });
        http::Response response;
        if (NoneMatch(request.Header("if-none-match"), cache->etag)) {
          response.status = 304;
          response.content_type.clear();
        } else {
          response = http::Response::Ok(cache->json);
          if (request.Header("accept-encoding").find("gzip") != std::string_view::npos) {
            response.body = cache->gzip;
            response.headers.emplace_back("Content-Encoding", "gzip");
          }
        }
        response.headers.emplace_back("ETag", cache->etag);
        response.headers.emplace_back("Cache-Control", "no-cache");
        response.headers.emplace_back("Vary", "Accept-Encoding");
        return response;
      },
  });
}

}  // namespace emporion::openapi
