#include "modules/pricing/domain/csv.hpp"

namespace emporion::pricing::domain {

std::optional<std::vector<std::string>> CsvReader::Next(std::string* error) {
  if (pos_ >= text_.size()) return std::nullopt;
  record_line_ = line_;
  std::vector<std::string> fields;
  std::string field;
  while (true) {
    if (pos_ < text_.size() && text_[pos_] == '"') {
      ++pos_;
      bool closed = false;
      while (pos_ < text_.size()) {
        const char c = text_[pos_++];
        if (c == '"') {
          if (pos_ < text_.size() && text_[pos_] == '"') {
            field += '"';
            ++pos_;
          } else {
            closed = true;
            break;
          }
        } else {
          if (c == '\n') ++line_;
          field += c;
        }
      }
      if (!closed) {
        if (error != nullptr) *error = "a quoted field is never closed";
        pos_ = text_.size();
        return std::nullopt;
      }
      if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r') {
        if (error != nullptr) *error = "text after a closing quote";
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
        if (pos_ < text_.size()) ++pos_;
        ++line_;
        return std::nullopt;
      }
    } else {
      while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' &&
             text_[pos_] != '\r') {
        field += text_[pos_++];
      }
    }
    fields.push_back(std::move(field));
    field.clear();
    if (pos_ >= text_.size()) break;
    const char c = text_[pos_];
    if (c == ',') {
      ++pos_;
      continue;
    }
    if (c == '\r') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
    ++line_;
    break;
  }
  return fields;
}

void AppendCsvField(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace emporion::pricing::domain
