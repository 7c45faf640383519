// Catalog import and export (JSON Lines and CSV, see docs/import-format.md) as plain functions:
// the import and export jobs, the `emporion import|export` commands and the demo seed all run
// this code. Imports write in batches (one unit of work per batch, with events and change
// history like any other write) through the catalog's own validation; a bad record is reported
// with its line or row and does not stop the import. Reentrant; a reporter belongs to one run.
#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "emporion/catalog/queries.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/result.hpp"
#include "platform/db/database.hpp"
#include "platform/events/event_bus.hpp"

namespace emporion::catalog {

enum class TransferFormat { kJsonLines, kCsv };
/// "jsonl" (also "ndjson") or "csv".
std::optional<TransferFormat> ParseTransferFormat(std::string_view s);
const char* ToString(TransferFormat f);         // "jsonl", "csv"
const char* ContentTypeOf(TransferFormat f);    // "application/x-ndjson", "text/csv; ..."
const char* FileExtensionOf(TransferFormat f);  // "jsonl", "csv"

/// What an import, export or mass update reports while it runs (a job context, the console).
class TransferReporter {
 public:
  virtual ~TransferReporter() = default;
  virtual void SetTotal(std::int64_t /*total*/) {}
  virtual void Advance(std::int64_t /*n*/) {}
  /// A bad record: `ref` is "line 12" / "row 3" / "product <id>".
  virtual void RecordError(std::string /*message*/, std::string /*ref*/) {}
  [[nodiscard]] virtual bool Cancelled() const { return false; }
};

struct ImportOptions {
  TransferFormat format = TransferFormat::kJsonLines;
  /// CSV: the catalog of rows that name none.
  std::optional<std::string> catalog_id;
  /// Catalogs the importing user may write (nullopt: all).
  CatalogScope scope;
  std::string actor = "system";
  std::size_t batch_size = 1000;
};

struct ImportSummary {
  std::int64_t created = 0;
  std::int64_t updated = 0;
  std::int64_t failed = 0;
};

struct ExportOptions {
  TransferFormat format = TransferFormat::kJsonLines;
  std::optional<std::string> catalog_id;
  std::optional<std::string> category_id;
  bool include_descendants = true;
  CatalogScope scope;  // catalogs the exporting user may read (nullopt: all)
};

struct ExportSummary {
  std::int64_t catalogs = 0;
  std::int64_t properties = 0;
  std::int64_t categories = 0;
  std::int64_t products = 0;
  std::int64_t links = 0;
  std::int64_t associations = 0;
};

/// Imports records from `in`. `total_hint` (lines or rows, 0 when unknown) sets the progress
/// total. Errors of single records go to the reporter; a returned error (database
/// unavailable, unreadable input) stops the import, keeping the batches written so far.
Result<ImportSummary> ImportStream(db::Database& db, const Clock& clock,
                                   const events::EventBus* bus, std::istream& in,
                                   const ImportOptions& options, TransferReporter& reporter,
                                   std::int64_t total_hint = 0);
/// Imports a file (counts its lines first for the progress total).
Result<ImportSummary> ImportFile(db::Database& db, const Clock& clock, const events::EventBus* bus,
                                 const std::string& path, const ImportOptions& options,
                                 TransferReporter& reporter);

/// Writes the selected catalogs (definitions, categories, products, links, associations) in
/// an order an import can replay: catalogs, properties, categories parents first, main
/// products, variations, links, associations. CSV holds products only.
Result<ExportSummary> ExportStream(db::Database& db, const Clock& clock, std::ostream& out,
                                   const ExportOptions& options, TransferReporter& reporter);
Result<ExportSummary> ExportFile(db::Database& db, const Clock& clock, const std::string& path,
                                 const ExportOptions& options, TransferReporter& reporter);

/// The products a mass update applies to.
struct MassUpdateFilter {
  std::optional<std::string> catalog_id;
  std::optional<std::string> category_id;
  bool include_descendants = false;
  std::optional<std::string> q;
  std::optional<bool> is_active;
};

/// Replaces the values of the named properties (JSON text of the API's `properties` array)
/// and optionally sets isActive on every matching product, validated like any product write.
Result<ImportSummary> MassUpdateProducts(db::Database& db, const Clock& clock,
                                         const events::EventBus* bus,
                                         const MassUpdateFilter& filter,
                                         const std::string& properties_json,
                                         std::optional<bool> is_active, const CatalogScope& scope,
                                         const std::string& actor, TransferReporter& reporter);

}  // namespace emporion::catalog
