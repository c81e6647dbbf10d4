// The JSONL reader of `frontseat scan` (see jsonl_reader.h): a line splitter over the shared
// byte source, and a SAX handler for Boost.JSON's basic_parser that copies only the wanted field.
// Lines come from untrusted files, so each failure (too long, not JSON, not an object, field
// missing, duplicated or not a string) becomes a Status naming the line, never an exception or an
// unbounded buffer.
#include "cli/jsonl_reader.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>

#include <boost/json/basic_parser_impl.hpp>

namespace frontseat::cli::readers {
namespace {

// Boost.JSON's default of 32 rejects real chat logs (messages → content → parts ...); its parser
// recurses once per level, so the bound also keeps hostile nesting from exhausting the stack.
constexpr size_t kMaxJsonDepth = 256;

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

}  // namespace

std::unique_ptr<DocumentReader> MakeJsonlReader(std::unique_ptr<ByteSource> src,
                                                const ReadOptions& options) {
  return std::make_unique<JsonlReader>(std::move(src), options);
}

}  // namespace frontseat::cli::readers
