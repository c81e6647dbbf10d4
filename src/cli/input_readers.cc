// Input readers for `frontseat scan` (see input_readers.h): a block source over a file
// descriptor or an istream, and the three record parsers on top of it. This is the edge where
// untrusted files enter the program, so every malformed record becomes a Status naming its line,
// and no record, however long or broken, is buffered beyond `max_record_bytes`.
#include "cli/input_readers.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

#include <boost/json/basic_parser_impl.hpp>

namespace frontseat::cli {
namespace {

// Large enough that the per-block overhead (a read call, a virtual call) is noise, small enough
// to sit in L2 while the parsers scan it.
constexpr size_t kBlockBytes = 64 << 10;
// A header row is a list of column names; anything longer is not a header we should trust to
// allocate one string per "name" for (1 MiB of commas would be a million strings).
constexpr uint64_t kMaxHeaderBytes = 1 << 20;
// Buffers that grew past this for one huge record are released afterwards, so a single 100 MB
// line does not pin 100 MB for the rest of a long file.
constexpr size_t kKeepCapacityBytes = 1 << 20;
// Boost.JSON's default of 32 rejects real chat logs (messages → content → parts ...); its parser
// recurses once per level, so the bound also keeps hostile nesting from exhausting the stack.
constexpr size_t kMaxJsonDepth = 256;
// Record sizes are compared as `size > max`; keeping max far below 2^64 lets the "one byte of
// slack for a CR" arithmetic below never overflow.
constexpr uint64_t kMaxRecordBytesCap = uint64_t{1} << 48;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

std::string At(const std::string& source, uint64_t line) {
  return source + ":" + std::to_string(line) + ": ";
}

std::string TooLong(uint64_t bytes, uint64_t max) {
  return "record is " + std::to_string(bytes) + " bytes, larger than max_record_bytes (" +
         std::to_string(max) + "); skipped";
}

void ReleaseIfLarge(std::string& s) {
  if (s.capacity() > kKeepCapacityBytes) std::string().swap(s);
}

// ---------------------------------------------------------------------------------------------
// Byte sources: a refillable block buffer. Parsers look at the buffered bytes (Peek) and say how
// many they used (Consume), so records are cut out of the block without a copy per byte.

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
  void Fill(size_t want) {
    if (pos_ > 0) {
      std::memmove(buf_.get(), buf_.get() + pos_, len_ - pos_);
      len_ -= pos_;
      pos_ = 0;
    }
    // Pipes and terminals return short reads; loop until `want` bytes are here or input ends.
    while (len_ < want) {
      size_t got = Read(buf_.get() + len_, kBlockBytes - len_);
      if (got == 0) {
        eof_ = true;
        return;
      }
      len_ += got;
    }
  }

  std::string source_;
  std::unique_ptr<char[]> buf_{new char[kBlockBytes]};
  size_t pos_ = 0;
  size_t len_ = 0;
  bool eof_ = false;
  uint64_t consumed_ = 0;
};

class IstreamSource final : public ByteSource {
 public:
  IstreamSource(std::istream& in, std::string source) : ByteSource(std::move(source)), in_(in) {}

 protected:
  size_t Read(char* out, size_t cap) override {
    in_.read(out, static_cast<std::streamsize>(cap));
    size_t got = static_cast<size_t>(in_.gcount());
    if (in_.bad() && error_.ok()) {
      error_ = Status::Io(source() + ": read failed after " + std::to_string(consumed() + got) +
                          " bytes");
    }
    return error_.ok() ? got : 0;
  }

 private:
  std::istream& in_;
};

// Files and stdin go through read(2) rather than iostreams: a short read on a pipe returns what
// is there, so `producer | frontseat scan -` scans records as they arrive instead of waiting for
// a full block, and errno gives the operator a real reason when a read fails.
class FdSource final : public ByteSource {
 public:
  FdSource(int fd, bool owned, std::string source, std::optional<uint64_t> size)
      : ByteSource(std::move(source)), fd_(fd), owned_(owned), size_(size) {}
  ~FdSource() override {
    if (owned_) ::close(fd_);
  }
  std::optional<uint64_t> size_hint() const override { return size_; }

 protected:
  size_t Read(char* out, size_t cap) override {
    if (!error_.ok()) return 0;
    for (;;) {
      ssize_t got = ::read(fd_, out, cap);
      if (got >= 0) return static_cast<size_t>(got);
      if (errno == EINTR) continue;
      error_ = Status::Io(source() + ": read failed after " + std::to_string(consumed()) +
                          " bytes: " + std::strerror(errno));
      return 0;
    }
  }

 private:
  int fd_;
  bool owned_;
  std::optional<uint64_t> size_;
};

void SkipBom(ByteSource& src) {
  if (src.Peek(kUtf8Bom.size()).starts_with(kUtf8Bom)) src.Consume(kUtf8Bom.size());
}

// ---------------------------------------------------------------------------------------------
// Plain text: the whole input is one document.

class TextReader final : public DocumentReader {
 public:
  TextReader(std::unique_ptr<ByteSource> src, uint64_t max_bytes)
      : src_(std::move(src)), max_bytes_(max_bytes) {}

  bool Next(Document& doc, Status& error) override {
    if (done_) return false;
    done_ = true;
    error = Status::Ok();
    SkipBom(*src_);
    const std::string& name = src_->source();
    const uint64_t skipped = src_->consumed();
    // A regular file is refused before reading a byte; a pipe is refused once it overflows.
    if (auto size = src_->size_hint(); size && *size >= skipped && *size - skipped > max_bytes_) {
      error = Status::Invalid(name + ": file is " + std::to_string(*size - skipped) +
                              " bytes, larger than max_record_bytes (" +
                              std::to_string(max_bytes_) + "); skipped");
      return true;
    }
    doc.source = name;
    doc.line = 0;
    doc.text.clear();
    if (auto size = src_->size_hint(); size && *size > skipped) doc.text.reserve(*size - skipped);
    for (;;) {
      std::string_view block = src_->Peek();
      if (block.empty()) break;
      if (doc.text.size() + block.size() > max_bytes_) {
        std::string().swap(doc.text);
        error = Status::Invalid(name + ": input is larger than max_record_bytes (" +
                                std::to_string(max_bytes_) + " bytes); skipped");
        return true;
      }
      doc.text.append(block);
      src_->Consume(block.size());
    }
    if (!src_->error().ok()) error = src_->error();
    return true;
  }
  uint64_t bytes_read() const override { return src_->consumed(); }

 private:
  std::unique_ptr<ByteSource> src_;
  uint64_t max_bytes_;
  bool done_ = false;
};

// ---------------------------------------------------------------------------------------------
// JSONL

// Reads one line into `out` without its terminator ("\n" or "\r\n"). Returns false at the end of
// the input. A line longer than `max_bytes` is consumed to its end but not stored: `out` is left
// empty, `too_long` is set and `length` says how long it was.
struct LineInfo {
  uint64_t length = 0;
  bool too_long = false;
};

bool ReadLine(ByteSource& src, uint64_t max_bytes, std::string& out, LineInfo& info) {
  ReleaseIfLarge(out);
  out.clear();
  info = {};
  bool any = false;
  char last = 0;
  for (;;) {
    std::string_view block = src.Peek();
    if (block.empty()) break;
    any = true;
    const void* nl = std::memchr(block.data(), '\n', block.size());
    size_t n = nl ? static_cast<size_t>(static_cast<const char*>(nl) - block.data()) : block.size();
    if (n > 0) last = block[n - 1];
    info.length += n;
    if (!info.too_long) {
      // One byte of slack: a line of exactly max_bytes may still carry the CR of a CRLF.
      if (info.length > max_bytes + 1) {
        info.too_long = true;
        std::string().swap(out);
      } else {
        out.append(block.data(), n);
      }
    }
    src.Consume(nl ? n + 1 : n);
    if (nl) break;
  }
  if (last == '\r' && info.length > 0) {
    --info.length;
    if (!info.too_long) out.pop_back();
  }
  if (info.length > max_bytes && !info.too_long) {
    info.too_long = true;
    std::string().swap(out);
  }
  return any;
}

enum class JsonKind { kNone, kObject, kArray, kString, kNumber, kBool, kNull };

std::string_view KindPhrase(JsonKind kind) {
  switch (kind) {
    case JsonKind::kObject:
      return "an object";
    case JsonKind::kArray:
      return "an array";
    case JsonKind::kString:
      return "a string";
    case JsonKind::kNumber:
      return "a number";
    case JsonKind::kBool:
      return "a boolean";
    case JsonKind::kNull:
      return "null";
    case JsonKind::kNone:
      break;
  }
  return "nothing";
}

// SAX handler for boost::json::basic_parser that keeps only what the reader needs: the kind of
// the top-level value, and the kind, count and (for a string) text of the top-level member named
// `field`. Skipping the DOM means a 100 MB line costs one copy of the field, not a tree of it,
// and lets us see a duplicated key, which a DOM silently collapses to its last copy: a
// `{"text": "<attack>", "text": "hello"}` line must not be scanned as "hello" when the model
// behind the gateway might read the first copy.
class FieldHandler {
 public:
  static constexpr size_t max_array_size = static_cast<size_t>(-1);
  static constexpr size_t max_object_size = static_cast<size_t>(-1);
  static constexpr size_t max_string_size = static_cast<size_t>(-1);
  static constexpr size_t max_key_size = static_cast<size_t>(-1);

  explicit FieldHandler(std::string field) : field_(std::move(field)) {}

  void Start(std::string* text) {
    text_ = text;
    top_ = found_ = JsonKind::kNone;
    found_count_ = 0;
    depth_ = 0;
    key_.clear();
    pending_ = in_string_ = capturing_ = false;
  }
  JsonKind top() const { return top_; }
  JsonKind found() const { return found_; }
  int found_count() const { return found_count_; }
  const std::string& field() const { return field_; }

  using JsonError = boost::json::error_code;
  using JsonView = boost::json::string_view;
  bool on_document_begin(JsonError&) { return true; }
  bool on_document_end(JsonError&) { return true; }
  bool on_array_begin(JsonError&) {
    Value(JsonKind::kArray);
    ++depth_;
    return true;
  }
  bool on_array_end(size_t, JsonError&) {
    --depth_;
    return true;
  }
  bool on_object_begin(JsonError&) {
    Value(JsonKind::kObject);
    ++depth_;
    return true;
  }
  bool on_object_end(size_t, JsonError&) {
    --depth_;
    return true;
  }
  bool on_string_part(JsonView s, size_t, JsonError&) {
    if (!in_string_) StartString();
    if (capturing_) text_->append(s.data(), s.size());
    return true;
  }
  bool on_string(JsonView s, size_t, JsonError&) {
    if (!in_string_) StartString();
    if (capturing_) text_->append(s.data(), s.size());
    in_string_ = capturing_ = false;
    return true;
  }
  bool on_key_part(JsonView s, size_t, JsonError&) {
    if (depth_ == 1) AppendKey(s);
    return true;
  }
  bool on_key(JsonView s, size_t, JsonError&) {
    if (depth_ == 1) {
      AppendKey(s);
      pending_ = key_ == field_;
      key_.clear();
    }
    return true;
  }
  bool on_number_part(JsonView, JsonError&) { return true; }
  bool on_int64(int64_t, JsonView, JsonError&) { return Value(JsonKind::kNumber); }
  bool on_uint64(uint64_t, JsonView, JsonError&) { return Value(JsonKind::kNumber); }
  bool on_double(double, JsonView, JsonError&) { return Value(JsonKind::kNumber); }
  bool on_bool(bool, JsonError&) { return Value(JsonKind::kBool); }
  bool on_null(JsonError&) { return Value(JsonKind::kNull); }
  bool on_comment_part(JsonView, JsonError&) { return true; }
  bool on_comment(JsonView, JsonError&) { return true; }

 private:
  // A value starts at the current depth: the document itself, or a member of the top object.
  bool Value(JsonKind kind) {
    if (depth_ == 0) {
      top_ = kind;
    } else if (depth_ == 1 && pending_) {
      pending_ = false;
      found_ = kind;
      ++found_count_;
    }
    return true;
  }
  void StartString() {
    in_string_ = true;
    capturing_ = depth_ == 1 && pending_;
    Value(JsonKind::kString);
    if (capturing_) text_->clear();
  }
  // Keys longer than the field cannot match; keep one byte more than the field so they differ.
  void AppendKey(JsonView s) {
    if (key_.size() <= field_.size()) {
      key_.append(s.data(), std::min(s.size(), field_.size() + 1 - key_.size()));
    }
  }

  std::string field_;
  std::string* text_ = nullptr;
  JsonKind top_ = JsonKind::kNone;
  JsonKind found_ = JsonKind::kNone;
  int found_count_ = 0;
  size_t depth_ = 0;
  std::string key_;
  bool pending_ = false;    // the last depth-1 key was `field`; its value comes next
  bool in_string_ = false;  // between the first part of a string and its end
  bool capturing_ = false;  // the string being parsed is the field's value
};

boost::json::parse_options JsonOptions() {
  boost::json::parse_options options;
  options.max_depth = kMaxJsonDepth;
  // Invalid UTF-8 inside a string is passed through to the engine, which reports it as an
  // `invalid_utf8` finding: a reader that rejected the line would hide the evidence.
  options.allow_invalid_utf8 = true;
  return options;
}

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

class JsonlReader final : public DocumentReader {
 public:
  JsonlReader(std::unique_ptr<ByteSource> src, const ReadOptions& options)
      : src_(std::move(src)),
        max_bytes_(std::min(options.max_record_bytes, kMaxRecordBytesCap)),
        parser_(JsonOptions(), options.field) {
    SkipBom(*src_);
  }

  bool Next(Document& doc, Status& error) override {
    error = Status::Ok();
    for (;;) {
      if (io_reported_) return false;
      LineInfo info;
      bool got = ReadLine(*src_, max_bytes_, line_, info);
      if (!src_->error().ok()) {
        // The line may be cut short by the failure; report the failure, not a bogus record.
        io_reported_ = true;
        error = src_->error();
        return true;
      }
      if (!got) return false;
      ++line_no_;
      const std::string& name = src_->source();
      if (info.too_long) {
        error = Status::Invalid(At(name, line_no_) + TooLong(info.length, max_bytes_));
        return true;
      }
      if (IsBlank(line_)) continue;
      std::string problem = Parse(doc.text);
      if (!problem.empty()) {
        ReleaseIfLarge(doc.text);
        error = Status::Invalid(At(name, line_no_) + problem);
        return true;
      }
      doc.source = name;
      doc.line = line_no_;
      return true;
    }
  }
  uint64_t bytes_read() const override { return src_->consumed(); }

 private:
  // Parses line_ and puts the field's text into `text`; returns what is wrong, or "".
  std::string Parse(std::string& text) {
    parser_.reset();
    FieldHandler& h = parser_.handler();
    h.Start(&text);
    boost::json::error_code ec;
    size_t used = parser_.write_some(false, line_.data(), line_.size(), ec);
    if (ec) {
      // `used` is the 0-based offset of the byte the parser stopped at; operators count from 1.
      if (ec == boost::json::error::incomplete) {
        return "invalid JSON: the line ends before the value does (incomplete JSON)";
      }
      return "invalid JSON: " + ec.message() + " at byte " + std::to_string(used + 1);
    }
    if (used < line_.size()) {
      return "invalid JSON: extra data after the value at byte " + std::to_string(used + 1);
    }
    if (h.top() != JsonKind::kObject) {
      return "expected a JSON object, got " + std::string(KindPhrase(h.top()));
    }
    const std::string quoted = "field \"" + h.field() + "\"";
    if (h.found_count() == 0) return quoted + " is missing";
    if (h.found_count() > 1) {
      return quoted + " appears " + std::to_string(h.found_count()) +
             " times; expected once (readers disagree on which copy counts)";
    }
    if (h.found() != JsonKind::kString) {
      return quoted + " is " + std::string(KindPhrase(h.found())) + ", expected a string";
    }
    return "";
  }

  std::unique_ptr<ByteSource> src_;
  uint64_t max_bytes_;
  boost::json::basic_parser<FieldHandler> parser_;
  std::string line_;
  uint64_t line_no_ = 0;
  bool io_reported_ = false;
};

// ---------------------------------------------------------------------------------------------
// CSV, per RFC 4180, with the usual leniencies: LF alone ends a record as well as CRLF; a quote
// inside an unquoted field is kept as data; a bare CR (not before LF) is data. A character after
// a closing quote other than a comma or line end is an error, because the row would otherwise be
// split differently by different tools.

struct CsvRecord {
  uint64_t line = 0;   // where the record starts
  uint64_t bytes = 0;  // raw bytes, line terminator excluded
  size_t fields = 0;
  size_t stray_field = 0;     // 1-based field with data after its closing quote; 0 if none
  bool blank = false;         // an empty line
  bool unterminated = false;  // a quoted field still open at the end of the input
  bool too_long = false;
};

class CsvParser {
 public:
  explicit CsvParser(ByteSource& src) : src_(src) {}

  // Reads the next record. With `all`, every field is stored there (the header); otherwise only
  // field `keep` (0-based) is stored, in `kept`, so a row's memory is that one field. Returns
  // false at the end of the input.
  bool Read(uint64_t max_bytes, std::vector<std::string>* all, size_t keep, std::string* kept,
            CsvRecord& rec);

 private:
  ByteSource& src_;
  uint64_t line_ = 1;  // line of the next unread byte
};

bool CsvParser::Read(uint64_t max_bytes, std::vector<std::string>* all, size_t keep,
                     std::string* kept, CsvRecord& rec) {
  enum class State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };
  rec = CsvRecord{};
  rec.line = line_;
  if (all) {
    all->clear();
    all->emplace_back();
  }
  if (kept) {
    ReleaseIfLarge(*kept);
    kept->clear();
  }
  const uint64_t start = src_.consumed();
  State state = State::kFieldStart;
  size_t field = 0;
  // A CR outside quotes is the start of a CRLF, or data if no LF follows; `cr_after_quote` says
  // it came straight after a closing quote, where data would be a stray character.
  bool pending_cr = false;
  bool cr_after_quote = false;

  auto target = [&]() -> std::string* {
    if (rec.too_long) return nullptr;
    if (all) return &all->back();
    return field == keep ? kept : nullptr;
  };
  std::string* out = target();
  auto append = [&](const char* p, size_t n) {
    if (out) out->append(p, n);
  };
  auto drop = [&] {
    rec.too_long = true;
    out = nullptr;
    if (all) std::vector<std::string>().swap(*all);
    if (kept) std::string().swap(*kept);
  };
  auto end_field = [&] {
    ++field;
    if (all && !rec.too_long) all->emplace_back();
    out = target();
    state = State::kFieldStart;
  };
  auto stray = [&] {
    if (rec.stray_field == 0) rec.stray_field = field + 1;
  };
  // `end` is the absolute offset where the record's bytes stop (before CRLF / LF).
  auto finish = [&](uint64_t end) {
    rec.bytes = end - start;
    rec.fields = field + 1;
    rec.blank = field == 0 && state == State::kFieldStart;
    if (rec.bytes > max_bytes && !rec.too_long) drop();
  };

  for (;;) {
    std::string_view block = src_.Peek();
    if (block.empty()) {
      if (src_.consumed() == start) return false;
      if (state == State::kQuoted) rec.unterminated = true;
      finish(src_.consumed() - (pending_cr ? 1 : 0));
      return true;
    }
    const uint64_t base = src_.consumed();
    const size_t n = block.size();
    size_t i = 0;
    // Handles a delimiter outside quotes; true when it ended the record (LF consumed).
    auto delimiter = [&](char c) {
      if (c == ',') {
        end_field();
      } else if (c == '\n') {  // a CR before it was handled as pending_cr, before this call
        ++line_;
        src_.Consume(i);
        finish(base + i - 1);
        return true;
      } else {
        pending_cr = true;
      }
      return false;
    };
    while (i < n) {
      char c = block[i];
      if (pending_cr) {
        if (c == '\n') {
          ++i;
          ++line_;
          src_.Consume(i);
          // The CR sits just before this LF, possibly at the end of the previous block.
          finish(base + i - 2);
          return true;
        }
        pending_cr = false;
        if (cr_after_quote) stray();
        cr_after_quote = false;
        state = State::kUnquoted;
        append("\r", 1);
      }
      switch (state) {
        case State::kFieldStart:
          if (c == '"') {
            state = State::kQuoted;
            ++i;
          } else if (c == ',' || c == '\n' || c == '\r') {
            ++i;
            if (delimiter(c)) return true;
          } else {
            state = State::kUnquoted;
          }
          break;
        case State::kUnquoted: {
          size_t j = i;
          while (j < n && block[j] != ',' && block[j] != '\n' && block[j] != '\r') ++j;
          append(block.data() + i, j - i);
          i = j;
          if (i < n) {
            ++i;
            if (delimiter(block[i - 1])) return true;
          }
          break;
        }
        case State::kQuoted: {
          const void* q = std::memchr(block.data() + i, '"', n - i);
          size_t j = q ? static_cast<size_t>(static_cast<const char*>(q) - block.data()) : n;
          line_ += static_cast<uint64_t>(std::count(block.begin() + i, block.begin() + j, '\n'));
          append(block.data() + i, j - i);
          i = j;
          if (q) {
            ++i;
            state = State::kQuoteInQuoted;
          }
          break;
        }
        case State::kQuoteInQuoted:
          if (c == '"') {  // "" inside quotes is one literal quote
            append("\"", 1);
            state = State::kQuoted;
            ++i;
          } else if (c == ',' || c == '\n') {
            ++i;
            if (delimiter(c)) return true;
          } else if (c == '\r') {
            ++i;
            pending_cr = true;
            cr_after_quote = true;
          } else {
            stray();
            state = State::kUnquoted;  // the character is kept as data, read again there
          }
          break;
      }
    }
    src_.Consume(n);
    // Stop storing as soon as the record is surely too long; +1 leaves room for a CR.
    if (!rec.too_long && src_.consumed() - start > max_bytes + 1) drop();
  }
}

std::string ListColumns(const std::vector<std::string>& names) {
  // Enough to spot a typo; a header of thousands of columns is not printed whole.
  constexpr size_t kMaxListed = 20;
  constexpr size_t kMaxNameBytes = 40;
  std::string list;
  for (size_t i = 0; i < names.size() && i < kMaxListed; ++i) {
    if (i > 0) list += ", ";
    std::string_view name = names[i];
    list += '"';
    list += name.substr(0, kMaxNameBytes);
    if (name.size() > kMaxNameBytes) list += "...";
    list += '"';
  }
  if (names.size() > kMaxListed) {
    list += ", ... (" + std::to_string(names.size() - kMaxListed) + " more)";
  }
  return list;
}

class CsvReader final : public DocumentReader {
 public:
  CsvReader(std::unique_ptr<ByteSource> src, uint64_t max_bytes)
      : src_(std::move(src)), parser_(*src_), max_bytes_(max_bytes) {}

  // Reads the header row and finds `column`; the error is the reader's failure to open.
  Status Init(const std::string& column) {
    SkipBom(*src_);
    const std::string& name = src_->source();
    std::vector<std::string> header;
    CsvRecord rec;
    do {
      if (!parser_.Read(std::min(max_bytes_, kMaxHeaderBytes), &header, 0, nullptr, rec)) {
        if (!src_->error().ok()) return src_->error();
        return Status::Invalid(name + ": no header row; expected a first row naming the columns");
      }
    } while (rec.blank);
    if (!src_->error().ok()) return src_->error();
    const std::string where = At(name, rec.line) + "header row: ";
    if (rec.unterminated) {
      return Status::Invalid(where + "unterminated quoted field; the input ends inside it");
    }
    if (rec.too_long) {
      return Status::Invalid(where + "longer than " +
                             std::to_string(std::min(max_bytes_, kMaxHeaderBytes)) + " bytes");
    }
    if (rec.stray_field) {
      return Status::Invalid(where + "field " + std::to_string(rec.stray_field) +
                             ": unexpected character after the closing quote");
    }
    std::vector<size_t> matches;
    for (size_t i = 0; i < header.size(); ++i) {
      if (header[i] == column) matches.push_back(i);
    }
    if (matches.empty()) {
      return Status::Invalid(where + "no column \"" + column +
                             "\" (columns: " + ListColumns(header) + ")");
    }
    if (matches.size() > 1) {
      return Status::Invalid(where + "column \"" + column + "\" appears " +
                             std::to_string(matches.size()) + " times (columns " +
                             std::to_string(matches[0] + 1) + " and " +
                             std::to_string(matches[1] + 1) + "); expected once");
    }
    column_index_ = matches[0];
    column_count_ = header.size();
    return Status::Ok();
  }

  bool Next(Document& doc, Status& error) override {
    error = Status::Ok();
    for (;;) {
      if (io_reported_) return false;
      CsvRecord rec;
      bool got = parser_.Read(max_bytes_, nullptr, column_index_, &doc.text, rec);
      if (!src_->error().ok()) {
        io_reported_ = true;
        error = src_->error();
        return true;
      }
      if (!got) return false;
      if (rec.blank) continue;
      const std::string where = At(src_->source(), rec.line);
      if (rec.unterminated) {
        error = Status::Invalid(where + "unterminated quoted field; the input ends inside it");
      } else if (rec.too_long) {
        error = Status::Invalid(where + TooLong(rec.bytes, max_bytes_));
      } else if (rec.fields != column_count_) {
        error = Status::Invalid(where + "row has " + std::to_string(rec.fields) +
                                " fields, the header has " + std::to_string(column_count_));
      } else if (rec.stray_field) {
        error = Status::Invalid(where + "field " + std::to_string(rec.stray_field) +
                                ": unexpected character after the closing quote (a quote inside "
                                "a quoted field is written \"\")");
      }
      if (!error.ok()) return true;
      doc.source = src_->source();
      doc.line = rec.line;
      return true;
    }
  }
  uint64_t bytes_read() const override { return src_->consumed(); }

 private:
  std::unique_ptr<ByteSource> src_;
  CsvParser parser_;
  uint64_t max_bytes_;
  size_t column_index_ = 0;
  size_t column_count_ = 0;
  bool io_reported_ = false;
};

Result<std::unique_ptr<DocumentReader>> Build(std::unique_ptr<ByteSource> src, InputFormat format,
                                              const ReadOptions& options) {
  const uint64_t max_bytes = std::min(options.max_record_bytes, kMaxRecordBytesCap);
  if (format == InputFormat::kAuto) format = FormatForPath(src->source());
  switch (format) {
    case InputFormat::kJsonl:
      return std::unique_ptr<DocumentReader>(new JsonlReader(std::move(src), options));
    case InputFormat::kCsv: {
      auto reader = std::make_unique<CsvReader>(std::move(src), max_bytes);
      if (Status s = reader->Init(options.column); !s.ok()) return s;
      return std::unique_ptr<DocumentReader>(std::move(reader));
    }
    case InputFormat::kAuto:
    case InputFormat::kText:
      break;
  }
  return std::unique_ptr<DocumentReader>(new TextReader(std::move(src), max_bytes));
}

}  // namespace

InputFormat FormatForPath(std::string_view path) {
  auto ends_with = [&](std::string_view ext) {
    if (path.size() < ext.size()) return false;
    std::string_view tail = path.substr(path.size() - ext.size());
    return std::equal(tail.begin(), tail.end(), ext.begin(), [](char a, char b) {
      return (a >= 'A' && a <= 'Z' ? static_cast<char>(a - 'A' + 'a') : a) == b;
    });
  };
  if (ends_with(".jsonl") || ends_with(".ndjson")) return InputFormat::kJsonl;
  if (ends_with(".csv")) return InputFormat::kCsv;
  return InputFormat::kText;
}

Result<std::unique_ptr<DocumentReader>> OpenReader(const std::string& path,
                                                   const ReadOptions& options) {
  InputFormat format = options.format;
  if (path == "-") {
    if (format == InputFormat::kAuto) format = InputFormat::kText;
    struct stat st {};
    std::optional<uint64_t> size;
    // A regular file redirected to stdin has a size only from the current offset on.
    if (::fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode)) {
      off_t pos = ::lseek(STDIN_FILENO, 0, SEEK_CUR);
      if (pos >= 0 && pos <= st.st_size) size = static_cast<uint64_t>(st.st_size - pos);
    }
    return Build(std::make_unique<FdSource>(STDIN_FILENO, false, "-", size), format, options);
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    std::string message = "cannot open " + path + ": " + std::strerror(err);
    return err == ENOENT ? Status::NotFound(message) : Status::Io(message);
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return Status::Io("cannot stat " + path + ": " + std::strerror(err));
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status::Invalid(path + ": is a directory, expected a file");
  }
  std::optional<uint64_t> size;
  if (S_ISREG(st.st_mode)) size = static_cast<uint64_t>(st.st_size);
  if (format == InputFormat::kAuto) format = FormatForPath(path);
  return Build(std::make_unique<FdSource>(fd, true, path, size), format, options);
}

Result<std::unique_ptr<DocumentReader>> MakeReader(std::istream& in, std::string source,
                                                   InputFormat format, const ReadOptions& options) {
  return Build(std::make_unique<IstreamSource>(in, std::move(source)), format, options);
}

}  // namespace frontseat::cli
