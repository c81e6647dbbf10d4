// The SQLite store's journal, DIR/audit.journal: where an event is made durable before the
// request it records is answered, so that the request never waits for SQLite (its page writes,
// WAL restarts and checkpoints; see ../README.md, "The journal"). The writer role chains each
// batch, writes its records here with one pwrite and acknowledges; a mover thread then inserts
// them into audit.db. The journal is written from offset 0 again once everything in it is in
// audit.db, so it stays small (a few MB).
//
// Record (all integers big-endian):
//
//   "FSJ1"  4 bytes
//   u32     length of what follows (64 + the canonical bytes)
//   hash    32 bytes: SHA-256(prev || canonical), as in the chain
//   prev    32 bytes: the hash of the event before (32 zero bytes before seq 1)
//   canonical(seq, event)   exactly canonical.h's bytes
//
// A record needs no checksum of its own: its hash is recomputed from prev and the canonical bytes
// on reading, so a torn or overwritten record fails that check. Reading stops at the first record
// that is not whole and intact or does not continue the one before (seq + 1 and prev equal to the
// previous hash): after a reset, what follows the newest records is an older cycle's. Records are
// read in 1 MiB steps, so a garbage length field cannot make a reader allocate more than the file
// holds; an event is at most 1 GiB (OpenSqlite checks max_event_bytes), well inside the u32.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_store.h"
#include "audit/canonical.h"
#include "audit/stored_row.h"
#include "frontseat/status.h"

namespace frontseat::audit::journal {

inline constexpr std::string_view kFileName = "audit.journal";
inline constexpr std::string_view kMagic = "FSJ1";
inline constexpr size_t kHeaderBytes = 8;  // magic and length

struct Record {
  uint64_t seq = 0;
  Event event;
  Hash prev{}, hash{};
};

// Appends the record of event `seq` chained on `prev` to `out` and returns its hash.
Hash AppendRecord(uint64_t seq, const Hash& prev, const Event& event, std::string& out);

// Parses one whole record (header included). kInvalidArgument names what is wrong: the magic,
// the length, the canonical bytes, or a hash that does not match them.
Result<Record> ParseRecord(std::string_view bytes);

// Reads `n` bytes at `offset` into `buf`: how many were read (fewer only at the end of the file),
// or an I/O error.
using ReadAt = std::function<Result<size_t>(uint64_t offset, char* buf, size_t n)>;

// Calls `on_record` for each record of the intact run at the start of a journal (see above).
// Returns the first error of `read_at` or `on_record`; the end of the run is not an error.
Status ReadRun(const ReadAt& read_at, const std::function<Status(Record&&)>& on_record);

// ReadRun over an open journal (`path` names it in errors).
Status ReadRunFromFd(int fd, const std::string& path,
                     const std::function<Status(Record&&)>& on_record);

// ReadRun over the file at `path`; a missing file is an empty journal.
Status ReadRunFromFile(const std::string& path, const std::function<Status(Record&&)>& on_record);

// For readers (Verify, Query): the intact run of DIR's journal as rows (hashes in hex), to be
// appended after audit.db's rows, skipping seqs audit.db has. Read it BEFORE audit.db's snapshot
// and the two leave no hole: the journal starts again only once all of it is in audit.db, so
// every event acknowledged before this read and missing from the later snapshot is in the run.
Result<std::vector<StoredRow>> ReadRows(const std::string& dir);

}  // namespace frontseat::audit::journal
