// The journal's record format and its reader (see journal.h).
#include "audit/sqlite/journal.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace frontseat::audit::journal {

namespace {

constexpr size_t kHashBytes = 32;
constexpr size_t kBodyFixed = 2 * kHashBytes;  // hash and prev
constexpr size_t kReadStep = size_t{1} << 20;

uint32_t GetU32(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = v << 8 | static_cast<uint8_t>(p[i]);
  return v;
}

}  // namespace

Hash AppendRecord(uint64_t seq, const Hash& prev, const Event& event, std::string& out) {
  size_t start = out.size();
  out.append(kMagic);
  out.append(4 + kHashBytes, '\0');  // length and hash, filled in below
  out.append(reinterpret_cast<const char*>(prev.data()), prev.size());
  AppendCanonical(seq, event, out);
  // prev || canonical is contiguous in the record, so the chain hash needs no copy.
  Hash hash = Sha256(std::string_view(out).substr(start + kHeaderBytes + kHashBytes));
  uint32_t length = static_cast<uint32_t>(out.size() - start - kHeaderBytes);
  for (int i = 0; i < 4; ++i) out[start + 4 + i] = static_cast<char>(length >> (24 - 8 * i));
  std::memcpy(out.data() + start + kHeaderBytes, hash.data(), hash.size());
  return hash;
}

Result<Record> ParseRecord(std::string_view bytes) {
  if (bytes.size() < kHeaderBytes || bytes.substr(0, 4) != kMagic) {
    return Status::Invalid("journal record: does not start with \"FSJ1\" and a length");
  }
  uint32_t length = GetU32(bytes.data() + 4);
  if (length != bytes.size() - kHeaderBytes) {
    return Status::Invalid("journal record: its length field says " + std::to_string(length) +
                           " bytes, but " + std::to_string(bytes.size() - kHeaderBytes) +
                           " follow");
  }
  if (length < kBodyFixed) {
    return Status::Invalid("journal record: " + std::to_string(length) +
                           " bytes is too short for the two hashes");
  }
  std::string_view body = bytes.substr(kHeaderBytes);
  auto parsed = ParseCanonical(body.substr(kBodyFixed));
  if (!parsed.ok()) return Status::Invalid("journal record: " + parsed.status().message());
  Record r;
  r.seq = parsed->first;
  r.event = std::move(parsed->second);
  std::memcpy(r.hash.data(), body.data(), kHashBytes);
  std::memcpy(r.prev.data(), body.data() + kHashBytes, kHashBytes);
  if (Sha256(body.substr(kHashBytes)) != r.hash) {
    return Status::Invalid("journal record: seq " + std::to_string(r.seq) +
                           ": the hash does not match prev and the event (torn or overwritten)");
  }
  return r;
}

Status ReadRun(const ReadAt& read_at, const std::function<Status(Record&&)>& on_record) {
  uint64_t offset = 0;
  std::string buf;
  bool first = true;
  uint64_t last_seq = 0;
  Hash last_hash{};
  for (;;) {
    char header[kHeaderBytes];
    auto got = read_at(offset, header, sizeof header);
    if (!got.ok()) return got.status();
    if (*got < sizeof header || std::string_view(header, 4) != kMagic) return Status::Ok();
    uint64_t size = kHeaderBytes + uint64_t{GetU32(header + 4)};
    // In steps, so that a length field from garbage cannot make us allocate more than the file
    // holds; a file that ends inside the record is a torn write.
    buf.assign(header, sizeof header);
    while (buf.size() < size) {
      size_t at = buf.size();
      size_t step = static_cast<size_t>(std::min<uint64_t>(size - at, kReadStep));
      buf.resize(at + step);
      got = read_at(offset + at, buf.data() + at, step);
      if (!got.ok()) return got.status();
      if (*got < step) return Status::Ok();
    }
    auto record = ParseRecord(buf);
    if (!record.ok()) return Status::Ok();
    if (!first && (record->seq != last_seq + 1 || record->prev != last_hash)) return Status::Ok();
    first = false;
    last_seq = record->seq;
    last_hash = record->hash;
    offset += size;
    if (Status s = on_record(std::move(record).value()); !s.ok()) return s;
  }
}

Status ReadRunFromFd(int fd, const std::string& path,
                     const std::function<Status(Record&&)>& on_record) {
  auto read_at = [&](uint64_t offset, char* buf, size_t n) -> Result<size_t> {
    size_t done = 0;
    while (done < n) {
      ssize_t r = ::pread(fd, buf + done, n - done, static_cast<off_t>(offset + done));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) return Status::Io(path + ": cannot read the journal: " + std::strerror(errno));
      if (r == 0) break;
      done += static_cast<size_t>(r);
    }
    return done;
  };
  return ReadRun(read_at, on_record);
}

Status ReadRunFromFile(const std::string& path, const std::function<Status(Record&&)>& on_record) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::Ok();
    return Status::Io(path + ": cannot open the journal: " + std::strerror(errno));
  }
  Status s = ReadRunFromFd(fd, path, on_record);
  ::close(fd);
  return s;
}

Result<std::vector<StoredRow>> ReadRows(const std::string& dir) {
  std::vector<StoredRow> rows;
  std::string path = (std::filesystem::path(dir) / kFileName).string();
  Status s = ReadRunFromFile(path, [&](Record&& r) {
    rows.push_back(StoredRow{static_cast<int64_t>(r.seq), std::move(r.event), HexHash(r.prev),
                             HexHash(r.hash)});
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return rows;
}

}  // namespace frontseat::audit::journal
