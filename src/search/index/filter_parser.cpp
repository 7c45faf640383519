// ParseFilter: the filter language (see engine.hpp). A recursive-descent parser over the raw
// text; error positions are 0-based byte offsets into the text.
//
//   expr    := and ( "OR" and )*
//   and     := unary ( ["AND"] unary )*          adjacent clauses are ANDed
//   unary   := "!" unary | "NOT" unary | "(" expr ")" | clause
//   clause  := field ":" ( range ("," range)* | value ("," value)* )
//   range   := ("[" | "(") [bound] "TO" [bound] ("]" | ")")      bound "*" = open
//   value   := quoted | bare
// Spaces, tabs and commas separate clauses. After `f:a,` the list goes on unless what follows is
// a new clause (`name:`), a group, a negation or AND/OR.
#include <cstdint>
#include <string>

#include "emporion/search/engine.hpp"

namespace emporion::search {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Days since 1970-01-01 of a proleptic Gregorian date (civil-from-days inverse).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

class Parser {
 public:
  Parser(std::string_view text, const std::function<ResolvedField(std::string_view)>& resolve)
      : text_(text), resolve_(resolve) {}

  Result<Filter> Run() {
    SkipSeparators();
    if (AtEnd()) {
      return Filter{};
    }
    EMPORION_ASSIGN_OR_RETURN(Filter f, ParseOr());
    SkipSeparators();
    if (!AtEnd()) {
      return Fail(pos_, text_[pos_] == ')' ? "unbalanced ')'" : "unexpected input");
    }
    return f;
  }

 private:
  Error Fail(size_t at, const std::string& message) const {
    return Error::InvalidField("filter", "at " + std::to_string(at) + ": " + message);
  }
  Error FailField(size_t at, std::string_view field, const std::string& message) const {
    return Fail(at, "field '" + std::string(field) + "': " + message);
  }

  [[nodiscard]] bool AtEnd() const { return pos_ >= text_.size(); }
  [[nodiscard]] char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  void SkipSpaces() {
    while (!AtEnd() && IsSpace(text_[pos_])) {
      ++pos_;
    }
  }
  void SkipSeparators() {
    while (!AtEnd() && (IsSpace(text_[pos_]) || text_[pos_] == ',')) {
      ++pos_;
    }
  }
  // True (and consumed) when the word `kw` stands at pos_ followed by a separator or group.
  bool Keyword(std::string_view kw) {
    if (text_.substr(pos_, kw.size()) != kw) {
      return false;
    }
    const size_t after = pos_ + kw.size();
    if (after < text_.size() && !IsSpace(text_[after]) && text_[after] != '(' &&
        text_[after] != '!') {
      return false;
    }
    pos_ = after;
    return true;
  }
  [[nodiscard]] bool KeywordAhead(std::string_view kw) const {
    Parser probe = *this;
    return probe.Keyword(kw);
  }

  Result<Filter> ParseOr() {
    EMPORION_ASSIGN_OR_RETURN(Filter first, ParseAnd());
    Filter any;
    any.kind = Filter::Kind::kOr;
    any.children.push_back(std::move(first));
    for (;;) {
      SkipSeparators();
      if (!Keyword("OR")) {
        break;
      }
      SkipSeparators();
      EMPORION_ASSIGN_OR_RETURN(Filter next, ParseAnd());
      any.children.push_back(std::move(next));
    }
    if (any.children.size() == 1) {
      return std::move(any.children[0]);
    }
    return any;
  }

  Result<Filter> ParseAnd() {
    Filter all;
    all.kind = Filter::Kind::kAnd;
    for (;;) {
      SkipSeparators();
      if (AtEnd() || Peek() == ')' || KeywordAhead("OR")) {
        break;
      }
      const size_t at = pos_;
      if (Keyword("AND")) {
        if (all.children.empty()) {
          return Fail(at, "AND needs a clause before it");
        }
        SkipSeparators();
        if (AtEnd() || Peek() == ')' || KeywordAhead("OR")) {
          return Fail(pos_, "AND needs a clause after it");
        }
      }
      EMPORION_ASSIGN_OR_RETURN(Filter next, ParseUnary());
      all.children.push_back(std::move(next));
    }
    if (all.children.empty()) {
      return Fail(pos_, "expected a clause");
    }
    if (all.children.size() == 1) {
      return std::move(all.children[0]);
    }
    return all;
  }

  Result<Filter> ParseUnary() {
    SkipSpaces();
    if (Peek() == '!' || Keyword("NOT")) {
      if (Peek() == '!') {
        ++pos_;
      }
      SkipSpaces();
      if (AtEnd()) {
        return Fail(pos_, "a negation needs a clause");
      }
      EMPORION_ASSIGN_OR_RETURN(Filter inner, ParseUnary());
      Filter neg;
      neg.kind = Filter::Kind::kNot;
      neg.children.push_back(std::move(inner));
      return neg;
    }
    if (Peek() == '(') {
      const size_t open = pos_++;
      EMPORION_ASSIGN_OR_RETURN(Filter inner, ParseOr());
      SkipSeparators();
      if (Peek() != ')') {
        return Fail(open, "'(' is never closed");
      }
      ++pos_;
      return inner;
    }
    return ParseClause();
  }

  static bool FieldChar(char c) {
    return !IsSpace(c) && c != ':' && c != ',' && c != '(' && c != ')' && c != '"' && c != '!' &&
           c != '[' && c != ']';
  }
  static bool BareValueChar(char c) {
    return !IsSpace(c) && c != ',' && c != '(' && c != ')' && c != '"';
  }

  // After `f:a,`: does a new clause, group, negation or AND/OR start at pos_ (not a value)?
  [[nodiscard]] bool ClauseAhead() const {
    if (AtEnd()) {
      return true;
    }
    const char c = Peek();
    if (c == '"') {
      return false;
    }
    if (c == '(' || c == ')' || c == '!' || c == '[') {
      return true;
    }
    if (KeywordAhead("AND") || KeywordAhead("OR") || KeywordAhead("NOT")) {
      return true;
    }
    size_t p = pos_;
    while (p < text_.size() && FieldChar(text_[p])) {
      ++p;
    }
    return p < text_.size() && text_[p] == ':' && p > pos_;
  }

  Result<std::string> ParseQuoted() {
    const size_t open = pos_++;
    std::string out;
    while (!AtEnd()) {
      const char c = text_[pos_++];
      if (c == '"') {
        return out;
      }
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (AtEnd()) {
        break;
      }
      const char e = text_[pos_++];
      switch (e) {
        case '"':
        case '\\':
          out.push_back(e);
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        default:
          return Fail(pos_ - 2, std::string("unknown escape '\\") + e + "'");
      }
    }
    return Fail(open, "unterminated quoted value");
  }

  Result<Filter> ParseClause() {
    const size_t start = pos_;
    while (!AtEnd() && FieldChar(Peek())) {
      ++pos_;
    }
    const std::string_view name = text_.substr(start, pos_ - start);
    if (name.empty() || Peek() != ':') {
      if (name.empty()) {
        return Fail(start, AtEnd() ? "expected a clause" : "expected a field name");
      }
      return Fail(pos_, "expected ':' after '" + std::string(name) + "'");
    }
    ++pos_;  // ':'
    const ResolvedField resolved = resolve_(name);
    if (resolved.kind == FieldKind::kUnknown) {
      return FailField(start, name, "unknown field");
    }
    if (resolved.kind == FieldKind::kText) {
      return FailField(start, name, "is a text field; filters take keyword, number or date fields");
    }
    if (Peek() == '[' || Peek() == '(') {
      return ParseRanges(start, name, resolved);
    }
    return ParseValues(start, name, resolved);
  }

  Result<Filter> ParseValues(size_t start, std::string_view name, const ResolvedField& field) {
    std::vector<std::pair<size_t, std::string>> values;
    for (;;) {
      const size_t at = pos_;
      if (Peek() == '"') {
        EMPORION_ASSIGN_OR_RETURN(std::string v, ParseQuoted());
        values.emplace_back(at, std::move(v));
      } else {
        while (!AtEnd() && BareValueChar(Peek())) {
          ++pos_;
        }
        if (pos_ == at) {
          return FailField(at, name, "expected a value");
        }
        values.emplace_back(at, std::string(text_.substr(at, pos_ - at)));
      }
      if (Peek() != ',') {
        break;
      }
      const size_t comma = pos_++;
      SkipSpaces();
      if (ClauseAhead()) {
        pos_ = comma;  // the comma separates clauses
        break;
      }
    }
    if (field.kind == FieldKind::kKeyword) {
      Filter f;
      f.kind = Filter::Kind::kTerms;
      f.field = field.field;
      for (auto& [at, v] : values) {
        f.values.push_back(std::move(v));
      }
      return f;
    }
    // Number or date equality: a one-point range per value.
    Filter any;
    any.kind = Filter::Kind::kOr;
    for (auto& [at, v] : values) {
      EMPORION_ASSIGN_OR_RETURN(int64_t x, ParseBound(at, name, field.kind, v));
      Filter r;
      r.kind = Filter::Kind::kRange;
      r.field = field.field;
      r.lower = Filter::Bound{x, true};
      r.upper = Filter::Bound{x, true};
      any.children.push_back(std::move(r));
    }
    (void)start;
    if (any.children.size() == 1) {
      return std::move(any.children[0]);
    }
    return any;
  }

  // One bound token inside a range: quoted, or bare up to a space or closing bracket.
  Result<std::string> RangeToken() {
    if (Peek() == '"') {
      return ParseQuoted();
    }
    const size_t at = pos_;
    while (!AtEnd() && !IsSpace(Peek()) && Peek() != ']' && Peek() != ')') {
      ++pos_;
    }
    return std::string(text_.substr(at, pos_ - at));
  }

  Result<Filter> ParseRanges(size_t start, std::string_view name, const ResolvedField& field) {
    if (field.kind != FieldKind::kNumber && field.kind != FieldKind::kDate) {
      return FailField(start, name, "is a keyword field and takes no range");
    }
    Filter any;
    any.kind = Filter::Kind::kOr;
    for (;;) {
      const size_t open = pos_;
      const bool lower_inclusive = text_[pos_++] == '[';
      SkipSpaces();
      Filter r;
      r.kind = Filter::Kind::kRange;
      r.field = field.field;
      size_t at = pos_;
      std::string lower;
      if (!KeywordAhead("TO")) {
        EMPORION_ASSIGN_OR_RETURN(lower, RangeToken());
        SkipSpaces();
      }
      if (!Keyword("TO")) {
        return FailField(pos_, name, "expected 'TO' in the range");
      }
      if (!lower.empty() && lower != "*") {
        EMPORION_ASSIGN_OR_RETURN(int64_t x, ParseBound(at, name, field.kind, lower));
        r.lower = Filter::Bound{x, lower_inclusive};
      }
      SkipSpaces();
      at = pos_;
      std::string upper;
      if (Peek() != ']' && Peek() != ')') {
        EMPORION_ASSIGN_OR_RETURN(upper, RangeToken());
        SkipSpaces();
      }
      if (Peek() != ']' && Peek() != ')') {
        return FailField(open, name, "the range is not closed with ']' or ')'");
      }
      const bool upper_inclusive = text_[pos_++] == ']';
      if (!upper.empty() && upper != "*") {
        EMPORION_ASSIGN_OR_RETURN(int64_t x, ParseBound(at, name, field.kind, upper));
        r.upper = Filter::Bound{x, upper_inclusive};
      }
      any.children.push_back(std::move(r));
      // `,[` or `,(` continues the list of ranges.
      if (Peek() == ',' && pos_ + 1 < text_.size() &&
          (text_[pos_ + 1] == '[' || text_[pos_ + 1] == '(')) {
        ++pos_;
        continue;
      }
      break;
    }
    if (any.children.size() == 1) {
      return std::move(any.children[0]);
    }
    return any;
  }

  Result<int64_t> ParseBound(size_t at, std::string_view name, FieldKind kind,
                             std::string_view v) const {
    if (kind == FieldKind::kNumber) {
      return ParseNumber(at, name, v);
    }
    return ParseDate(at, name, v);
  }

  Result<int64_t> ParseNumber(size_t at, std::string_view name, std::string_view v) const {
    size_t i = 0;
    bool negative = false;
    if (i < v.size() && (v[i] == '-' || v[i] == '+')) {
      negative = v[i] == '-';
      ++i;
    }
    int64_t whole = 0;
    size_t digits = 0;
    for (; i < v.size() && v[i] >= '0' && v[i] <= '9'; ++i, ++digits) {
      if (__builtin_mul_overflow(whole, 10, &whole) ||
          __builtin_add_overflow(whole, v[i] - '0', &whole)) {
        return FailField(at, name, "number '" + std::string(v) + "' is out of range");
      }
    }
    int64_t frac = 0;
    size_t frac_digits = 0;
    if (i < v.size() && v[i] == '.') {
      for (++i; i < v.size() && v[i] >= '0' && v[i] <= '9'; ++i) {
        if (++frac_digits > 4) {
          return FailField(at, name,
                           "number '" + std::string(v) + "' has more than 4 decimal places");
        }
        frac = frac * 10 + (v[i] - '0');
      }
    }
    if (i != v.size() || digits + frac_digits == 0) {
      return FailField(at, name, "'" + std::string(v) + "' is not a number");
    }
    for (size_t k = frac_digits; k < 4; ++k) {
      frac *= 10;
    }
    int64_t scaled = 0;
    if (__builtin_mul_overflow(whole, kNumberScale, &scaled) ||
        __builtin_add_overflow(scaled, frac, &scaled)) {
      return FailField(at, name, "number '" + std::string(v) + "' is out of range");
    }
    return negative ? -scaled : scaled;
  }

  Result<int64_t> ParseDate(size_t at, std::string_view name, std::string_view v) const {
    const auto fail = [&] {
      return FailField(
          at, name,
          "'" + std::string(v) + "' is not an ISO 8601 date (2024-01-31 or 2024-01-31T12:00:00Z)");
    };
    size_t i = 0;
    auto num = [&](size_t n, int64_t& out) {
      if (i + n > v.size()) {
        return false;
      }
      out = 0;
      for (size_t k = 0; k < n; ++k) {
        const char c = v[i + k];
        if (c < '0' || c > '9') {
          return false;
        }
        out = out * 10 + (c - '0');
      }
      i += n;
      return true;
    };
    auto lit = [&](char c) {
      if (i < v.size() && v[i] == c) {
        ++i;
        return true;
      }
      return false;
    };
    int64_t y = 0;
    int64_t mo = 0;
    int64_t d = 0;
    if (!num(4, y) || !lit('-') || !num(2, mo) || !lit('-') || !num(2, d)) {
      return fail();
    }
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mo < 1 || mo > 12 || d < 1 || d > kDays[mo - 1] + ((mo == 2 && IsLeap(y)) ? 1 : 0)) {
      return fail();
    }
    int64_t ms = DaysFromCivil(y, mo, d) * 86400000;
    if (i == v.size()) {
      return ms;
    }
    int64_t h = 0;
    int64_t mi = 0;
    int64_t s = 0;
    if (!(lit('T') || lit('t')) || !num(2, h) || !lit(':') || !num(2, mi)) {
      return fail();
    }
    if (lit(':')) {
      if (!num(2, s)) {
        return fail();
      }
      if (lit('.')) {
        int64_t frac = 0;
        size_t n = 0;
        while (i < v.size() && v[i] >= '0' && v[i] <= '9') {
          if (n < 3) {
            frac = frac * 10 + (v[i] - '0');
          }
          ++n;
          ++i;
        }
        if (n == 0) {
          return fail();
        }
        for (size_t k = n; k < 3; ++k) {
          frac *= 10;
        }
        ms += frac;
      }
    }
    if (h > 23 || mi > 59 || s > 60) {
      return fail();
    }
    ms += ((h * 60 + mi) * 60 + s) * 1000;
    if (i == v.size() || lit('Z') || lit('z')) {
      if (i != v.size()) {
        return fail();
      }
      return ms;
    }
    const bool plus = lit('+');
    if (!plus && !lit('-')) {
      return fail();
    }
    int64_t oh = 0;
    int64_t om = 0;
    if (!num(2, oh)) {
      return fail();
    }
    (void)lit(':');
    if (!num(2, om) || i != v.size() || oh > 23 || om > 59) {
      return fail();
    }
    const int64_t offset = (oh * 60 + om) * 60000;
    return plus ? ms - offset : ms + offset;
  }

  std::string_view text_;
  const std::function<ResolvedField(std::string_view)>& resolve_;
  size_t pos_ = 0;
};

}  // namespace

Result<Filter> ParseFilter(std::string_view text,
                           const std::function<ResolvedField(std::string_view)>& resolve) {
  return Parser(text, resolve).Run();
}

}  // namespace emporion::search
