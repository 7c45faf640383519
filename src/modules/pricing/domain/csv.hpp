// A small RFC 4180 CSV reader and writer: comma-separated fields, double-quoted fields may hold
// commas, quotes ("") and line breaks; CRLF or LF line ends; a final line break is optional.
// Reentrant.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace emporion::pricing::domain {

class CsvReader {
 public:
  explicit CsvReader(std::string_view text) : text_(text) {}
  /// The next record's fields; nullopt at the end. `error` is set (and nullopt returned) for
  /// a quote that is never closed or text after a closing quote.
  std::optional<std::vector<std::string>> Next(std::string* error = nullptr);
  /// 1-based line number where the last record returned started.
  [[nodiscard]] std::size_t line() const { return record_line_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t record_line_ = 0;
};

/// Appends one field, quoted when it holds a comma, quote or line break.
void AppendCsvField(std::string& out, std::string_view field);

}  // namespace emporion::pricing::domain
