// Input readers for `frontseat scan` (see input_readers.h): the byte sources over a file
// descriptor or an istream, the plain-text reader, and the choice of format. The JSONL and CSV
// record parsers are in jsonl_reader.cc and csv_reader.cc, on the ByteSource of byte_source.h.
// This is the edge where untrusted files enter the program, so every malformed record becomes a
// Status naming its line, and no record, however long or broken, is buffered beyond
// `max_record_bytes`.
#include "cli/input_readers.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <string>
#include <utility>

#include "cli/byte_source.h"
#include "cli/csv_reader.h"
#include "cli/jsonl_reader.h"

namespace frontseat::cli::readers {

void ByteSource::Fill(size_t want) {
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

}  // namespace frontseat::cli::readers

namespace frontseat::cli {
namespace {

using readers::ByteSource;
using readers::kMaxRecordBytesCap;
using readers::SkipBom;

// ---------------------------------------------------------------------------------------------
// Byte sources: an istream the caller owns (MakeReader), or a file descriptor (OpenReader).

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

Result<std::unique_ptr<DocumentReader>> Build(std::unique_ptr<ByteSource> src, InputFormat format,
                                              const ReadOptions& options) {
  const uint64_t max_bytes = std::min(options.max_record_bytes, kMaxRecordBytesCap);
  if (format == InputFormat::kAuto) format = FormatForPath(src->source());
  switch (format) {
    case InputFormat::kJsonl:
      return readers::MakeJsonlReader(std::move(src), options);
    case InputFormat::kCsv:
      return readers::MakeCsvReader(std::move(src), options);
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
