// Input readers for `frontseat scan`: turn files into documents, one at a time, streaming, so a
// 10 GB JSONL file is scanned in bounded memory.
//
//   plain text  one document per file (the whole file)
//   JSONL       one document per line, the text in field `field` (default "text"); a line that
//               is not a JSON object, or lacks the field, or whose field is not a string, is
//               reported as a ReadError with its line number and skipped
//   CSV         RFC 4180 (quoted fields, "" escapes, newlines inside quotes, CRLF or LF); a header
//               row names the columns, the text is in column `column` (default "text"); a row
//               with the wrong number of fields, an unterminated quote or a character after a
//               closing quote is a ReadError
//
// The format is chosen by extension (.jsonl/.ndjson → JSONL, .csv → CSV, anything else → text)
// unless forced. "-" reads standard input.
//
// Errors name the source and line ("data.jsonl:17: expected a JSON object, got an array") and
// never abort the reading of the next records; only an unreadable file is fatal for that file.
// Blank lines in JSONL and CSV are skipped silently. A UTF-8 byte order mark at the very start of
// a file is not part of any document (plain-text offsets count from after it). Bytes are passed
// through unchanged otherwise: NUL and invalid UTF-8 reach the engine, which reports them.
//
// Memory is bounded by one record: the readers pull 64 KiB blocks, and a record longer than
// `max_record_bytes` is reported and skipped, not buffered. A JSONL line is parsed without
// building a DOM (only the wanted field is copied), and a key that appears twice in one object is
// an error, because downstream consumers disagree on which copy counts.
//
// Thread-safety: a reader is used by one thread at a time.
#pragma once

#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "frontseat/status.h"

namespace frontseat::cli {

enum class InputFormat { kAuto, kText, kJsonl, kCsv };

struct Document {
  std::string source;  // file name, or "-" for stdin
  uint64_t line = 0;   // 1-based line where the record starts; 0 for a whole-file document
  std::string text;
};

struct ReadOptions {
  InputFormat format = InputFormat::kAuto;
  std::string field = "text";   // JSONL
  std::string column = "text";  // CSV
  uint64_t max_record_bytes = 256u << 20;  // a longer record is a ReadError, not an OOM
};

class DocumentReader {
 public:
  virtual ~DocumentReader() = default;
  // Returns the next document; or a Status with a record-level error (the reader has skipped
  // that record and can go on); or nullopt-like end: `Next` returns false at the end.
  // Usage:
  //   Document doc; Status err;
  //   while (reader->Next(doc, err)) { if (!err.ok()) { report(err); continue; } scan(doc); }
  virtual bool Next(Document& doc, Status& error) = 0;
  // Bytes consumed so far (for progress and MB/s).
  virtual uint64_t bytes_read() const = 0;
};

// The format `path` implies: .jsonl/.ndjson → JSONL, .csv → CSV (any letter case), else text.
InputFormat FormatForPath(std::string_view path);

// Opens `path` ("-" = stdin). Fails (Status) only if the file cannot be opened, or, for CSV, the
// header row is missing or has no `column`.
Result<std::unique_ptr<DocumentReader>> OpenReader(const std::string& path,
                                                   const ReadOptions& options);
// Reads from a stream the caller owns (tests, fuzzers); the stream must outlive the reader.
// `source` names it in errors and picks the format when `format` is kAuto; `options.format` is
// ignored here.
Result<std::unique_ptr<DocumentReader>> MakeReader(std::istream& in, std::string source,
                                                   InputFormat format, const ReadOptions& options);

}  // namespace frontseat::cli
