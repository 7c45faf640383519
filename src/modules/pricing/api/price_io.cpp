#include "modules/pricing/api/price_io.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "modules/pricing/domain/rules.hpp"
#include "platform/core/uuid.hpp"
#include "platform/csv/csv.hpp"
#include "platform/jobs/job_runner.hpp"
#include "platform/json/json.hpp"

namespace emporion::pricing::api {
namespace {

namespace fs = std::filesystem;

constexpr const char* kImportJob = "pricing.import";
constexpr const char* kExportJob = "pricing.export";

std::string Trim(std::string s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::string ExportPath(const std::string& data_dir, const std::string& job_id) {
  return (fs::path(data_dir) / "pricing" / "exports" / (job_id + ".csv")).string();
}

bool IsSafeId(const std::string& id) {
  if (id.empty() || id.size() > 100) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  }
  return true;
}

Result<std::string> ParamOf(const std::string& params_json, const char* name) {
  EMPORION_ASSIGN_OR_RETURN(auto doc, json::ParseObject(params_json));
  auto it = doc.FindMember(name);
  if (it == doc.MemberEnd() || !it->value.IsString()) {
    return Error::InvalidArgument(std::string("job params lack ") + name);
  }
  return std::string(it->value.GetString());
}

Result<std::string> RunImport(PricingManager& m, jobs::JobContext& ctx) {
  EMPORION_ASSIGN_OR_RETURN(auto list_id, ParamOf(ctx.params_json(), "priceListId"));
  EMPORION_ASSIGN_OR_RETURN(auto file, ParamOf(ctx.params_json(), "file"));
  std::ifstream in(file, std::ios::binary);
  if (!in) return Error::NotFound("the uploaded CSV is gone");
  std::error_code ec;
  EMPORION_ASSIGN_OR_RETURN(auto list, m.GetPriceList(list_id));
  (void)list;
  // Count records for progress in a first streaming pass, then rewind for the import.
  std::int64_t total = 0;
  {
    csv::Reader counter(in);
    std::vector<std::string> fields;
    std::string ignored;
    while (counter.Next(fields, ignored)) ++total;
  }
  ctx.SetTotal(total);
  in.clear();
  in.seekg(0);

  csv::Reader reader(in);
  const Caller caller{ctx.actor(), ctx.id()};
  BulkOutcome sum;
  std::int64_t bad = 0;
  bool first = true;
  std::vector<ImportRow> chunk;
  auto row_error = [&](std::size_t row, std::string message) {
    ++bad;
    ctx.AddError(std::move(message), "row " + std::to_string(row));
  };
  auto flush = [&]() -> Status {
    if (chunk.empty()) return Ok();
    std::vector<std::string> skus;
    skus.reserve(chunk.size());
    for (const auto& r : chunk) skus.push_back(r.sku);
    EMPORION_ASSIGN_OR_RETURN(auto ids, m.ResolveSkus(skus));
    std::vector<ImportRow> ready;
    ready.reserve(chunk.size());
    for (auto& r : chunk) {
      auto it = ids.find(r.sku);
      if (it == ids.end()) {
        row_error(r.row, "unknown sku '" + r.sku + "'");
        continue;
      }
      r.price.product_id = it->second;
      ready.push_back(std::move(r));
    }
    const auto n = static_cast<std::int64_t>(chunk.size());
    chunk.clear();
    EMPORION_ASSIGN_OR_RETURN(auto done,
                              m.ImportRows(caller, list_id, std::move(ready), row_error));
    sum.created += done.created;
    sum.updated += done.updated;
    ctx.Advance(n);
    return Ok();
  };
  while (!ctx.Cancelled()) {
    std::string error;
    std::vector<std::string> fields;
    if (!reader.Next(fields, error)) {
      if (!error.empty()) row_error(static_cast<std::size_t>(reader.line()), error);
      break;  // an unclosed quote consumes the rest of the file
    }
    const auto* rec = &fields;
    const auto line = static_cast<std::size_t>(reader.line());
    if (first) {
      first = false;
      if (!rec->empty() && Trim((*rec)[0]) == "sku") {
        ctx.Advance(1);
        continue;
      }
    }
    if (rec->size() == 1 && Trim((*rec)[0]).empty()) {
      ctx.Advance(1);
      continue;  // blank line
    }
    ImportRow row;
    row.row = line;
    if (auto problem = ParsePriceRow(*rec, row.price, row.sku)) {
      row_error(line, *problem);
      ctx.Advance(1);
      continue;
    }
    chunk.push_back(std::move(row));
    if (chunk.size() >= kImportChunkRows) EMPORION_RETURN_IF_ERROR(flush());
  }
  EMPORION_RETURN_IF_ERROR(flush());
  fs::remove(file, ec);
  json::Writer w;
  w.StartObject().Key("priceListId").String(list_id).Key("created").Int(sum.created);
  w.Key("updated").Int(sum.updated).Key("rejected").Int(bad).EndObject();
  return w.str();
}

Result<std::string> RunExport(PricingManager& m, const std::string& data_dir,
                              jobs::JobContext& ctx) {
  EMPORION_ASSIGN_OR_RETURN(auto list_id, ParamOf(ctx.params_json(), "priceListId"));
  EMPORION_ASSIGN_OR_RETURN(auto rows, m.ExportList(list_id));
  ctx.SetTotal(static_cast<std::int64_t>(rows.size()));
  std::string out = "sku,list,sale,minQuantity,startDate,endDate\n";
  for (const auto& [sku, p] : rows) {
    csv::AppendField(out, sku);
    out += ',' + p.list.ToString() + ',' + (p.sale ? p.sale->ToString() : "") + ',' +
           std::to_string(p.min_quantity) + ',' +
           (p.start_date ? FormatIso8601(*p.start_date) : "") + ',' +
           (p.end_date ? FormatIso8601(*p.end_date) : "") + '\n';
  }
  const std::string path = ExportPath(data_dir, ctx.id());
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << out;
    if (!f) return Error::Internal("cannot write " + path);
  }
  ctx.Advance(static_cast<std::int64_t>(rows.size()));
  json::Writer w;
  w.StartObject().Key("priceListId").String(list_id);
  w.Key("rows").Int(static_cast<std::int64_t>(rows.size()));
  w.Key("url").String("/api/v1/price-lists/exports/" + ctx.id() + "/file").EndObject();
  return w.str();
}

http::Response Accepted(const jobs::JobInfo& job) {
  json::Writer w;
  w.StartObject().Key("id").String(job.id).Key("type").String(job.type);
  w.Key("status").String(job.status).EndObject();
  return http::Response::Json(202, w.str()).WithHeader("Location", "/api/v1/jobs/" + job.id);
}

}  // namespace

std::optional<std::string> ParsePriceRow(const std::vector<std::string>& fields, Price& out,
                                         std::string& sku) {
  if (fields.size() < 2 || fields.size() > 6) {
    return "expected sku,list,sale,minQuantity,startDate,endDate";
  }
  auto field = [&](std::size_t i) { return i < fields.size() ? Trim(fields[i]) : std::string(); };
  sku = field(0);
  if (sku.empty()) return "sku is empty";
  auto list = Decimal::Parse(field(1));
  if (!list) return "list: not a number with at most 4 decimals";
  out.list = *list;
  if (!field(2).empty()) {
    auto sale = Decimal::Parse(field(2));
    if (!sale) return "sale: not a number with at most 4 decimals";
    out.sale = *sale;
  }
  out.min_quantity = 1;
  if (!field(3).empty()) {
    try {
      std::size_t used = 0;
      out.min_quantity = std::stoll(field(3), &used);
      if (used != field(3).size()) return "minQuantity: not an integer";
    } catch (const std::exception&) {
      return "minQuantity: not an integer";
    }
  }
  for (std::size_t i : {4U, 5U}) {
    if (field(i).empty()) continue;
    auto t = ParseIso8601(field(i));
    if (!t) return std::string(i == 4 ? "startDate" : "endDate") + ": not an ISO 8601 date-time";
    (i == 4 ? out.start_date : out.end_date) = *t;
  }
  std::vector<FieldError> errors;
  out.price_list_id = "-";
  out.product_id = "-";
  domain::ValidatePrice(out, "", errors);
  if (!errors.empty()) return errors.front().field + ": " + errors.front().message;
  return std::nullopt;
}

void RegisterPriceIo(http::Router& router, jobs::JobRunner& jobs, PricingManager& manager,
                     const std::string& data_dir) {
  PricingManager* m = &manager;
  jobs.RegisterType(kImportJob, [m](jobs::JobContext& ctx) { return RunImport(*m, ctx); });
  jobs.RegisterType(kExportJob,
                    [m, data_dir](jobs::JobContext& ctx) { return RunExport(*m, data_dir, ctx); });
  jobs::JobRunner* runner = &jobs;

  router.Add(
      {.method = http::Verb::post,
       .path = "/api/v1/price-lists/{id}/imports",
       .permission = "pricing:update",
       .tag = "pricing",
       .summary = "Import prices of a list from CSV (a job)",
       .description = "Body: CSV `sku,list,sale,minQuantity,startDate,endDate` (header "
                      "optional). 202 with Location of the job. Rows upsert by product, "
                      "minQuantity and window; a bad row (unknown SKU, bad value, "
                      "overlapping window) is a job error with ref `row N`.",
       .request_schema = R"({"type":"string"})",
       .request_content_types = {"text/csv"},
       .success_status = 202,
       .response_schema =
           R"({"type":"object","properties":{"id":{"type":"string"},"type":{"type":"string"},"status":{"type":"string"}}})",
       .handler = [m, runner, data_dir](http::Request& request) -> Result<http::Response> {
         const std::string& id = request.Param("id");
         if (request.ContentType() != "text/csv") {
           return Error(ErrorCode::kUnsupportedMediaType, "the body must be text/csv");
         }
         EMPORION_ASSIGN_OR_RETURN(auto list, m->GetPriceList(id));
         const fs::path dir = fs::path(data_dir) / "pricing" / "imports";
         std::error_code ec;
         fs::create_directories(dir, ec);
         const std::string file = (dir / (NewUuidV7() + ".csv")).string();
         {
           std::ofstream f(file, std::ios::binary | std::ios::trunc);
           f << request.body;
           if (!f) return Error::Unavailable("cannot store the upload");
         }
         json::Writer params;
         params.StartObject().Key("priceListId").String(list.meta.id);
         params.Key("file").String(file).EndObject();
         EMPORION_ASSIGN_OR_RETURN(auto job, runner->Enqueue(kImportJob, params.str(),
                                                             request.Actor(), request.request_id));
         return Accepted(job);
       }});
  router.Add(
      {.method = http::Verb::post,
       .path = "/api/v1/price-lists/{id}/exports",
       .permission = "pricing:read",
       .tag = "pricing",
       .summary = "Export the prices of a list as CSV (a job)",
       .description = "202 with Location of the job; its result's `url` downloads the CSV.",
       .success_status = 202,
       .response_schema =
           R"({"type":"object","properties":{"id":{"type":"string"},"type":{"type":"string"},"status":{"type":"string"}}})",
       .handler = [m, runner](http::Request& request) -> Result<http::Response> {
         EMPORION_ASSIGN_OR_RETURN(auto list, m->GetPriceList(request.Param("id")));
         json::Writer params;
         params.StartObject().Key("priceListId").String(list.meta.id).EndObject();
         EMPORION_ASSIGN_OR_RETURN(auto job, runner->Enqueue(kExportJob, params.str(),
                                                             request.Actor(), request.request_id));
         return Accepted(job);
       }});
  router.Add({.method = http::Verb::get,
              .path = "/api/v1/price-lists/exports/{jobId}/file",
              .permission = "pricing:read",
              .tag = "pricing",
              .summary = "Download an exported price list CSV",
              .response_schema = R"({"type":"string"})",
              .response_content_type = "text/csv",
              .handler = [data_dir](http::Request& request) -> Result<http::Response> {
                const std::string& job_id = request.Param("jobId");
                if (!IsSafeId(job_id)) return Error::NotFound("no export '" + job_id + "'");
                std::ifstream in(ExportPath(data_dir, job_id), std::ios::binary);
                if (!in) return Error::NotFound("no export file for job '" + job_id + "'");
                std::stringstream ss;
                ss << in.rdbuf();
                return http::Response::Text(200, ss.str(), "text/csv; charset=utf-8");
              }});
}

}  // namespace emporion::pricing::api
