// StreamGuard: guards a streamed answer piece by piece without letting a span that must be
// redacted or blocked reach the client, even when it arrives split over many chunks.
//
// The last `holdback_bytes` of the output, and any trailing run of non-space bytes (a secret,
// an e-mail address, a key is one such run) up to `max_word_bytes`, are held back. Each new
// piece is scanned together with up to `holdback_bytes` of already-released text before it, so a
// span that crosses a chunk boundary is seen whole. What leaves the window is released:
// redacted where a finding in a redact category covers it; and on a finding in a block
// category nothing more is released (the caller ends the stream with content_filter).
//
// Guarantee: a span no longer than `holdback_bytes` (or a whitespace-free span no longer than
// `max_word_bytes`) is redacted or withheld in full, however the stream is cut into chunks.
//
// Cost: every Push scans about holdback_bytes * 2 + the piece; memory is the whole answer (kept
// for the audit record) plus one byte per byte for redaction marks.
// Thread-safety: one StreamGuard per stream (per choice of a stream with n > 1: see
// chat_route.cc), used by one coroutine at a time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "frontseat/guard.h"

namespace frontseat::gateway {

class StreamGuard {
 public:
  StreamGuard(const Guard& guard, RedactStyle style, size_t holdback_bytes,
              size_t max_word_bytes = 4096);

  struct Step {
    std::string release;   // text to send now (already redacted); may be empty
    bool blocked = false;  // a block finding: send nothing more, end with content_filter
  };

  // Appends a piece of the answer. After a block every call returns {"", true}.
  Step Push(std::string_view piece);
  // The answer ended: scans the tail once more and releases everything left (unless blocked).
  Step Finish();

  // The whole answer as the upstream sent it (never sent on as is; for the redacted audit copy).
  const std::string& text() const { return text_; }
  // The answer as the client received it.
  const std::string& sent() const { return sent_; }
  // Strongest action seen and the findings (deduplicated by span and detector).
  const Decision& decision() const { return decision_; }
  bool blocked() const { return blocked_; }
  // Redaction spans that began in text already released (longer than the hold-back window).
  uint64_t late_spans() const { return late_spans_; }

 private:
  void Scan(bool final);
  std::string Release(size_t upto);

  const Guard& guard_;
  RedactStyle style_;
  size_t holdback_;
  size_t max_word_;
  std::string text_;
  std::string sent_;
  std::vector<uint8_t> marks_;  // per byte of text_: 1 = redact
  std::vector<std::string> placeholder_at_;  // only for kPlaceholder: text at span starts
  size_t released_ = 0;
  size_t hold_floor_ = SIZE_MAX;  // earliest start of a redact finding touching the end
  bool blocked_ = false;
  bool last_marked_ = false;  // the last released byte was redacted (placeholder runs)
  uint64_t late_spans_ = 0;
  Decision decision_;
};

}  // namespace frontseat::gateway
