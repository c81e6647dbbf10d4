// SseParser: an incremental parser for text/event-stream (the WHATWG HTML "server-sent events"
// format) as OpenAI-compatible servers stream chat completions: "data: {json}\n\n" ... then
// "data: [DONE]\n\n". Bytes arrive in arbitrary pieces; complete events come out.
//
// Lines end in \n, \r\n or \r; "field: value" (one optional space after the colon); lines
// starting with ':' are comments; an empty line ends an event; several data lines are joined
// with \n. Fields other than data and event are ignored (id, retry).
//
// Memory is bounded: an event (or a line) larger than `max_event_bytes` is an error, so a
// garbage upstream that never sends a newline cannot grow the buffer without limit.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "frontseat/status.h"

namespace frontseat::gateway {

struct SseEvent {
  std::string event;  // the event field; empty = "message"
  std::string data;
};

class SseParser {
 public:
  explicit SseParser(size_t max_event_bytes = 1 << 20) : max_event_bytes_(max_event_bytes) {}

  // Feeds bytes; appends every event they complete to `out`. After an error the parser stays
  // failed and every later call returns the same error.
  Status Feed(std::string_view bytes, std::vector<SseEvent>& out);
  // The stream ended: true if no partial event is pending (a last event without its blank line
  // is dropped, as the spec says).
  bool AtEventBoundary() const { return line_.empty() && data_.empty() && !has_data_; }

 private:
  void Line(std::string_view line, std::vector<SseEvent>& out);

  size_t max_event_bytes_;
  std::string line_;
  std::string data_;
  std::string event_;
  bool has_data_ = false;
  bool after_cr_ = false;  // the last byte was \r: a following \n belongs to it
  Status failed_;
};

}  // namespace frontseat::gateway
