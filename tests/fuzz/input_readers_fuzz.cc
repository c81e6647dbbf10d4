// Fuzz target for the `frontseat scan` input readers: any bytes, read as JSONL, as CSV and as
// plain text, must give documents and record errors, never a crash, a hang or unbounded memory.
// Each format is read twice, with the default record limit and with a tiny one, so the
// skip-an-oversized-record paths run as often as the normal ones.
//
// Invariants checked (abort() on violation): document and error counts stay within what the
// input can hold, line numbers rise, every error names its source, and no document's text is
// longer than the input it came from.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>

#include "cli/input_readers.h"

namespace {

using frontseat::Status;
using frontseat::cli::Document;
using frontseat::cli::InputFormat;
using frontseat::cli::MakeReader;
using frontseat::cli::ReadOptions;

[[noreturn]] void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "input_readers_fuzz: invariant violated: %s (%s)\n", what, detail.c_str());
  std::abort();
}

void Drain(std::string_view bytes, InputFormat format, const char* source, uint64_t max_bytes) {
  std::istringstream in{std::string(bytes)};
  ReadOptions options;
  options.max_record_bytes = max_bytes;
  auto reader = MakeReader(in, source, format, options);
  if (!reader.ok()) {
    if (reader.status().message().rfind(source, 0) != 0) {
      Fail("open error does not name the source", reader.status().message());
    }
    return;
  }
  Document doc;
  Status error;
  uint64_t last_line = 0;
  size_t records = 0;
  while ((*reader)->Next(doc, error)) {
    // Every record, good or bad, consumes at least one input byte, except the one document a
    // plain-text reader returns for empty input.
    if (++records > bytes.size() + 1) Fail("more records than input bytes", source);
    if (!error.ok()) {
      if (error.message().rfind(source, 0) != 0) Fail("error without its source", error.message());
      error = Status::Ok();
      continue;
    }
    if (doc.source != source) Fail("document source", doc.source);
    if (doc.text.size() > bytes.size()) Fail("document longer than the input", source);
    if (doc.text.size() > max_bytes) Fail("document longer than max_record_bytes", source);
    if (format != InputFormat::kText) {
      if (doc.line <= last_line) Fail("line numbers must rise", std::to_string(doc.line));
      last_line = doc.line;
    }
  }
  if ((*reader)->bytes_read() > bytes.size()) Fail("bytes_read past the input", source);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (uint64_t max_bytes : {uint64_t{256} << 20, uint64_t{16}}) {
    Drain(bytes, InputFormat::kJsonl, "fuzz.jsonl", max_bytes);
    Drain(bytes, InputFormat::kCsv, "fuzz.csv", max_bytes);
    Drain(bytes, InputFormat::kText, "fuzz.txt", max_bytes);
  }
  return 0;
}
