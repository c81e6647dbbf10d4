// Internal to the `frontseat scan` input readers (input_readers.h is the API): the refillable
// block buffer the record parsers read from, and the small pieces the readers share (record size
// caps, error prefixes, BOM skipping). The sources over a file descriptor and an istream, and the
// buffer's refill, live in input_readers.cc; the JSONL and CSV parsers in jsonl_reader.cc and
// csv_reader.cc.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "frontseat/status.h"

namespace frontseat::cli::readers {

// Large enough that the per-block overhead (a read call, a virtual call) is noise, small enough
// to sit in L2 while the parsers scan it.
inline constexpr size_t kBlockBytes = 64 << 10;
// Buffers that grew past this for one huge record are released afterwards, so a single 100 MB
// line does not pin 100 MB for the rest of a long file.
inline constexpr size_t kKeepCapacityBytes = 1 << 20;
// Record sizes are compared as `size > max`; keeping max far below 2^64 lets the "one byte of
// slack for a CR" arithmetic in the parsers never overflow. Readers clamp
// ReadOptions::max_record_bytes to this.
inline constexpr uint64_t kMaxRecordBytesCap = uint64_t{1} << 48;

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// A refillable block buffer. Parsers look at the buffered bytes (Peek) and say how many they
// used (Consume), so records are cut out of the block without a copy per byte. A read error ends
// the input where it happened and is kept in error(). Used by one thread at a time.
class ByteSource {
 public:
  explicit ByteSource(std::string source) : source_(std::move(source)) {}
  virtual ~ByteSource() = default;

  // The buffered, unconsumed bytes; refills when fewer than `want` are buffered (want <=
  // kBlockBytes). Shorter than `want` only at the end of the input or after a read error.
  std::string_view Peek(size_t want = 1) {
    if (len_ - pos_ < want && !eof_) Fill(want);
    return {buf_.get() + pos_, len_ - pos_};
  }
  void Consume(size_t n) {
    pos_ += n;
    consumed_ += n;
  }
  uint64_t consumed() const { return consumed_; }
  // Set once a read fails; the input then looks as if it ended there.
  const Status& error() const { return error_; }
  const std::string& source() const { return source_; }
  // The input's total size when known before reading (regular files).
  virtual std::optional<uint64_t> size_hint() const { return std::nullopt; }

 protected:
  // Reads up to `cap` bytes into `out`; 0 means end of input (or error_ was set).
  virtual size_t Read(char* out, size_t cap) = 0;
  Status error_;

 private:
  void Fill(size_t want);  // input_readers.cc

  std::string source_;
  std::unique_ptr<char[]> buf_{new char[kBlockBytes]};
  size_t pos_ = 0;
  size_t len_ = 0;
  bool eof_ = false;
  uint64_t consumed_ = 0;
};

// Consumes a UTF-8 byte order mark at the current position, if there is one.
inline void SkipBom(ByteSource& src) {
  if (src.Peek(kUtf8Bom.size()).starts_with(kUtf8Bom)) src.Consume(kUtf8Bom.size());
}

// The "source:line: " prefix of a record-level error.
inline std::string At(const std::string& source, uint64_t line) {
  return source + ":" + std::to_string(line) + ": ";
}

// The message for a record of `bytes` bytes over the `max` of max_record_bytes.
inline std::string TooLong(uint64_t bytes, uint64_t max) {
  return "record is " + std::to_string(bytes) + " bytes, larger than max_record_bytes (" +
         std::to_string(max) + "); skipped";
}

// Frees `s`'s memory if it grew past kKeepCapacityBytes for one huge record.
inline void ReleaseIfLarge(std::string& s) {
  if (s.capacity() > kKeepCapacityBytes) std::string().swap(s);
}

}  // namespace frontseat::cli::readers
