#include "platform/csv/csv.hpp"

namespace emporion::csv {

bool Reader::Next(std::vector<std::string>& fields, std::string& error) {
  fields.clear();
  error.clear();
  int c = in_.get();
  if (c == std::char_traits<char>::eof()) return false;
  record_line_ = next_line_;
  std::string field;
  bool quoted = false;      // inside a quoted field
  bool was_quoted = false;  // the current field started with a quote
  for (;; c = in_.get()) {
    if (c == std::char_traits<char>::eof()) {
      if (quoted) {
        error = "a quoted field that starts on line " + std::to_string(record_line_) +
                " is never closed";
        return false;
      }
      fields.push_back(std::move(field));
      return true;
    }
    const char ch = static_cast<char>(c);
    if (quoted) {
      if (ch == '"') {
        if (in_.peek() == '"') {
          in_.get();
          field += '"';
        } else {
          quoted = false;
        }
      } else {
        if (ch == '\n') ++next_line_;
        field += ch;
      }
      continue;
    }
    if (ch == '"' && field.empty() && !was_quoted) {
      quoted = true;
      was_quoted = true;
    } else if (ch == ',') {
      fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (ch == '\r' && in_.peek() == '\n') {
      // CRLF: the LF ends the record.
    } else if (ch == '\n') {
      ++next_line_;
      fields.push_back(std::move(field));
      return true;
    } else {
      field += ch;
    }
  }
}

void AppendField(std::string& out, std::string_view field) {
  const bool needs_quotes =
      field.find_first_of(",\"\r\n") != std::string_view::npos ||
      (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!needs_quotes) {
    out.append(field);
    return;
  }
  out += '"';
  for (char ch : field) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
}

std::string FormatRecord(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    AppendField(out, fields[i]);
  }
  out += "\r\n";
  return out;
}

std::vector<std::string> SplitValues(std::string_view cell) {
  std::vector<std::string> out;
  if (cell.empty()) return out;
  std::string current;
  for (std::size_t i = 0; i < cell.size(); ++i) {
    const char ch = cell[i];
    if (ch == '\\' && i + 1 < cell.size() && (cell[i + 1] == '|' || cell[i + 1] == '\\')) {
      current += cell[++i];
    } else if (ch == '|') {
      out.push_back(std::move(current));
      current.clear();
    } else {
      current += ch;
    }
  }
  out.push_back(std::move(current));
  return out;
}

std::string JoinValues(const std::vector<std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += '|';
    for (char ch : values[i]) {
      if (ch == '|' || ch == '\\') out += '\\';
      out += ch;
    }
  }
  return out;
}

}  // namespace emporion::csv
