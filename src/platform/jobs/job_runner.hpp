// JobRunner: long work (import, export, reindex, thumbnails) as persistent jobs, the contract's
// section 5. A job is a row in `jobs` (type, params, status queued|running|succeeded|failed|
// cancelled, progress, errors, result); a bounded pool of runner threads executes the function
// registered for its type. Progress is persisted (throttled) so GET /api/v1/jobs/{id} shows it.
// Jobs left `running` by a crash are marked failed at start (RecoverAfterRestart); queued ones
// are picked up again. Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "platform/core/clock.hpp"
#include "platform/core/result.hpp"
#include "platform/db/database.hpp"
#include "platform/metrics/metrics.hpp"

namespace emporion::jobs {

struct JobError {
  std::string message;
  std::string ref;  // what the error is about, e.g. "row 17" or "items[3].sku"; may be empty
};

struct JobInfo {
  std::string id;
  std::string type;
  std::string status;  // queued, running, succeeded, failed, cancelled
  std::int64_t done = 0;
  std::int64_t total = 0;
  std::vector<JobError> errors;
  std::string result_json;  // "{}" until finished
  std::string params_json;
  std::string created_by;
  Timestamp created_at = 0;
  std::optional<Timestamp> started_at;
  std::optional<Timestamp> finished_at;
};

/// Handed to a running job function. Owned by the runner; valid during the call only.
class JobContext {
 public:
  virtual ~JobContext() = default;
  [[nodiscard]] virtual const std::string& id() const = 0;
  [[nodiscard]] virtual const std::string& params_json() const = 0;
  [[nodiscard]] virtual const std::string& actor() const = 0;
  virtual void SetTotal(std::int64_t total) = 0;
  virtual void Advance(std::int64_t n = 1) = 0;
  /// Records a non-fatal error (a bad row); the job goes on. At most 1,000 are kept.
  virtual void AddError(std::string message, std::string ref = "") = 0;
  /// True once cancellation was requested; a job should stop soon and return.
  [[nodiscard]] virtual bool Cancelled() const = 0;
};

/// Returns the result object (JSON text) or an error, which fails the job with its message.
using JobFunction = std::function<Result<std::string>(JobContext&)>;

class JobRunner {
 public:
  JobRunner(db::Database& db, const Clock& clock, metrics::Metrics& metrics, unsigned threads);
  ~JobRunner();
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  /// Registers the function for a job type (start-up only).
  void RegisterType(std::string type, JobFunction fn);
  /// Stores a queued job and wakes a runner thread. kInvalidArgument for an unknown type.
  Result<JobInfo> Enqueue(const std::string& type, std::string params_json,
                          const std::string& actor);
  Result<std::optional<JobInfo>> Get(const std::string& id);
  /// Lists jobs, newest first, optionally by type and status.
  Result<std::pair<std::vector<JobInfo>, std::int64_t>> List(std::optional<std::string> type,
                                                              std::optional<std::string> status,
                                                              int limit, int offset);
  /// Requests cancellation: a queued job is cancelled at once; a running one when it next
  /// checks. kNotFound; kConflict when the job already finished.
  Result<JobInfo> Cancel(const std::string& id);
  /// Marks jobs left running by a previous process as failed. Call once before Start().
  Status RecoverAfterRestart();
  /// Starts the runner threads; Stop() asks running jobs to cancel and joins.
  void Start();
  void Stop();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace emporion::jobs
