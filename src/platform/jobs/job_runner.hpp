// JobRunner: long work (import, export, reindex, thumbnails) as persistent jobs, the contract's
// section 5. A job is a row in `jobs` (type, params, status queued|running|succeeded|failed|
// cancelled, progress, errors, result); a bounded pool of runner threads executes the function
// registered for its type. Progress lives in memory while a job runs and is persisted by one
// flusher thread at most every 250 ms, so job functions never write to the database for it (and
// can hold their own write transactions meanwhile). Jobs left `running` by a crash are marked
// failed at start (RecoverAfterRestart); queued ones are picked up again. Events:
// `platform.job.created`, `platform.job.status-changed` (payload id, type, status,
// previousStatus) and `platform.job.cancel-requested`; each also a change-history entry.
// The `emporion_jobs{status}` gauge counts the table's jobs by status (refreshed after every
// transition and every 5 s).
//
// Several nodes may share one PostgreSQL database: a job is claimed with a conditional UPDATE,
// so exactly one node runs it, and a cancel requested on another node reaches the running one
// through the `cancel_requested` column. RecoverAfterRestart assumes one node, though: it fails
// every running job.
//
// Thread safety: RegisterType/SetEventBus at start-up only, before Start(); everything else is
// thread-safe. Must not be called while the calling thread holds a write transaction on SQLite
// (one writer per database), except EnqueueIn, which uses the caller's.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "platform/core/clock.hpp"
#include "platform/core/result.hpp"
#include "platform/db/database.hpp"
#include "platform/events/event_bus.hpp"
#include "platform/events/outbox.hpp"
#include "platform/metrics/metrics.hpp"

namespace emporion::jobs {

/// The statuses a job goes through: queued -> running -> succeeded | failed | cancelled, or
/// queued -> cancelled.
inline constexpr const char* kQueued = "queued";
inline constexpr const char* kRunning = "running";
inline constexpr const char* kSucceeded = "succeeded";
inline constexpr const char* kFailed = "failed";
inline constexpr const char* kCancelled = "cancelled";
/// True for one of the five status names.
bool IsJobStatus(std::string_view status);

/// Most errors a job keeps (the count goes on).
inline constexpr std::size_t kMaxJobErrors = 1000;

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
  std::vector<JobError> errors;  // the first kMaxJobErrors
  std::int64_t error_count = 0;  // all of them
  std::string result_json;       // "{}" until finished
  std::string params_json;
  bool cancel_requested = false;
  std::string created_by;
  Timestamp created_at = 0;
  std::optional<Timestamp> started_at;
  std::optional<Timestamp> finished_at;
};

/// Handed to a running job function. Owned by the runner; valid during the call only.
/// Thread-safe: a job may report progress from helper threads of its own.
class JobContext {
 public:
  virtual ~JobContext() = default;
  [[nodiscard]] virtual const std::string& id() const = 0;
  [[nodiscard]] virtual const std::string& params_json() const = 0;
  [[nodiscard]] virtual const std::string& actor() const = 0;
  virtual void SetTotal(std::int64_t total) = 0;
  virtual void Advance(std::int64_t n = 1) = 0;
  /// Records a non-fatal error (a bad row); the job goes on. At most kMaxJobErrors are kept.
  virtual void AddError(std::string message, std::string ref = "") = 0;
  /// True once cancellation was requested (or the server is shutting down); a job should stop
  /// soon and return. What it returns then is kept, but the job ends `cancelled` (or `failed`
  /// with "interrupted by a server shutdown").
  [[nodiscard]] virtual bool Cancelled() const = 0;
};

/// Returns the result object (JSON object text) or an error, which fails the job with its
/// message. An exception fails the job too.
using JobFunction = std::function<Result<std::string>(JobContext&)>;

class JobRunner {
 public:
  /// `threads` runner threads (at least 1). Registers the `emporion_jobs{status}` gauge.
  JobRunner(db::Database& db, const Clock& clock, metrics::Metrics& metrics, unsigned threads);
  ~JobRunner();  // Stop()s
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  /// Registers the function for a job type (start-up only).
  void RegisterType(std::string type, JobFunction fn);
  /// True when `type` was registered.
  [[nodiscard]] bool HasType(const std::string& type) const;
  /// Publishes job events in-process after commit (they reach the outbox either way).
  void SetEventBus(const events::EventBus* bus);

  /// Stores a queued job and wakes a runner thread. kInvalidArgument for an unknown type or
  /// params that are not a JSON object.
  Result<JobInfo> Enqueue(const std::string& type, std::string params_json,
                          const std::string& actor, const std::string& request_id = "");
  /// Stores a queued job inside the caller's unit of work (so the job exists only if the
  /// caller's change commits). Call Wake() after the commit, or it starts within 2 seconds.
  Result<JobInfo> EnqueueIn(events::UnitOfWork& uow, const std::string& type,
                            std::string params_json);
  /// Wakes a runner thread to look for queued jobs.
  void Wake();

  /// The job, with live progress when it runs in this process; nullopt when unknown.
  Result<std::optional<JobInfo>> Get(const std::string& id);
  /// Lists jobs, newest first, optionally by type and status. Returns the page and the total.
  Result<std::pair<std::vector<JobInfo>, std::int64_t>> List(std::optional<std::string> type,
                                                             std::optional<std::string> status,
                                                             int limit, int offset);
  /// Requests cancellation: a queued job is cancelled at once; a running one ends `cancelled`
  /// when its function next checks and returns. Returns the job after the request.
  /// kNotFound; kConflict when the job already finished.
  Result<JobInfo> Cancel(const std::string& id, const std::string& actor = "system",
                         const std::string& request_id = "");
  /// Marks jobs left running by a previous process as failed ("interrupted by a server
  /// restart"). Call once before Start(). Returns how many were marked.
  Result<int> RecoverAfterRestart();
  /// Fails queued jobs of types nobody registered, then starts the runner threads and the
  /// progress flusher. Idempotent.
  void Start();
  /// Asks running jobs to stop (Cancelled() turns true), waits for them to return, and
  /// persists their final state. Idempotent.
  void Stop();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace emporion::jobs
