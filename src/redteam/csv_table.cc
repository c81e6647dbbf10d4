// RFC 4180 parsing for suite files, as a small state machine over the whole buffer (see
// csv_table.h for what is accepted). Lenient where the RFC is strict and a file from a common
// tool would break (bare LF line ends, a BOM), strict where leniency would silently change a
// goal (text after a closing quote).
#include "redteam/csv_table.h"

namespace frontseat::redteam {

CsvTable ParseCsv(std::string_view text) {
  CsvTable table;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  size_t i = 0;
  uint64_t line = 1;
  const size_t n = text.size();
  while (i < n) {
    // Skips blank lines (a record never starts with a line break).
    if (text[i] == '\n' || (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n')) {
      i += text[i] == '\n' ? 1 : 2;
      ++line;
      continue;
    }
    CsvRecord record;
    record.line = line;
    std::string field;
    bool bad = false;
    while (true) {
      if (i < n && text[i] == '"') {
        // A quoted field: ends at a quote not followed by another quote.
        const uint64_t start_line = line;
        ++i;
        bool closed = false;
        while (i < n) {
          char c = text[i];
          if (c == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (c == '\n') ++line;
          field += c;
          ++i;
        }
        if (!closed) {
          table.errors.push_back(
              {start_line, "unterminated quoted field (a '\"' is never closed)"});
          return table;  // the rest of the file is inside the quote: nothing more to parse
        }
        if (i < n && text[i] != ',' && text[i] != '\n' &&
            !(text[i] == '\r' && i + 1 < n && text[i + 1] == '\n')) {
          table.errors.push_back(
              {line,
               "unexpected character after a closing quote (expected ',' or a line end; "
               "a quote inside a quoted field is written \"\")"});
          bad = true;
        }
      } else {
        while (i < n && text[i] != ',' && text[i] != '\n' &&
               !(text[i] == '\r' && i + 1 < n && text[i + 1] == '\n')) {
          if (text[i] == '"') {
            table.errors.push_back(
                {line, "quote inside an unquoted field (quote the whole field and write \"\")"});
            bad = true;
            break;
          }
          field += text[i++];
        }
      }
      if (bad) {
        // Resynchronise at the next line end.
        while (i < n && text[i] != '\n') ++i;
        if (i < n) {
          ++i;
          ++line;
        }
        break;
      }
      record.fields.push_back(std::move(field));
      field.clear();
      if (i < n && text[i] == ',') {
        ++i;
        continue;
      }
      // A line end or the end of the input closes the record.
      if (i < n) {
        i += text[i] == '\n' ? 1 : 2;
        ++line;
      }
      table.records.push_back(std::move(record));
      break;
    }
  }
  return table;
}

}  // namespace frontseat::redteam
