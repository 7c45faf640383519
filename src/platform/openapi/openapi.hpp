// The OpenAPI 3.1 document of the server, generated from the Router's registrations (contract
// section 5): every non-hidden route with its operationId, tags, parameters, request body,
// success and problem+json error responses, security requirements and required permission
// (`x-permission`), plus the named schemas modules registered with Router::AddSchema.
//
// BuildDocument is reentrant; it reads the router, so call it after registration is over.
// The route registered by RegisterRoutes builds the document once, on its first request (when
// every module has registered), and then serves the cached bytes: it is thread-safe.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "platform/http/router.hpp"

namespace emporion::openapi {

struct DocumentInfo {
  std::string title = "emporion";
  std::string version = "0.0.0";
  /// Markdown shown at the top of the reference; empty: a summary of the API conventions.
  std::string description;
  /// Descriptions of tags (modules); a tag without one gets "Operations of the <tag> module.".
  std::map<std::string, std::string> tag_descriptions;
};

struct BuiltDocument {
  std::string json;  // the document, compact JSON
  /// What is wrong with the registrations: schemas that are not JSON, `$ref`s that resolve to
  /// nothing. Empty when the document is sound. The document is still usable: a bad schema is
  /// replaced by an empty one carrying `x-emporion-invalid-schema`.
  std::vector<std::string> problems;
};

/// Builds the document from every route of `router` that is not hidden, in path order.
/// Operation ids are derived from method and path (`GET /api/v1/price-lists/{id}` ->
/// `getPriceListsById`) and made unique. Schemas written the OpenAPI 3.0 way (`nullable`,
/// boolean `exclusiveMinimum`) are rewritten to their 3.1 form.
BuiltDocument BuildDocument(const http::Router& router, const DocumentInfo& info);

/// The operationId BuildDocument gives a route before de-duplication.
std::string OperationId(http::Verb method, const std::string& path);

/// Registers the public `GET /api/v1/openapi.json`. `router` must outlive the route; the
/// document is generated on the first request, logged problems included, and cached. Answers
/// with a strong ETag (304 on If-None-Match) and gzip when accepted.
void RegisterRoutes(http::Router& router, DocumentInfo info);

}  // namespace emporion::openapi
