// Fuzz target for the SQLite audit store's journal reader (audit::journal::ReadRun, which the
// store runs on DIR/audit.journal at every open and Verify and Query run before reading
// audit.db) and for audit::ParseCanonical. Input: the bytes of a journal file.
//
// Invariants checked (abort() on violation): every record ReadRun returns re-encodes with
// journal::AppendRecord to exactly the bytes it was read from, at the offset after the previous
// one (starting at 0); after the first, each has seq one more than the one before and its hash as
// prev; ParseCanonical of the whole input, when it succeeds, re-encodes to the input.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "audit/canonical.h"
#include "audit/sqlite/journal.h"

namespace {

namespace audit = frontseat::audit;
namespace journal = frontseat::audit::journal;

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "audit_journal_fuzz: invariant violated: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto read_at = [&](uint64_t offset, char* buf, size_t n) -> frontseat::Result<size_t> {
    if (offset >= bytes.size()) return size_t{0};
    size_t k = std::min<size_t>(n, bytes.size() - static_cast<size_t>(offset));
    std::memcpy(buf, bytes.data() + offset, k);
    return k;
  };
  size_t offset = 0;
  bool first = true;
  uint64_t last_seq = 0;
  audit::Hash last_hash{};
  frontseat::Status s = journal::ReadRun(read_at, [&](journal::Record&& r) {
    std::string again;
    audit::Hash hash = journal::AppendRecord(r.seq, r.prev, r.event, again);
    if (hash != r.hash) Fail("a record's hash is not the hash of its prev and event");
    if (bytes.substr(offset, again.size()) != again) Fail("a record does not re-encode exactly");
    if (!first && (r.seq != last_seq + 1 || r.prev != last_hash)) Fail("the run is not a chain");
    first = false;
    last_seq = r.seq;
    last_hash = r.hash;
    offset += again.size();
    return frontseat::Status::Ok();
  });
  if (!s.ok()) Fail("ReadRun failed on a reader that cannot fail");

  auto parsed = audit::ParseCanonical(bytes);
  if (parsed.ok() && audit::CanonicalBytes(parsed->first, parsed->second) != bytes) {
    Fail("ParseCanonical accepted bytes that do not re-encode");
  }
  if (!parsed.ok() && parsed.status().message().empty()) Fail("an error without a message");
  return 0;
}
