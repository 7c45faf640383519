#include "modules/catalog/api/transfer_api.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "emporion/catalog/transfer.hpp"
#include "modules/catalog/api/resource_routes.hpp"
#include "platform/core/uuid.hpp"
#include "platform/events/outbox.hpp"
#include "platform/jobs/jobs_api.hpp"

namespace emporion::catalog::api {
namespace {

namespace fs = std::filesystem;

constexpr const char* kImportJob = "catalog.import";
constexpr const char* kExportJob = "catalog.export";
constexpr const char* kMassUpdateJob = "catalog.mass-update";
constexpr std::size_t kMaxImportBytes = std::size_t{1} << 30;

class JobReporter final : public TransferReporter {
 public:
  explicit JobReporter(jobs::JobContext& ctx) : ctx_(ctx) {}
  void SetTotal(std::int64_t total) override { ctx_.SetTotal(total); }
  void Advance(std::int64_t n) override { ctx_.Advance(n); }
  void RecordError(std::string message, std::string ref) override {
    ctx_.AddError(std::move(message), std::move(ref));
  }
  [[nodiscard]] bool Cancelled() const override { return ctx_.Cancelled(); }

 private:
  jobs::JobContext& ctx_;
};

void WriteScope(json::Writer& w, const CatalogScope& scope) {
  w.Key("scope");
  if (!scope) {
    w.Null();
    return;
  }
  w.StartArray();
  for (const auto& id : *scope) w.String(id);
  w.EndArray();
}

CatalogScope ReadScope(const json::Value& params) {
  auto it = params.FindMember("scope");
  if (it == params.MemberEnd() || !it->value.IsArray()) return std::nullopt;
  std::vector<std::string> ids;
  for (const auto& v : it->value.GetArray()) {
    if (v.IsString()) ids.emplace_back(v.GetString());
  }
  return ids;
}

std::string ImportPath(const std::string& data_dir, const std::string& job_id,
                       TransferFormat format) {
  return (fs::path(data_dir) / "imports" / (job_id + "." + FileExtensionOf(format))).string();
}

std::string ExportPath(const std::string& data_dir, const std::string& job_id,
                       TransferFormat format) {
  return (fs::path(data_dir) / "exports" / (job_id + "." + FileExtensionOf(format))).string();
}

std::string SummaryJson(const ImportSummary& s) {
  json::Writer w;
  w.StartObject().Key("created").Int(s.created).Key("updated").Int(s.updated);
  w.Key("failed").Int(s.failed).EndObject();
  return w.str();
}

Result<TransferFormat> FormatOfBody(const http::Request& request) {
  if (auto f = QueryString(request, "format")) {
    auto parsed = ParseTransferFormat(*f);
    if (!parsed) return Error::InvalidField("format", "must be jsonl or csv");
    return *parsed;
  }
  const std::string ct = request.ContentType();
  if (ct == "text/csv") return TransferFormat::kCsv;
  return TransferFormat::kJsonLines;
}

// --- jobs ---------------------------------------------------------------------------------------

void RegisterJobs(const TransferEnv& env) {
  env.jobs.RegisterType(kImportJob, [env](jobs::JobContext& ctx) -> Result<std::string> {
    EMPORION_ASSIGN_OR_RETURN(auto params, json::ParseObject(ctx.params_json()));
    json::FieldReader r(params);
    ImportOptions options;
    options.format = ParseTransferFormat(r.String("format").value_or("jsonl"))
                         .value_or(TransferFormat::kJsonLines);
    options.catalog_id = r.String("catalogId");
    options.scope = ReadScope(params);
    options.actor = ctx.actor();
    JobReporter reporter(ctx);
    const std::string path = ImportPath(env.data_dir, ctx.id(), options.format);
    EMPORION_ASSIGN_OR_RETURN(auto summary,
                              ImportFile(env.db, env.clock, &env.bus, path, options, reporter));
    if (!ctx.Cancelled()) {
      std::error_code ec;
      fs::remove(path, ec);  // the data now lives in the catalog
    }
    return SummaryJson(summary);
  });

  env.jobs.RegisterType(kExportJob, [env](jobs::JobContext& ctx) -> Result<std::string> {
    EMPORION_ASSIGN_OR_RETURN(auto params, json::ParseObject(ctx.params_json()));
    json::FieldReader r(params);
    ExportOptions options;
    options.format = ParseTransferFormat(r.String("format").value_or("jsonl"))
                         .value_or(TransferFormat::kJsonLines);
    options.catalog_id = r.String("catalogId");
    options.category_id = r.String("categoryId");
    options.include_descendants = r.Bool("includeDescendants").value_or(true);
    options.scope = ReadScope(params);
    JobReporter reporter(ctx);
    std::error_code ec;
    fs::create_directories(fs::path(env.data_dir) / "exports", ec);
    const std::string path = ExportPath(env.data_dir, ctx.id(), options.format);
    EMPORION_ASSIGN_OR_RETURN(auto s, ExportFile(env.db, env.clock, path, options, reporter));
    json::Writer w;
    w.StartObject();
    w.Key("downloadUrl").String("/api/v1/catalog/exports/" + ctx.id() + "/file");
    w.Key("format").String(ToString(options.format));
    w.Key("catalogs").Int(s.catalogs).Key("properties").Int(s.properties);
    w.Key("categories").Int(s.categories).Key("products").Int(s.products);
    w.Key("links").Int(s.links).Key("associations").Int(s.associations);
    w.EndObject();
    return w.str();
  });

  env.jobs.RegisterType(kMassUpdateJob, [env](jobs::JobContext& ctx) -> Result<std::string> {
    EMPORION_ASSIGN_OR_RETURN(auto params, json::ParseObject(ctx.params_json()));
    MassUpdateFilter filter;
    std::string properties_json;
    std::optional<bool> is_active;
    if (auto f = params.FindMember("filter"); f != params.MemberEnd() && f->value.IsObject()) {
      json::FieldReader r(f->value);
      filter.catalog_id = r.String("catalogId");
      filter.category_id = r.String("categoryId");
      filter.include_descendants = r.Bool("includeDescendants").value_or(false);
      filter.q = r.String("q");
      filter.is_active = r.Bool("isActive");
    }
    if (auto s = params.FindMember("set"); s != params.MemberEnd() && s->value.IsObject()) {
      if (auto p = s->value.FindMember("properties"); p != s->value.MemberEnd()) {
        properties_json = json::Stringify(p->value);
      }
      json::FieldReader r(s->value);
      is_active = r.Bool("isActive");
    }
    JobReporter reporter(ctx);
    EMPORION_ASSIGN_OR_RETURN(
        auto summary, MassUpdateProducts(env.db, env.clock, &env.bus, filter, properties_json,
                                         is_active, ReadScope(params), ctx.actor(), reporter));
    return SummaryJson(summary);
  });
}

// --- routes -------------------------------------------------------------------------------------

Result<http::Response> StartImport(const TransferEnv& env, http::Request& request) {
  EMPORION_ASSIGN_OR_RETURN(Caller caller, BulkCaller(request));
  EMPORION_ASSIGN_OR_RETURN(auto format, FormatOfBody(request));
  if (auto mode = QueryString(request, "mode"); mode && *mode != "upsert") {
    return Error::InvalidField("mode", "must be upsert (the only mode)");
  }
  if (request.body.empty()) return Error::InvalidField("body", "the file is empty");
  const auto catalog_id = QueryString(request, "catalogId");
  const fs::path dir = fs::path(env.data_dir) / "imports";
  std::error_code ec;
  fs::create_directories(dir, ec);
  const fs::path staged = dir / ("upload-" + NewUuidV7() + ".part");
  {
    std::ofstream out(staged, std::ios::binary | std::ios::trunc);
    out.write(request.body.data(), static_cast<std::streamsize>(request.body.size()));
    if (!out) return Error::Unavailable("cannot store the uploaded file under " + dir.string());
  }
  request.body.clear();
  request.body.shrink_to_fit();
  json::Writer params;
  params.StartObject().Key("format").String(ToString(format));
  params.Key("catalogId").OptString(catalog_id).Key("mode").String("upsert");
  WriteScope(params, caller.write.catalogs);
  params.EndObject();
  // The job row and the file's final name appear together: the job exists only once its file
  // is in place, and the file is named by the job id.
  auto uow = events::UnitOfWork::Begin(env.db, &env.bus, caller.actor, caller.request_id,
                                       env.clock);
  if (!uow.ok()) {
    fs::remove(staged, ec);
    return uow.error();
  }
  auto job = env.jobs.EnqueueIn(*uow, kImportJob, params.str());
  if (!job.ok()) {
    fs::remove(staged, ec);
    return job.error();
  }
  const std::string final_path = ImportPath(env.data_dir, job->id, format);
  fs::rename(staged, final_path, ec);
  if (ec) {
    fs::remove(staged, ec);
    return Error::Unavailable("cannot store the uploaded file: " + ec.message());
  }
  if (auto s = uow->Commit(); !s.ok()) {
    fs::remove(final_path, ec);
    return s.error();
  }
  env.jobs.Wake();
  return jobs::JobAccepted(*job);
}

Result<http::Response> StartExport(const TransferEnv& env, http::Request& request) {
  EMPORION_ASSIGN_OR_RETURN(auto body, http::ParseBody(request));
  json::FieldReader r(body);
  auto format = r.String("format", true);
  auto catalog_id = r.String("catalogId");
  auto category_id = r.String("categoryId");
  auto include = r.Bool("includeDescendants");
  EMPORION_RETURN_IF_ERROR(r.ToStatus());
  if (!ParseTransferFormat(*format)) return Error::InvalidField("format", "must be jsonl or csv");
  const Caller caller = MakeCaller(request);
  // Unknown or invisible catalogs and categories are 422 now rather than a failed job later.
  CatalogManager m(env.db, env.clock, nullptr);
  if (catalog_id && !m.GetCatalog(caller, *catalog_id).ok()) {
    return Error::Unprocessable("catalogId", "no catalog '" + *catalog_id + "'");
  }
  if (category_id && !m.GetCategory(caller, *category_id).ok()) {
    return Error::Unprocessable("categoryId", "no category '" + *category_id + "'");
  }
  json::Writer params;
  params.StartObject().Key("format").String(ToString(*ParseTransferFormat(*format)));
  params.Key("catalogId").OptString(catalog_id).Key("categoryId").OptString(category_id);
  params.Key("includeDescendants").Bool(include.value_or(true));
  WriteScope(params, caller.read.catalogs);
  params.EndObject();
  EMPORION_ASSIGN_OR_RETURN(auto job, env.jobs.Enqueue(kExportJob, params.str(), caller.actor,
                                                       caller.request_id));
  return jobs::JobAccepted(job);
}

Result<http::Response> DownloadExport(const TransferEnv& env, http::Request& request) {
  const std::string& id = request.Param("jobId");
  EMPORION_ASSIGN_OR_RETURN(auto job, env.jobs.Get(id));
  if (!job || job->type != kExportJob) return Error::NotFound("no export job '" + id + "'");
  const Caller caller = MakeCaller(request);
  if (!caller.read.Unlimited() && job->created_by != caller.actor) {
    return Error::NotFound("no export job '" + id + "'");
  }
  if (job->status != jobs::kSucceeded) {
    return Error::NotFound("export '" + id + "' is " + job->status + "; its file is not ready");
  }
  EMPORION_ASSIGN_OR_RETURN(auto params, json::ParseObject(job->params_json));
  json::FieldReader r(params);
  const auto format = ParseTransferFormat(r.String("format").value_or("jsonl"))
                          .value_or(TransferFormat::kJsonLines);
  const std::string path = ExportPath(env.data_dir, id, format);
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::NotFound("the file of export '" + id + "' is gone");
  std::ostringstream ss;
  ss << in.rdbuf();
  auto response = http::Response::Text(200, ss.str(), ContentTypeOf(format));
  response.WithHeader("Content-Disposition", "attachment; filename=\"catalog-" + id + "." +
                                                 FileExtensionOf(format) + "\"");
  return response;
}

Result<http::Response> StartMassUpdate(const TransferEnv& env, http::Request& request) {
  EMPORION_ASSIGN_OR_RETURN(auto body, http::ParseBody(request));
  const Caller caller = MakeCaller(request, kUpdate);
  std::vector<FieldError> errors;
  auto filter = body.FindMember("filter");
  if (filter != body.MemberEnd() && !filter->value.IsObject()) {
    errors.push_back({"filter", "must be an object"});
  } else if (filter != body.MemberEnd()) {
    json::FieldReader r(filter->value, "filter.");
    r.String("catalogId");
    r.String("categoryId");
    r.Bool("includeDescendants");
    r.String("q");
    r.Bool("isActive");
    for (const auto& e : r.errors()) errors.push_back(e);
  }
  auto set = body.FindMember("set");
  if (set == body.MemberEnd() || !set->value.IsObject()) {
    errors.push_back({"set", "is required: an object with properties and/or isActive"});
  } else {
    json::FieldReader r(set->value, "set.");
    auto active = r.Bool("isActive");
    for (const auto& e : r.errors()) errors.push_back(e);
    auto props = set->value.FindMember("properties");
    if (props != set->value.MemberEnd()) {
      json::Document holder;
      holder.SetObject();
      json::Value copy(props->value, holder.GetAllocator());
      holder.AddMember("properties", copy, holder.GetAllocator());
      auto parsed = codec::ReadProduct(holder, "set.");
      if (!parsed.ok()) {
        for (const auto& e : parsed.error().fields()) errors.push_back(e);
      } else if (parsed->properties.empty() && !active) {
        errors.push_back({"set.properties", "names no property"});
      }
    } else if (!active) {
      errors.push_back({"set", "needs properties or isActive"});
    }
  }
  if (!errors.empty()) {
    return Error(ErrorCode::kInvalidArgument, "the mass update is malformed", std::move(errors));
  }
  json::Writer params;
  params.StartObject();
  if (filter != body.MemberEnd()) params.Key("filter").Value(filter->value);
  params.Key("set").Value(set->value);
  WriteScope(params, caller.write.catalogs);
  params.EndObject();
  EMPORION_ASSIGN_OR_RETURN(auto job, env.jobs.Enqueue(kMassUpdateJob, params.str(), caller.actor,
                                                       caller.request_id));
  return jobs::JobAccepted(job);
}

}  // namespace

void RegisterTransfer(http::Router& router, const TransferEnv& env) {
  RegisterJobs(env);
  router.Add({.method = http::Verb::post,
              .path = "/api/v1/catalog/imports",
              .permission = kCreate,
              .tag = "catalog",
              .summary = "Import catalogs, categories, properties and products (a job)",
              .description =
                  "The raw body is the file: JSON Lines (`application/x-ndjson`, one record per "
                  "line with `type` catalog|category|property|product|link|association) or CSV "
                  "(`text/csv`, one product per row); see docs/import-format.md. Up to 1 GiB. "
                  "Records are upserted by id or business key in batches of 1,000 with the "
                  "API's validation; a bad record becomes a job error (`ref` \"line N\" or "
                  "\"row N\") and the rest goes on. Needs catalog:create and catalog:update. "
                  "202 with the job; its result is `{\"created\",\"updated\",\"failed\"}`.",
              .request_schema = R"({"type":"string","description":"the file"})",
              .request_content_types = {"application/x-ndjson", "application/jsonl",
                                        "text/csv"},
              .success_status = 202,
              .response_schema = jobs::kJobSchemaRef,
              .query = {{"catalogId", "string", "CSV: the catalog of rows without catalogId"},
                        {"mode", "string", "upsert (default and only mode)"},
                        {"format", "string", "jsonl or csv (default: from Content-Type)"}},
              .max_body_bytes = kMaxImportBytes,
              .handler = [env](http::Request& r) { return StartImport(env, r); }});
  router.Add({.method = http::Verb::post,
              .path = "/api/v1/catalog/exports",
              .permission = kRead,
              .tag = "catalog",
              .summary = "Export catalogs as JSON Lines or CSV (a job)",
              .description =
                  "Exports every visible catalog, or one catalog (`catalogId`) or a category "
                  "(`categoryId`, with its subtree unless includeDescendants is false). JSON "
                  "Lines carries catalogs, properties with dictionary items, categories, "
                  "products, links and associations with their ids, in an order an import can "
                  "replay; CSV carries products. The job's result names `downloadUrl`.",
              .request_schema =
                  R"({"type":"object","required":["format"],"properties":{"format":{"enum":["jsonl","csv"]},"catalogId":{"type":"string"},"categoryId":{"type":"string"},"includeDescendants":{"type":"boolean"}}})",
              .success_status = 202,
              .response_schema = jobs::kJobSchemaRef,
              .handler = [env](http::Request& r) { return StartExport(env, r); }});
  router.Add({.method = http::Verb::get,
              .path = "/api/v1/catalog/exports/{jobId}/file",
              .permission = kRead,
              .tag = "catalog",
              .summary = "Download the file of a finished export",
              .description = "404 while the export job has not succeeded.",
              .response_schema = R"({"type":"string"})",
              .response_content_type = "application/x-ndjson",
              .handler = [env](http::Request& r) { return DownloadExport(env, r); }});
  router.Add({.method = http::Verb::post,
              .path = "/api/v1/products/mass-update",
              .permission = kUpdate,
              .tag = "catalog",
              .summary = "Set property values (and isActive) on every product of a filter (a job)",
              .description =
                  "`{\"filter\": {catalogId, categoryId, includeDescendants, q, isActive}, "
                  "\"set\": {\"properties\": [{\"name\" or \"propertyId\", \"values\": [...]}], "
                  "\"isActive\"}}`: each named property's values are replaced (an empty `values` "
                  "removes them). Each product is validated like a PUT; a product that fails "
                  "becomes a job error (`ref` \"product <id>\").",
              .request_schema =
                  R"({"type":"object","required":["set"],"properties":{"filter":{"type":"object"},"set":{"type":"object","properties":{"properties":{"type":"array"},"isActive":{"type":"boolean"}}}}})",
              .success_status = 202,
              .response_schema = jobs::kJobSchemaRef,
              .handler = [env](http::Request& r) { return StartMassUpdate(env, r); }});
}

}  // namespace emporion::catalog::api
