// Internal to the `frontseat scan` input readers (input_readers.h is the API and describes the
// formats): the CSV reader, RFC 4180 with a header row naming the columns, one document per row,
// the text in one column. OpenReader and MakeReader (input_readers.cc) pick it for .csv or when
// forced.
#pragma once

#include <memory>

#include "cli/byte_source.h"
#include "cli/input_readers.h"
#include "frontseat/status.h"

namespace frontseat::cli::readers {

// Reads the header row of `src` (after a UTF-8 BOM and blank lines) and returns a reader that
// yields column `options.column` of each following row. Fails if the input cannot be read or has
// no header row, if the header is malformed or longer than 1 MiB (or max_record_bytes, when
// smaller), or if it names `options.column` other than exactly once (the message lists the
// columns). A row with the wrong number of fields, an unterminated quote, a
// character after a closing quote, or more than `options.max_record_bytes` bytes is a ReadError
// naming its line, and reading goes on. Memory: one field of one row.
Result<std::unique_ptr<DocumentReader>> MakeCsvReader(std::unique_ptr<ByteSource> src,
                                                      const ReadOptions& options);

}  // namespace frontseat::cli::readers
