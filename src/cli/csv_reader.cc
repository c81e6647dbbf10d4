// The CSV reader of `frontseat scan` (see csv_reader.h): a streaming record parser over the
// shared byte source, and the reader that checks the header row and picks one column.
//
// RFC 4180, with the usual leniencies: LF alone ends a record as well as CRLF; a quote
// inside an unquoted field is kept as data; a bare CR (not before LF) is data. A character after
// a closing quote other than a comma or line end is an error, because the row would otherwise be
// split differently by different tools.
#include "cli/csv_reader.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace frontseat::cli::readers {
namespace {

// A header row is a list of column names; anything longer is not a header we should trust to
// allocate one string per "name" for (1 MiB of commas would be a million strings).
constexpr uint64_t kMaxHeaderBytes = 1 << 20;

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

}  // namespace

Result<std::unique_ptr<DocumentReader>> MakeCsvReader(std::unique_ptr<ByteSource> src,
                                                      const ReadOptions& options) {
  const uint64_t max_bytes = std::min(options.max_record_bytes, kMaxRecordBytesCap);
  auto reader = std::make_unique<CsvReader>(std::move(src), max_bytes);
  if (Status s = reader->Init(options.column); !s.ok()) return s;
  return std::unique_ptr<DocumentReader>(std::move(reader));
}

}  // namespace frontseat::cli::readers
