// RFC 4180 CSV: a streaming reader (quoted fields, doubled quotes, embedded commas and line
// breaks, CRLF or LF line ends) and a field writer that quotes only what needs it. Pure; a
// reader belongs to one stream and one thread.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace emporion::csv {

class Reader {
 public:
  explicit Reader(std::istream& in) : in_(in) {}
  /// Reads the next record into `fields`. Returns false at the end of input. A blank line is a
  /// record with one empty field. `error` is set (and false returned) for a quote that is never
  /// closed.
  bool Next(std::vector<std::string>& fields, std::string& error);
  /// The physical line the last record started on (1-based).
  [[nodiscard]] std::int64_t line() const { return record_line_; }

 private:
  std::istream& in_;
  std::int64_t next_line_ = 1;
  std::int64_t record_line_ = 0;
};

/// Appends `field` to `out`, quoted when it holds a comma, quote, CR or LF (or leading/trailing
/// spaces).
void AppendField(std::string& out, std::string_view field);
/// One record: fields joined by commas, ending in CRLF (RFC 4180).
std::string FormatRecord(const std::vector<std::string>& fields);

/// Splits a multi-value cell on '|' ("a|b" -> {"a", "b"}; "" -> {}); "\|" is a literal bar and
/// "\\" a backslash.
std::vector<std::string> SplitValues(std::string_view cell);
/// The inverse of SplitValues.
std::string JoinValues(const std::vector<std::string>& values);

}  // namespace emporion::csv
