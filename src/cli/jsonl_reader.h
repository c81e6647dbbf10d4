// Internal to the `frontseat scan` input readers (input_readers.h is the API and describes the
// formats): the JSONL reader, one document per line, the text in one top-level string field.
// OpenReader and MakeReader (input_readers.cc) pick it for .jsonl/.ndjson or when forced.
#pragma once

#include <memory>

#include "cli/byte_source.h"
#include "cli/input_readers.h"

namespace frontseat::cli::readers {

// A reader over `src` that yields the string in field `options.field` of each line's JSON object.
// A UTF-8 BOM at the start of `src` is skipped now. Blank lines are skipped; a line that is not a
// JSON object, lacks the field, has it twice or not as a string, or is longer than
// `options.max_record_bytes` is a ReadError naming its line, and reading goes on with the next
// line. A read error of `src` is reported once and ends the input. Memory: one line plus the
// field's text; the line is parsed without building a DOM.
std::unique_ptr<DocumentReader> MakeJsonlReader(std::unique_ptr<ByteSource> src,
                                                const ReadOptions& options);

}  // namespace frontseat::cli::readers
