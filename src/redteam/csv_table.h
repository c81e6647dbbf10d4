// A small RFC 4180 CSV parser for suite files (suite.cc). The scan command's streaming CSV reader
// lives in the cli layer, above redteam, so suites use this one: suite files are small (a few
// thousand rows), so it parses a whole buffer at once and keeps every record with its line.
//
// Accepted: a UTF-8 BOM; CRLF or LF line ends; fields quoted with '"' holding separators, line
// breaks and doubled quotes (""). Blank lines are skipped. Errors (a character after a closing
// quote, a quote that is never closed) are collected with their line and parsing goes on at the
// next line. Field counts are not checked here: the caller knows the header.
// Thread-safe (pure function). Cost: one pass, memory about twice the input.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace frontseat::redteam {

struct CsvRecord {
  uint64_t line = 0;  // 1-based line the record starts on
  std::vector<std::string> fields;
};

struct CsvError {
  uint64_t line = 0;
  std::string message;
};

struct CsvTable {
  std::vector<CsvRecord> records;
  std::vector<CsvError> errors;
};

CsvTable ParseCsv(std::string_view text);

}  // namespace frontseat::redteam
