// The one place that wires the platform and every module together (Envoy's source/exe role):
// configuration, database, migrations, event bus, routes, background services and the server.
// Tests link this library; only main.cpp is outside it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace emporion::app {

struct ServeConfig {
  std::string listen = "127.0.0.1:8080";
  std::string data_dir = "./data";
  std::string db_url;       // empty: SQLite inside data_dir
  std::string config_file;  // optional JSON config
  std::string seed;         // "demo" or empty
  std::string sqlite_synchronous = "FULL";
  int sqlite_mmap_mb = 2048;        // SQLite file mapped per connection (0: read with pread)
  int sqlite_cache_mb = 64;         // the writer connection's page cache
  int sqlite_reader_cache_mb = 16;  // each reader connection's page cache
  std::vector<std::string> cors_origins;
  std::size_t body_limit = 16u << 20;
  unsigned io_threads = 0;
  unsigned worker_threads = 0;
  bool access_log = true;
  std::string log_level = "info";
  int lockout_attempts = 5;
  int lockout_minutes = 5;
  int access_token_minutes = 60;
  int refresh_token_days = 30;
  std::string web_root;  // back-office files; empty: build/web next to the binary
};

/// Loads `--config FILE` (JSON) over the defaults; command-line flags win over the file.
/// Returns an error message on a bad file.
std::optional<std::string> LoadConfigFile(const std::string& path, ServeConfig& config);

/// Runs the server until SIGTERM/SIGINT. Returns the process exit code.
int Serve(const ServeConfig& config);
/// Applies migrations and exits.
int Migrate(const ServeConfig& config);
/// `emporion user create|set-password`.
int UserCreate(const ServeConfig& config, const std::string& user_name, const std::string& email,
               const std::string& password, const std::vector<std::string>& roles,
               const std::string& user_type);
int UserSetPassword(const ServeConfig& config, const std::string& user_name,
                    const std::string& password);

/// `emporion import --file F [--format jsonl|csv] [--catalog ID]`: the import job's code,
/// in-process against --data/--db; prints the summary and the bad records.
int ImportCatalog(const ServeConfig& config, const std::string& file, const std::string& format,
                  const std::string& catalog_id);
/// `emporion export --file F --format jsonl|csv [--catalog ID]`.
int ExportCatalog(const ServeConfig& config, const std::string& file, const std::string& format,
                  const std::string& catalog_id);

/// `emporion reindex [--type T]...`: rebuilds the search snapshot in `<data>/search` from the
/// database (every index when `types` is empty), prints the counts.
int Reindex(const ServeConfig& config, const std::vector<std::string>& types);

/// The version string (`emporion version`).
const char* Version();

}  // namespace emporion::app
