// CSV import and export of one price list as jobs (contract section 5):
//   POST /api/v1/price-lists/{id}/imports   body text/csv `sku,list,sale,minQuantity,startDate,
//        endDate` (header row optional) -> 202, Location /api/v1/jobs/{jobId}
//   POST /api/v1/price-lists/{id}/exports   -> 202; the finished job's result names
//        `url` = /api/v1/price-lists/exports/{jobId}/file
//   GET  /api/v1/price-lists/exports/{jobId}/file -> the CSV
// A bad row (unknown SKU, bad number, sale above list, overlapping window) is a job error with
// ref "row N" (N = the CSV line); the job goes on. The uploaded CSV is kept under
// <data>/pricing/imports until the job ends; exports under <data>/pricing/exports.
#pragma once

#include <cstddef>
#include <string>

#include "modules/pricing/service/pricing_manager.hpp"
#include "platform/http/router.hpp"

namespace emporion::jobs {
class JobRunner;
}

namespace emporion::pricing::api {

/// Rows per unit of work of an import (one transaction, committed with its events). 10,000
/// rather than 2,000: each commit rewrites the hot index pages into the WAL and syncs it; with
/// per-chunk events the import took 28-42 % less CPU. A chunk holds the writer for 0.2-0.5 s.
inline constexpr std::size_t kImportChunkRows = 10000;

void RegisterPriceIo(http::Router& router, jobs::JobRunner& jobs, PricingManager& manager,
                     const std::string& data_dir);

/// Parses one CSV record into a price (product id not yet resolved). Returns the error text.
std::optional<std::string> ParsePriceRow(const std::vector<std::string>& fields, Price& out,
                                         std::string& sku);

}  // namespace emporion::pricing::api
